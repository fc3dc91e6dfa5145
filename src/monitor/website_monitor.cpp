#include "monitor/website_monitor.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <queue>
#include <unordered_map>

#include "core/worker_pool.hpp"
#include "monitor/page_reader.hpp"

namespace ungcuu::monitor {

namespace {

using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::size_t kMaxHeaderBytes = std::size_t{64} * 1024;
constexpr int kMaxHops = 5;
constexpr std::string_view kBotAgent =
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

enum class Stage { kMain, kInsecure, kBot };

struct UrlParts {
    std::string scheme;
    std::string host;
    std::string port;
};

std::optional<UrlParts> Parse(const std::string& url) {
    CURLU* handle = curl_url();
    if (handle == nullptr) {
        return std::nullopt;
    }
    std::optional<UrlParts> parts;
    if (curl_url_set(handle, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
        char* scheme = nullptr;
        char* host = nullptr;
        char* port = nullptr;
        if (curl_url_get(handle, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
            curl_url_get(handle, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
            curl_url_get(handle, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
            parts = UrlParts{scheme, host, port};
        }
        curl_free(scheme);
        curl_free(host);
        curl_free(port);
    }
    curl_url_cleanup(handle);
    return parts;
}

/// The certificate curl saw (the first of the chain), read with OpenSSL.
std::optional<domain::CertFacts> CertOf(CURL* easy) {
    curl_certinfo* info = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_CERTINFO, &info) != CURLE_OK || info == nullptr ||
        info->num_of_certs < 1) {
        return std::nullopt;
    }
    std::string pem;
    for (curl_slist* item = info->certinfo[0]; item != nullptr; item = item->next) {
        const std::string_view line(item->data);
        if (line.starts_with("Cert:")) {
            pem = line.substr(5);
        }
    }
    if (pem.empty()) {
        return std::nullopt;
    }
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
    if (!cert) {
        return std::nullopt;
    }
    domain::CertFacts facts;
    std::tm when{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &when) == 1) {
        facts.not_after = std::chrono::system_clock::from_time_t(timegm(&when));
    }
    const auto name = [](const X509_NAME* x509_name) {
        std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
        X509_NAME_print_ex(out.get(), x509_name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
        char* data = nullptr;
        const long length = BIO_get_mem_data(out.get(), &data);
        return std::string(data, static_cast<std::size_t>(std::max(0L, length)));
    };
    facts.issuer = name(X509_get_issuer_name(cert.get()));
    facts.subject = name(X509_get_subject_name(cert.get()));
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (X509_digest(cert.get(), EVP_sha256(), digest.data(), &length) == 1) {
        for (unsigned int i = 0; i < length; ++i) {
            facts.fingerprint += fmt::format("{:02x}", digest[i]);
        }
    }
    return facts;
}

domain::SiteFailure FailureOf(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            return domain::SiteFailure::kDns;
        case CURLE_COULDNT_CONNECT:
            return domain::SiteFailure::kConnect;
        case CURLE_OPERATION_TIMEDOUT:
            return domain::SiteFailure::kTimeout;
        case CURLE_SSL_CONNECT_ERROR:
            return domain::SiteFailure::kTls;
        default:
            return domain::SiteFailure::kOther;
    }
}

std::string CertProblem(std::string_view error) {
    if (error.find("expired") != std::string_view::npos) {
        return "expired";
    }
    if (error.find("host name") != std::string_view::npos ||
        error.find("subject name") != std::string_view::npos ||
        error.find("hostname") != std::string_view::npos) {
        return "hostname";
    }
    return "untrusted";
}

bool LooksLikeHtml(std::string_view content_type, std::string_view body) {
    if (content_type.find("html") != std::string_view::npos) {
        return true;
    }
    const auto start = body.find_first_not_of(" \t\r\n");
    return content_type.empty() && start != std::string_view::npos && body[start] == '<';
}

}  // namespace

/// One check in flight: its site, the hop it is at, the stage and the transfer's buffers.
struct WebsiteMonitor::Job {
    domain::MonitorTargetId id{};
    std::string origin;  // the site's URL
    std::string url;     // the hop being fetched
    UrlParts parts;
    int hops = 0;
    bool want_bot = false;
    Stage stage = Stage::kMain;
    Steady::time_point due{};
    domain::SiteCheck check;
    std::string address;  // the hop's host's address from the monitor's resolver
    // The transfer.
    CURL* easy = nullptr;
    curl_slist* resolve = nullptr;
    std::string body;
    std::string headers;
    bool truncated = false;
    bool refused_address = false;  // the connection went to this machine's own address
    std::string address_seen;
    bool allow_machine = false;
    std::array<char, CURL_ERROR_SIZE> error{};

