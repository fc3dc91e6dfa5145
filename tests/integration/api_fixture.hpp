// The fixture of the API tests: a real ungcuu (wiring as in production) on SQLite or on the
// PostgreSQL the test script started, served over real HTTP on a loopback port, seeded with a
// province, a department and two communes and one account per role.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "bin/wiring.hpp"
#include "http/server.hpp"
#include "integration/http_client.hpp"
#include "support/test_support.hpp"

namespace ungcuu::testing {

namespace json = boost::json;
inline constexpr const char* kPassword = "mat-khau-thu-nghiem";

/// Serves `api` over HTTP on loopback with `options` (port 0: any free one); `port` is set to
/// the bound port, 0 when binding failed.
inline std::unique_ptr<http::Server> ServeApi(http::Api& api,
                                              const http::ServerOptions& options,
                                              unsigned short& port) {
    auto server = std::make_unique<http::Server>(
        options, [&api](const http::RequestContext& c) { return api.Handle(c); },
        [&api](boost::beast::http::status s, std::string_view d) { return api.Refuse(s, d); });
    auto bound = server->Start();
    port = bound.ok() ? bound->port() : 0;
    return server;
}

class ApiTest : public ::testing::TestWithParam<storage::Dialect> {
protected:
    void SetUp() override {
        std::string url;
        if (GetParam() == storage::Dialect::kSqlite) {
            url = "sqlite:" + (dir_.path() / "api.db").string();
        } else {
            const auto dsn = PostgresDsn();
            if (!dsn) {
                GTEST_SKIP() << "PostgreSQL not started (UNGCUU_TEST_PG_DSN unset); the API "
                                "suite ran on SQLite only";
            }
            pg_ = std::make_unique<TempPostgresDatabase>(*dsn);
            url = pg_->url();
        }
        url_ = url;
        bin::WiringOptions wiring{url, auth::HashCost::kMinimal, &clock_};
        wiring.upload_dir = (dir_.path() / "uploads").string();
        // A machine's own ClamAV database is not part of any test (a suite names its own).
        wiring.scan.clamav_default = false;
        Configure(wiring);
        auto system = bin::System::Open(wiring);
        ASSERT_TRUE(system.ok()) << system.error().message_en;
        system_ = std::move(system).value();
        http::ApiOptions api_options;
        ConfigureApi(api_options);
        api_ = std::make_unique<http::Api>(system_->services(), api_options);
        http::ServerOptions options;
        options.port = 0;
        options.body_limit = 64 * 1024;
        system_->BindServer(options, *api_);
        ConfigureServer(options);
        server_ = ServeApi(*api_, options, port_);
        ASSERT_NE(port_, 0);
        Seed();
    }

    /// Lets a suite change the wiring (mail server, rule set) before the system opens.
    virtual void Configure(bin::WiringOptions& /*wiring*/) {}

    /// Lets a suite change the API's options (a web root on disk) before it is built.
    virtual void ConfigureApi(http::ApiOptions& /*options*/) {}

    /// Lets a suite change the server's limits before it starts.
    virtual void ConfigureServer(http::ServerOptions& /*options*/) {}

    void TearDown() override {
        // The live-update feed first: nothing is delivered to a stream of a stopping server.
        if (system_) {
            system_->changes().Stop();
        }
        if (server_) {
            server_->Stop();
        }
    }

    /// Subject and body of each message in the sink, decoded by Python's e-mail parser.
    std::string DecodedMail(const SmtpSink& sink) {
        const std::string dir = dir_.path().string();
        int n = 0;
        for (const auto& message : sink.Messages()) {
            std::ofstream(dir + "/mail" + std::to_string(n++) + ".eml", std::ios::binary)
                << message;
        }
        const std::string script =
            "import email,email.header,email.policy,glob,sys\n"
            "out=open(sys.argv[1]+'/mail.txt','w')\n"
            "for f in sorted(glob.glob(sys.argv[1]+'/mail*.eml')):\n"
            "  m=email.message_from_binary_file(open(f,'rb'),policy=email.policy.default)\n"
            "  out.write('SUBJECT '+str(m['Subject'])+'\\nTO '+str(m['To'])+'\\n')\n"
            "  out.write('DATE '+m['Date'].datetime.isoformat()+'\\nMSGID "
            "'+str(m['Message-ID'])+'\\n')\n"
            "  out.write('FROM '+str(m['From'])+'\\n')\n"
            "  out.write(m.get_body(preferencelist=('plain',)).get_content()+'\\n')\n"
            "  for a in m.iter_attachments():\n"
            "    b=a.get_content()\n"
            "    out.write('ATTACH %s %s %s\\n'%(a.get_filename(),a.get_content_type(),"
            "b[:4].decode('latin1') if b[:4]==b'%PDF' else b[:2].decode('latin1')))\n";
        std::ofstream(dir + "/decode.py") << script;
        EXPECT_EQ(std::system(("/usr/bin/python3 " + dir + "/decode.py " + dir).c_str()), 0);
        std::ifstream file(dir + "/mail.txt");
        std::ostringstream text;
        text << file.rdbuf();
        return text.str();
    }

    domain::Unit AddUnit(const std::string& code,
                         std::optional<domain::UnitId> parent,
                         domain::UnitKind kind) {
        domain::Unit unit;
        unit.code = code;
        unit.kind = kind;
        unit.name_vi = "Đơn vị " + code;
        unit.parent_id = parent;
        unit.contact.email = "ubnd." + code + "@example.gov.vn";
        for (auto& c : unit.contact.email) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        auto created = system_->units().Create(app::Actor::Cli(), unit);
        EXPECT_TRUE(created.ok());
        return *created;
    }

