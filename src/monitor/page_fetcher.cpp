#include "monitor/page_fetcher.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>

#include "monitor/resolver.hpp"

namespace ungcuu::monitor {

namespace {

struct Transfer {
    const FetcherOptions* options = nullptr;
    app::FetchedPage page;
    bool too_large = false;
    bool refused_address = false;
    std::string address;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    if (t->page.body.size() + n > t->options->max_body) {
        t->too_large = true;
        return 0;  // stops the transfer
    }
    t->page.body.append(data, n);
    return n;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    if (t->page.headers.size() + n > (64U << 10)) {
        t->too_large = true;
        return 0;
    }
    const std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
        t->page.headers.clear();  // the headers of the last response after redirects
    }
    t->page.headers.append(line);
    return n;
}

int OnConnect(void* user, char* address, char* /*local*/, int /*remote*/, int /*local_port*/) {
    auto* t = static_cast<Transfer*>(user);
    if (!t->options->allow_machine_addresses && IsMachineAddress(address)) {
        t->refused_address = true;
        t->address = address;
        return CURL_PREREQFUNC_ABORT;
    }
    return CURL_PREREQFUNC_OK;
}

core::Error Unreadable(const std::string& vi, const std::string& en) {
    return core::Unavailable("Không đọc được trang: " + vi, "The page could not be read: " + en);
}

}  // namespace

core::Result<app::FetchedPage> CurlPageFetcher::Fetch(std::string_view url) {
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
        return core::InvalidArgument("Chỉ thu thập được trang http:// hoặc https://.",
                                     "Only http:// and https:// pages can be captured.");
    }
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), &curl_easy_cleanup);
    if (!easy) {
        return core::Internal("curl_easy_init failed");
    }
    Transfer t;
    t.options = &options_;
    const std::string target(url);
    char error[CURL_ERROR_SIZE] = {};
    CURL* e = easy.get();
    curl_easy_setopt(e, CURLOPT_URL, target.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &OnBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    if (!options_.ca_file.empty()) {
        curl_easy_setopt(e, CURLOPT_CAINFO, options_.ca_file.c_str());
    }
    // Harmful content is often on sites with bad certificates: read it all the same (the
    // capture is evidence of what is served, not trust in it).
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &OnConnect);
    curl_easy_setopt(e, CURLOPT_PREREQDATA, &t);
    const CURLcode rc = curl_easy_perform(e);
    if (t.refused_address) {
        return Unreadable(
            fmt::format("địa chỉ {} là của chính máy chủ hoặc mạng nội bộ liên kết", t.address),
            fmt::format("{} is an address of the server itself or link-local", t.address));
    }
    if (t.too_large) {
        return Unreadable(fmt::format("trang lớn hơn {} MiB", options_.max_body >> 20),
                          fmt::format("the page is larger than {} MiB", options_.max_body >> 20));
    }
    if (rc != CURLE_OK) {
        const std::string why = error[0] != '\0' ? error : curl_easy_strerror(rc);
        switch (rc) {
            case CURLE_COULDNT_RESOLVE_HOST:
                return Unreadable("không tìm thấy tên miền (" + why + ")", why);
            case CURLE_COULDNT_CONNECT:
                return Unreadable("máy chủ không nhận kết nối (" + why + ")", why);
            case CURLE_OPERATION_TIMEDOUT:
                return Unreadable("máy chủ không trả lời kịp (" + why + ")", why);
            default:
                return Unreadable(why, why);
        }
    }
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &t.page.status);
    char* effective = nullptr;
    curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &effective);
    t.page.url = effective != nullptr ? effective : target;
    return std::move(t.page);
}

}  // namespace ungcuu::monitor
