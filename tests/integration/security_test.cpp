// The trust boundary as an attacker meets it, over real HTTP on both engines: files outside the
// web root, actions on other people's accounts, bounded inputs, connections, throttling.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <fstream>

#include "auth/sodium_crypto.hpp"
#include "core/text.hpp"
#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

// ---- files outside the web root -------------------------------------------------------------

class WebRootTest : public ApiTest {
protected:
    void ConfigureApi(http::ApiOptions& options) override {
        root_ = dir_.path() / "www";
        std::filesystem::create_directories(root_ / "assets");
        Write(root_ / "index.html", "<!doctype html><title>ungcuu</title>");
        Write(root_ / "assets" / "app.js", "console.log(1)");
        // The build's precompressed copies (contents only need to be told apart here).
        Write(root_ / "assets" / "app.js.br", "BROTLI-COPY");
        Write(root_ / "assets" / "app.js.gz", "GZIP-COPY");
        // A secret beside the root, a link inside the root pointing out, a folder link out.
        Write(dir_.path() / "secret.txt", "SECRET-OUTSIDE-ROOT");
        std::filesystem::create_symlink(dir_.path() / "secret.txt", root_ / "leak.txt");
        std::filesystem::create_directory_symlink(dir_.path(), root_ / "up");
        options.web_root = root_;
    }

    static void Write(const std::filesystem::path& path, const std::string& text) {
        std::ofstream(path, std::ios::binary) << text;
    }

