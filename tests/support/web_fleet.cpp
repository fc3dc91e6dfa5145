#include "support/web_fleet.hpp"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <fstream>
#include <thread>

#include "core/worker_pool.hpp"
#include "support/test_support.hpp"

extern char** environ;

namespace ungcuu::testing {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using asio::ip::tcp;

namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

KeyPtr NewKey() { return KeyPtr(EVP_EC_gen("P-256"), EVP_PKEY_free); }

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (extension != nullptr) {
        X509_add_ext(cert, extension, -1);
        X509_EXTENSION_free(extension);
    }
}

/// A certificate for `name` valid from `from` to `until`, signed by `issuer` (self when null).
CertPtr MakeCert(const std::string& name,
                 EVP_PKEY* key,
                 X509* issuer,
                 EVP_PKEY* issuer_key,
                 std::chrono::system_clock::time_point from,
                 std::chrono::system_clock::time_point until,
                 bool ca,
                 long serial) {
    CertPtr cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    time_t start = std::chrono::system_clock::to_time_t(from);
    time_t end = std::chrono::system_clock::to_time_t(until);
    X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, 0, &start);
    X509_time_adj_ex(X509_getm_notAfter(cert.get()), 0, 0, &end);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* subject = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0);
    X509* signer = issuer != nullptr ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    if (ca) {
        AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
        AddExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
    } else {
        AddExtension(cert.get(), signer, NID_subject_alt_name, ("DNS:" + name).c_str());
        AddExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
        AddExtension(cert.get(), signer, NID_authority_key_identifier, "keyid");
    }
    X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256());
    return cert;
}

std::string Lower(std::string text) {
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

std::string HeaderValue(const std::string& head, const std::string& name) {
    const auto lower = Lower(head);
    const auto at = lower.find("\r\n" + name + ":");
    if (at == std::string::npos) {
        return "";
    }
    const auto start = at + name.size() + 3;
    const auto end = head.find("\r\n", start);
    std::string value = head.substr(start, end - start);
    value.erase(0, value.find_first_not_of(" \t"));
    return value;
}

}  // namespace

struct WebFleet::Impl {
    static constexpr std::chrono::hours kDay{24};

    Impl(WebFleet& fleet, std::chrono::system_clock::time_point start)
        : owner(fleet),
          now(start),
          ca_key(NewKey()),
          leaf_key(NewKey()),
          ca(MakeCert("ungcuu test fleet CA",
                      ca_key.get(),
                      nullptr,
                      nullptr,
                      start - kDay,
                      start + 3650 * kDay,
                      true,
                      1)),
          tls(ssl::context::tls_server) {
        SSL_CTX_set_cert_cb(tls.native_handle(), &Impl::ChooseCert, this);
    }

    ~Impl() {
        for (auto& [key, cert] : certs) {
            X509_free(cert);
        }
    }

    /// The certificate of the name the client asked for (SNI), made on first use.
    static int ChooseCert(SSL* ssl_handle, void* arg) {
        auto* self = static_cast<Impl*>(arg);
        const char* name = SSL_get_servername(ssl_handle, TLSEXT_NAMETYPE_host_name);
        const std::string host = name != nullptr ? Lower(name) : "localhost";
        const auto kind = self->owner.SiteOf(host).cert;
        X509* cert = nullptr;
        {
            std::lock_guard lock(self->certs_mutex);
            auto& slot = self->certs[{host, static_cast<int>(kind)}];
            if (slot == nullptr) {
                const auto until = kind == FleetCert::kExpiring
                                       ? self->now + 10 * kDay + std::chrono::hours(12)
                                       : self->now + 365 * kDay;
                const std::string subject =
                    kind == FleetCert::kWrongHost ? "khac." + host + ".invalid" : host;
                slot = MakeCert(subject, self->leaf_key.get(), self->ca.get(), self->ca_key.get(),
                                self->now - kDay, until, false, static_cast<long>(++self->serial))
                           .release();
            }
            cert = slot;
        }
        return SSL_use_certificate(ssl_handle, cert) == 1 &&
                       SSL_use_PrivateKey(ssl_handle, self->leaf_key.get()) == 1
                   ? 1
                   : 0;
    }

