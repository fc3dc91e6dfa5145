// The storage contract: one suite, run against SQLite (always) and PostgreSQL (when the test
// script started a cluster and set UNGCUU_TEST_PG_DSN; otherwise skipped with a message).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "domain/periodic.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "support/test_support.hpp"

namespace ungcuu::storage {
namespace {

using domain::Unit;
using domain::UnitId;
using domain::UnitKind;

class StorageContract : public ::testing::TestWithParam<Dialect> {
protected:
    void SetUp() override {
        if (GetParam() == Dialect::kSqlite) {
            dir_ = std::make_unique<testing::TempDir>();
            url_ = DatabaseUrl{Dialect::kSqlite, (dir_->path() / "test.db").string()};
        } else {
            const auto dsn = testing::PostgresDsn();
            if (!dsn) {
                GTEST_SKIP() << "PostgreSQL not started (UNGCUU_TEST_PG_DSN unset): run "
                                "`make test` to run the contract suite on PostgreSQL too";
            }
            pg_ = std::make_unique<testing::TempPostgresDatabase>(*dsn);
            url_ = DatabaseUrl{Dialect::kPostgres, pg_->url()};
        }
        auto store = SqlStore::Open(url_);
        ASSERT_TRUE(store.ok()) << store.error().message_en;
        store_ = std::move(store).value();
    }

    Unit MakeUnit(const std::string& code, std::optional<UnitId> parent) {
        Unit unit;
        unit.code = code;
        unit.kind = UnitKind::kCommune;
        unit.name_vi = "Xã " + code;
        unit.parent_id = parent;
        unit.created_at = clock_.Now();
        unit.updated_at = clock_.Now();
        return unit;
    }

    Unit Insert(const std::string& code, std::optional<UnitId> parent = std::nullopt) {
        Unit result;
        const auto status = store_->Write([&](app::Repositories& repos) -> core::Status {
            UNGCUU_ASSIGN_OR_RETURN(inserted, repos.units.Insert(MakeUnit(code, parent)));
            result = inserted;
            return core::Ok();
        });
        EXPECT_TRUE(status.ok()) << status.error().message_en;
        return result;
    }

    std::vector<Unit> ListAll(app::UnitFilter filter = {}) {
        std::vector<Unit> units;
        filter.limit = 1000;
        EXPECT_TRUE(store_
                        ->Read([&](app::Repositories& repos) -> core::Status {
                            UNGCUU_ASSIGN_OR_RETURN(listed, repos.units.List(filter));
                            units = listed;
                            return core::Ok();
                        })
                        .ok());
        return units;
    }

    testing::ManualClock clock_;
    std::unique_ptr<testing::TempDir> dir_;
    std::unique_ptr<testing::TempPostgresDatabase> pg_;
    DatabaseUrl url_;
    std::unique_ptr<SqlStore> store_;
};

TEST_P(StorageContract, MigrationsAreIdempotent) {
    auto again = SqlStore::Open(url_);
    ASSERT_TRUE(again.ok());
    auto connection =
        url_.dialect == Dialect::kSqlite ? OpenSqlite(url_.target) : OpenPostgres(url_.target);
    ASSERT_TRUE(connection.ok());
    auto applied = Migrate(**connection);
    ASSERT_TRUE(applied.ok());
    EXPECT_EQ(*applied, 0);
}

TEST_P(StorageContract, EveryMigrationFileIsAppliedInOrderWithItsDescription) {
    auto connection =
        url_.dialect == Dialect::kSqlite ? OpenSqlite(url_.target) : OpenPostgres(url_.target);
    ASSERT_TRUE(connection.ok());
    auto rows =
        (*connection)->Query("SELECT version, description FROM schema_migrations ORDER BY version");
    ASSERT_TRUE(rows.ok());
    // The files in src/storage/migrations, counted here apart from the embedded table.
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(UNGCUU_SOURCE_DIR) / "src/storage/migrations")) {
        files.push_back(entry.path().filename().string());
    }
    std::sort(files.begin(), files.end());
    ASSERT_EQ(rows->size(), files.size());
    ASSERT_EQ(Migrations().size(), files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        EXPECT_EQ((*rows)[i].Int(0), static_cast<std::int64_t>(i + 1)) << files[i];
        EXPECT_EQ(files[i].substr(0, 4), fmt::format("{:04d}", i + 1));
        EXPECT_EQ((*rows)[i].Text(1), Migrations()[i].description) << files[i];
    }
}