    std::string Fetch(const std::string& target, const std::string& extra_headers = "") {
        return RawExchange(
            port_, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n");
    }

    std::filesystem::path root_;
};

TEST_P(WebRootTest, OnlyRegularFilesInsideTheRootAreServed) {
    const std::string page = Fetch("/");
    EXPECT_EQ(RawStatus(page), 200);
    EXPECT_NE(page.find("<title>ungcuu</title>"), std::string::npos);
    EXPECT_NE(Fetch("/assets/app.js").find("console.log(1)"), std::string::npos);
    // A client-side route gets the page.
    EXPECT_NE(Fetch("/units/12").find("<title>ungcuu</title>"), std::string::npos);

    const std::string database = (dir_.path() / "api.db").string();
    const std::string secret = (dir_.path() / "secret.txt").string();
    const std::vector<std::string> attempts = {
        "/" + secret,
        "//" + secret.substr(1),
        "//etc/passwd",
        "///etc/passwd",
        "/" + database,
        "//" + database.substr(1),
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/assets/..%252f..%252fsecret.txt",
        "/.%2e/secret.txt",
        "/./../secret.txt",
        "/leak.txt",
        "/up/secret.txt",
        "/up/api.db",
        "/index.html%00.js",
        "/%00",
        "/assets",
        "/assets/",
        "/C:%5cWindows%5cwin.ini",
        "/~/secret.txt",
    };
    for (const auto& target : attempts) {
        const std::string answer = Fetch(target);
        EXPECT_EQ(answer.find("SECRET-OUTSIDE-ROOT"), std::string::npos) << target;
        EXPECT_EQ(answer.find("SQLite format"), std::string::npos) << target;
        EXPECT_EQ(answer.find("root:"), std::string::npos) << target;
        const int status = RawStatus(answer);
        // Refused, or a client-side route that got the UI's page — never another file.
        const bool page_only =
            status == 200 && answer.find("<title>ungcuu</title>") != std::string::npos;
        EXPECT_TRUE(status == 404 || status == 400 || page_only)
            << target << " answered " << answer.substr(0, 200);
    }
    // A NUL byte inside the request line itself is refused by the HTTP parser.
    static constexpr char kWithNul[] = "GET /index.html\0/../../x HTTP/1.1\r\nHost: a\r\n\r\n";
    const std::string nul = RawExchange(port_, std::string(kWithNul, sizeof kWithNul - 1));
    EXPECT_EQ(RawStatus(nul), 400);
}

TEST_P(WebRootTest, PrecompressedCopiesAreSentToBrowsersThatTakeThem) {
    const auto lower = [](std::string text) {
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return text;
    };
    const std::string br = lower(Fetch("/assets/app.js", "Accept-Encoding: gzip, deflate, br\r\n"));
    EXPECT_NE(br.find("content-encoding: br\r\n"), std::string::npos) << br;
    EXPECT_NE(br.find("vary: accept-encoding\r\n"), std::string::npos);
    EXPECT_NE(br.find("content-type: text/javascript"), std::string::npos);
    EXPECT_NE(br.find("cache-control: public, max-age=31536000, immutable"), std::string::npos);
    EXPECT_NE(br.find("brotli-copy"), std::string::npos);

    const std::string gzip = lower(Fetch("/assets/app.js", "Accept-Encoding: br;q=0, gzip\r\n"));
    EXPECT_NE(gzip.find("content-encoding: gzip\r\n"), std::string::npos) << gzip;
    EXPECT_NE(gzip.find("gzip-copy"), std::string::npos);

    // No Accept-Encoding, or one the copies do not match: the file as it is.
    for (const std::string headers : {"", "Accept-Encoding: identity\r\n"}) {
        const std::string plain = lower(Fetch("/assets/app.js", headers));
        EXPECT_EQ(plain.find("content-encoding"), std::string::npos) << plain;
        EXPECT_NE(plain.find("console.log(1)"), std::string::npos);
        EXPECT_NE(plain.find("vary: accept-encoding\r\n"), std::string::npos);
    }
    // The API's own document is served from the binary even when the UI comes from a folder.
    const std::string openapi = Fetch("/api/v1/openapi.json");
    EXPECT_EQ(RawStatus(openapi), 200) << openapi.substr(0, 200);
    EXPECT_NE(openapi.find("\"openapi\""), std::string::npos);
    // A file without copies is sent as it is whatever the browser takes.
    const std::string page = lower(Fetch("/", "Accept-Encoding: br, gzip\r\n"));
    EXPECT_EQ(page.find("content-encoding"), std::string::npos);
    EXPECT_NE(page.find("<title>ungcuu</title>"), std::string::npos);
}

class SecureCookiesTest : public ApiTest {
protected:
    void ConfigureApi(http::ApiOptions& options) override { options.secure_cookies = true; }
};

TEST_P(SecureCookiesTest, BehindTlsBrowsersAreToldToKeepToHttpsAndThePageIsLockedDown) {
    const auto page = HttpClient(port_).Get("/");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.headers.at("strict-transport-security"), "max-age=31536000");
    const std::string& csp = page.headers.at("content-security-policy");
    for (const char* directive : {"default-src 'self'", "base-uri 'none'", "form-action 'self'",
                                  "frame-ancestors 'none'"}) {
        EXPECT_NE(csp.find(directive), std::string::npos) << directive;
    }
    HttpClient client(port_);
    const auto signed_in = client.SignIn("coordinator", kPassword);
    EXPECT_NE(signed_in.headers.at("set-cookie").find("; Secure"), std::string::npos);
    EXPECT_EQ(signed_in.headers.at("strict-transport-security"), "max-age=31536000");
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         SecureCookiesTest,
                         ::testing::Values(storage::Dialect::kSqlite),
                         EngineName);

INSTANTIATE_TEST_SUITE_P(Engines,
                         WebRootTest,
                         ::testing::Values(storage::Dialect::kSqlite),
                         EngineName);

// ---- actions on other people's accounts -----------------------------------------------------

