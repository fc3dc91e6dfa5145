#include "federation/peer_transport.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>

namespace ungcuu::federation {

namespace {

constexpr std::size_t kMaxAnswer = std::size_t{16} * 1024 * 1024;

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

struct HeaderDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* out) {
    auto& text = *static_cast<std::string*>(out);
    const std::size_t bytes = size * count;
    if (text.size() + bytes > kMaxAnswer) {
        return 0;  // curl stops with a write error
    }
    text.append(data, bytes);
    return bytes;
}

core::Error Unreachable(const std::string& url, std::string_view why) {
    return core::Error::Make(core::ErrorCode::kUnavailable,
                             fmt::format("Không gửi được tới {}: {}.", url, why),
                             fmt::format("Could not deliver to {}: {}.", url, why));
}

}  // namespace

core::Result<std::string> CurlPeerTransport::Post(const std::string& url,
                                                  const std::string& node,
                                                  const std::string& body) {
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        return Unreachable(url, "curl_easy_init");
    }
    std::unique_ptr<curl_slist, HeaderDeleter> headers(
        curl_slist_append(nullptr, "Content-Type: application/json"));
    headers.reset(curl_slist_append(headers.release(), ("Ungcuu-Node: " + node).c_str()));
    std::string answer;
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(timeout_.count()));
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 10L);
    const CURLcode code = curl_easy_perform(curl.get());
    if (code != CURLE_OK) {
        return Unreachable(url, curl_easy_strerror(code));
    }
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299) {
        return Unreachable(url, fmt::format("HTTP {} {}", status, answer.substr(0, 300)));
    }
    return answer;
}

}  // namespace ungcuu::federation