TEST_P(StorageContract, InsertAssignsMaterialisedPaths) {
    const Unit province = Insert("P");
    const Unit commune = Insert("C1", province.id);
    EXPECT_EQ(province.path, "/" + std::to_string(province.id.value()) + "/");
    EXPECT_EQ(commune.path, province.path + std::to_string(commune.id.value()) + "/");
    EXPECT_EQ(commune.parent_id, province.id);
}

TEST_P(StorageContract, DuplicateCodeIsAlreadyExistsAndRollsBack) {
    Insert("P");
    const auto status = store_->Write([&](app::Repositories& repos) -> core::Status {
        auto first = repos.units.Insert(MakeUnit("NEW", std::nullopt));
        EXPECT_TRUE(first.ok());
        UNGCUU_ASSIGN_OR_RETURN(duplicate, repos.units.Insert(MakeUnit("P", std::nullopt)));
        return core::Ok();
    });
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, core::ErrorCode::kAlreadyExists);
    // The whole transaction, including "NEW", is gone.
    EXPECT_EQ(ListAll(app::UnitFilter{.unrestricted = true}).size(), 1u);
}

TEST_P(StorageContract, ScopeFilterLimitsToSubtreesWithoutPrefixConfusion) {
    const Unit province = Insert("P");
    const Unit district = Insert("D", province.id);
    const Unit commune = Insert("C", district.id);
    Insert("OTHER", province.id);
    // Create enough units that ids 1 and 1x exist, to catch "/1/" matching "/12/".
    for (int i = 0; i < 10; ++i) {
        Insert("R" + std::to_string(i));
    }
    app::UnitFilter filter;
    filter.scope = {domain::ScopeRoot{district.path, false}};
    const auto in_district = ListAll(filter);
    ASSERT_EQ(in_district.size(), 2u);
    EXPECT_EQ(in_district[0].id, district.id);
    EXPECT_EQ(in_district[1].id, commune.id);

    filter.scope = {domain::ScopeRoot{province.path, true}};
    EXPECT_EQ(ListAll(filter).size(), 1u);

    filter.scope = {domain::ScopeRoot{province.path, false}};
    EXPECT_EQ(ListAll(filter).size(), 4u);

    filter.scope = {};
    EXPECT_TRUE(ListAll(filter).empty());
}

TEST_P(StorageContract, SearchIgnoresVietnameseMarks) {
    const Unit province = Insert("P");
    Unit unit = MakeUnit("HT", province.id);
    unit.name_vi = "Xã Hòa Thắng";
    ASSERT_TRUE(store_
                    ->Write([&](app::Repositories& repos) -> core::Status {
                        return repos.units.Insert(unit).ok() ? core::Ok()
                                                             : core::Internal("insert");
                    })
                    .ok());
    app::UnitFilter filter{.unrestricted = true, .search = "hoa thang"};
    const auto found = ListAll(filter);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].code, "HT");
    filter.search = "100%";
    EXPECT_TRUE(ListAll(filter).empty());
}

TEST_P(StorageContract, MoveRewritesTheWholeSubtree) {
    const Unit province = Insert("P");
    const Unit district = Insert("D", province.id);
    const Unit commune = Insert("C", district.id);
    const Unit hamlet = Insert("H", commune.id);
    ASSERT_TRUE(store_
                    ->Write([&](app::Repositories& repos) {
                        return repos.units.Move(commune, province, clock_.Now());
                    })
                    .ok());
    ASSERT_TRUE(
        store_
            ->Read([&](app::Repositories& repos) -> core::Status {
                auto moved = repos.units.Get(commune.id);
                auto child = repos.units.Get(hamlet.id);
                EXPECT_EQ(moved->parent_id, province.id);
                EXPECT_EQ(moved->path, province.path + std::to_string(commune.id.value()) + "/");
                EXPECT_EQ(child->path, moved->path + std::to_string(hamlet.id.value()) + "/");
                auto children = repos.units.CountActiveChildren(district.id);
                EXPECT_EQ(*children, 0);
                return core::Ok();
            })
            .ok());
}

