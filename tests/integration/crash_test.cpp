// A crash in the middle of a procedure step leaves nothing half-written. A child process opens
// the demo province's SQLite file and takes incident 1 one step on; its clock kills the process
// (_exit, no cleanup, like a power cut) at the k-th reading of the time — for k = 1, 2, … the
// death lands at every point of the step, inside its write transaction too. After each death
// the incident is either exactly as before (state, version, timeline, audit) or exactly after
// the step; never a state without its timeline entry or an entry without its state.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>

#include "bin/wiring.hpp"
#include "storage/sql.hpp"
#include "support/test_support.hpp"

namespace ungcuu::testing {
namespace {

class DyingClock final : public core::Clock {
public:
    explicit DyingClock(int die_at) : die_at_(die_at) {}

    core::TimePoint Now() const override {
        if (armed_ && ++calls_ == die_at_) {
            _exit(77);
        }
        return base_.Now();
    }

    void Arm() { armed_ = true; }

private:
    ManualClock base_;
    int die_at_;
    bool armed_ = false;
    mutable std::atomic<int> calls_{0};
};

struct Snapshot {
    std::string state;
    std::int64_t version = 0;
    std::int64_t events = 0;
    std::int64_t audits = 0;
    bool operator==(const Snapshot&) const = default;
};

Snapshot Read(const std::string& file) {
    auto db = std::move(storage::OpenSqlite(file)).value();
    Snapshot s;
    (void)db->QueryEach("SELECT state, version FROM incidents WHERE id = 1", {},
                        [&](const storage::RowView& row) {
                            s.state = row.String(0);
                            s.version = row.Int(1);
                        });
    (void)db->QueryEach("SELECT COUNT(*) FROM incident_events WHERE incident_id = 1", {},
                        [&](const storage::RowView& row) { s.events = row.Int(0); });
    (void)db->QueryEach(
        "SELECT COUNT(*) FROM audit_log WHERE object_type = 'incident' AND object_id = 1", {},
        [&](const storage::RowView& row) { s.audits = row.Int(0); });
    return s;
}

TEST(CrashTest, AKilledStepLeavesTheIncidentWholeBeforeOrAfter) {
    TempDir dir;
    const std::string file = (dir.path() / "crash.db").string();
    {
        ManualClock clock;
        bin::WiringOptions wiring{"sqlite:" + file, auth::HashCost::kMinimal, &clock};
        wiring.upload_dir = (dir.path() / "files").string();
        auto system = bin::System::Open(wiring);
        ASSERT_TRUE(system.ok()) << system.error().message_en;
        ASSERT_TRUE(demo::SeedDemo((*system)->demo_services()).ok());
    }
    const Snapshot before = Read(file);
    ASSERT_EQ(before.state, "containing") << "the demo's first incident is being contained";
    int died = 0;
    bool completed = false;
    for (int k = 1; k <= 40 && !completed; ++k) {
        const std::string copy = (dir.path() / ("run" + std::to_string(k) + ".db")).string();
        std::filesystem::copy_file(file, copy);
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            DyingClock clock(k);
            bin::WiringOptions wiring{"sqlite:" + copy, auth::HashCost::kMinimal, &clock};
            wiring.upload_dir = (dir.path() / "files").string();
            auto system = bin::System::Open(wiring);
            if (!system.ok()) {
                _exit(2);
            }
            clock.Arm();
            auto moved = (*system)->incidents().Transition(
                app::Actor::Cli(), domain::IncidentId{1}, domain::IncidentState::kEradicating,
                "Đã chặn địa chỉ tấn công", std::nullopt);
            _exit(moved.ok() ? 0 : 3);
        }
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status));
        const int code = WEXITSTATUS(status);
        ASSERT_TRUE(code == 77 || code == 0) << "child exit " << code << " at k=" << k;
        const Snapshot after = Read(copy);
        if (code == 77) {
            ++died;
            EXPECT_EQ(after, before) << "killed at the " << k << "th reading of the clock";
        } else {
            completed = true;
            EXPECT_EQ(after.state, "eradicating");
            EXPECT_EQ(after.version, before.version + 1);
            EXPECT_EQ(after.events, before.events + 1);
            EXPECT_EQ(after.audits, before.audits + 1);
        }
    }
    EXPECT_TRUE(completed) << "the step finished once the clock stopped killing";
    EXPECT_GE(died, 2) << "deaths inside the step were tried";
    RecordProperty("deaths", died);
}

}  // namespace
}  // namespace ungcuu::testing
