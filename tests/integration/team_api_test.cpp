// The response team over the API on both engines: a team with members from the people register,
// its weekly on-call rotation, rosters with a gap or a double booking refused with the local
// times and nothing stored, swaps; the night call — an incident received outside office hours
// reaches the member on call by e-mail (a real SMTP server), then the backup when nobody took it
// within the team's acknowledgement time, each once; an acknowledged incident calls nobody else;
// the reminders name who is on call; an incident in office hours calls nobody.
#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

class TeamApiTest : public MailApiTest {
protected:
    std::int64_t AddPerson(HttpClient& client,
                           const domain::Unit& unit,
                           const std::string& name,
                           const std::string& email,
                           const std::string& phone) {
        const auto person = client.Post(UnitPath(unit) + "/people",
                                        json::serialize(json::object{{"full_name", name},
                                                                     {"email", email},
                                                                     {"mobile_phone", phone},
                                                                     {"position", "Chuyên viên"}}));
        EXPECT_EQ(person.status, 201) << person.body;
        return person.Json().at("id").as_int64();
    }

    std::int64_t AddMember(HttpClient& client, std::int64_t team, std::int64_t person) {
        const auto added = client.Post(
            TeamPath(team) + "/members",
            json::serialize(json::object{
                {"person_id", person}, {"role", "member"}, {"skills", "Phân tích mã độc"}}));
        EXPECT_EQ(added.status, 201) << added.body;
        for (const auto& m : added.Json().at("members").as_array()) {
            if (m.at("person_id").as_int64() == person) {
                return m.at("id").as_int64();
            }
        }
        ADD_FAILURE() << "member not listed";
        return 0;
    }

    static std::string TeamPath(std::int64_t team) {
        return "/api/v1/teams/" + std::to_string(team);
    }

    /// The provincial team with `names.size()` members from the department; their ids in order.
    std::vector<std::int64_t> ProvincialTeam(HttpClient& admin,
                                             const std::vector<std::string>& names) {
        const auto team = admin.Post(
            "/api/v1/teams", json::serialize(json::object{{"unit_id", province_.id.value()},
                                                          {"name", "Đội ứng cứu sự cố tỉnh"},
                                                          {"ack_minutes", 15}}));
        EXPECT_EQ(team.status, 201) << team.body;
        team_ = team.Json().at("id").as_int64();
        std::vector<std::int64_t> members;
        int n = 0;
        for (const auto& name : names) {
            const auto login = std::string(1, static_cast<char>('a' + n));
            const auto person = AddPerson(admin, department_, name, login + "@example.gov.vn",
                                          "0905 111 22" + std::to_string(n));
            members.push_back(AddMember(admin, team_, person));
            ++n;
        }
        return members;
    }

    json::object Rotation(const std::vector<std::int64_t>& order, int weeks) {
        json::array ids;
        for (const auto id : order) {
            ids.emplace_back(id);
        }
        // The fixture's clock starts on Monday 21/09/2026 at 21:13 in Vietnam.
        return {{"first_day", "2026-09-21"}, {"weeks", weeks}, {"order", std::move(ids)}};
    }

    int CallsIn(const std::string& mail, const std::string& to) {
        int calls = 0;
        for (auto at = mail.find("SUBJECT [TBSC] Sự cố ngoài giờ"); at != std::string::npos;
             at = mail.find("SUBJECT [TBSC] Sự cố ngoài giờ", at + 1)) {
            const auto line = mail.find('\n', at);
            calls += mail.compare(line + 1, 3 + to.size(), "TO " + to) == 0 ? 1 : 0;
        }
        return calls;
    }

    std::int64_t File(HttpClient& officer, std::int64_t system) {
        const auto filed = officer.Post("/api/v1/incidents", json::serialize(Mau03(system)));
        EXPECT_EQ(filed.status, 201) << filed.body;
        return filed.Json().at("id").as_int64();
    }

    std::int64_t team_ = 0;
};