    ~Job() { Release(); }

    void Release() {
        if (easy != nullptr) {
            curl_easy_cleanup(easy);
            easy = nullptr;
        }
        if (resolve != nullptr) {
            curl_slist_free_all(resolve);
            resolve = nullptr;
        }
    }
};

struct WebsiteMonitor::Entry {
    std::string url;
    int interval_seconds = 60;
    std::uint64_t generation = 0;
    std::uint64_t checks = 0;
    bool in_flight = false;
    bool again = false;  // asked for while being checked: checked again once this one ends
};

/// The loop's thread: the schedule, the resolver pool and the transfers.
class WebsiteMonitor::Loop {
public:
    explicit Loop(WebsiteMonitor& owner)
        : owner_(owner),
          options_(owner.options_),
          resolvers_(static_cast<std::size_t>(std::max(1, options_.resolvers)),
                     static_cast<std::size_t>(std::max(16, options_.concurrency * 2))) {
        multi_ = curl_multi_init();
    }

    ~Loop() {
        resolvers_.Stop();
        for (auto& [easy, job] : transfers_) {
            curl_multi_remove_handle(multi_, easy);
        }
        transfers_.clear();
        curl_multi_cleanup(multi_);
    }

    void Wake() { curl_multi_wakeup(multi_); }

    void Run() {
        auto next_reload = Steady::time_point{};
        std::uint64_t seen_version = 0;
        while (!owner_.stop_.load()) {
            const auto now = Steady::now();
            if (now >= next_reload || owner_.service_.version() != seen_version) {
                seen_version = owner_.service_.version();
                Reload(now);
                next_reload = now + options_.reload;
            }
            TakeSoon(now);
            StartDue(now);
            TakeResolved();
            int running = 0;
            curl_multi_perform(multi_, &running);
            Collect();
            int timeout_ms = 1000;
            if (!heap_.empty() && in_flight_ < options_.concurrency) {
                const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
                    heap_.top().due - Steady::now());
                timeout_ms = static_cast<int>(std::clamp<std::int64_t>(wait.count(), 0, 1000));
            }
            curl_multi_poll(multi_, nullptr, 0, timeout_ms, nullptr);
        }
    }

private:
    struct Due {
        Steady::time_point due;
        domain::MonitorTargetId id;
        std::uint64_t generation;

        bool operator>(const Due& other) const { return due > other.due; }
    };

    void Reload(Steady::time_point now) {
        auto schedule = owner_.service_.Schedule();
        if (!schedule.ok()) {
            spdlog::warn("monitor: cannot read the sites: {}", schedule.error().message_en);
            return;
        }
        std::map<domain::MonitorTargetId, bool> present;
        for (const auto& site : *schedule) {
            present[site.id] = true;
            auto found = entries_.find(site.id);
            if (found != entries_.end() && found->second.url == site.url &&
                found->second.interval_seconds == site.interval_seconds) {
                continue;
            }
            auto& entry = entries_[site.id];
            entry.url = site.url;
            entry.interval_seconds = site.interval_seconds;
            entry.generation = ++generation_;
            // At start the sites are spread over their interval, so that a restart is not a
            // burst; a site added (or changed) later is checked at once.
            const auto spread =
                std::chrono::milliseconds((static_cast<std::uint64_t>(site.id.value()) * 7919) %
                                          static_cast<std::uint64_t>(site.interval_seconds * 1000));
            heap_.push({loaded_ ? now : now + spread, site.id, entry.generation});
        }
        std::erase_if(entries_, [&](const auto& item) { return !present.contains(item.first); });
        loaded_ = true;
        std::lock_guard lock(owner_.mutex_);
        owner_.counters_.sites = static_cast<int>(entries_.size());
    }

