// The response network across three installations started by the test on loopback: a national
// node and a commune on SQLite, the province on the suite's engine (PostgreSQL under make test).
// The province joins the national node and the commune joins the province with one-time codes;
// a national warning reaches the province, which re-targets it by system traits to two of its
// communes — one answers "fixed", one misses the deadline — and its own answer goes back up; the
// commune installation's Mẫu 03 reaches the province as an incident; the commune is stopped, the
// province queues 1,000 envelopes for it, and once it is back each is applied exactly once.
// Envelopes that are tampered with, replayed, from an unknown installation, or come with a used
// code are refused with the reason and recorded for the administrator.
#include <regex>

#include "federation/envelope.hpp"
#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

// A rule a warning carries: a request for the web shell the exploited mail servers receive.
constexpr const char* kZimbraRule =
    "title: Web shell trên máy chủ Zimbra (Zimbra web shell)\n"
    "id: 0d3c5e7a-1b2f-4a6d-9c8e-7f1a2b3c4d5e\n"
    "level: high\n"
    "logsource:\n  category: webserver\n"
    "detection:\n  shell:\n    cs-uri-stem|contains: '/zimbra/public/jsp/'\n"
    "  condition: shell\n";

/// Another installation in the same test: its own database file, wiring, API and HTTP server.
class Installation {
public:
    Installation(std::filesystem::path db, const core::Clock& clock)
        : db_(std::move(db)), clock_(clock) {}

    ~Installation() { Stop(); }

    void Start(unsigned short port = 0) {
        bin::WiringOptions wiring{"sqlite:" + db_.string(), auth::HashCost::kMinimal, &clock_};
        wiring.upload_dir = db_.string() + ".files";
        auto system = bin::System::Open(wiring);
        ASSERT_TRUE(system.ok()) << system.error().message_en;
        system_ = std::move(system).value();
        api_ = std::make_unique<http::Api>(system_->services(), http::ApiOptions{});
        http::ServerOptions options;
        options.port = port;
        options.body_limit = std::size_t{64} * 1024;
        system_->BindServer(options, *api_);
        server_ = ServeApi(*api_, options, port_);
        ASSERT_NE(port_, 0);
        system_->exchange().set_public_url(Url());
    }

    void Stop() {
        if (system_) {
            system_->changes().Stop();
        }
        if (server_) {
            server_->Stop();
        }
        server_.reset();
        api_.reset();
        system_.reset();
    }

    std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    unsigned short port() const { return port_; }

    bin::System& system() { return *system_; }

    domain::Unit AddUnit(const std::string& code,
                         std::optional<domain::UnitId> parent,
                         domain::UnitKind kind,
                         const std::string& name) {
        domain::Unit unit;
        unit.code = code;
        unit.kind = kind;
        unit.name_vi = name;
        unit.parent_id = parent;
        auto created = system_->units().Create(app::Actor::Cli(), unit);
        EXPECT_TRUE(created.ok()) << created.error().message_en;
        return *created;
    }

    /// Warnings received from a parent installation.
    int Received() {
        auto list = system_->store().Read(
            [](app::Repositories& repos) { return repos.warnings.List({}, true, 5000); });
        EXPECT_TRUE(list.ok());
        int received = 0;
        for (const auto& warning : *list) {
            received += warning.origin_peer ? 1 : 0;
        }
        return received;
    }

private:
    std::filesystem::path db_;
    const core::Clock& clock_;
    std::unique_ptr<bin::System> system_;
    std::unique_ptr<http::Api> api_;
    std::unique_ptr<http::Server> server_;
    unsigned short port_ = 0;
};

class ExchangeTest : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        system_->exchange().set_public_url("http://127.0.0.1:" + std::to_string(port_));
    }

    domain::Warning NationalWarning(domain::UnitId issuer, int hours) {
        domain::Warning w;
        w.issuer = issuer;
        w.title = "Lỗ hổng nghiêm trọng trên máy chủ thư Zimbra đang bị khai thác";
        w.severity = domain::WarningSeverity::kCritical;
        w.description = "Mã độc cài qua lỗ hổng thực thi mã từ xa.";
        w.actions = "Cập nhật bản vá 8.8.15 P45; rà soát nhật ký truy cập.";
        w.deadline = clock_.Now() + std::chrono::hours(hours);
        w.references = {"CVE-2026-27443"};
        w.indicators = {{domain::ObservableKind::kIp, "203.0.113.7"}};
        w.tlp = domain::Tlp::kAmber;
        w.target = {issuer, {domain::UnitKind::kProvince}, {}};
        return w;
    }

    /// A Mẫu 03 of the commune installation's unit, filled in as the form requires.
    app::NewIncident CommuneIncident(domain::UnitId unit, std::string title) {
        app::NewIncident incident;
        incident.fields.title = std::move(title);
        incident.fields.description = "Trang chủ hiển thị nội dung lạ từ 8 giờ sáng.";
        incident.fields.reporter = {"UBND xã C", "Xã C", "", "0262 3812 999",
                                    "ubnd.xac@example.gov.vn"};
        incident.fields.contact = {"Trần Thị Cúc", "", "", "0905 111 222", "cuc@example.gov.vn"};
        incident.fields.affected_text = "Cổng thông tin điện tử xã C";
        incident.fields.detected_at = clock_.Now() - std::chrono::hours(1);
        incident.fields.handled = false;
        incident.fields.detection_methods = {"log_review"};
        incident.fields.notified_parties = {"coordinator"};
        incident.unit_id = unit;
        return incident;
    }

    /// Sends envelope texts to `port` as the installation `node` would.
    static HttpReply SendEnvelopes(unsigned short port,
                                   const std::string& node,
                                   const std::vector<std::string>& texts) {
        json::array list;
        for (const auto& text : texts) {
            list.emplace_back(text);
        }
        HttpClient client(port);
        return client.Send("POST", "/api/v1/exchange/envelopes",
                           json::serialize(json::object{{"envelopes", std::move(list)}}),
                           {{"Ungcuu-Node", node}, {"Content-Type", "application/json"}});
    }

    /// This province's node and current key, as stored.
    std::pair<std::string, federation::KeyPair> ProvinceKey() {
        auto identity = system_->store().Read(
            [](app::Repositories& repos) { return repos.exchange.Identity(); });
        EXPECT_TRUE(identity.ok() && identity->has_value());
        const auto& key = (*identity)->keys.back();
        return {(*identity)->node, *federation::ParseKeyPair(key.public_key, key.secret_key)};
    }
};