class AccountActionTest : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        // Callers beside the fixture's: a commune's coordinator.
        AddUser("coord.a", commune_a_, domain::Role::kCoordinator, commune_a_);
        // Targets, apart from the callers so that a reset does not end a caller's session. The
        // first is the attack's: a province admin whose home unit is a commune.
        targets_["admin.a"] = AddUser("admin.a", commune_a_, domain::Role::kAdmin, province_).id;
        targets_["coordinator2"] =
            AddUser("coordinator2", department_, domain::Role::kCoordinator, province_).id;
        targets_["leader2"] = AddUser("leader2", department_, domain::Role::kLeader, province_).id;
        targets_["auditor2"] =
            AddUser("auditor2", department_, domain::Role::kAuditor, province_).id;
        targets_["responder2"] =
            AddUser("responder2", department_, domain::Role::kResponder, province_).id;
        targets_["officer.t"] =
            AddUser("officer.t", commune_a_, domain::Role::kOfficer, commune_a_).id;
        targets_["officer.b"] = officer_b_.id;
    }

    std::string UserPath(const std::string& login) const {
        return "/api/v1/users/" + std::to_string(targets_.at(login).value());
    }

    std::map<std::string, domain::UserId> targets_;
};

TEST_P(AccountActionTest, NobodyActsOnAnAccountWiderOrStrongerThanTheirOwn) {
    struct Action {
        std::string what;
        std::function<HttpReply(HttpClient&, const std::string& path)> call;
        int allowed;  // the status when the caller may act
    };

    const std::vector<Action> actions = {
        {"reset password",
         [](HttpClient& c, const std::string& path) {
             return c.Post(path + "/password", R"({"password":"mat-khau-dat-lai-1"})");
         },
         204},
        {"change e-mail",
         [](HttpClient& c, const std::string& path) {
             return c.Patch(path, R"({"email":"ke-gian@example.com"})");
         },
         200},
        {"lock",
         [](HttpClient& c, const std::string& path) {
             return c.Patch(path, R"({"active":false})");
         },
         200},
        {"end sessions and tokens",
         [](HttpClient& c, const std::string& path) {
             return c.Send("DELETE", path + "/sessions");
         },
         204},
        // No target has a second factor: an allowed reset meets "not set up" (409).
        {"reset second factor",
         [](HttpClient& c, const std::string& path) { return c.Send("DELETE", path + "/totp"); },
         409},
    };
    constexpr int kOk = 0;  // the action's own success status
    // caller → target → status; written from the rule, not from the code: user management
    // (admin, coordinator) over every role the target holds, by a role covering them all.
    const std::map<std::string, std::map<std::string, int>> expected = {
        {"admin",
         {{"admin.a", kOk},
          {"coordinator2", kOk},
          {"leader2", kOk},
          {"auditor2", kOk},
          {"responder2", kOk},
          {"officer.t", kOk},
          {"officer.b", kOk}}},
        {"coordinator",
         {{"admin.a", 403},
          {"coordinator2", kOk},
          {"leader2", 403},
          {"auditor2", 403},
          {"responder2", kOk},
          {"officer.t", kOk},
          {"officer.b", kOk}}},
        {"coord.a",
         {{"admin.a", 403},
          {"coordinator2", 404},
          {"leader2", 404},
          {"auditor2", 404},
          {"responder2", 404},
          {"officer.t", kOk},
          {"officer.b", 404}}},
        {"leader",
         {{"admin.a", 403},
          {"coordinator2", 403},
          {"leader2", 403},
          {"auditor2", 403},
          {"responder2", 403},
          {"officer.t", 403},
          {"officer.b", 403}}},
        {"auditor",
         {{"admin.a", 403},
          {"coordinator2", 403},
          {"leader2", 403},
          {"auditor2", 403},
          {"responder2", 403},
          {"officer.t", 403},
          {"officer.b", 403}}},
        {"responder",
         {{"admin.a", 404},
          {"coordinator2", 404},
          {"leader2", 404},
          {"auditor2", 404},
          {"responder2", 404},
          {"officer.t", 404},
          {"officer.b", 404}}},
        {"officer",
         {{"admin.a", 404},
          {"coordinator2", 404},
          {"leader2", 404},
          {"auditor2", 404},
          {"responder2", 404},
          {"officer.t", 404},
          {"officer.b", 404}}},
    };
    for (const auto& [caller, row] : expected) {
        HttpClient client = SignedIn(caller);
        for (const auto& action : actions) {
            for (const auto& [target, status] : row) {
                const auto reply = action.call(client, UserPath(target));
                EXPECT_EQ(reply.status, status == kOk ? action.allowed : status)
                    << caller << " → " << action.what << " of " << target << ": " << reply.body;
            }
        }
    }
}