    void TakeSoon(Steady::time_point now) {
        std::vector<std::pair<domain::MonitorTargetId, std::chrono::milliseconds>> soon;
        {
            std::lock_guard lock(owner_.mutex_);
            soon.swap(owner_.soon_);
        }
        for (const auto& [id, after] : soon) {
            auto found = entries_.find(id);
            if (found != entries_.end()) {
                found->second.generation = ++generation_;
                heap_.push({now + after, id, found->second.generation});
            }
        }
    }

    void StartDue(Steady::time_point now) {
        while (!heap_.empty() && heap_.top().due <= now && in_flight_ < options_.concurrency) {
            const Due due = heap_.top();
            heap_.pop();
            auto found = entries_.find(due.id);
            if (found == entries_.end() || found->second.generation != due.generation) {
                continue;  // removed or rescheduled
            }
            if (found->second.in_flight) {
                found->second.again = true;  // after the check in flight, not lost
                continue;
            }
            auto& entry = found->second;
            entry.in_flight = true;
            entry.checks += 1;
            auto job = std::make_shared<Job>();
            job->id = due.id;
            job->origin = entry.url;
            job->url = entry.url;
            job->due = due.due;
            // The first check and every bot_every-th after it.
            job->want_bot =
                options_.bot_every > 0 &&
                (entry.checks - 1) % static_cast<std::uint64_t>(options_.bot_every) == 0;
            job->check.target = due.id;
            job->check.at = owner_.clock_.Now();
            ++in_flight_;
            {
                std::lock_guard lock(owner_.mutex_);
                owner_.delays_.push_back(
                    std::chrono::duration_cast<std::chrono::milliseconds>(now - due.due).count());
                if (owner_.delays_.size() > 10000) {
                    owner_.delays_.pop_front();
                }
                owner_.counters_.in_flight = in_flight_;
            }
            Resolve(std::move(job));
        }
    }

    /// Looks the hop's host up on the resolver pool, then queues the transfer.
    void Resolve(std::shared_ptr<Job> job) {
        auto parts = Parse(job->url);
        if (!parts) {
            job->check.failure = domain::SiteFailure::kOther;
            job->check.error = "URL không hợp lệ";
            Finish(job);
            return;
        }
        job->parts = *parts;
        job->address.clear();
        if (IsAddressLiteral(parts->host)) {
            Transfer(job);
            return;
        }
        const bool submitted = resolvers_.TrySubmit([this, job]() mutable {
            const auto answer = Lookup(job->parts.host, options_.dns);
            if (job->hops == 0) {
                job->check.dns_checked = answer.answered;
                job->check.dns = answer.records;
            }
            if (answer.exists) {
                job->address = answer.address;
            } else if (answer.answered || !options_.dns.server.empty()) {
                job->check.failure = domain::SiteFailure::kDns;
                job->check.error = fmt::format("{}: {}", job->parts.host, answer.error);
            }
            // With the system's resolver unreachable, curl looks the name up itself.
            {
                std::lock_guard lock(resolved_mutex_);
                resolved_.push_back(std::move(job));
            }
            Wake();
        });
        if (!submitted) {
            job->check.failure = domain::SiteFailure::kOther;
            job->check.error =
                "Bộ giám sát đang quá tải, trang sẽ được kiểm tra lại ở lần sau / the monitor is "
                "busy";
            Finish(job);
        }
    }

