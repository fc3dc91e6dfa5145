// Catch-up between installations: a province on SQLite queues warnings for a commune that was
// offline, then delivers them over real HTTP on loopback to the commune's own ungcuu, which opens
// each envelope (signature first) and applies it in its own transaction. Measures the queueing
// (collecting from the records and sealing) and the catch-up (delivery, opening, applying), in
// envelopes per second. UNGCUU_BENCH_ENVELOPES sets how many (default 10,000; the CTest smoke run
// uses 100).
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

struct Node {
    std::unique_ptr<bin::System> system;
    std::unique_ptr<http::Api> api;
    std::unique_ptr<http::Server> server;
    unsigned short port = 0;

    Node(const std::string& db, const core::Clock& clock) {
        bin::WiringOptions wiring{"sqlite:" + db, auth::HashCost::kMinimal, &clock};
        wiring.upload_dir = db + ".files";
        system = std::move(bin::System::Open(wiring)).value();
        api = std::make_unique<http::Api>(system->services(), http::ApiOptions{});
        http::ServerOptions options;
        options.port = 0;
        options.body_limit = std::size_t{64} * 1024;
        system->BindServer(options, *api);
        server = ServeApi(*api, options, port);
        system->exchange().set_public_url("http://127.0.0.1:" + std::to_string(port));
    }

    ~Node() {
        system->changes().Stop();
        server->Stop();
    }

    domain::Unit Unit(const std::string& code,
                      std::optional<domain::UnitId> parent,
                      domain::UnitKind kind) {
        domain::Unit unit;
        unit.code = code;
        unit.kind = kind;
        unit.name_vi = "Đơn vị " + code;
        unit.parent_id = parent;
        return std::move(system->units().Create(app::Actor::Cli(), unit)).value();
    }
};

void CatchUp(benchmark::State& state) {
    const char* configured = std::getenv("UNGCUU_BENCH_ENVELOPES");
    const int count = configured != nullptr ? std::atoi(configured) : 10000;
    for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
        state.PauseTiming();
        TempDir dir;
        ManualClock clock;
        const auto cli = app::Actor::Cli();
        Node province((dir.path() / "province.db").string(), clock);
        Node commune((dir.path() / "commune.db").string(), clock);
        const auto top = province.Unit("P", std::nullopt, domain::UnitKind::kProvince);
        const auto xa = province.Unit("P-XA", top.id, domain::UnitKind::kCommune);
        commune.Unit("XA", std::nullopt, domain::UnitKind::kCommune);
        const auto code = province.system->exchange().IssueEnrolment(cli, xa.id, "Xã");
        if (!commune.system->exchange()
                 .Join(cli, "http://127.0.0.1:" + std::to_string(province.port), code->code)
                 .ok()) {
            state.SkipWithError("enrolment failed");
            return;
        }
        for (int i = 0; i < count; ++i) {
            domain::Warning w;
            w.issuer = top.id;
            w.title = "Cảnh báo số " + std::to_string(i + 1);
            w.description = "Lỗ hổng thực thi mã từ xa trên máy chủ thư, đang bị khai thác.";
            w.actions = "Cập nhật bản vá; rà soát nhật ký truy cập; báo lại kết quả.";
            w.deadline = clock.Now() + std::chrono::hours(72);
            w.indicators = {{domain::ObservableKind::kIp, "203.0.113.7"},
                            {domain::ObservableKind::kDomain, "update-mail.example"}};
            w.tlp = domain::Tlp::kAmber;
            w.target = {xa.id, {}, {}};
            (void)province.system->warnings().Issue(cli, w);
        }
        state.ResumeTiming();
        const auto queue_start = std::chrono::steady_clock::now();
        int queued = 0;
        for (auto round = province.system->exchange().Collect(); round.ok() && *round > 0;
             round = province.system->exchange().Collect()) {
            queued += *round;
        }
        const auto deliver_start = std::chrono::steady_clock::now();
        int delivered = 0;
        for (int round = 0; round < 100 && delivered < queued; ++round) {
            delivered += *province.system->exchange().Deliver();
        }
        const auto end = std::chrono::steady_clock::now();
        const auto seconds = [](auto a, auto b) {
            return std::chrono::duration<double>(b - a).count();
        };
        state.counters["envelopes"] = delivered;
        state.counters["queue_s"] = seconds(queue_start, deliver_start);
        state.counters["catch_up_s"] = seconds(deliver_start, end);
        state.counters["catch_up_per_s"] = delivered / seconds(deliver_start, end);
        if (delivered != count) {
            const auto overview = province.system->exchange().Overview(cli);
            for (const auto& peer : overview->peers) {
                std::fprintf(stderr, "peer %s: %s\n", peer.url.c_str(), peer.last_error.c_str());
            }
            state.SkipWithError(("delivered " + std::to_string(delivered) + " of " +
                                 std::to_string(queued) + " queued, " + std::to_string(count) +
                                 " issued")
                                    .c_str());
        }
    }
}

BENCHMARK(CatchUp)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace ungcuu::testing