TEST_P(StorageContract, UsersAssignmentsSessionsAndTokens) {
    const Unit province = Insert("P");
    domain::User user;
    user.login = "canbo";
    user.full_name = "Cán bộ";
    user.unit_id = province.id;
    user.password_hash = "$argon2id$x";
    user.totp_secret = std::string("\x00\xff\x10", 3);
    user.created_at = clock_.Now();
    ASSERT_TRUE(store_
                    ->Write([&](app::Repositories& repos) -> core::Status {
                        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.users.Insert(user));
                        domain::RoleAssignment a;
                        a.user_id = inserted.id;
                        a.unit_id = province.id;
                        a.role = domain::Role::kCoordinator;
                        EXPECT_TRUE(repos.users.AddAssignment(a).ok());
                        app::SessionRecord session{"digest",    inserted.id,  "csrf",
                                                   "127.0.0.1", clock_.Now(), clock_.Now(),
                                                   clock_.Now()};
                        EXPECT_TRUE(repos.sessions.Insert(session).ok());
                        app::ApiToken token;
                        token.user_id = inserted.id;
                        token.name = "máy quét";
                        token.token_digest = "tdigest";
                        token.created_at = clock_.Now();
                        EXPECT_TRUE(repos.tokens.Insert(token).ok());
                        return core::Ok();
                    })
                    .ok());
    const auto duplicate = store_->Write([&](app::Repositories& repos) -> core::Status {
        auto again = repos.users.Insert(user);
        return again.ok() ? core::Ok() : std::move(again).error();
    });
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().code, core::ErrorCode::kAlreadyExists);
    ASSERT_TRUE(store_
                    ->Read([&](app::Repositories& repos) -> core::Status {
                        auto loaded = repos.users.GetByLogin("canbo");
                        EXPECT_TRUE(loaded.ok());
                        auto assignments = repos.users.Assignments(loaded->id);
                        EXPECT_EQ(assignments->size(), 1u);
                        EXPECT_EQ((*assignments)[0].unit_path, province.path);
                        EXPECT_EQ((*assignments)[0].role, domain::Role::kCoordinator);
                        EXPECT_EQ(loaded->unit_path, province.path);
                        EXPECT_EQ(loaded->totp_secret, user.totp_secret);
                        auto session = repos.sessions.Find("digest");
                        EXPECT_TRUE(session->has_value());
                        EXPECT_EQ((*session)->csrf_token, "csrf");
                        auto token = repos.tokens.FindByDigest("tdigest");
                        EXPECT_EQ((*token)->name, "máy quét");
                        EXPECT_FALSE((*repos.sessions.Find("missing")).has_value());
                        return core::Ok();
                    })
                    .ok());
    // The session above expires at clock_.Now(): pruning just after removes it.
    const auto prune = [&](app::Repositories& repos) -> core::Status {
        UNGCUU_RETURN_IF_ERROR(
            repos.sessions.DeleteExpired(clock_.Now() + std::chrono::seconds(1)));
        EXPECT_FALSE((*repos.sessions.Find("digest")).has_value());
        return core::Ok();
    };
    ASSERT_TRUE(store_->Write(prune).ok());
}