    void TakeResolved() {
        std::deque<std::shared_ptr<Job>> ready;
        {
            std::lock_guard lock(resolved_mutex_);
            ready.swap(resolved_);
        }
        for (auto& job : ready) {
            if (job->check.failure != domain::SiteFailure::kNone) {
                Finish(job);
            } else {
                Transfer(job);
            }
        }
    }

    static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
        auto* job = static_cast<Job*>(user);
        const std::size_t bytes = size * count;
        if (job->body.size() + bytes > kMaxPageBytes) {
            job->truncated = true;
            return 0;  // enough of it: the transfer stops here
        }
        job->body.append(data, bytes);
        return bytes;
    }

    /// Before the request goes out: the address connected to (whoever resolved the name).
    static int OnConnected(
        void* user, char* address, char* /*local*/, int /*remote_port*/, int /*local_port*/) {
        auto* job = static_cast<Job*>(user);
        if (!job->allow_machine && IsMachineAddress(address)) {
            job->refused_address = true;
            job->address_seen = address;
            return CURL_PREREQFUNC_ABORT;
        }
        return CURL_PREREQFUNC_OK;
    }

    static std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
        auto* job = static_cast<Job*>(user);
        const std::size_t bytes = size * count;
        if (job->headers.size() + bytes <= kMaxHeaderBytes) {
            job->headers.append(data, bytes);
        }
        return bytes;
    }

    void Transfer(const std::shared_ptr<Job>& job) {
        job->Release();
        job->body.clear();
        job->headers.clear();
        job->truncated = false;
        job->error.fill(0);
        CURL* easy = curl_easy_init();
        if (easy == nullptr) {
            job->check.failure = domain::SiteFailure::kOther;
            job->check.error = "Không tạo được kết nối kiểm tra / cannot start a transfer";
            Finish(job);
            return;
        }
        job->easy = easy;
        if (!job->address.empty()) {
            const bool v6 = job->address.find(':') != std::string::npos;
            job->resolve =
                curl_slist_append(nullptr, fmt::format("{}:{}:{}", job->parts.host, job->parts.port,
                                                       v6 ? "[" + job->address + "]" : job->address)
                                               .c_str());
            curl_easy_setopt(easy, CURLOPT_RESOLVE, job->resolve);
        }
        curl_easy_setopt(easy, CURLOPT_URL, job->url.c_str());
        curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
        curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(easy, CURLOPT_CERTINFO, 1L);
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, job->error.data());
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Loop::OnBody);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, job.get());
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Loop::OnHeader);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, job.get());
        curl_easy_setopt(easy, CURLOPT_USERAGENT,
                         job->stage == Stage::kBot ? std::string(kBotAgent).c_str()
                                                   : options_.user_agent.c_str());
        if (!options_.ca_file.empty()) {
            curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
        }
        if (job->stage != Stage::kMain) {
            // The certificate was judged already; the page is read without it.
            curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
        }
        job->allow_machine = options_.allow_machine_addresses;
        curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &Loop::OnConnected);
        curl_easy_setopt(easy, CURLOPT_PREREQDATA, job.get());
        curl_easy_setopt(easy, CURLOPT_PRIVATE, job.get());
        transfers_.emplace(easy, job);
        curl_multi_add_handle(multi_, easy);
    }

    void Collect() {
        int left = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
            if (message->msg != CURLMSG_DONE) {
                continue;
            }
            CURL* easy = message->easy_handle;
            const CURLcode code = message->data.result;
            curl_multi_remove_handle(multi_, easy);
            auto found = transfers_.find(easy);
            if (found == transfers_.end()) {
                continue;
            }
            auto job = std::move(found->second);
            transfers_.erase(found);
            Done(std::move(job), code);
        }
    }

    void Done(std::shared_ptr<Job> job, CURLcode code) {
        CURL* easy = job->easy;
        auto& check = job->check;
        const bool complete = code == CURLE_OK || (code == CURLE_WRITE_ERROR && job->truncated);
        if (job->stage == Stage::kBot) {
            if (complete) {
                char* type = nullptr;
                curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &type);
                if (LooksLikeHtml(type != nullptr ? type : "", job->body)) {
                    check.bot_page = ReadPage(job->body);
                }
            }
            Finish(job);
            return;
        }
        if (job->stage == Stage::kMain && code == CURLE_PEER_FAILED_VERIFICATION) {
            check.cert_problem = CertProblem(job->error.data());
            check.error = job->error.data();
            job->stage = Stage::kInsecure;
            Transfer(job);
            return;
        }
        if (job->refused_address) {
            check.failure = domain::SiteFailure::kOther;
            check.error = fmt::format(
                "Địa chỉ {} là của chính máy giám sát hoặc địa chỉ nội bộ liên kết; không kiểm "
                "tra. "
                "/ {} is the monitor's own or a link-local address; not checked.",
                job->address_seen, job->address_seen);
            Finish(job);
            return;
        }
        if (!complete) {
            check.failure = FailureOf(code);
            if (check.error.empty() || job->stage == Stage::kMain) {
                check.error = job->error[0] != 0 ? job->error.data() : curl_easy_strerror(code);
            }
            Finish(job);
            return;
        }
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        curl_off_t total_us = 0;
        curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &total_us);
        check.http_status = static_cast<int>(status);
        check.latency_ms += static_cast<int>(total_us / 1000);
        if (job->parts.scheme == "https") {
            if (auto cert = CertOf(easy)) {
                check.cert = std::move(cert);
            }
        }
        char* redirect = nullptr;
        curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &redirect);
        if (status >= 300 && status < 400 && redirect != nullptr) {
            const std::string next = redirect;
            const auto host = domain::HostOf(next);
            if (!host.empty() && domain::SameSite(host, domain::HostOf(job->origin)) &&
                job->hops < kMaxHops) {
                job->hops += 1;
                job->url = next;
                job->stage = check.cert_problem.empty() ? Stage::kMain : Stage::kInsecure;
                Resolve(std::move(job));
                return;
            }
            check.final_url = next;  // sent away: recorded, not followed
            Finish(job);
            return;
        }
        check.final_url = job->url;
        check.size = static_cast<std::int64_t>(job->body.size());
        if (status >= 400) {
            check.failure = domain::SiteFailure::kHttpError;
            check.error = fmt::format("HTTP {}", status);
            Finish(job);
            return;
        }
        char* type = nullptr;
        curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &type);
        if (LooksLikeHtml(type != nullptr ? type : "", job->body)) {
            check.page = ReadPage(job->body);
            check.body = std::move(job->body);
            check.headers = std::move(job->headers);
            if (job->want_bot) {
                job->stage = Stage::kBot;
                Transfer(job);
                return;
            }
        }
        Finish(job);
    }

    void Finish(const std::shared_ptr<Job>& job) {
        job->Release();
        --in_flight_;
        const auto now = Steady::now();
        auto found = entries_.find(job->id);
        if (found != entries_.end()) {
            auto& entry = found->second;
            entry.in_flight = false;
            const auto interval = std::chrono::seconds(entry.interval_seconds);
            auto next = job->due + interval;
            if (next <= now) {
                next = now + interval;  // fell behind: keep the interval from now
            }
            if (entry.again) {
                entry.again = false;
                next = now;
            }
            heap_.push({next, job->id, entry.generation});
        }
        {
            std::lock_guard lock(owner_.mutex_);
            owner_.counters_.checks += 1;
            if (job->check.failure != domain::SiteFailure::kNone) {
                owner_.counters_.failures += 1;
            }
            owner_.counters_.in_flight = in_flight_;
            owner_.results_.push_back(std::move(job->check));
        }
        owner_.wake_recorder_.notify_one();
    }

    WebsiteMonitor& owner_;
    const MonitorOptions& options_;
    CURLM* multi_ = nullptr;
    core::WorkerPool resolvers_;
    std::map<domain::MonitorTargetId, Entry> entries_;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> heap_;
    std::uint64_t generation_ = 0;
    bool loaded_ = false;  // the first list was read
    int in_flight_ = 0;
    std::unordered_map<CURL*, std::shared_ptr<Job>> transfers_;
    std::mutex resolved_mutex_;
    std::deque<std::shared_ptr<Job>> resolved_;  // guarded by resolved_mutex_
};

