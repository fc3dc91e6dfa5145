// The website monitor at a national node's scale: N sites (default 10,000) on one HTTPS server
// answering for every name (the test fleet, certificates of a test CA), their names served by
// Debian's dnsmasq, all checked every 60 s by one ungcuu on SQLite. It prints, every 10 s, the
// checks done, how late checks started after their due time (p50, p99, largest over the last
// 10,000), the process's resident memory (the fleet and dnsmasq's client included), and at the
// end the time the monitors page takes over HTTP (GET /api/v1/monitors, 50 rows, p50/p95 of 200
// requests while the checks go on). UNGCUU_BENCH_SITES and UNGCUU_BENCH_SECONDS set the size and
// the run (default 10,000 and 240 s; the CTest smoke run: 50 and 8 s).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "integration/api_fixture.hpp"
#include "support/web_fleet.hpp"

namespace ungcuu::testing {
namespace {

using namespace std::chrono_literals;

long ResidentMiB() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0;
    long resident = 0;
    statm >> pages >> resident;
    return resident * sysconf(_SC_PAGESIZE) / (1024 * 1024);
}

int Env(const char* name, int fallback) {
    const char* text = std::getenv(name);
    return text != nullptr ? std::atoi(text) : fallback;
}

int Run() {
    const int sites = Env("UNGCUU_BENCH_SITES", 10000);
    const int seconds = Env("UNGCUU_BENCH_SECONDS", 240);
    if (!DnsServer::Available()) {
        std::cout << "dnsmasq is not installed (apt-get install dnsmasq-base): the monitor "
                     "benchmark did not run\n";
        return 0;
    }
    TempDir dir;
    bin::WiringOptions wiring{"sqlite:" + (dir.path() / "bench.db").string(),
                              auth::HashCost::kMinimal, nullptr};
    wiring.upload_dir = (dir.path() / "files").string();
    auto system = std::move(bin::System::Open(wiring)).value();
    const auto cli = app::Actor::Cli();
    domain::Unit province;
    province.code = "P";
    province.kind = domain::UnitKind::kProvince;
    province.name_vi = "Tỉnh thử";
    province = std::move(system->units().Create(cli, province)).value();
    auto user = std::move(system->users().Create(
                              cli, {"dieuphoi", "Điều phối", "", province.id, "mat-khau-thu-2026"}))
                    .value();
    (void)system->users().Grant(cli, user.id, province.id, domain::Role::kCoordinator, false);

    WebFleet fleet(dir.path() / "fleet", std::chrono::system_clock::now());
    fleet.SetDefault([](const std::string& host) {
        return FleetSite{.body = "<html><head><title>Cổng " + host +
                                 "</title></head><body><p>Ủy ban nhân dân thông báo lịch tiếp "
                                 "công dân.</p></body></html>"};
    });
    if (!fleet.Start(32)) {
        std::cerr << "the fleet could not bind\n";
        return 1;
    }
    DnsServer dns(dir.path() / "dns");
    std::map<std::string, std::string> records;
    for (int i = 0; i < sites; ++i) {
        records[fmt::format("cong{:05}.tinh.gov.vn", i)] = "127.0.0.1";
    }
    if (!dns.Start(records)) {
        std::cerr << "dnsmasq did not start\n";
        return 1;
    }
    const auto adding = std::chrono::steady_clock::now();
    for (int i = 0; i < sites; ++i) {
        domain::MonitorTarget site;
        site.unit_id = province.id;
        site.url = fmt::format("https://cong{:05}.tinh.gov.vn:{}/", i, fleet.https_port());
        site.name = fmt::format("Cổng {}", i);
        site.interval_seconds = 60;
        if (!system->monitors().Create(cli, site).ok()) {
            std::cerr << "site " << i << " was refused\n";
            return 1;
        }
    }
    std::cout << fmt::format(
        "{} sites added in {:.1f} s; resident {} MiB before checking\n", sites,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - adding).count(),
        ResidentMiB());

    http::Api api(system->services(), http::ApiOptions{});
    http::ServerOptions server_options;
    server_options.port = 0;
    system->BindServer(server_options, api);
    unsigned short port = 0;
    auto server = ServeApi(api, server_options, port);

    bin::MonitorWiring monitor;
    monitor.options.dns.server = dns.address();
    monitor.options.ca_file = fleet.ca_file();
    monitor.options.allow_machine_addresses = true;
    monitor.pictures = false;
    system->StartMonitor(monitor);
    const auto start = std::chrono::steady_clock::now();
    std::cout << "  s   checks  failures  delay p50  p99    max   in flight  resident\n";
    long peak = 0;
    for (int t = 10; t <= seconds; t += 10) {
        std::this_thread::sleep_until(start + std::chrono::seconds(t));
        const auto c = system->website_monitor()->Counters();
        peak = std::max(peak, ResidentMiB());
        std::cout << fmt::format("{:>4} {:>8} {:>8} {:>8} ms {:>5} {:>6} {:>8} {:>8} MiB\n", t,
                                 c.checks, c.failures, c.delay_p50_ms, c.delay_p99_ms,
                                 c.delay_max_ms, c.in_flight, ResidentMiB());
    }
    // The monitors page while the checks go on.
    HttpClient client(port);
    if (client.SignIn("dieuphoi", "mat-khau-thu-2026").status != 200) {
        std::cerr << "sign-in failed\n";
        return 1;
    }
    std::vector<double> ms;
    for (int i = 0; i < 200; ++i) {
        const auto before = std::chrono::steady_clock::now();
        const auto page = client.Get(
            fmt::format("/api/v1/monitors?limit=50&offset={}", (i * 50) % std::max(sites, 1)));
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before)
                .count());
        if (page.status != 200) {
            std::cerr << "the monitors page answered " << page.status << "\n";
            return 1;
        }
    }
    std::sort(ms.begin(), ms.end());
    const auto c = system->website_monitor()->Counters();
    std::cout << fmt::format(
        "checks {} ({:.0f}/s), failures {}; start delay p50 {} ms, p99 {} ms, max {} ms; peak "
        "resident {} MiB; monitors page p50 {:.1f} ms, p95 {:.1f} ms\n",
        c.checks, static_cast<double>(c.checks) / seconds, c.failures, c.delay_p50_ms,
        c.delay_p99_ms, c.delay_max_ms, peak, ms[ms.size() / 2], ms[ms.size() * 95 / 100]);
    system->StopMonitor();
    system->changes().Stop();
    server->Stop();
    fleet.Stop();
    return c.checks > 0 ? 0 : 1;
}

}  // namespace
}  // namespace ungcuu::testing

int main() { return ungcuu::testing::Run(); }
