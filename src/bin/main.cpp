// ungcuu's entry point: parse the command line, wire the system, run the command.
#include <fmt/format.h>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "bin/log_format.hpp"
#include "bin/wiring.hpp"
#include "cli/cli.hpp"
#include "demo/seed.hpp"
#include "http/server.hpp"
#include "storage/migrations.hpp"

namespace {

using namespace ungcuu;  // NOLINT(google-build-using-namespace): main() only

// Connections cost descriptors: take all the system allows, and keep a quarter of them (and
// a few hundred for the databases and files) for syslog senders and the rest of the process.
std::size_t SpareDescriptors() {
    const std::size_t descriptors = http::RaiseDescriptorLimit();
    return descriptors > 512 ? descriptors - 256 : descriptors / 2;
}

http::ServerOptions ServerOptionsOf(const cli::ServeCommand& command, std::size_t spare) {
    http::ServerOptions options;
    options.host = command.host;
    options.port = command.port;
    options.threads = command.threads;
    options.heavy_threads = static_cast<std::size_t>(command.heavy_threads);
    options.connections.max_total =
        std::min(static_cast<std::size_t>(command.max_connections), spare * 3 / 4);
    options.connections.max_per_address =
        static_cast<std::size_t>(command.max_connections_per_address);
    options.idle_timeout = std::chrono::seconds(command.idle_timeout_s);
    return options;
}

bin::DetectionWiring DetectionOf(const cli::ServeCommand& command, std::size_t spare) {
    bin::DetectionWiring detection;
    detection.rule_paths = command.rules;
    detection.placeholders = command.placeholders;
    detection.events_db = command.events_db;
    detection.cache_dir = cli::DefaultCacheDir();
    detection.pipeline.retention = std::chrono::hours(24 * command.events_retention_days);
    detection.pipeline.queue_capacity = static_cast<std::size_t>(command.ingest_queue);
    detection.syslog.fallback_unit = domain::UnitId{command.syslog_unit};
    detection.file_roots = command.log_files;
    detection.syslog.tcp_connections.max_total = std::min<std::size_t>(1024, spare / 4);
    if (!command.syslog_udp.empty()) {
        detection.syslog.udp = cli::ParseListen(command.syslog_udp);
    }
    if (!command.syslog_tcp.empty()) {
        detection.syslog.tcp = cli::ParseListen(command.syslog_tcp);
    }
    return detection;
}

bin::MonitorWiring MonitorOf(const cli::ServeCommand& command) {
    bin::MonitorWiring wiring;
    wiring.options.dns.server = command.monitor_dns;
    wiring.options.ca_file = command.monitor_ca;
    wiring.options.concurrency = command.monitor_concurrency;
    wiring.pictures = command.monitor_pictures;
    // The demo watches its own page on this machine.
    wiring.options.allow_machine_addresses = command.monitor_machine || command.demo;
    return wiring;
}

/// What the operator sees once the server runs: the address, the demo accounts, detection.
void PrintStarted(const cli::ServeCommand& command,
                  bin::System& system,
                  const std::string& shown_host,
                  unsigned short port,
                  const std::vector<demo::DemoAccount>& accounts,
                  const std::vector<std::string>& syslog_listening) {
    std::cout << fmt::format("ungcuu {} đang chạy tại / is running at http://{}:{}\n",
                             UNGCUU_VERSION, shown_host, port);
    std::cout << fmt::format("Cơ sở dữ liệu / database: {}\n", command.db);
    if (!accounts.empty()) {
        std::cout << "Tài khoản mẫu / demo accounts (mật khẩu / password):\n";
        for (const auto& account : accounts) {
            std::cout << fmt::format("  {:<14} {:<16} {:<12} {}\n", account.login, account.password,
                                     account.role, account.unit_name);
        }
    }
    const auto* engine = system.detection().engine();
    std::cout << fmt::format(
        "Phát hiện / detection: {} luật / rules, {} bị từ chối / refused; nhật ký thô / raw "
        "events: {}\n",
        engine->Rules().size(), engine->Refused().size(), system.events_path());
    for (const auto& name : syslog_listening) {
        std::cout << fmt::format("Nhận syslog / syslog on {}\n", name);
    }
    for (const auto& root : system.detection().file_roots()) {
        std::cout << fmt::format("Đọc tệp nhật ký trong / log files read in {}\n", root);
    }
    if (system.website_monitor() != nullptr) {
        std::cout << "Giám sát trang web / website monitor: đang chạy / running\n";
    }
    std::cout << fmt::format("Quét mã độc tệp tải lên / malware scanning of uploads: {}\n",
                             system.scanner().engines());
    std::cout << "Nhấn Ctrl+C để dừng / press Ctrl+C to stop." << std::endl;
}

/// The background jobs (the outbox and the deadline reminders) until the server stops.
void RunJobsUntilStopped(bin::System& system, http::Server& server, int interval_ms) {
    std::mutex jobs_mutex;
    std::condition_variable jobs_wake;
    bool stopping = false;
    std::thread jobs([&] {
        std::unique_lock lock(jobs_mutex);
        while (!stopping) {
            lock.unlock();
            system.RunJobs();
            lock.lock();
            jobs_wake.wait_for(lock, std::chrono::milliseconds(interval_ms),
                               [&] { return stopping; });
        }
    });
    server.Wait(true);
    {
        std::lock_guard lock(jobs_mutex);
        stopping = true;
    }
    jobs_wake.notify_all();
    jobs.join();
}

int Serve(const cli::ServeCommand& command, bin::System& system) {
    std::vector<demo::DemoAccount> accounts;
    if (command.demo) {
        auto seeded = demo::SeedDemo(system.demo_services());
        if (!seeded.ok()) {
            return cli::Report(seeded.error(), std::cerr);
        }
        accounts = std::move(seeded).value();
    }
    http::ApiOptions api_options;
    if (command.web_root) {
        api_options.web_root = *command.web_root;
    }
    api_options.secure_cookies = command.secure_cookies;
    api_options.version = UNGCUU_VERSION;
    http::Api api(system.services(), api_options);
    const std::size_t spare = SpareDescriptors();
    http::ServerOptions server_options = ServerOptionsOf(command, spare);
    system.BindServer(server_options, api);
    http::Server server(
        server_options, [&api](const http::RequestContext& context) { return api.Handle(context); },
        [&api](boost::beast::http::status status, std::string_view detail) {
            return api.Refuse(status, detail);
        });
    auto listening = system.StartDetection(DetectionOf(command, spare));
    if (!listening.ok()) {
        return cli::Report(listening.error(), std::cerr);
    }
    auto bound = server.Start();
    if (!bound.ok()) {
        return cli::Report(bound.error(), std::cerr);
    }
    const std::string shown_host =
        server_options.host == "0.0.0.0" ? "127.0.0.1" : bound->address().to_string();
    if (command.public_url.empty() && bound->address().is_loopback()) {
        // Only this machine can reach a loopback listener, so its address is the public one
        // (two installations side by side); elsewhere --public-url stays required for joining.
        system.exchange().set_public_url(fmt::format("http://{}:{}", shown_host, bound->port()));
    }
    if (command.demo) {
        // The demo watches this server's own public page (its address is known only now).
        const auto watched = demo::SeedMonitor(
            system.monitors(), fmt::format("http://{}:{}/phan-anh", shown_host, bound->port()));
        if (!watched.ok()) {
            return cli::Report(watched.error(), std::cerr);
        }
        const auto cases = demo::SeedCases(system.cases(), system.monitors(), system.clock());
        if (!cases.ok()) {
            return cli::Report(cases.error(), std::cerr);
        }
    }
    if (command.monitor) {
        system.StartMonitor(MonitorOf(command));
    }
    PrintStarted(command, system, shown_host, bound->port(), accounts, *listening);
    RunJobsUntilStopped(system, server, command.jobs_interval_ms);
    // Before the server (and its open event streams) goes away at the end of this function.
    system.changes().Stop();
    system.StopMonitor();
    system.StopDetection();
    std::cout << "Đã dừng / stopped." << std::endl;
    return 0;
}

int Run(int argc, char** argv) {
    auto parsed = cli::Parse(argc, argv);
    if (const int* exit_code = std::get_if<int>(&parsed)) {
        return *exit_code;
    }
    const cli::Command& command = std::get<cli::Command>(parsed);
    if (std::holds_alternative<cli::VersionCommand>(command)) {
        std::cout << "ungcuu " << UNGCUU_VERSION << " (schema " << storage::LatestSchemaVersion()
                  << ")\n";
        return 0;
    }
    // The Sigma tools work on files only, with no database.
    if (const auto* detect = std::get_if<cli::DetectCommand>(&command)) {
        return cli::RunDetect(*detect, std::cerr);
    }
    if (const auto* check = std::get_if<cli::RulesCheckCommand>(&command)) {
        return cli::RunRulesCheck(*check, std::cout, std::cerr);
    }
    bin::WiringOptions wiring;
    wiring.db_url = cli::DatabaseOf(command);
    if (const auto* serve = std::get_if<cli::ServeCommand>(&command)) {
        bin::UseLogFormat(serve->log_format);
        wiring.upload_dir = serve->upload_dir;
        wiring.units.list_cache_ttl = std::chrono::milliseconds(serve->list_cache_ms);
        wiring.rule_set = serve->rule_set;
        wiring.regime_files = serve->regime_files;
        wiring.public_url = serve->public_url;
        wiring.smtp_url = serve->smtp_url;
        wiring.mail_from = serve->mail_from;
        wiring.scan.yara_paths = serve->yara_rules;
        wiring.scan.clamav_db = serve->clamav_db;
        wiring.scan.budget = std::chrono::milliseconds(serve->scan_budget_ms);
    } else {
        wiring.scan.clamav_default = false;  // no upload is scanned outside `serve`
    }
    auto system = bin::System::Open(wiring);
    if (!system.ok()) {
        return cli::Report(system.error(), std::cerr);
    }
    return std::visit(
        [&](const auto& c) -> int {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, cli::ServeCommand>) {
                return Serve(c, **system);
            } else if constexpr (std::is_same_v<T, cli::MigrateCommand>) {
                std::cout << fmt::format(
                    "Lược đồ cơ sở dữ liệu đã ở phiên bản {}. / The schema is at version {}.\n",
                    storage::LatestSchemaVersion(), storage::LatestSchemaVersion());
                return 0;
            } else if constexpr (std::is_same_v<T, cli::ImportUnitsCommand>) {
                return cli::RunImportUnits(c, (*system)->units(), std::cout, std::cerr);
            } else if constexpr (std::is_same_v<T, cli::CreateUserCommand>) {
                return cli::RunCreateUser(c, std::cin, (*system)->units(), (*system)->users(),
                                          std::cout, std::cerr);
            } else if constexpr (std::is_same_v<T, cli::ResetPasswordCommand>) {
                return cli::RunResetPassword(c, std::cin, (*system)->users(), std::cout, std::cerr);
            } else {
                return 0;
            }
        },
        command);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return Run(argc, argv);
    } catch (const std::exception& error) {
        // Nothing is expected to throw this far; say what happened instead of aborting silently.
        std::cerr << "Lỗi không lường trước / unexpected error: " << error.what() << '\n';
        return 1;
    }
}