WebsiteMonitor::WebsiteMonitor(app::MonitorService& service,
                               const core::Clock& clock,
                               MonitorOptions options)
    : service_(service), clock_(clock), options_(std::move(options)) {}

WebsiteMonitor::~WebsiteMonitor() { Stop(); }

void WebsiteMonitor::Start() {
    if (loop_) {
        return;
    }
    stop_ = false;
    loop_ = std::make_unique<Loop>(*this);
    loop_thread_ = std::thread([this] { loop_->Run(); });
    record_thread_ = std::thread([this] { RecordLoop(); });
}

void WebsiteMonitor::Stop() {
    if (!loop_) {
        return;
    }
    stop_ = true;
    loop_->Wake();
    wake_recorder_.notify_all();
    if (loop_thread_.joinable()) {
        loop_thread_.join();
    }
    if (record_thread_.joinable()) {
        record_thread_.join();
    }
    loop_.reset();
}

void WebsiteMonitor::CheckSoon(domain::MonitorTargetId id) {
    {
        std::lock_guard lock(mutex_);
        soon_.emplace_back(id, std::chrono::milliseconds(0));
    }
    if (loop_) {
        loop_->Wake();
    }
}

void WebsiteMonitor::RecordLoop() {
    while (true) {
        std::vector<domain::SiteCheck> batch;
        {
            std::unique_lock lock(mutex_);
            wake_recorder_.wait(lock, [&] { return stop_.load() || !results_.empty(); });
            if (stop_.load() && results_.empty()) {
                return;
            }
            // Gather what arrives within the batch window into one transaction.
            wake_recorder_.wait_for(lock, options_.batch, [&] { return stop_.load(); });
            while (!results_.empty() && batch.size() < 500) {
                batch.push_back(std::move(results_.front()));
                results_.pop_front();
            }
        }
        auto outcome = service_.Record(std::move(batch));
        std::lock_guard lock(mutex_);
        counters_.batches += 1;
        if (!outcome.ok()) {
            counters_.record_errors += 1;
            spdlog::warn("monitor: cannot record checks: {}", outcome.error().message_en);
            continue;
        }
        for (const auto& problem : outcome->problems) {
            spdlog::warn("monitor: cannot open an incident: {}", problem);
        }
        // A first failure is checked again soon, not after the whole interval.
        for (const auto id : outcome->recheck) {
            soon_.emplace_back(id, std::chrono::duration_cast<std::chrono::milliseconds>(
                                       service_.policy().recheck));
        }
        if (!outcome->recheck.empty() && loop_) {
            loop_->Wake();
        }
    }
}

MonitorCounters WebsiteMonitor::Counters() const {
    std::lock_guard lock(mutex_);
    MonitorCounters counters = counters_;
    if (!delays_.empty()) {
        std::vector<std::int64_t> sorted(delays_.begin(), delays_.end());
        std::sort(sorted.begin(), sorted.end());
        counters.delay_p50_ms = sorted[sorted.size() / 2];
        counters.delay_p99_ms = sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
        counters.delay_max_ms = sorted.back();
    }
    return counters;
}

}  // namespace ungcuu::monitor