TEST_P(AccountActionTest, ACommuneCoordinatorCannotTakeOverAnAdminWhoseHomeIsTheCommune) {
    HttpClient attacker = SignedIn("coord.a");
    const std::string admin = UserPath("admin.a");
    EXPECT_EQ(attacker.Get(admin).status, 200) << "the admin is listed in the commune";
    EXPECT_EQ(attacker.Post(admin + "/password", R"({"password":"da-chiem-quyen-1"})").status, 403);
    EXPECT_EQ(attacker.Patch(admin, R"({"email":"attacker@example.com"})").status, 403);
    const auto roles = attacker.Get(admin + "/roles");
    ASSERT_EQ(roles.status, 200);
    const auto assignment = roles.Json().at("items").as_array()[0].at("id").as_int64();
    EXPECT_EQ(attacker.Send("DELETE", admin + "/roles/" + std::to_string(assignment)).status, 403);
    // The admin still signs in with their own password and still holds the role.
    EXPECT_EQ(HttpClient(port_).SignIn("admin.a", kPassword).status, 200);
    EXPECT_EQ(SignedIn("admin").Get(admin + "/roles").Json().at("items").as_array().size(), 1u);
    // Granting oneself a stronger role is refused too.
    const auto self = attacker.Get("/api/v1/session").Json().at("user").at("id").as_int64();
    EXPECT_EQ(attacker
                  .Post("/api/v1/users/" + std::to_string(self) + "/roles",
                        json::serialize(
                            json::object{{"unit_id", commune_a_.id.value()}, {"role", "admin"}}))
                  .status,
              403);
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         AccountActionTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

// ---- sign-in throttling and one's own credentials -------------------------------------------

using CredentialTest = ApiTest;

TEST_P(CredentialTest, ThrottlingCountsTheLoginAsItIsLookedUp) {
    HttpClient client(port_);
    // Spaces and capitals name the same account; they share one count.
    for (const auto* spelling : {" leader", "LEADER", "  Leader  ", "leader\t", "leader"}) {
        EXPECT_EQ(client.SignIn(spelling, "sai-mat-khau-roi").status, 401) << spelling;
    }
    for (const auto* spelling : {"   leader", "leader"}) {
        EXPECT_EQ(client.SignIn(spelling, kPassword).status, 429) << spelling;
    }
}

TEST_P(CredentialTest, AGuesserElsewhereDoesNotLockTheOwnerOutAndWaitsLongerEachTime) {
    HttpClient attacker(port_);
    attacker.source_address = "127.0.0.2";
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(attacker.SignIn("admin", "sai-mat-khau-roi").status, 401);
    }
    const auto first = attacker.SignIn("admin", "sai-mat-khau-roi");
    EXPECT_EQ(first.status, 429);
    EXPECT_EQ(first.headers.at("retry-after"), "30");
    // The owner, from their own address, is not held up at all.
    HttpClient owner(port_);
    owner.source_address = "127.0.0.3";
    EXPECT_EQ(owner.SignIn("admin", kPassword).status, 200);
    // The guesser waits, fails again, and waits twice as long.
    clock_.Advance(std::chrono::seconds(30));
    EXPECT_EQ(attacker.SignIn("admin", "sai-mat-khau-roi").status, 401);
    const auto second = attacker.SignIn("admin", kPassword);
    EXPECT_EQ(second.status, 429);
    EXPECT_EQ(second.headers.at("retry-after"), "60");
    clock_.Advance(std::chrono::seconds(59));
    EXPECT_EQ(attacker.SignIn("admin", kPassword).status, 429);
    clock_.Advance(std::chrono::seconds(1));
    EXPECT_EQ(attacker.SignIn("admin", kPassword).status, 200);
}