TEST_P(TeamApiTest, NightIncidentCallsTheMemberOnCallThenTheBackupEachOnce) {
    auto admin = SignedIn("admin");
    const auto members = ProvincialTeam(admin, {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Chi"});
    const auto rotated =
        admin.Post(TeamPath(team_) + "/roster/rotation", json::serialize(Rotation(members, 4)));
    ASSERT_EQ(rotated.status, 200) << rotated.body;
    const auto& team = rotated.Json();
    ASSERT_EQ(team.at("shifts").as_array().size(), 4u);
    EXPECT_EQ(team.at("on_call").at("member").at("name").as_string(), "Nguyễn Văn An");
    EXPECT_EQ(team.at("on_call").at("backup").at("name").as_string(), "Trần Thị Bình");
    // Four weeks from Monday 21/09 08:00: covered until Monday 19/10 08:00.
    EXPECT_EQ(team.at("covered_until").as_string(),
              core::FormatRfc3339(core::StartOfLocalDay(*core::ParseDate("2026-10-19")) +
                                  std::chrono::hours(8)));

    // Four weeks cover the next 30 days: not quite (until 19/10, 27 days from now).
    const auto practice =
        admin.Get("/api/v1/readiness/practice?unit_id=" + std::to_string(commune_a_.id.value()));
    ASSERT_EQ(practice.status, 200) << practice.body;
    EXPECT_EQ(practice.Json().at("team_name").as_string(), "Đội ứng cứu sự cố tỉnh");
    EXPECT_EQ(practice.Json().at("team_members").as_int64(), 3);
    EXPECT_FALSE(practice.Json().at("roster_30_days").as_bool());

    // A member with an account sees their own shifts: on call in weeks 1 and 4, backup in 3.
    auto user = system_->users().Create(
        app::Actor::Cli(),
        {"an.nguyen", "Nguyễn Văn An", "A@example.gov.vn", department_.id, kPassword});
    ASSERT_TRUE(user.ok()) << user.error().message_en;
    ASSERT_TRUE(
        system_->users()
            .Grant(app::Actor::Cli(), user->id, province_.id, domain::Role::kResponder, false)
            .ok());
    const auto mine = SignedIn("an.nguyen").Get("/api/v1/on-call/mine");
    ASSERT_EQ(mine.status, 200) << mine.body;
    const auto& shifts = mine.Json().at("items").as_array();
    ASSERT_EQ(shifts.size(), 3u) << mine.body;
    EXPECT_FALSE(shifts[0].at("as_backup").as_bool());
    EXPECT_TRUE(shifts[1].at("as_backup").as_bool());
    EXPECT_EQ(shifts[1].at("member_name").as_string(), "Lê Minh Chi");
    EXPECT_TRUE(
        SignedIn("officer").Get("/api/v1/on-call/mine").Json().at("items").as_array().empty());

    // The commune is covered by the provincial team: its officer sees whom to call.
    auto officer = SignedIn("officer");
    const auto now = officer.Get(UnitPath(commune_a_) + "/on-call");
    ASSERT_EQ(now.status, 200) << now.body;
    EXPECT_EQ(now.Json().at("on_call").at("member").at("mobile_phone").as_string(), "0905 111 220");

    // 21:13 on a Monday: the incident calls An, by e-mail and in the team's inbox.
    SmtpSink sink(smtp_port_, dir_.path() / "maildir");
    ASSERT_TRUE(sink.Start()) << "python3-aiosmtpd must be installed (tools/install-deps.sh test)";
    const auto system = AddSystem(officer, "XAA-WEB", commune_a_);
    const auto first = File(officer, system);
    system_->RunJobs();
    auto mail = DecodedMail(sink);
    EXPECT_EQ(CallsIn(mail, "a@example.gov.vn"), 1) << mail;
    EXPECT_EQ(CallsIn(mail, "b@example.gov.vn"), 0) << mail;
    EXPECT_NE(mail.find("Đề nghị xác nhận tiếp nhận trong 15 phút"), std::string::npos) << mail;
    const auto incident = officer.Get("/api/v1/incidents/" + std::to_string(first));
    bool called = false;
    for (const auto& e : incident.Json().at("timeline").as_array()) {
        called = called || e.at("kind").as_string() == "on_call";
    }
    EXPECT_TRUE(called) << incident.body;

    // Ten minutes without an answer: still only An. Sixteen: Bình, the backup, once.
    clock_.Advance(std::chrono::minutes(10));
    system_->RunJobs();
    EXPECT_EQ(CallsIn(DecodedMail(sink), "b@example.gov.vn"), 0);
    clock_.Advance(std::chrono::minutes(6));
    system_->RunJobs();
    system_->RunJobs();
    mail = DecodedMail(sink);
    EXPECT_EQ(CallsIn(mail, "b@example.gov.vn"), 1) << mail;
    EXPECT_EQ(CallsIn(mail, "a@example.gov.vn"), 1) << mail;
    EXPECT_NE(mail.find("Nguyễn Văn An (người trực) chưa xác nhận tiếp nhận sau 15 phút"),
              std::string::npos)
        << mail;

    // A second incident acknowledged in time: An is called, the backup is not.
    officer = SignedIn("officer");
    const auto second = File(officer, system);
    system_->RunJobs();
    const auto ack = SignedIn("coordinator")
                         .Post("/api/v1/incidents/" + std::to_string(second) + "/transitions",
                               R"({"to":"acknowledged","note":"Đã nhận"})");
    ASSERT_EQ(ack.status, 200) << ack.body;
    clock_.Advance(std::chrono::minutes(20));
    system_->RunJobs();
    mail = DecodedMail(sink);
    EXPECT_EQ(CallsIn(mail, "a@example.gov.vn"), 2) << mail;
    EXPECT_EQ(CallsIn(mail, "b@example.gov.vn"), 1) << mail;

    // The first incident's acknowledgement is due soon: its reminder names who is on call.
    clock_.Advance(std::chrono::minutes(10));
    system_->RunJobs();
    mail = DecodedMail(sink);
    EXPECT_NE(mail.find("Đang trực (Đội ứng cứu sự cố tỉnh): Nguyễn Văn An (0905 111 220); dự "
                        "phòng: Trần Thị Bình (0905 111 221)"),
              std::string::npos)
        << mail;

    // Tuesday 10:00, office hours: the unit's own channels, no call.
    clock_.Advance(std::chrono::hours(12));
    officer = SignedIn("officer");
    File(officer, system);
    system_->RunJobs();
    mail = DecodedMail(sink);
    EXPECT_EQ(CallsIn(mail, "a@example.gov.vn"), 2) << mail;
    sink.Stop();
}

TEST_P(TeamApiTest, RostersWithGapsOrDoubleBookingsAreRefusedWithTheTimesAndStoreNothing) {
    auto admin = SignedIn("admin");
    const auto members =
        ProvincialTeam(admin, {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Chi", "Phạm Văn Dũng"});
    ASSERT_EQ(
        admin.Post(TeamPath(team_) + "/roster/rotation", json::serialize(Rotation(members, 4)))
            .status,
        200);
    const auto before = admin.Get(TeamPath(team_)).body;
    const auto audit = AuditCount();

    // A gap of a day between two shifts, named with its local times.
    const auto shift = [&](std::int64_t member, std::optional<std::int64_t> backup,
                           const char* from, const char* to) {
        json::object s{{"member_id", member},
                       {"starts_at", std::string(from) + "T08:00:00+07:00"},
                       {"ends_at", std::string(to) + "T08:00:00+07:00"}};
        if (backup) {
            s["backup_id"] = *backup;
        }
        return s;
    };
    const auto gap = admin.Send(
        "PUT", TeamPath(team_) + "/roster",
        json::serialize(json::object{
            {"shifts", json::array{shift(members[0], members[1], "2026-10-22", "2026-10-29"),
                                   shift(members[2], members[3], "2026-10-30", "2026-11-06")}}}));
    EXPECT_EQ(gap.status, 400) << gap.body;
    EXPECT_NE(gap.body.find("không có ai trực từ 08:00 ngày 29/10/2026 đến 08:00 ngày 30/10/2026"),
              std::string::npos)
        << gap.body;
    // One person on two overlapping shifts (on call, then backup of the next one).
    const auto twice = admin.Send(
        "PUT", TeamPath(team_) + "/roster",
        json::serialize(json::object{
            {"shifts", json::array{shift(members[0], members[1], "2026-10-22", "2026-10-29"),
                                   shift(members[2], members[0], "2026-10-28", "2026-11-04")}}}));
    EXPECT_EQ(twice.status, 400) << twice.body;
    EXPECT_NE(twice.body.find("Nguyễn Văn An trực hai ca chồng nhau"), std::string::npos)
        << twice.body;
    // A swap of a shift with itself, or with a shift of no team's.
    const auto stored = json::parse(before);
    const auto& shifts = stored.at("shifts").as_array();
    const auto id = [&](std::size_t i) { return shifts[i].at("id").as_int64(); };
    for (const auto other : {id(0), std::int64_t{987654}}) {
        const auto self =
            admin.Post(TeamPath(team_) + "/roster/swap",
                       json::serialize(json::object{{"shift_a", id(0)}, {"shift_b", other}}));
        EXPECT_EQ(self.status, 400) << self.body;
        EXPECT_NE(self.body.find("Chọn hai ca khác nhau"), std::string::npos) << self.body;
    }
    // Hostile sizes and shapes: refused before anything is built.
    EXPECT_EQ(
        admin.Post(TeamPath(team_) + "/roster/rotation", json::serialize(Rotation(members, 100000)))
            .status,
        400);
    EXPECT_EQ(admin
                  .Post(TeamPath(team_) + "/roster/rotation",
                        json::serialize(Rotation({members[0], members[0]}, 2)))
                  .status,
              400);
    EXPECT_EQ(admin
                  .Post(TeamPath(team_) + "/roster/rotation",
                        R"({"first_day":"2025-01-06","weeks":2,"order":[)" +
                            std::to_string(members[0]) + "]}")
                  .status,
              400)
        << "the past is not rewritten";
    json::array many;
    for (int i = 0; i < 401; ++i) {
        many.push_back(shift(members[0], std::nullopt, "2026-10-22", "2026-10-29"));
    }
    EXPECT_EQ(admin
                  .Send("PUT", TeamPath(team_) + "/roster",
                        json::serialize(json::object{{"shifts", many}}))
                  .status,
              400);
    EXPECT_EQ(admin
                  .Send("PUT", TeamPath(team_) + "/roster",
                        R"({"shifts":[{"member_id":1,)"
                        R"("starts_at":"hôm nay",)"
                        R"("ends_at":"2026-10-29"}]})")
                  .status,
              400);
    EXPECT_EQ(admin.Get(TeamPath(team_)).body, before) << "nothing stored";
    EXPECT_EQ(AuditCount(), audit);

    // A swap of weeks 1 and 2 (An ↔ Bình): Bình is on call now, backed up by An.
    const auto swapped =
        admin.Post(TeamPath(team_) + "/roster/swap",
                   json::serialize(json::object{{"shift_a", id(0)}, {"shift_b", id(1)}}));
    ASSERT_EQ(swapped.status, 200) << swapped.body;
    EXPECT_EQ(swapped.Json().at("on_call").at("member").at("name").as_string(), "Trần Thị Bình");
    EXPECT_EQ(swapped.Json().at("on_call").at("backup").at("name").as_string(), "Nguyễn Văn An");

    // Someone still on the roster does not leave the team silently.
    const auto leave = admin.Send("PUT", TeamPath(team_) + "/members/" + std::to_string(members[3]),
                                  R"({"role":"member","active":false})");
    EXPECT_EQ(leave.status, 409) << leave.body;
    EXPECT_NE(leave.body.find("Phạm Văn Dũng còn trong lịch trực"), std::string::npos)
        << leave.body;

    // One team per unit; members only from the unit's part of the tree; nobody twice.
    EXPECT_EQ(
        admin
            .Post("/api/v1/teams", json::serialize(json::object{{"unit_id", province_.id.value()},
                                                                {"name", "Đội thứ hai"}}))
            .status,
        409);
    const auto other = AddUnit("Q", std::nullopt, domain::UnitKind::kProvince);
    AddUser("admin.q", other, domain::Role::kAdmin, other);
    auto admin_q = SignedIn("admin.q");
    const auto outsider = AddPerson(admin_q, other, "Người tỉnh khác", "x@example.vn", "");
    const auto refused = admin.Post(TeamPath(team_) + "/members",
                                    json::serialize(json::object{{"person_id", outsider}}));
    EXPECT_EQ(refused.status, 400) << refused.body;
    const auto again = admin.Post(
        TeamPath(team_) + "/members",
        json::serialize(
            json::object{{"person_id", stored.at("members").at(0).at("person_id").as_int64()}}));
    EXPECT_EQ(again.status, 409) << again.body;
    // A commune officer neither sees the provincial team's page nor changes it; another
    // province's admin does not see it at all.
    auto officer = SignedIn("officer");
    EXPECT_EQ(officer.Get(TeamPath(team_)).status, 404);
    EXPECT_EQ(officer
                  .Post("/api/v1/teams", json::serialize(json::object{
                                             {"unit_id", province_.id.value()}, {"name", "Đội"}}))
                  .status,
              404);
    EXPECT_EQ(admin_q.Get(TeamPath(team_)).status, 404);
    EXPECT_TRUE(admin_q.Get("/api/v1/teams").Json().at("items").as_array().empty());
    EXPECT_EQ(admin_q
                  .Post(TeamPath(team_) + "/roster/swap",
                        json::serialize(json::object{{"shift_a", id(0)}, {"shift_b", id(2)}}))
                  .status,
              404);
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         TeamApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