TEST_P(ExchangeTest, WarningsGoDownAnswersAndReportsComeUpAndAStoppedCommuneCatchesUp) {
    const auto cli = app::Actor::Cli();
    Installation national(dir_.path() / "national.db", clock_);
    ASSERT_NO_FATAL_FAILURE(national.Start());
    const auto vn = national.AddUnit("VN", std::nullopt, domain::UnitKind::kNational,
                                     "Trung tâm Giám sát an toàn không gian mạng quốc gia");
    const auto vn_province = national.AddUnit("VN-P", vn.id, domain::UnitKind::kProvince, "Tỉnh P");
    Installation commune(dir_.path() / "commune.db", clock_);
    const auto commune_port = static_cast<unsigned short>(FreeLoopbackPort());
    ASSERT_NO_FATAL_FAILURE(commune.Start(commune_port));
    const auto xa_c =
        commune.AddUnit("XA-C", std::nullopt, domain::UnitKind::kCommune, "UBND xã C");
    const auto commune_c = AddUnit("P-XA-C", province_.id, domain::UnitKind::kCommune);

    // Enrolment: the national node's code, the province's administrator joins with it.
    auto issued = national.system().exchange().IssueEnrolment(cli, vn_province.id, "Tỉnh P");
    ASSERT_TRUE(issued.ok()) << issued.error().message_en;
    EXPECT_EQ(issued->code.size(), 19U);
    auto admin = SignedIn("admin");
    const auto officer_refused = SignedIn("officer").Post(
        "/api/v1/exchange/join",
        json::serialize(json::object{{"parent_url", national.Url()}, {"code", issued->code}}));
    EXPECT_EQ(officer_refused.status, 403) << officer_refused.body;
    const auto joined = admin.Post(
        "/api/v1/exchange/join",
        json::serialize(json::object{{"parent_url", national.Url()}, {"code", issued->code}}));
    ASSERT_EQ(joined.status, 201) << joined.body;
    EXPECT_EQ(joined.Json().at("relation").as_string(), "parent");
    // The code works once: the commune presenting it again is refused and the refusal recorded.
    const auto reused = commune.system().exchange().Join(cli, national.Url(), issued->code);
    ASSERT_FALSE(reused.ok());
    auto national_view = national.system().exchange().Overview(cli);
    ASSERT_TRUE(national_view.ok());
    ASSERT_EQ(national_view->peers.size(), 1U);
    EXPECT_EQ(national_view->peers[0].unit_name, "Tỉnh P");
    ASSERT_FALSE(national_view->refusals.empty());
    EXPECT_EQ(national_view->refusals[0].code, "enrolment");

    // The province's code for the commune installation, issued over the API.
    const auto code = admin.Post("/api/v1/exchange/enrolments",
                                 json::serialize(json::object{{"unit_id", commune_c.id.value()}}));
    ASSERT_EQ(code.status, 201) << code.body;
    const auto commune_joined =
        commune.system().exchange().Join(cli, "http://127.0.0.1:" + std::to_string(port_) + "/",
                                         std::string(code.Json().at("code").as_string()));
    ASSERT_TRUE(commune_joined.ok()) << commune_joined.error().message_en;

    // A national warning reaches the province, with the Sigma rules to run where recipients
    // consent.
    auto national_warning = NationalWarning(vn.id, 72);
    national_warning.sigma_rules = kZimbraRule;
    const auto national_issued = national.system().warnings().Issue(cli, national_warning);
    ASSERT_TRUE(national_issued.ok()) << national_issued.error().message_en;
    national.system().RunJobs();
    auto list = admin.Get("/api/v1/warnings");
    ASSERT_EQ(list.status, 200);
    std::int64_t received = 0;
    for (const auto& w : list.Json().at("items").as_array()) {
        if (w.at("origin_name").as_string() ==
            "Trung tâm Giám sát an toàn không gian mạng quốc gia") {
            received = w.at("id").as_int64();
        }
    }
    ASSERT_NE(received, 0) << list.body;
    const auto view = admin.Get("/api/v1/warnings/" + std::to_string(received));
    ASSERT_EQ(view.Json().at("items").as_array().size(), 1U);
    EXPECT_EQ(view.Json().at("indicators").at(0).at("value").as_string(), "203.0.113.7");
    EXPECT_EQ(view.Json().at("sigma_rules").as_string(), kZimbraRule);
    const auto province_item = view.Json().at("items").at(0).at("id").as_int64();

    // Re-targeted by traits: the two communes running Zimbra, not the department's web portal.
    const json::object zimbra{{"vendor", "Synacor Zimbra"}, {"services", json::array{"mail"}}};
    AddSystem(admin, "XAA-MAIL", commune_a_, zimbra);
    AddSystem(admin, "XAB-MAIL", commune_b_, zimbra);
    AddSystem(admin, "SO-WEB", department_, {{"services", json::array{"web"}}});
    auto coordinator = SignedIn("coordinator");
    const auto passed = coordinator.Post(
        "/api/v1/warnings/" + std::to_string(received) + "/pass-on",
        json::serialize(json::object{
            {"from_unit_id", province_.id.value()},
            {"tlp", "amber"},
            {"target", json::object{{"unit_id", province_.id.value()},
                                    {"traits", json::object{{"software", "zimbra"}}}}}}));
    ASSERT_EQ(passed.status, 201) << passed.body;
    const auto child = passed.Json().at("id").as_int64();
    const auto& items = passed.Json().at("items").as_array();
    ASSERT_EQ(items.size(), 2U);
    std::int64_t item_a = 0;
    for (const auto& item : items) {
        if (item.at("unit_id").as_int64() == commune_a_.id.value()) {
            item_a = item.at("id").as_int64();
        }
    }
    ASSERT_NE(item_a, 0);
    const auto fixed =
        SignedIn("officer").Post("/api/v1/warning-items/" + std::to_string(item_a) + "/answer",
                                 R"({"answer":"fixed","evidence":"Đã cài bản vá P45 lúc 9 giờ."})");
    ASSERT_EQ(fixed.status, 200) << fixed.body;
    // The province's own answer goes up.
    const auto own =
        coordinator.Post("/api/v1/warning-items/" + std::to_string(province_item) + "/answer",
                         R"({"answer":"affected","evidence":"Hai xã dùng Zimbra; một xã đã vá."})");
    ASSERT_EQ(own.status, 200) << own.body;
    system_->RunJobs();
    auto national_warnings = national.system().warnings().List(cli);
    ASSERT_TRUE(national_warnings.ok());
    ASSERT_EQ(national_warnings->warnings.size(), 1U);
    const auto national_detail =
        national.system().warnings().Get(cli, national_warnings->warnings[0].warning.id);
    ASSERT_TRUE(national_detail.ok());
    ASSERT_EQ(national_detail->items.size(), 1U);
    const auto& answered = national_detail->items[0].item;
    ASSERT_TRUE(answered.answer.has_value());
    EXPECT_EQ(*answered.answer, domain::WarningAnswer::kAffected);
    EXPECT_EQ(answered.evidence, "Hai xã dùng Zimbra; một xã đã vá.");
    EXPECT_NE(answered.answered_by.find("Tỉnh P"), std::string::npos) << answered.answered_by;

    // Commune B misses the deadline: the province is told; the roll-up shows one fixed, one late.
    clock_.Advance(std::chrono::hours(73));
    system_->RunJobs();
    coordinator = SignedIn("coordinator");
    admin = SignedIn("admin");
    const auto rolled = coordinator.Get("/api/v1/warnings/" + std::to_string(child));
    EXPECT_EQ(rolled.Json().at("rollup").at("fixed").as_int64(), 1);
    EXPECT_EQ(rolled.Json().at("rollup").at("overdue").as_int64(), 1);
    bool told = false;
    const auto notices = coordinator.Get("/api/v1/warnings");
    for (const auto& notice : notices.Json().at("notices").as_array()) {
        told = told || (notice.at("kind").as_string() == "overdue" &&
                        notice.at("about_unit_id").as_int64() == commune_b_.id.value());
    }
    EXPECT_TRUE(told);

    // The commune installation's Mẫu 03 reaches the province as an incident of the unit it stands
    // for, with the report's number in its timeline.
    auto filed = commune.system().incidents().Create(
        cli, CommuneIncident(xa_c.id, "Cổng thông tin xã C bị thay đổi giao diện"));
    ASSERT_TRUE(filed.ok()) << filed.error().message_en;
    const auto filed_id = filed->details.incident.id;
    auto draft = commune.system().incidents().CreateReport(
        cli, filed_id,
        {"initial", "Giao diện bị thay bằng trang quảng cáo cờ bạc.", "", "", "", ""});
    ASSERT_TRUE(draft.ok()) << draft.error().message_en;
    auto issued_report = commune.system().incidents().IssueReport(cli, filed_id, draft->id);
    ASSERT_TRUE(issued_report.ok()) << issued_report.error().message_en;
    commune.system().RunJobs();
    const auto incidents =
        admin.Get("/api/v1/incidents?unit_id=" + std::to_string(commune_c.id.value()));
    ASSERT_EQ(incidents.status, 200) << incidents.body;
    ASSERT_EQ(incidents.Json().at("items").as_array().size(), 1U) << incidents.body;
    const auto arrived = incidents.Json().at("items").at(0);
    EXPECT_EQ(arrived.at("title").as_string(), "Cổng thông tin xã C bị thay đổi giao diện");
    const auto detail =
        admin.Get("/api/v1/incidents/" + std::to_string(arrived.at("id").as_int64()));
    EXPECT_NE(detail.body.find("/BC-XA-C"), std::string::npos) << detail.body;
    // The issued document came with it: the commune's PDF, kept with the incident.
    const auto& documents = detail.Json().at("attachments").as_array();
    ASSERT_EQ(documents.size(), 1U) << detail.body;
    EXPECT_TRUE(documents[0].at("name").as_string().ends_with(".pdf")) << detail.body;
    const auto pdf = admin.Get("/api/v1/incidents/" + std::to_string(arrived.at("id").as_int64()) +
                               "/attachments/" + std::to_string(documents[0].at("id").as_int64()));
    ASSERT_EQ(pdf.status, 200);
    EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
    auto original =
        commune.system().documents().Render(cli, filed_id, draft->id, app::DocumentFormat::kPdf);
    ASSERT_TRUE(original.ok());
    // The same document, but for the moment cairo stamps into each rendering (to the second).
    const auto unstamped = [](const std::string& bytes) {
        static const std::regex kStamp(R"(/CreationDate \(D:[0-9Z+'-]*\))");
        return std::regex_replace(bytes, kStamp, "");
    };
    EXPECT_TRUE(unstamped(pdf.body) == unstamped(original->bytes))
        << pdf.body.size() << " bytes arrived, " << original->bytes.size() << " rendered";

    // The commune is stopped; the province queues 1,000 warnings for it.
    commune.Stop();
    for (int i = 0; i < 1000; ++i) {
        domain::Warning w = NationalWarning(province_.id, 240);
        w.title = "Cảnh báo số " + std::to_string(i + 1);
        w.target = {commune_c.id, {}, {}};
        ASSERT_TRUE(system_->warnings().Issue(cli, w).ok());
    }
    int queued = 0;
    for (auto round = system_->exchange().Collect(); round.ok() && *round > 0;
         round = system_->exchange().Collect()) {
        queued += *round;
    }
    EXPECT_EQ(queued, 1000);
    EXPECT_EQ(*system_->exchange().Deliver(), 0);
    auto waiting = system_->exchange().Overview(cli);
    ASSERT_TRUE(waiting.ok());
    for (const auto& peer : waiting->peers) {
        if (peer.relation == domain::PeerRelation::kChild) {
            EXPECT_EQ(peer.queued, 1000);
            EXPECT_FALSE(peer.last_error.empty());
        }
    }
    // Back on the same address: after the backoff every envelope is applied, once.
    ASSERT_NO_FATAL_FAILURE(commune.Start(commune_port));
    EXPECT_EQ(*system_->exchange().Deliver(), 0);  // still backing off
    clock_.Advance(std::chrono::minutes(1));
    EXPECT_EQ(*system_->exchange().Deliver(), 1000);
    EXPECT_EQ(commune.Received(), 1000);
    EXPECT_EQ(*system_->exchange().Deliver(), 0);

    // A replay of a delivered envelope is answered "duplicate" and applies nothing; a tampered one
    // and one from an installation nobody enrolled are refused, and the refusals are recorded.
    const auto [node, key] = ProvinceKey();
    federation::Envelope envelope;
    envelope.id = federation::NewEnvelopeId();
    envelope.sender = node;
    envelope.recipient = commune.system().exchange().Overview(cli)->node;
    envelope.type = "warning";
    envelope.created = clock_.Now();
    envelope.expires = clock_.Now() + std::chrono::hours(24);
    envelope.body =
        json::object{{"id", "999999"},
                     {"title", "Cảnh báo gửi lại"},
                     {"severity", "low"},
                     {"actions", "Không cần làm gì."},
                     {"deadline", core::FormatRfc3339(clock_.Now() + std::chrono::hours(5))},
                     {"issued_at", core::FormatRfc3339(clock_.Now())},
                     {"tlp", "green"}};
    const auto sealed = federation::Seal(envelope, key);
    ASSERT_TRUE(sealed.ok());
    const auto first = SendEnvelopes(commune_port, node, {*sealed});
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.Json().at("results").at(0).at("status").as_string(), "applied") << first.body;
    const auto again = SendEnvelopes(commune_port, node, {*sealed});
    EXPECT_EQ(again.Json().at("results").at(0).at("status").as_string(), "duplicate");
    EXPECT_EQ(commune.Received(), 1001);
    // One batch: a good warning, the same again, and one whose body cannot be applied — the good
    // one is applied once, the repeat is a duplicate, the bad one alone is refused.
    auto good = envelope;
    good.id = federation::NewEnvelopeId();
    good.body.as_object()["id"] = "999998";
    auto bad = envelope;
    bad.id = federation::NewEnvelopeId();
    bad.body.as_object().erase("title");
    const auto good_text = federation::Seal(good, key);
    const auto bad_text = federation::Seal(bad, key);
    const auto mixed = SendEnvelopes(commune_port, node, {*good_text, *good_text, *bad_text});
    ASSERT_EQ(mixed.status, 200) << mixed.body;
    const auto& outcome = mixed.Json().at("results").as_array();
    ASSERT_EQ(outcome.size(), 3U) << mixed.body;
    EXPECT_EQ(outcome[0].at("status").as_string(), "applied");
    EXPECT_EQ(outcome[1].at("status").as_string(), "duplicate");
    EXPECT_EQ(outcome[2].at("code").as_string(), "not_applied");
    EXPECT_EQ(commune.Received(), 1002);
    std::string tampered = *sealed;
    tampered.replace(tampered.find("Cảnh báo gửi lại"), std::string("Cảnh báo gửi lại").size(),
                     "Cảnh báo giả mạo");
    const auto forged = SendEnvelopes(commune_port, node, {tampered});
    ASSERT_EQ(forged.status, 200) << forged.body;
    EXPECT_EQ(forged.Json().at("results").at(0).at("code").as_string(), "bad_signature");
    EXPECT_EQ(commune.Received(), 1002);
    const auto stranger = SendEnvelopes(commune_port, "n-0123456789abcdef", {*sealed});
    EXPECT_EQ(stranger.status, 403) << stranger.body;
    const auto refusals = commune.system().exchange().Overview(cli);
    ASSERT_TRUE(refusals.ok());
    std::vector<std::string> codes;
    for (const auto& refusal : refusals->refusals) {
        codes.push_back(refusal.code);
    }
    EXPECT_NE(std::find(codes.begin(), codes.end(), "bad_signature"), codes.end());
    EXPECT_NE(std::find(codes.begin(), codes.end(), "replay"), codes.end());
}