TEST_P(CredentialTest, AnAddressGuessingManyAccountsIsThrottled) {
    HttpClient sprayer(port_);
    sprayer.source_address = "127.0.0.4";
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(sprayer.SignIn("khong-co-" + std::to_string(i), "sai-mat-khau-roi").status, 401);
    }
    const auto refused = sprayer.SignIn("coordinator", kPassword);
    EXPECT_EQ(refused.status, 429);
    EXPECT_FALSE(refused.headers.at("retry-after").empty());
    HttpClient other(port_);
    other.source_address = "127.0.0.5";
    EXPECT_EQ(other.SignIn("coordinator", kPassword).status, 200);
}

TEST_P(CredentialTest, OnesOwnPasswordNeedsTheCurrentOneOnEveryRoute) {
    HttpClient client = SignedIn("coordinator");
    const auto self = client.Get("/api/v1/session").Json().at("user").at("id").as_int64();
    const auto reset = client.Post("/api/v1/users/" + std::to_string(self) + "/password",
                                   R"({"password":"mat-khau-tu-dat-1"})");
    EXPECT_EQ(reset.status, 400);
    EXPECT_EQ(HttpClient(port_).SignIn("coordinator", "mat-khau-tu-dat-1").status, 401);
    EXPECT_EQ(HttpClient(port_).SignIn("coordinator", kPassword).status, 200);
    // Starting a second factor needs the password too (else a stolen session locks the owner
    // out by turning one on).
    EXPECT_EQ(client.Post("/api/v1/me/totp", R"({"password":"khong-dung-mat-khau"})").status, 400);
    EXPECT_EQ(client.Post("/api/v1/me/totp", "{}").status, 400);
}

TEST_P(CredentialTest, APasswordChangeEndsOtherSessionsAndRevokesTokensUnlessKept) {
    HttpClient client = SignedIn("responder");
    HttpClient elsewhere = SignedIn("responder");
    const auto created = client.Post("/api/v1/me/tokens", R"({"name":"máy thu thập"})");
    ASSERT_EQ(created.status, 201);
    const std::map<std::string, std::string> bearer{
        {"Authorization", "Bearer " + std::string(created.Json().at("token").as_string())}};
    HttpClient machine(port_);
    ASSERT_EQ(machine.Send("GET", "/api/v1/units", "", bearer).status, 200);
    // A token can neither mint tokens nor change the account's credentials.
    EXPECT_EQ(machine.Send("POST", "/api/v1/me/tokens", R"({"name":"con"})", bearer).status, 403);
    EXPECT_EQ(machine
                  .Send("POST", "/api/v1/me/password",
                        json::serialize(json::object{{"current_password", kPassword},
                                                     {"new_password", "mat-khau-qua-ma-1"}}),
                        bearer)
                  .status,
              403);
    EXPECT_EQ(client
                  .Post("/api/v1/me/password",
                        json::serialize(json::object{{"current_password", kPassword},
                                                     {"new_password", "mat-khau-moi-dai-1"}}))
                  .status,
              204);
    EXPECT_EQ(elsewhere.Get("/api/v1/units").status, 401);
    EXPECT_EQ(machine.Send("GET", "/api/v1/units", "", bearer).status, 401);

    // With keep_tokens, the tokens stay.
    HttpClient again = SignedIn("officer");
    const auto kept = again.Post("/api/v1/me/tokens", R"({"name":"máy giữ lại"})");
    const std::map<std::string, std::string> kept_bearer{
        {"Authorization", "Bearer " + std::string(kept.Json().at("token").as_string())}};
    EXPECT_EQ(again
                  .Post("/api/v1/me/password",
                        json::serialize(json::object{{"current_password", kPassword},
                                                     {"new_password", "mat-khau-moi-dai-2"},
                                                     {"keep_tokens", true}}))
                  .status,
              204);
    EXPECT_EQ(machine.Send("GET", "/api/v1/units", "", kept_bearer).status, 200);
}