    /// Reads the request's head, waits the site's latency, writes its answer.
    template <typename Stream>
    void Answer(Stream& stream) {
        asio::streambuf buffer(16 * 1024);
        asio::read_until(stream, buffer, "\r\n\r\n");
        const std::string head(asio::buffers_begin(buffer.data()),
                               asio::buffers_end(buffer.data()));
        owner.Count();
        std::string host = HeaderValue(head, "host");
        host = Lower(host.substr(0, host.find(':')));
        const bool bot = HeaderValue(head, "user-agent").find("Googlebot") != std::string::npos;
        const FleetSite site = owner.SiteOf(host);
        if (site.latency.count() > 0) {
            std::this_thread::sleep_for(site.latency);
        }
        const std::string& body = bot && site.bot_body ? *site.bot_body : site.body;
        std::string reply = "HTTP/1.1 " + std::to_string(site.status) + " OK\r\n";
        reply += "Content-Type: text/html; charset=utf-8\r\n";
        reply += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        reply += "Server: fleet\r\nConnection: close\r\n";
        if (!site.location.empty()) {
            reply += "Location: " + site.location + "\r\n";
        }
        reply += "\r\n" + body;
        asio::write(stream, asio::buffer(reply));
    }

    void Serve(tcp::socket socket, bool secure) {
        try {
            // A client that stalls does not hold a thread for long.
            const timeval limit{5, 0};
            setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
            setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
            boost::system::error_code ignored;
            if (secure) {
                ssl::stream<tcp::socket> stream(std::move(socket), tls);
                stream.handshake(ssl::stream_base::server);
                Answer(stream);
                stream.lowest_layer().shutdown(tcp::socket::shutdown_both, ignored);
            } else {
                Answer(socket);
                socket.shutdown(tcp::socket::shutdown_both, ignored);
            }
        } catch (const std::exception&) {
            // A client that went away, or a handshake it refused (a certificate it distrusts).
        }
    }

    void Accept(tcp::acceptor& acceptor, bool secure) {
        while (true) {
            boost::system::error_code error;
            tcp::socket socket(io);
            acceptor.accept(socket, error);
            if (error) {
                if (!acceptor.is_open() || stopping.load()) {
                    return;
                }
                continue;
            }
            auto shared = std::make_shared<tcp::socket>(std::move(socket));
            if (!workers->TrySubmit(
                    [this, shared, secure] { Serve(std::move(*shared), secure); })) {
                boost::system::error_code ignored;
                shared->close(ignored);
            }
        }
    }

    WebFleet& owner;
    std::chrono::system_clock::time_point now;
    KeyPtr ca_key;
    KeyPtr leaf_key;
    CertPtr ca;
    ssl::context tls;
    std::mutex certs_mutex;
    std::map<std::pair<std::string, int>, X509*> certs;  // guarded by certs_mutex
    std::atomic<long> serial{1};
    asio::io_context io;
    std::optional<tcp::acceptor> https;
    std::optional<tcp::acceptor> http;
    std::unique_ptr<core::WorkerPool> workers;
    std::atomic<bool> stopping{false};
    std::vector<std::thread> threads;  // the two accepting threads
};

WebFleet::WebFleet(std::filesystem::path dir, std::chrono::system_clock::time_point now)
    : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
    impl_ = std::make_unique<Impl>(*this, now);
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new_file(ca_file().c_str(), "w"), BIO_free);
    PEM_write_bio_X509(out.get(), impl_->ca.get());
}

WebFleet::~WebFleet() { Stop(); }

bool WebFleet::Start(int threads) {
    try {
        const auto loopback = asio::ip::make_address("127.0.0.1");
        impl_->https.emplace(impl_->io, tcp::endpoint(loopback, 0));
        impl_->http.emplace(impl_->io, tcp::endpoint(loopback, 0));
        https_port_ = impl_->https->local_endpoint().port();
        http_port_ = impl_->http->local_endpoint().port();
    } catch (const std::exception&) {
        return false;
    }
    impl_->workers = std::make_unique<core::WorkerPool>(static_cast<std::size_t>(threads), 100000);
    impl_->threads.emplace_back([this] { impl_->Accept(*impl_->https, true); });
    impl_->threads.emplace_back([this] { impl_->Accept(*impl_->http, false); });
    return true;
}