TEST_P(StorageContract, AuditLogIsAppendOnly) {
    const Unit province = Insert("P");
    domain::AuditEntry entry;
    entry.at = clock_.Now();
    entry.actor_login = "cli";
    entry.action = "unit.create";
    entry.object_type = "unit";
    entry.unit_id = province.id;
    entry.unit_path = province.path;
    ASSERT_TRUE(
        store_->Write([&](app::Repositories& repos) { return repos.audit.Append(entry); }).ok());
    auto connection =
        url_.dialect == Dialect::kSqlite ? OpenSqlite(url_.target) : OpenPostgres(url_.target);
    ASSERT_TRUE(connection.ok());
    EXPECT_FALSE((*connection)->Execute("UPDATE audit_log SET action = 'forged'").ok());
    EXPECT_FALSE((*connection)->Execute("DELETE FROM audit_log").ok());
    ASSERT_TRUE(store_
                    ->Read([&](app::Repositories& repos) -> core::Status {
                        app::AuditFilter filter{.scope = {domain::ScopeRoot{province.path, false}}};
                        filter.limit = 10;
                        auto entries = repos.audit.List(filter);
                        EXPECT_EQ(entries->size(), 1u);
                        EXPECT_EQ((*entries)[0].action, "unit.create");
                        filter.scope = {domain::ScopeRoot{"/999/", false}};
                        EXPECT_TRUE(repos.audit.List(filter)->empty());
                        // The change feed's reading: oldest first after an id, current path.
                        const auto latest = repos.audit.LatestId();
                        EXPECT_EQ(*latest, (*entries)[0].id.value());
                        const auto after = repos.audit.After(0, 10);
                        EXPECT_EQ(after->size(), 1u);
                        EXPECT_EQ(after->front().unit_path, province.path);
                        EXPECT_EQ(after->front().after_json, "");
                        EXPECT_TRUE(repos.audit.After(*latest, 10)->empty());
                        return core::Ok();
                    })
                    .ok());
}

TEST_P(StorageContract, ThrottleCountsWithinWindowAndPrunes) {
    const auto work = [&](app::Repositories& repos) -> core::Status {
        UNGCUU_RETURN_IF_ERROR(repos.throttle.RecordFailure("login:a", clock_.Now()));
        clock_.Advance(std::chrono::minutes(20));
        UNGCUU_RETURN_IF_ERROR(repos.throttle.RecordFailure("login:a", clock_.Now()));
        UNGCUU_RETURN_IF_ERROR(repos.throttle.RecordFailure("addr:1.2.3.4", clock_.Now()));
        const auto window_start = clock_.Now() - std::chrono::minutes(15);
        const auto recent = repos.throttle.FailuresSince("login:a", window_start);
        EXPECT_EQ(recent->count, 1);
        EXPECT_EQ(recent->last, clock_.Now());
        UNGCUU_RETURN_IF_ERROR(repos.throttle.Prune(window_start));
        EXPECT_EQ(repos.throttle.FailuresSince("login:a", core::TimePoint{})->count,
                  1);  // old one gone
        UNGCUU_RETURN_IF_ERROR(repos.throttle.Clear("login:a"));
        const auto cleared = repos.throttle.FailuresSince("login:a", core::TimePoint{});
        EXPECT_EQ(cleared->count, 0);
        EXPECT_FALSE(cleared->last.has_value());
        EXPECT_EQ(repos.throttle.FailuresSince("addr:1.2.3.4", core::TimePoint{})->count, 1);
        return core::Ok();
    };
    ASSERT_TRUE(store_->Write(work).ok());
}