TEST_P(CredentialTest, SecondFactorCodesAreThrottledAndNeededToTurnItOffOrChangeThePassword) {
    HttpClient client = SignedIn("leader");
    const auto setup =
        client.Post("/api/v1/me/totp", json::serialize(json::object{{"password", kPassword}}));
    ASSERT_EQ(setup.status, 200) << setup.body;
    const auto secret = core::Base32Decode(std::string(setup.Json().at("secret").as_string()));
    auth::SodiumCredentialCrypto crypto(auth::HashCost::kMinimal);
    const auto step = [&] {
        return static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
                .count() /
            30);
    };
    const auto code = [&](std::uint64_t s) { return crypto.TotpCode(*secret, s); };
    ASSERT_EQ(
        client
            .Post("/api/v1/me/totp/confirm", json::serialize(json::object{{"code", code(step())}}))
            .status,
        204);
    clock_.Advance(std::chrono::seconds(30));
    // Five wrong codes with the right password, then even the right code waits.
    HttpClient guesser(port_);
    for (int i = 0; i < 5; ++i) {
        const auto wrong =
            guesser.Post("/api/v1/session",
                         json::serialize(json::object{
                             {"login", "leader"}, {"password", kPassword}, {"totp", "000000"}}));
        EXPECT_EQ(wrong.status, 401);
    }
    const auto throttled =
        guesser.Post("/api/v1/session",
                     json::serialize(json::object{
                         {"login", "leader"}, {"password", kPassword}, {"totp", code(step())}}));
    EXPECT_EQ(throttled.status, 429);
    clock_.Advance(std::chrono::minutes(16));  // the window has passed
    // Changing the password needs the code as well.
    EXPECT_EQ(client
                  .Post("/api/v1/me/password",
                        json::serialize(json::object{{"current_password", kPassword},
                                                     {"new_password", "mat-khau-moi-dai-3"}}))
                  .status,
              401);
    // Turning it off needs the password and a fresh code.
    EXPECT_EQ(client
                  .Send("DELETE", "/api/v1/me/totp",
                        json::serialize(json::object{{"password", kPassword}}))
                  .status,
              400);
    EXPECT_EQ(client
                  .Send("DELETE", "/api/v1/me/totp",
                        json::serialize(json::object{{"password", kPassword}, {"code", "123456"}}))
                  .status,
              401);
    clock_.Advance(std::chrono::seconds(30));
    EXPECT_EQ(
        client
            .Send("DELETE", "/api/v1/me/totp",
                  json::serialize(json::object{{"password", kPassword}, {"code", code(step())}}))
            .status,
        204);
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         CredentialTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

// ---- bodies are read only after the head is allowed -----------------------------------------

using BodyAfterHeadTest = ApiTest;

// The head of a request announcing a 20 MiB body, sent without the body: a server that waits for
// the body before deciding never answers (the client then gives up and the answer is empty).
std::string HeadOnly(const std::string& method,
                     const std::string& target,
                     const std::string& extra_headers) {
    return method + " " + target +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
           "Content-Length: 20000000\r\n" +
           extra_headers + "\r\n";
}