void WebFleet::Stop() {
    if (!impl_ || impl_->threads.empty()) {
        return;
    }
    impl_->stopping = true;
    boost::system::error_code ignored;
    // Wakes the accepting threads: shutting the listening sockets down makes accept() fail.
    ::shutdown(impl_->https->native_handle(), SHUT_RDWR);
    ::shutdown(impl_->http->native_handle(), SHUT_RDWR);
    for (auto& thread : impl_->threads) {
        thread.join();
    }
    impl_->threads.clear();
    impl_->https->close(ignored);
    impl_->http->close(ignored);
    impl_->workers->Stop();
}

void WebFleet::Set(const std::string& host, FleetSite site) {
    std::lock_guard lock(mutex_);
    sites_[Lower(host)] = std::move(site);
}

void WebFleet::SetDefault(std::function<FleetSite(const std::string& host)> make) {
    std::lock_guard lock(mutex_);
    default_ = std::move(make);
}

FleetSite WebFleet::SiteOf(const std::string& host) const {
    std::lock_guard lock(mutex_);
    const auto found = sites_.find(host);
    if (found != sites_.end()) {
        return found->second;
    }
    if (default_) {
        return default_(host);
    }
    FleetSite site;
    site.body = "<html><head><title>Trang " + host + "</title></head><body><p>Trang thông tin " +
                host + "</p></body></html>";
    return site;
}

bool DnsServer::Available() { return access("/usr/sbin/dnsmasq", X_OK) == 0; }

void DnsServer::WriteHosts(const std::map<std::string, std::string>& addresses) {
    const auto tmp = dir_ / "hosts.new";
    {
        std::ofstream out(tmp);
        for (const auto& [host, address] : addresses) {
            out << address << ' ' << host << '\n';
        }
    }
    std::filesystem::rename(tmp, dir_ / "hosts");
}

bool DnsServer::Start(const std::map<std::string, std::string>& addresses,
                      const std::map<std::string, std::string>& mail) {
    std::filesystem::create_directories(dir_);
    WriteHosts(addresses);
    port_ = FreeLoopbackPort();  // the same number is almost always free for UDP too
    std::vector<std::string> args = {"/usr/sbin/dnsmasq",
                                     "--keep-in-foreground",
                                     "--conf-file=/dev/null",
                                     "--no-resolv",
                                     "--no-hosts",
                                     "--bind-interfaces",
                                     "--listen-address=127.0.0.1",
                                     "--port=" + std::to_string(port_),
                                     "--addn-hosts=" + (dir_ / "hosts").string(),
                                     "--pid-file=" + (dir_ / "dnsmasq.pid").string(),
                                     "--log-facility=" + (dir_ / "dnsmasq.log").string(),
                                     "--cache-size=0"};
    if (geteuid() == 0) {
        args.push_back("--user=root");
    }
    for (const auto& [host, record] : mail) {
        const auto space = record.find(' ');
        args.push_back("--mx-host=" + host + "," + record.substr(space + 1) + "," +
                       record.substr(0, space));
    }
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
        pid_ = -1;
        return false;
    }
    // Ready once it writes its log line saying it started.
    for (int i = 0; i < 100; ++i) {
        std::ifstream log(dir_ / "dnsmasq.log");
        std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
        if (text.find("read ") != std::string::npos) {
            return true;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

void DnsServer::Update(const std::map<std::string, std::string>& addresses) {
    WriteHosts(addresses);
    const auto before = std::filesystem::file_size(dir_ / "dnsmasq.log");
    if (pid_ > 0) {
        kill(pid_, SIGHUP);
    }
    // Read again once it logs the hosts file anew.
    for (int i = 0; i < 100 && std::filesystem::file_size(dir_ / "dnsmasq.log") == before; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void DnsServer::Stop() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }
}

}  // namespace ungcuu::testing