// Coordination orders go down and their answers come up; a withdrawn warning is withdrawn below;
// the commune installation's periodic report goes to the province, which returns it with a
// reason and then accepts the corrected one, each review reaching the commune; the province's
// acknowledgement of a reported incident reaches the commune's timeline. Envelopes of these kinds
// from the wrong side, or with figures no installation writes, are refused and change nothing.
TEST_P(ExchangeTest, OrdersAndWithdrawalsGoDownPeriodicReportsComeUpAndEachSideHearsBack) {
    const auto cli = app::Actor::Cli();
    Installation commune(dir_.path() / "commune.db", clock_);
    ASSERT_NO_FATAL_FAILURE(commune.Start());
    const auto xa_c =
        commune.AddUnit("XA-C", std::nullopt, domain::UnitKind::kCommune, "UBND xã C");
    const auto commune_c = AddUnit("P-XA-C", province_.id, domain::UnitKind::kCommune);
    auto code = system_->exchange().IssueEnrolment(cli, commune_c.id, "Xã C");
    ASSERT_TRUE(code.ok()) << code.error().message_en;
    ASSERT_TRUE(commune.system()
                    .exchange()
                    .Join(cli, "http://127.0.0.1:" + std::to_string(port_), code->code)
                    .ok());
    const auto exchange = [&] {
        system_->RunJobs();
        commune.system().RunJobs();
        system_->RunJobs();
    };

    // Mẫu 06: the province records the national order for two communes; the one with its own
    // installation receives it there, answers, and the answer reaches the province's task.
    app::NewOrder recorded;
    recorded.order.receiving_unit_id = province_.id;
    recorded.order.issuer = "Cục An toàn thông tin";
    recorded.order.number = "125/CATTT-TTNC";
    recorded.order.issued_on = core::LocalDate(clock_.Now());
    recorded.order.subject = "Rà soát mã độc APT trên máy chủ thư điện tử";
    recorded.order.actions = "Rà soát theo danh sách dấu hiệu kèm theo; báo cáo kết quả.";
    recorded.order.deadline = clock_.Now() + std::chrono::hours(48);
    recorded.addressees = {commune_c.id, commune_a_.id};
    auto order = system_->network().RecordOrder(cli, recorded);
    ASSERT_TRUE(order.ok()) << order.error().message_en;
    exchange();
    auto received = commune.system().network().Orders(cli);
    ASSERT_TRUE(received.ok());
    ASSERT_EQ(received->size(), 1U);
    const auto& there = (*received)[0];
    EXPECT_EQ(there.order.number, "125/CATTT-TTNC");
    EXPECT_EQ(there.order.issuer, "Cục An toàn thông tin");
    EXPECT_EQ(there.order.actions, recorded.order.actions);
    ASSERT_EQ(there.tasks.size(), 1U);
    EXPECT_EQ(there.tasks[0].unit_id, xa_c.id);
    EXPECT_EQ(there.tasks[0].due_at, recorded.order.deadline);
    ASSERT_TRUE(commune.system()
                    .network()
                    .AnswerTask(cli, there.tasks[0].id, domain::TaskState::kDone,
                                "Đã rà soát 2 máy chủ, không phát hiện dấu hiệu.")
                    .ok());
    exchange();
    auto followed = system_->network().Order(cli, order->order.id);
    ASSERT_TRUE(followed.ok());
    for (const auto& task : followed->tasks) {
        if (task.unit_id == commune_c.id) {
            EXPECT_EQ(task.state, domain::TaskState::kDone);
            EXPECT_EQ(task.answer, "Đã rà soát 2 máy chủ, không phát hiện dấu hiệu.");
            EXPECT_NE(task.answered_by.find("Xã C"), std::string::npos) << task.answered_by;
        } else {
            EXPECT_EQ(task.state, domain::TaskState::kOpen);
        }
    }
    EXPECT_EQ(followed->roll_up.done, 1);
    EXPECT_EQ(followed->roll_up.open, 1);

    // A warning withdrawn at the province is withdrawn at the commune installation too.
    domain::Warning w = NationalWarning(province_.id, 72);
    w.target = {commune_c.id, {}, {}};
    auto issued = system_->warnings().Issue(cli, w);
    ASSERT_TRUE(issued.ok()) << issued.error().message_en;
    exchange();
    auto below = commune.system().warnings().List(cli);
    ASSERT_TRUE(below.ok());
    ASSERT_EQ(below->warnings.size(), 1U);
    EXPECT_FALSE(below->warnings[0].warning.withdrawn_at.has_value());
    ASSERT_TRUE(system_->warnings().Withdraw(cli, issued->warning.id).ok());
    exchange();
    below = commune.system().warnings().List(cli);
    ASSERT_TRUE(below.ok());
    ASSERT_EQ(below->warnings.size(), 1U);
    EXPECT_TRUE(below->warnings[0].warning.withdrawn_at.has_value());

    // The periodic report: the province runs the provincial plan's chain, the commune installation
    // the same regime for itself; its report waits for the province's review instead of counting
    // as filed.
    const std::string regime = "plan-province-year";
    const auto year = std::to_string(
        static_cast<int>(std::chrono::year_month_day(core::LocalDate(clock_.Now())).year()));
    ASSERT_TRUE(system_->periodic().Adopt(cli, regime, province_.id).ok());
    ASSERT_TRUE(commune.system().periodic().Adopt(cli, regime, xa_c.id).ok());
    // From the wrong side, or with figures no installation writes: refused, nothing changes.
    auto identity = commune.system().store().Read(
        [](app::Repositories& repos) { return repos.exchange.Identity(); });
    ASSERT_TRUE(identity.ok() && identity->has_value());
    const auto& commune_key = (*identity)->keys.back();
    const auto pair = federation::ParseKeyPair(commune_key.public_key, commune_key.secret_key);
    ASSERT_TRUE(pair.has_value());
    const auto seal = [&](std::string type, json::object body) {
        federation::Envelope e;
        e.id = federation::NewEnvelopeId();
        e.sender = (*identity)->node;
        e.recipient = system_->exchange().Overview(cli)->node;
        e.type = std::move(type);
        e.created = clock_.Now();
        e.expires = clock_.Now() + std::chrono::hours(1);
        e.body = std::move(body);
        return *federation::Seal(e, *pair);
    };
    const auto audits = AuditCount();
    const auto wrong_side =
        SendEnvelopes(port_, (*identity)->node,
                      {seal("order", {{"task", "1"},
                                      {"kind", "order"},
                                      {"issuer", "Giả mạo"},
                                      {"number", "1/GM"},
                                      {"issued_on", "2026-01-01"},
                                      {"subject", "Lệnh giả"},
                                      {"actions", "Xóa dữ liệu."},
                                      {"deadline", core::FormatRfc3339(clock_.Now())}}),
                       seal("periodic", {{"regime", regime},
                                         {"period", year},
                                         {"own", json::object{{"mau05.A1.count", -5}}},
                                         {"total", json::object{}},
                                         {"submitted", "1"}})});
    ASSERT_EQ(wrong_side.status, 200) << wrong_side.body;
    for (const auto& result : wrong_side.Json().at("results").as_array()) {
        EXPECT_EQ(result.at("code").as_string(), "not_applied") << wrong_side.body;
    }
    EXPECT_EQ(AuditCount(), audits);
    auto untouched = system_->periodic().Get(cli, regime, year, commune_c.id);
    ASSERT_TRUE(untouched.ok());
    EXPECT_EQ(untouched->report.id.value(), 0);  // nothing stored
    EXPECT_EQ(system_->network().Orders(cli)->size(), 1U);

    auto submitted = commune.system().periodic().Submit(
        cli, regime, year, xa_c.id,
        {"Xã đã tổ chức diễn tập và rà soát hệ thống.", "Đề nghị tập huấn thêm.", std::nullopt});
    ASSERT_TRUE(submitted.ok()) << submitted.error().message_en;
    EXPECT_EQ(submitted->report.state, domain::PeriodicState::kSubmitted);
    exchange();
    auto at_province = system_->periodic().Get(cli, regime, year, commune_c.id);
    ASSERT_TRUE(at_province.ok()) << at_province.error().message_en;
    EXPECT_EQ(at_province->report.state, domain::PeriodicState::kSubmitted);
    EXPECT_EQ(at_province->report.narrative, "Xã đã tổ chức diễn tập và rà soát hệ thống.");
    EXPECT_EQ(at_province->report.total, submitted->report.total);
    EXPECT_NE(at_province->report.submitted_by.find("Xã C"), std::string::npos);
    ASSERT_TRUE(system_->periodic()
                    .Review(cli, regime, year, commune_c.id, false, "Thiếu kết quả diễn tập.")
                    .ok());
    exchange();
    auto back = commune.system().periodic().Get(cli, regime, year, xa_c.id);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->report.state, domain::PeriodicState::kReturned);
    EXPECT_EQ(back->report.return_reason, "Thiếu kết quả diễn tập.");
    clock_.Advance(std::chrono::hours(2));
    ASSERT_TRUE(commune.system()
                    .periodic()
                    .Submit(cli, regime, year, xa_c.id,
                            {"Diễn tập ngày 12/9: 2 kịch bản, 15 người tham gia.", "",
                             back->report.version})
                    .ok());
    exchange();
    at_province = system_->periodic().Get(cli, regime, year, commune_c.id);
    ASSERT_TRUE(at_province.ok());
    EXPECT_EQ(at_province->report.state, domain::PeriodicState::kSubmitted);
    EXPECT_EQ(at_province->report.narrative, "Diễn tập ngày 12/9: 2 kịch bản, 15 người tham gia.");
    ASSERT_TRUE(system_->periodic().Review(cli, regime, year, commune_c.id, true, "").ok());
    exchange();
    back = commune.system().periodic().Get(cli, regime, year, xa_c.id);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->report.state, domain::PeriodicState::kAccepted);
    EXPECT_NE(back->report.accepted_by.find(province_.name_vi), std::string::npos)
        << back->report.accepted_by;

    // The province acknowledges the incident the commune reported; the commune hears of it.
    auto filed = commune.system().incidents().Create(
        cli, CommuneIncident(xa_c.id, "Máy tính một cán bộ xã C nhiễm mã độc"));
    ASSERT_TRUE(filed.ok()) << filed.error().message_en;
    const auto filed_id = filed->details.incident.id;
    auto draft = commune.system().incidents().CreateReport(
        cli, filed_id, {"initial", "Một máy tính nhiễm mã độc.", "", "", "", ""});
    ASSERT_TRUE(draft.ok()) << draft.error().message_en;
    ASSERT_TRUE(commune.system().incidents().IssueReport(cli, filed_id, draft->id).ok());
    exchange();
    auto arrived = system_->incidents().List(cli, {.unit_id = commune_c.id});
    ASSERT_TRUE(arrived.ok());
    ASSERT_EQ(arrived->rows.size(), 1U);
    ASSERT_TRUE(system_->incidents()
                    .Transition(cli, arrived->rows[0].incident.id,
                                domain::IncidentState::kAcknowledged, "", std::nullopt)
                    .ok());
    exchange();
    auto timeline = commune.system().incidents().Get(cli, filed_id);
    ASSERT_TRUE(timeline.ok());
    bool heard = false;
    for (const auto& event : timeline->events) {
        heard = heard || event.note.find("đã tiếp nhận báo cáo sự cố") != std::string::npos;
    }
    EXPECT_TRUE(heard);

    // Sharing by choice: the province's coordinator shares an incident with the commune's
    // installation under AMBER, the commune shares its own with the province under GREEN; each
    // arrives as a warning whose indicators are the incident's observables. Twice is refused, a
    // confidential incident goes as AMBER or RED only, and bad requests change nothing.
    auto coordinator = SignedIn("coordinator");
    auto own = system_->incidents().Create(
        cli, CommuneIncident(commune_a_.id, "Máy chủ xã A bị dò mật khẩu"));
    ASSERT_TRUE(own.ok()) << own.error().message_en;
    const auto own_id = own->details.incident.id;
    ASSERT_TRUE(system_->incidents()
                    .AddObservables(cli, own_id,
                                    {{domain::ObservableKind::kIp, "198.51.100.23"},
                                     {domain::ObservableKind::kDomain, "dangnhap-gov.example.net"}})
                    .ok());
    const auto targets = coordinator.Get("/api/v1/exchange/share-targets");
    ASSERT_EQ(targets.status, 200) << targets.body;
    ASSERT_EQ(targets.Json().at("items").as_array().size(), 1U);
    const auto child_peer = targets.Json().at("items").at(0).at("peer_id").as_int64();
    const auto share_path = "/api/v1/incidents/" + std::to_string(own_id.value()) + "/share";
    EXPECT_EQ(SignedIn("officer")
                  .Post(share_path,
                        json::serialize(json::object{{"peer_id", child_peer}, {"tlp", "amber"}}))
                  .status,
              403);
    EXPECT_EQ(
        coordinator
            .Post(share_path, R"({"peer_id":)" + std::to_string(child_peer) + R"(,"tlp":"purple"})")
            .status,
        400);
    EXPECT_EQ(coordinator.Post(share_path, R"({"peer_id":99999,"tlp":"amber"})").status, 404);
    const auto shared = coordinator.Post(
        share_path, json::serialize(json::object{{"peer_id", child_peer}, {"tlp", "amber"}}));
    ASSERT_EQ(shared.status, 201) << shared.body;
    EXPECT_EQ(coordinator
                  .Post(share_path,
                        json::serialize(json::object{{"peer_id", child_peer}, {"tlp", "amber"}}))
                  .status,
              409);
    auto secret = CommuneIncident(commune_a_.id, "Lộ tài liệu mật của xã A");
    secret.fields.confidential = true;
    auto secret_made = system_->incidents().Create(cli, secret);
    ASSERT_TRUE(secret_made.ok()) << secret_made.error().message_en;
    const auto secret_path =
        "/api/v1/incidents/" + std::to_string(secret_made->details.incident.id.value()) + "/share";
    EXPECT_EQ(coordinator
                  .Post(secret_path,
                        json::serialize(json::object{{"peer_id", child_peer}, {"tlp", "green"}}))
                  .status,
              400);
    EXPECT_EQ(coordinator
                  .Post(secret_path,
                        json::serialize(json::object{{"peer_id", child_peer}, {"tlp", "red"}}))
                  .status,
              201);
    auto parent_peer = commune.system().exchange().ShareTargets(cli);
    ASSERT_TRUE(parent_peer.ok());
    ASSERT_EQ(parent_peer->size(), 1U);
    ASSERT_TRUE(commune.system()
                    .exchange()
                    .ShareIncident(cli, filed_id, (*parent_peer)[0].peer, domain::Tlp::kGreen)
                    .ok());
    exchange();
    below = commune.system().warnings().List(cli);
    ASSERT_TRUE(below.ok());
    bool got_share = false;
    for (const auto& row : below->warnings) {
        if (row.warning.title.find("Máy chủ xã A bị dò mật khẩu") != std::string::npos) {
            got_share = true;
            EXPECT_EQ(row.warning.tlp, domain::Tlp::kAmber);
            auto full = commune.system().warnings().Get(cli, row.warning.id);
            ASSERT_TRUE(full.ok());
            EXPECT_EQ(full->warning.indicators.size(), 2U);
        }
    }
    EXPECT_TRUE(got_share);
    auto above = system_->warnings().List(cli);
    ASSERT_TRUE(above.ok());
    bool got_up = false;
    for (const auto& row : above->warnings) {
        got_up = got_up || (row.warning.tlp == domain::Tlp::kGreen &&
                            row.warning.title.find("Máy tính một cán bộ xã C nhiễm mã độc") !=
                                std::string::npos);
    }
    EXPECT_TRUE(got_up);

    // A report whose document is not what it says (a script named .pdf) is refused whole; the
    // same report with a real PDF is taken, the document kept with the incident.
    const auto report_with = [&](const std::string& data) {
        return seal("report",
                    {{"incident",
                      json::object{{"id", "4242"},
                                   {"code", "XA-C-2026-0042"},
                                   {"title", "Tài khoản thư điện tử của xã bị chiếm"},
                                   {"description", "Thư lừa đảo gửi đi từ hộp thư của xã."},
                                   {"detected_at", core::FormatRfc3339(clock_.Now())},
                                   {"affected", "Hộp thư điện tử công vụ xã C"},
                                   {"handled", false},
                                   {"detection_methods", json::array{"log_review"}},
                                   {"notified_parties", json::array{"coordinator"}},
                                   {"reporter", json::object{{"name", "UBND xã C"},
                                                             {"address", "Xã C"},
                                                             {"phone", "0262 3812 999"},
                                                             {"email", "ubnd.xac@example.gov.vn"}}},
                                   {"contact", json::object{{"name", "Trần Thị Cúc"},
                                                            {"phone", "0905 111 222"},
                                                            {"email", "cuc@example.gov.vn"}}}}},
                     {"report", json::object{{"type", "initial"}, {"number", "7/BC-XA-C"}}},
                     {"document", json::object{{"name", "XA-C-2026-0042-initial.pdf"},
                                               {"data", core::Base64Encode(data)}}}});
    };
    const auto before = AuditCount();
    const auto disguised =
        SendEnvelopes(port_, (*identity)->node, {report_with("<script>alert(1)</script>")});
    ASSERT_EQ(disguised.status, 200) << disguised.body;
    EXPECT_EQ(disguised.Json().at("results").at(0).at("code").as_string(), "not_applied")
        << disguised.body;
    EXPECT_EQ(AuditCount(), before);
    const auto genuine =
        SendEnvelopes(port_, (*identity)->node, {report_with("%PDF-1.4\n%%EOF\n")});
    ASSERT_EQ(genuine.status, 200) << genuine.body;
    EXPECT_EQ(genuine.Json().at("results").at(0).at("status").as_string(), "applied")
        << genuine.body;
    auto now_there = system_->incidents().List(cli, {.unit_id = commune_c.id});
    ASSERT_TRUE(now_there.ok());
    ASSERT_EQ(now_there->rows.size(), 2U);
    auto taken = system_->incidents().Get(cli, now_there->rows[0].incident.id);
    ASSERT_TRUE(taken.ok());
    ASSERT_EQ(taken->attachments.size(), 1U);
    EXPECT_EQ(taken->attachments[0].content_type, "application/pdf");
}