TEST_P(BodyAfterHeadTest, AnonymousAndUnauthorisedUploadsAreRefusedBeforeTheBody) {
    for (const auto* target : {"/api/v1/systems/import", "/api/v1/inventory/import",
                               "/api/v1/ingest?source=1", "/api/v1/incidents/1/attachments"}) {
        const auto answer = RawExchange(port_, HeadOnly("POST", target, ""));
        EXPECT_EQ(RawStatus(answer), 401) << target << ": " << answer.substr(0, 200);
    }
    // Signed in, but the auditor may import nothing: refused unread too.
    HttpClient auditor = SignedIn("auditor");
    const std::string session =
        "Cookie: ungcuu_session=" + auditor.cookie + "\r\nX-CSRF-Token: " + auditor.csrf + "\r\n";
    for (const auto* target : {"/api/v1/systems/import", "/api/v1/inventory/import",
                               "/api/v1/incidents/1/attachments"}) {
        const auto answer = RawExchange(port_, HeadOnly("POST", target, session));
        EXPECT_EQ(RawStatus(answer), 403) << target << ": " << answer.substr(0, 200);
    }
    // A missing CSRF token is refused before the body as well.
    HttpClient coordinator = SignedIn("coordinator");
    const auto no_csrf =
        RawExchange(port_, HeadOnly("POST", "/api/v1/systems/import",
                                    "Cookie: ungcuu_session=" + coordinator.cookie + "\r\n"));
    EXPECT_EQ(RawStatus(no_csrf), 403);
    // Open routes take small bodies only.
    const auto big_public =
        RawExchange(port_,
                    "POST /api/v1/public/reports HTTP/1.1\r\nHost: a\r\nContent-Type: "
                    "application/json\r\nContent-Length: 100000\r\n\r\n");
    EXPECT_EQ(RawStatus(big_public), 413);
}

TEST_P(BodyAfterHeadTest, AHostileSpreadsheetIsRefusedWithItsLimitAndChangesNothing) {
    HttpClient coordinator = SignedIn("coordinator");
    const auto before =
        coordinator.Get("/api/v1/systems?limit=500").Json().at("items").as_array().size();
    std::string rows = "code,owner_code,name_vi,system_class\n";
    rows += "X-1,P," + std::string(200 * 1024, 'a') + ",internal\n";
    const auto long_cell =
        coordinator.Send("POST", "/api/v1/systems/import", rows, {{"Content-Type", "text/csv"}});
    EXPECT_EQ(long_cell.status, 413) << long_cell.body;
    EXPECT_NE(long_cell.Json().at("message_vi").as_string().find("dòng 2"), std::string::npos)
        << long_cell.body;
    const auto wide =
        coordinator.Send("POST", "/api/v1/systems/import", "code" + std::string(5000, ',') + "\n",
                         {{"Content-Type", "text/csv"}});
    EXPECT_EQ(wide.status, 413) << wide.body;
    EXPECT_EQ(coordinator.Get("/api/v1/systems?limit=500").Json().at("items").as_array().size(),
              before);
}

TEST_P(BodyAfterHeadTest, ArraysInBodiesHaveTheirDocumentedBound) {
    HttpClient coordinator = SignedIn("coordinator");
    json::array ids;
    for (int i = 1; i <= 201; ++i) ids.push_back(i);
    const auto reply = coordinator.Post(
        "/api/v1/incidents", json::serialize(json::object{{"title", "x"}, {"system_ids", ids}}));
    ASSERT_EQ(reply.status, 400) << reply.body;
    bool named = false;
    for (const auto& e : reply.Json().at("errors").as_array()) {
        named = named || (e.at("field").as_string() == "system_ids" &&
                          std::string(e.at("message_en").as_string()).find("more than 200") !=
                              std::string::npos);
    }
    EXPECT_TRUE(named) << reply.body;
    json::array domains;
    for (int i = 0; i < 201; ++i) domains.push_back(json::string("d" + std::to_string(i) + ".vn"));
    const auto system = coordinator.Post(
        "/api/v1/systems", json::serialize(json::object{{"code", "X"},
                                                        {"name_vi", "X"},
                                                        {"owner_unit_id", commune_a_.id.value()},
                                                        {"system_class", "internal"},
                                                        {"domains", domains}}));
    EXPECT_EQ(system.status, 400) << system.body;
    EXPECT_NE(system.body.find("more than 200 items"), std::string::npos) << system.body;
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         BodyAfterHeadTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