// A periodic report's tallies of a unit less its filers' subtrees: exact with nested units, and
// still answered for a province of 1,200 filing communes (a condition per excluded subtree once
// made SQLite refuse the query: "Expression tree is too large").
TEST_P(StorageContract, TalliesLeaveOutTheFilersSubtreesHoweverMany) {
    const Unit province = Insert("P");
    std::vector<Unit> communes;
    ASSERT_TRUE(store_
                    ->Write([&](app::Repositories& repos) -> core::Status {
                        for (int i = 0; i < 1200; ++i) {
                            UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Insert(MakeUnit(
                                                              fmt::format("X{}", i), province.id)));
                            communes.push_back(unit);
                        }
                        return core::Ok();
                    })
                    .ok());
    const Unit school = Insert("SCHOOL", communes[5].id);  // inside an excluded subtree
    const Unit office = Insert("OFFICE", province.id);     // the province's own part
    const auto incident = [&](const Unit& unit, const char* scenario, domain::HandlingMode mode,
                              const char* helper) {
        domain::Incident n;
        n.unit_id = unit.id;
        n.rule_set = "vn-2017";
        n.title = "Sự cố";
        n.scenarios = {scenario};
        n.handling_mode = mode;
        n.damage_vnd = 1000;
        if (helper[0] != '\0') {
            n.helpers = {helper};
        }
        n.detected_at = clock_.Now();
        n.received_at = n.created_at = n.updated_at = clock_.Now();
        return store_->Write([&](app::Repositories& repos) -> core::Status {
            UNGCUU_ASSIGN_OR_RETURN(inserted, repos.incidents.Insert(std::move(n)));
            (void)inserted;
            return core::Ok();
        });
    };
    using domain::HandlingMode;
    ASSERT_TRUE(incident(province, "A5", HandlingMode::kSelf, "").ok());
    ASSERT_TRUE(incident(office, "A5", HandlingMode::kSelf, "").ok());
    ASSERT_TRUE(incident(office, "A3", HandlingMode::kDomesticHelp, "Trung tâm A").ok());
    ASSERT_TRUE(incident(communes[5], "A5", HandlingMode::kSelf, "Công ty B").ok());
    ASSERT_TRUE(incident(school, "A1", HandlingMode::kForeignHelp, "").ok());
    std::vector<std::string> filers;
    filers.reserve(communes.size());
    for (const auto& commune : communes) {
        filers.push_back(commune.path);
    }
    const auto from = clock_.Now() - std::chrono::hours(1);
    const auto to = clock_.Now() + std::chrono::hours(1);
    app::IncidentTallies own;
    app::IncidentTallies whole;
    ASSERT_TRUE(
        store_
            ->Read([&](app::Repositories& repos) -> core::Status {
                UNGCUU_ASSIGN_OR_RETURN(a, repos.periodic.Tally(province.path, filers, from, to));
                UNGCUU_ASSIGN_OR_RETURN(b, repos.periodic.Tally(province.path, {}, from, to));
                own = a;
                whole = b;
                return core::Ok();
            })
            .ok());
    const auto own_figures = domain::Mau05Figures(own.tallies);
    EXPECT_EQ(own_figures.at("mau05.total.count"), 3);  // the province and its office
    EXPECT_EQ(own_figures.at("mau05.A5.self"), 2);
    EXPECT_EQ(own_figures.at("mau05.A3.domestic_help"), 1);
    EXPECT_EQ(own.helpers, std::vector<std::string>{"Trung tâm A"});
    const auto all_figures = domain::Mau05Figures(whole.tallies);
    EXPECT_EQ(all_figures.at("mau05.total.count"), 5);
    EXPECT_EQ(all_figures.at("mau05.A1.foreign_help"), 1);
    EXPECT_EQ(whole.helpers, (std::vector<std::string>{"Công ty B", "Trung tâm A"}));
}

TEST_P(StorageContract, ExchangeRefusalsKeepTheNewestTenThousand) {
    const auto status = store_->Write([&](app::Repositories& repos) -> core::Status {
        for (int i = 0; i < 10'005; ++i) {
            domain::ExchangeRefusal refusal;
            refusal.at = core::FromUnixMillis(1'790'000'000'000 + i);
            refusal.remote = "127.0.0.1";
            refusal.code = "bad_signature";
            refusal.envelope_id = std::to_string(i);
            UNGCUU_RETURN_IF_ERROR(repos.exchange.InsertRefusal(refusal));
        }
        return core::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.error().message_en;
    auto kept =
        store_->Read([](app::Repositories& repos) { return repos.exchange.Refusals(20'000); });
    ASSERT_TRUE(kept.ok());
    ASSERT_EQ(kept->size(), 10'000U);
    EXPECT_EQ(kept->front().envelope_id, "10004");  // newest first
    EXPECT_EQ(kept->back().envelope_id, "5");
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         StorageContract,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& param_info) {
                             return param_info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

TEST(DatabaseUrl, ParsesBothEnginesAndRejectsOthers) {
    EXPECT_EQ(ParseDatabaseUrl("sqlite:data/u.db")->target, "data/u.db");
    EXPECT_EQ(ParseDatabaseUrl("postgresql://u@h/db")->dialect, Dialect::kPostgres);
    EXPECT_FALSE(ParseDatabaseUrl("mysql://x").ok());
    EXPECT_FALSE(ParseDatabaseUrl("sqlite:").ok());
}

}  // namespace
}  // namespace ungcuu::storage