TEST_P(ExchangeTest, TheAdministratorSuspendsAPeerAndRotatesTheKeyPeersKeepAccepting) {
    const auto cli = app::Actor::Cli();
    Installation commune(dir_.path() / "commune.db", clock_);
    ASSERT_NO_FATAL_FAILURE(commune.Start());
    commune.AddUnit("XA-C", std::nullopt, domain::UnitKind::kCommune, "UBND xã C");
    const auto commune_c = AddUnit("P-XA-C", province_.id, domain::UnitKind::kCommune);
    auto admin = SignedIn("admin");
    const auto code = admin.Post("/api/v1/exchange/enrolments",
                                 json::serialize(json::object{{"unit_id", commune_c.id.value()}}));
    ASSERT_EQ(code.status, 201) << code.body;
    // Bad input changes nothing: a unit that does not exist, a malformed code, a bad address.
    EXPECT_EQ(admin.Post("/api/v1/exchange/enrolments", R"({"unit_id":987654})").status, 404);
    EXPECT_EQ(
        admin.Post("/api/v1/exchange/join", R"({"parent_url":"ftp://x","code":"AAAA"})").status,
        400);
    ASSERT_TRUE(commune.system()
                    .exchange()
                    .Join(cli, "http://127.0.0.1:" + std::to_string(port_),
                          std::string(code.Json().at("code").as_string()))
                    .ok());
    const auto overview = admin.Get("/api/v1/exchange");
    ASSERT_EQ(overview.status, 200) << overview.body;
    const auto peer = overview.Json().at("peers").at(0).at("id").as_int64();
    EXPECT_EQ(SignedIn("officer").Get("/api/v1/exchange").status, 403);

    // Suspended: the commune's envelopes are refused from the request's head.
    ASSERT_EQ(admin.Patch("/api/v1/exchange/peers/" + std::to_string(peer), R"({"suspended":true})")
                  .status,
              200);
    const auto w = [&](int i) {
        domain::Warning warning;
        warning.issuer = province_.id;
        warning.title = "Cảnh báo " + std::to_string(i);
        warning.actions = "Rà soát.";
        warning.deadline = clock_.Now() + std::chrono::hours(48);
        warning.tlp = domain::Tlp::kGreen;
        warning.target = {commune_c.id, {}, {}};
        return warning;
    };
    const auto commune_node = std::string(overview.Json().at("peers").at(0).at("node").as_string());
    EXPECT_EQ(SendEnvelopes(port_, commune_node, {"{}"}).status, 403);
    // Nothing goes to it either while it is suspended; it is kept in order for later.
    ASSERT_TRUE(system_->warnings().Issue(cli, w(1)).ok());
    system_->RunJobs();
    EXPECT_EQ(commune.Received(), 0);
    ASSERT_EQ(
        admin.Patch("/api/v1/exchange/peers/" + std::to_string(peer), R"({"suspended":false})")
            .status,
        200);
    system_->RunJobs();
    EXPECT_EQ(commune.Received(), 1);

    // The province rotates its key: the commune learns the new one from an envelope signed with
    // the old, and what the province signs afterwards is accepted.
    const auto rotated = admin.Post("/api/v1/exchange/rotate-key", "{}");
    ASSERT_EQ(rotated.status, 200) << rotated.body;
    EXPECT_NE(rotated.Json().at("key_id").as_string(), overview.Json().at("key_id").as_string());
    ASSERT_TRUE(system_->warnings().Issue(cli, w(2)).ok());
    system_->RunJobs();
    EXPECT_EQ(commune.Received(), 2);
    auto keys = commune.system().exchange().Overview(cli);
    ASSERT_TRUE(keys.ok());
    ASSERT_EQ(keys->peers.at(0).keys.size(), 2U);
    EXPECT_TRUE(keys->peers.at(0).keys.at(0).valid_until.has_value());
    EXPECT_EQ(keys->peers.at(0).keys.at(1).key_id, rotated.Json().at("key_id").as_string());
}

TEST_P(ExchangeTest, StixBundlesGoOutAndComeBackAndTaxiiClientsPageThroughTheCollections) {
    auto coordinator = SignedIn("coordinator");
    const json::object body{
        {"issuer_unit_id", province_.id.value()},
        {"title", "Chiến dịch lừa đảo giả danh Cổng dịch vụ công"},
        {"severity", "high"},
        {"actions", "Chặn tên miền và địa chỉ; nhắc cán bộ không đăng nhập qua liên kết lạ."},
        {"deadline", core::FormatRfc3339(clock_.Now() + std::chrono::hours(48))},
        {"references", json::array{"CVE-2026-11111"}},
        {"indicators",
         json::array{
             json::object{{"kind", "domain"}, {"value", "dichvucong-gov.example"}},
             json::object{{"kind", "ip"}, {"value", "203.0.113.99"}},
             json::object{{"kind", "url"}, {"value", "https://dichvucong-gov.example/dn"}}}},
        {"tlp", "green"},
        {"sigma_rules", kZimbraRule},
        {"target", json::object{{"unit_id", province_.id.value()}}}};
    const auto issued = coordinator.Post("/api/v1/warnings", json::serialize(body));
    ASSERT_EQ(issued.status, 201) << issued.body;
    const auto id = issued.Json().at("id").as_int64();

    // Out as STIX 2.1.
    const auto bundle = coordinator.Get("/api/v1/warnings/" + std::to_string(id) + "/stix");
    ASSERT_EQ(bundle.status, 200) << bundle.body;
    EXPECT_EQ(bundle.headers.at("content-type"), "application/stix+json;version=2.1");
    EXPECT_NE(bundle.body.find(R"([domain-name:value = 'dichvucong-gov.example'])"),
              std::string::npos);
    EXPECT_EQ(SignedIn("officer.b").Get("/api/v1/warnings/" + std::to_string(id) + "/stix").status,
              200);  // commune B is a recipient
    // Back in as a warning received at the department, the same indicators and references.
    const auto imported = coordinator.Send(
        "POST", "/api/v1/warnings/import-stix?unit_id=" + std::to_string(department_.id.value()),
        bundle.body, {{"Content-Type", "application/stix+json"}});
    ASSERT_EQ(imported.status, 201) << imported.body;
    ASSERT_EQ(imported.Json().at("warnings").as_array().size(), 1U);
    const auto copy = coordinator.Get(
        "/api/v1/warnings/" + std::to_string(imported.Json().at("warnings").at(0).as_int64()));
    ASSERT_EQ(copy.status, 200);
    EXPECT_EQ(copy.Json().at("title"), issued.Json().at("title"));
    EXPECT_EQ(copy.Json().at("tlp").as_string(), "green");
    EXPECT_EQ(copy.Json().at("indicators"), issued.Json().at("indicators"));
    EXPECT_EQ(copy.Json().at("references"), issued.Json().at("references"));
    EXPECT_EQ(copy.Json().at("sigma_rules"), issued.Json().at("sigma_rules"));
    EXPECT_NE(bundle.body.find(R"("pattern_type":"sigma")"), std::string::npos);
    EXPECT_NE(copy.Json().at("origin_name").as_string().find("(STIX)"), std::string::npos);
    // The same warning as a MISP event, and back.
    const auto event = coordinator.Get("/api/v1/warnings/" + std::to_string(id) + "/misp");
    ASSERT_EQ(event.status, 200) << event.body;
    EXPECT_EQ(event.Json().at("Event").at("Tag").at(0).at("name").as_string(), "tlp:green");
    const auto from_misp = coordinator.Send(
        "POST", "/api/v1/warnings/import-misp?unit_id=" + std::to_string(department_.id.value()),
        event.body, {{"Content-Type", "application/json"}});
    ASSERT_EQ(from_misp.status, 201) << from_misp.body;
    const auto misp_copy = coordinator.Get(
        "/api/v1/warnings/" + std::to_string(from_misp.Json().at("warnings").at(0).as_int64()));
    EXPECT_EQ(misp_copy.Json().at("indicators"), issued.Json().at("indicators"));
    EXPECT_EQ(misp_copy.Json().at("actions"), issued.Json().at("actions"));
    EXPECT_NE(misp_copy.Json().at("origin_name").as_string().find("(MISP)"), std::string::npos);
    EXPECT_EQ(
        coordinator
            .Send("POST",
                  "/api/v1/warnings/import-misp?unit_id=" + std::to_string(province_.id.value()),
                  R"({"Event":{"Attribute":[]}})", {{"Content-Type", "application/json"}})
            .status,
        400);

    // Bad bundles and callers change nothing.
    auto officer = SignedIn("officer");
    const auto before = AuditCount();
    const auto path =
        "/api/v1/warnings/import-stix?unit_id=" + std::to_string(province_.id.value());
    EXPECT_EQ(
        coordinator.Send("POST", path, "not json", {{"Content-Type", "application/json"}}).status,
        400);
    EXPECT_EQ(coordinator
                  .Send("POST", path, R"({"type":"bundle","objects":[{"type":"malware"}]})",
                        {{"Content-Type", "application/json"}})
                  .status,
              400);
    EXPECT_EQ(
        officer.Send("POST", path, bundle.body, {{"Content-Type", "application/json"}}).status,
        403);
    EXPECT_EQ(coordinator
                  .Send("POST", "/api/v1/warnings/import-stix", bundle.body,
                        {{"Content-Type", "application/json"}})
                  .status,
              400);
    EXPECT_EQ(AuditCount(), before);

    // TAXII 2.1 with an API token: discovery, the API root, collections, objects page by page.
    const auto token = coordinator.Post("/api/v1/me/tokens", R"({"name":"OpenCTI"})");
    ASSERT_EQ(token.status, 201);
    HttpClient taxii(port_);
    const std::map<std::string, std::string> bearer{
        {"Authorization", "Bearer " + std::string(token.Json().at("token").as_string())},
        {"Accept", "application/taxii+json;version=2.1"}};
    const auto discovery = taxii.Send("GET", "/taxii2/", "", bearer);
    ASSERT_EQ(discovery.status, 200) << discovery.body;
    EXPECT_EQ(discovery.headers.at("content-type"), "application/taxii+json;version=2.1");
    const auto root = discovery.Json().at("api_roots").at(0).as_string();
    ASSERT_EQ(taxii.Send("GET", std::string(root), "", bearer).Json().at("versions").at(0),
              "application/taxii+json;version=2.1");
    const auto collections = taxii.Send("GET", std::string(root) + "collections/", "", bearer);
    ASSERT_EQ(collections.status, 200) << collections.body;
    const auto& list = collections.Json().at("collections").as_array();
    ASSERT_EQ(list.size(), 3U);  // CLEAR, GREEN, AMBER: never RED
    std::string green;
    for (const auto& c : list) {
        EXPECT_FALSE(c.at("can_write").as_bool());
        if (c.at("title").as_string().find("GREEN") != std::string::npos) {
            green = std::string(c.at("id").as_string());
        }
    }
    ASSERT_FALSE(green.empty());
    const auto objects_path = std::string(root) + "collections/" + green + "/objects/";
    std::vector<std::string> types;
    std::string next;
    for (int page = 0; page < 20; ++page) {
        const auto reply = taxii.Send(
            "GET", objects_path + "?limit=2" + (next.empty() ? "" : "&next=" + next), "", bearer);
        ASSERT_EQ(reply.status, 200) << reply.body;
        const auto& objects = reply.Json().at("objects").as_array();
        EXPECT_LE(objects.size(), 2U);
        for (const auto& object : objects) {
            types.emplace_back(object.at("type").as_string());
        }
        if (!reply.Json().at("more").as_bool()) {
            break;
        }
        next = std::string(reply.Json().at("next").as_string());
    }
    // The three green warnings (the original and its STIX and MISP copies): one identity, one
    // marking, three reports, the three indicators and the Sigma rules once each (their ids come
    // from the values).
    EXPECT_EQ(std::count(types.begin(), types.end(), "report"), 3);
    EXPECT_EQ(std::count(types.begin(), types.end(), "indicator"), 4);
    EXPECT_EQ(std::count(types.begin(), types.end(), "identity"), 1);
    const auto later = taxii.Send(
        "GET",
        objects_path + "?added_after=" + core::FormatRfc3339(clock_.Now() + std::chrono::hours(1)),
        "", bearer);
    EXPECT_TRUE(later.Json().at("objects").as_array().empty());
    EXPECT_EQ(taxii
                  .Send("GET", std::string(root) + "collections/" + green + "/objects/?limit=0", "",
                        bearer)
                  .status,
              400);
    EXPECT_EQ(taxii.Send("GET", std::string(root) + "collections/nope/objects/", "", bearer).status,
              404);
    EXPECT_EQ(HttpClient(port_).Get("/taxii2/").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         ExchangeTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         [](const auto& info) {
                             return info.param == storage::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace ungcuu::testing