    domain::User AddUser(const std::string& login,
                         const domain::Unit& home,
                         domain::Role role,
                         const domain::Unit& on) {
        auto user = system_->users().Create(app::Actor::Cli(),
                                            {login, "Người " + login, "", home.id, kPassword});
        EXPECT_TRUE(user.ok()) << user.error().message_en;
        EXPECT_TRUE(system_->users().Grant(app::Actor::Cli(), user->id, on.id, role, false).ok());
        return *user;
    }

    void Seed() {
        province_ = AddUnit("P", std::nullopt, domain::UnitKind::kProvince);
        department_ = AddUnit("P-SO", province_.id, domain::UnitKind::kDepartment);
        commune_a_ = AddUnit("P-XA-A", province_.id, domain::UnitKind::kCommune);
        commune_b_ = AddUnit("P-XA-B", province_.id, domain::UnitKind::kCommune);
        AddUser("admin", department_, domain::Role::kAdmin, province_);
        AddUser("coordinator", department_, domain::Role::kCoordinator, province_);
        AddUser("responder", department_, domain::Role::kResponder, province_);
        AddUser("leader", department_, domain::Role::kLeader, province_);
        AddUser("auditor", department_, domain::Role::kAuditor, province_);
        officer_a_ = AddUser("officer", commune_a_, domain::Role::kOfficer, commune_a_);
        officer_b_ = AddUser("officer.b", commune_b_, domain::Role::kOfficer, commune_b_);
    }

    HttpClient SignedIn(const std::string& login) {
        HttpClient client(port_);
        const auto reply = client.SignIn(login, kPassword);
        EXPECT_EQ(reply.status, 200) << reply.body;
        return client;
    }

    /// A complete Mẫu 03 intake naming one system, detected an hour ago.
    boost::json::object Mau03(std::int64_t system) {
        return {{"title", "Trang thông tin xã bị thay đổi giao diện"},
                {"description", "Trang chủ hiển thị nội dung lạ từ 8 giờ sáng."},
                {"reporter",
                 {{"name", "UBND xã A"},
                  {"address", "Xã A"},
                  {"phone", "0262 3812 345"},
                  {"email", "ubnd.xaa@example.gov.vn"}}},
                {"contact",
                 {{"name", "Nguyễn Văn Bình"},
                  {"phone", "0905 123 456"},
                  {"email", "binh@example.gov.vn"}}},
                {"system_ids", boost::json::array{system}},
                {"detected_at", core::FormatRfc3339(clock_.Now() - std::chrono::hours(1))},
                {"handled", false},
                {"detection_methods", boost::json::array{"log_review"}},
                {"notified_parties", boost::json::array{"coordinator"}}};
    }

    /// A system of `owner` registered through the API: "Hệ thống <code>" unless `extra` names it
    /// (its fields are added to or replace the defaults).
    std::int64_t AddSystem(HttpClient& client,
                           const std::string& code,
                           const domain::Unit& owner,
                           const json::object& extra = {}) {
        json::object body{{"code", code},
                          {"name_vi", "Hệ thống " + code},
                          {"owner_unit_id", owner.id.value()},
                          {"system_class", "citizen_service"},
                          {"info_classes", json::array{"public"}},
                          {"user_count", 100}};
        for (const auto& field : extra) {
            body[field.key()] = field.value();
        }
        const auto reply = client.Post("/api/v1/systems", json::serialize(body));
        EXPECT_EQ(reply.status, 201) << reply.body;
        return reply.Json().at("id").as_int64();
    }

    /// The text of a PDF document as pdftotext reads it.
    std::string PdfText(const std::string& pdf) {
        const std::string dir = dir_.path().string();
        std::ofstream(dir + "/document.pdf", std::ios::binary) << pdf;
        EXPECT_EQ(
            std::system(
                ("pdftotext -enc UTF-8 " + dir + "/document.pdf " + dir + "/document.txt").c_str()),
            0);
        std::ifstream file(dir + "/document.txt");
        std::ostringstream text;
        text << file.rdbuf();
        return text.str();
    }

    std::string UnitPath(const domain::Unit& unit) const {
        return "/api/v1/units/" + std::to_string(unit.id.value());
    }

    std::int64_t AuditCount() {
        auto page = system_->audit().List(app::Actor::Cli(), {.limit = 500});
        return static_cast<std::int64_t>(page->entries.size());
    }

    TempDir dir_;
    std::string url_;  // the database the system runs on
    std::unique_ptr<TempPostgresDatabase> pg_;
    ManualClock clock_;
    std::unique_ptr<bin::System> system_;
    std::unique_ptr<http::Api> api_;
    std::unique_ptr<http::Server> server_;
    unsigned short port_ = 0;
    domain::Unit province_, department_, commune_a_, commune_b_;
    domain::User officer_a_, officer_b_;
};

/// A suite whose e-mail goes to a loopback port where the test starts a real SMTP server
/// (SmtpSink) when it wants to read what was sent.
class MailApiTest : public ApiTest {
protected:
    void Configure(bin::WiringOptions& wiring) override {
        smtp_port_ = FreeLoopbackPort();
        wiring.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp_port_);
        wiring.mail_from = "ungcuu@example.gov.vn";
    }

    int smtp_port_ = 0;
};

/// The engine name of a parameterised test: "Sqlite" or "Postgres".
inline std::string EngineName(const ::testing::TestParamInfo<storage::Dialect>& info) {
    return info.param == storage::Dialect::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace ungcuu::testing
