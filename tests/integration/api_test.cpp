// The JSON API over real HTTP on a real database: sign-in and sessions, CSRF, bad input, the
// authorisation matrix (each role × endpoint × in-scope / out-of-scope unit) and the audit trail.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>

#include "bin/wiring.hpp"
#include "core/text.hpp"
#include "http/server.hpp"
#include "integration/api_fixture.hpp"
#include "integration/http_client.hpp"
#include "support/test_support.hpp"

namespace ungcuu::testing {
namespace {

TEST_P(ApiTest, HealthzAndOpenApiAreServed) {
    HttpClient client(port_);
    EXPECT_EQ(client.Get("/healthz").status, 200);
    const auto openapi = client.Get("/api/v1/openapi.json");
    ASSERT_EQ(openapi.status, 200);
    EXPECT_TRUE(openapi.Json().as_object().contains("paths"));
    const auto index = client.Get("/units/12");  // client-side route falls back to the UI
    EXPECT_EQ(index.status, 200);
    EXPECT_NE(index.headers.at("content-type").find("text/html"), std::string::npos);
}

TEST_P(ApiTest, OpenApiDescribesEveryRoute) {
    HttpClient client(port_);
    const auto reply = client.Get("/api/v1/openapi.json");
    const auto& paths = reply.Json().at("paths").as_object();
    std::set<std::string> documented;
    for (const auto& [path, operations] : paths) {
        std::string normalised;
        bool in_parameter = false;
        for (const char c : std::string(path)) {
            if (c == '{') {
                in_parameter = true;
                normalised += "{}";
            } else if (c == '}') {
                in_parameter = false;
            } else if (!in_parameter) {
                normalised.push_back(c);
            }
        }
        for (const auto& [method, operation] : operations.as_object()) {
            std::string upper(method);
            for (auto& c : upper) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            documented.insert(upper + " " + normalised);
        }
    }
    const auto routes = api_->Routes();
    ASSERT_GT(routes.size(), 20u);
    for (const auto& route : routes) {
        EXPECT_TRUE(documented.contains(route)) << route << " is not in openapi.json";
    }
}

TEST_P(ApiTest, SignInSetsAStrictHttpOnlyCookie) {
    HttpClient client(port_);
    const auto reply = client.SignIn("coordinator", kPassword);
    ASSERT_EQ(reply.status, 200);
    const std::string& cookie = reply.headers.at("set-cookie");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    const auto me = client.Get("/api/v1/session");
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.Json().at("user").at("login").as_string(), "coordinator");
}

TEST_P(ApiTest, WrongPasswordIsRefusedWithAVietnameseMessage) {
    HttpClient client(port_);
    const auto reply = client.SignIn("coordinator", "sai-mat-khau-roi");
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.headers.at("content-type"), "application/problem+json");
    EXPECT_EQ(reply.Json().at("message_vi").as_string(), "Tên đăng nhập hoặc mật khẩu không đúng.");
    EXPECT_EQ(client.SignIn("nobody", kPassword).status, 401);
}

TEST_P(ApiTest, RepeatedFailuresThrottleTheAccountFromThatAddress) {
    HttpClient client(port_);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(client.SignIn("leader", "sai-mat-khau-roi").status, 401);
    }
    // Even the right password is refused from that address while it waits…
    const auto throttled = client.SignIn("leader", kPassword);
    EXPECT_EQ(throttled.status, 429);
    EXPECT_EQ(throttled.headers.at("retry-after"), "30");
    // …and accepted once the wait has passed.
    clock_.Advance(std::chrono::seconds(30));
    EXPECT_EQ(client.SignIn("leader", kPassword).status, 200);
}

TEST_P(ApiTest, SessionsExpireWhenIdle) {
    HttpClient client = SignedIn("coordinator");
    EXPECT_EQ(client.Get("/api/v1/units").status, 200);
    clock_.Advance(std::chrono::hours(3));
    const auto reply = client.Get("/api/v1/units");
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.Code(), "unauthenticated");
    EXPECT_EQ(HttpClient(port_).Get("/api/v1/units").status, 401);  // no cookie at all
}

TEST_P(ApiTest, StateChangesNeedTheCsrfToken) {
    HttpClient client = SignedIn("coordinator");
    const auto before = AuditCount();
    client.send_csrf = false;
    const auto missing = client.Patch(UnitPath(commune_a_), R"({"name_vi":"Tên mới"})");
    EXPECT_EQ(missing.status, 403);
    EXPECT_NE(std::string(missing.Json().at("message_vi").as_string()).find("X-CSRF-Token"),
              std::string::npos);
    client.send_csrf = true;
    client.csrf = "wrong";
    EXPECT_EQ(client.Patch(UnitPath(commune_a_), R"({"name_vi":"Tên mới"})").status, 403);
    EXPECT_EQ(system_->units().Get(app::Actor::Cli(), commune_a_.id)->name_vi, "Đơn vị P-XA-A");
    EXPECT_EQ(AuditCount(), before);
}

TEST_P(ApiTest, BadJsonIsRejectedPreciselyAndChangesNothing) {
    HttpClient client = SignedIn("coordinator");
    const auto before = AuditCount();
    const auto malformed = client.Post("/api/v1/units", R"({"code": "X",)");
    EXPECT_EQ(malformed.status, 400);
    EXPECT_NE(std::string(malformed.Json().at("message_vi").as_string()).find("JSON không hợp lệ"),
              std::string::npos);

    const auto not_object = client.Post("/api/v1/units", "[1,2]");
    EXPECT_EQ(not_object.status, 400);

    const auto wrong = client.Post(
        "/api/v1/units",
        R"({"parent_id":"one","code":"X1","kind":"commune","name_vi":"Xã X","colour":"red"})");
    ASSERT_EQ(wrong.status, 400);
    const auto errors = wrong.Json().at("errors").as_array();
    std::set<std::string> fields;
    for (const auto& e : errors) {
        fields.insert(std::string(e.at("field").as_string()));
    }
    EXPECT_TRUE(fields.contains("parent_id"));  // wrong type
    EXPECT_TRUE(fields.contains("colour"));     // unknown field

    const auto missing = client.Post("/api/v1/units", R"({"parent_id":1})");
    EXPECT_EQ(missing.status, 400);
    EXPECT_GE(missing.Json().at("errors").as_array().size(), 3u);

    const auto bad_kind = client.Post(
        "/api/v1/units", json::serialize(json::object{{"parent_id", province_.id.value()},
                                                      {"code", "X2"},
                                                      {"kind", "village"},
                                                      {"name_vi", "Thôn"}}));
    EXPECT_EQ(bad_kind.status, 400);

    const auto bad_email = client.Post(
        "/api/v1/units", json::serialize(json::object{{"parent_id", province_.id.value()},
                                                      {"code", "X3"},
                                                      {"kind", "commune"},
                                                      {"name_vi", "Xã"},
                                                      {"email", "khong"}}));
    EXPECT_EQ(bad_email.status, 400);

    EXPECT_EQ(
        client.Send("POST", "/api/v1/units", "code=1", {{"Content-Type", "text/plain"}}).status,
        400);
    EXPECT_EQ(client.Get("/api/v1/units?limit=abc").status, 400);
    EXPECT_EQ(client.Get("/api/v1/units?limit=0").status, 400);
    EXPECT_EQ(client.Get("/api/v1/units?q=%FF%FE").status, 400);  // not UTF-8
    EXPECT_EQ(client.Get("/api/v1/users?q=" + std::string(201, 'a')).status, 400);
    EXPECT_EQ(AuditCount(), before);
    EXPECT_EQ(system_->units().List(app::Actor::Cli(), {.limit = 100})->units.size(), 4u);
}

TEST_P(ApiTest, OversizeBodyIs413) {
    HttpClient client = SignedIn("coordinator");
    const std::string huge(100 * 1024, 'x');
    const auto reply = client.Post("/api/v1/units", R"({"name_vi":")" + huge + R"("})");
    EXPECT_EQ(reply.status, 413) << reply.body;
    EXPECT_EQ(reply.Code(), "payload_too_large");
}

TEST_P(ApiTest, UnknownEndpointAndWrongMethod) {
    HttpClient client = SignedIn("coordinator");
    EXPECT_EQ(client.Get("/api/v1/nothing").status, 404);
    EXPECT_EQ(client.Send("DELETE", "/api/v1/units").status, 405);
}

TEST_P(ApiTest, CreateEditMoveAndDeactivateUnits) {
    HttpClient client = SignedIn("coordinator");
    const auto created = client.Post(
        "/api/v1/units", json::serialize(json::object{{"parent_id", commune_a_.id.value()},
                                                      {"code", "P-XA-A-THON1"},
                                                      {"kind", "other"},
                                                      {"name_vi", "Thôn 1"},
                                                      {"phone", "0262 111 222"}}));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.Json().at("id").as_int64();
    const std::string path = "/api/v1/units/" + std::to_string(id);

    const auto duplicate = client.Post(
        "/api/v1/units", json::serialize(json::object{{"parent_id", province_.id.value()},
                                                      {"code", "P-XA-A-THON1"},
                                                      {"kind", "commune"},
                                                      {"name_vi", "Trùng mã"}}));
    EXPECT_EQ(duplicate.status, 409);
    EXPECT_EQ(duplicate.Code(), "already_exists");

    const auto renamed = client.Patch(path, R"({"name_vi":"Thôn Một","name_en":"Hamlet One"})");
    ASSERT_EQ(renamed.status, 200);
    EXPECT_EQ(renamed.Json().at("name_vi").as_string(), "Thôn Một");

    // Deactivating a unit with active children is refused.
    EXPECT_EQ(client.Patch(UnitPath(commune_a_), R"({"active":false})").status, 409);

    // Move the hamlet to commune B; then try moving commune B under its own child.
    const auto moved = client.Post(
        path + "/move", json::serialize(json::object{{"parent_id", commune_b_.id.value()}}));
    ASSERT_EQ(moved.status, 200);
    EXPECT_EQ(moved.Json().at("parent_id").as_int64(), commune_b_.id.value());
    const auto cycle = client.Post(UnitPath(commune_b_) + "/move",
                                   json::serialize(json::object{{"parent_id", id}}));
    EXPECT_EQ(cycle.status, 409);
    EXPECT_NE(std::string(cycle.Json().at("message_vi").as_string()).find("vòng lặp"),
              std::string::npos);
    EXPECT_EQ(system_->units().Get(app::Actor::Cli(), commune_b_.id)->parent_id, province_.id);

    EXPECT_EQ(client.Patch(path, R"({"active":false})").status, 200);
    const auto listed = client.Get("/api/v1/units?active=false");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.Json().at("items").as_array().size(), 1u);
}

TEST_P(ApiTest, UnitListsAreFreshAfterChangesAndBoundedAcrossServers) {
    HttpClient client = SignedIn("coordinator");
    const auto name_of = [&](const domain::Unit& unit) {
        const auto reply = client.Get("/api/v1/units?limit=100");
        for (const auto& item : reply.Json().at("items").as_array()) {
            if (item.at("id").as_int64() == unit.id.value()) {
                return std::string(item.at("name_vi").as_string());
            }
        }
        return std::string();
    };
    EXPECT_EQ(name_of(commune_a_), "Đơn vị P-XA-A");
    ASSERT_EQ(client.Patch(UnitPath(commune_a_), R"({"name_vi":"Xã A mới"})").status, 200);
    EXPECT_EQ(name_of(commune_a_), "Xã A mới");  // a change through this server shows at once

    // A second server on the same database (a cluster) renames the unit: this server's cached
    // page may lag, but by no more than the cache's lifetime.
    if (GetParam() == storage::Dialect::kSqlite) {
        auto other = bin::System::Open(
            {"sqlite:" + (dir_.path() / "api.db").string(), auth::HashCost::kMinimal, &clock_});
        ASSERT_TRUE(other.ok());
        app::UnitPatch patch;
        patch.name_vi = "Xã A do máy chủ khác sửa";
        ASSERT_TRUE((*other)->units().Update(app::Actor::Cli(), commune_a_.id, patch).ok());
        clock_.Advance(std::chrono::milliseconds(2001));
        EXPECT_EQ(name_of(commune_a_), "Xã A do máy chủ khác sửa");
    }
}

TEST_P(ApiTest, RevokedRoleTakesEffectOnTheNextRequest) {
    HttpClient officer = SignedIn("officer");
    EXPECT_EQ(officer.Get(UnitPath(commune_a_)).status, 200);
    const auto roles = system_->users().Assignments(app::Actor::Cli(), officer_a_.id);
    ASSERT_EQ(roles->size(), 1u);
    ASSERT_TRUE(system_->users().Revoke(app::Actor::Cli(), officer_a_.id, (*roles)[0].id).ok());
    EXPECT_EQ(officer.Get(UnitPath(commune_a_)).status, 404);
    EXPECT_EQ(officer.Get("/api/v1/units").Json().at("items").as_array().size(), 0u);
}

TEST_P(ApiTest, PagingWithCursor) {
    HttpClient client = SignedIn("coordinator");
    const auto first = client.Get("/api/v1/units?limit=3");
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.Json().at("items").as_array().size(), 3u);
    const std::string cursor(first.Json().at("next_cursor").as_string());
    const auto second = client.Get("/api/v1/units?limit=3&cursor=" + cursor);
    EXPECT_EQ(second.Json().at("items").as_array().size(), 1u);
    EXPECT_TRUE(second.Json().at("next_cursor").is_null());
    const auto search = client.Get("/api/v1/units?q=%C4%91on%20vi%20p-xa-b");  // "đon vi p-xa-b"
    EXPECT_EQ(search.Json().at("items").as_array().size(), 1u);
}

TEST_P(ApiTest, ContactPointsRecordWhenTheyChange) {
    HttpClient client = SignedIn("officer");
    const auto person = client.Post(
        UnitPath(commune_a_) + "/people",
        R"({"full_name":"Phạm Thị Lan","position":"Công chức","mobile_phone":"0935 777 888"})");
    ASSERT_EQ(person.status, 201) << person.body;
    const auto person_id = person.Json().at("id").as_int64();
    const auto set = client.Send("PUT", UnitPath(commune_a_) + "/contacts/primary",
                                 json::serialize(json::object{{"person_id", person_id}}));
    ASSERT_EQ(set.status, 200) << set.body;
    const auto contacts = client.Get(UnitPath(commune_a_) + "/contacts");
    const auto body = contacts.Json();
    const auto& items = body.at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].at("role").as_string(), "primary");
    EXPECT_EQ(items[0].at("person").at("mobile_phone").as_string(), "0935 777 888");
    EXPECT_FALSE(std::string(items[0].at("changed_at").as_string()).empty());
    // A new mobile number shows in the contact point at once.
    const auto changed = client.Patch("/api/v1/people/" + std::to_string(person_id),
                                      R"({"mobile_phone":"0935 111 222"})");
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(client.Get(UnitPath(commune_a_) + "/contacts")
                  .Json()
                  .at("items")
                  .at(0)
                  .at("person")
                  .at("mobile_phone")
                  .as_string(),
              "0935 111 222");
    // The contact point is withdrawn: the unit has none until another is named.
    EXPECT_EQ(client.Send("DELETE", UnitPath(commune_a_) + "/contacts/primary").status, 204);
    EXPECT_TRUE(
        client.Get(UnitPath(commune_a_) + "/contacts").Json().at("items").as_array().empty());
    EXPECT_EQ(client
                  .Send("PUT", UnitPath(commune_a_) + "/contacts/chief",
                        json::serialize(json::object{{"person_id", person_id}}))
                  .status,
              404);
    const auto no_way_to_reach =
        client.Post(UnitPath(commune_a_) + "/people", R"({"full_name":"Không có số"})");
    EXPECT_EQ(no_way_to_reach.status, 400);
}

TEST_P(ApiTest, UsersRolesAndTheAuditTrail) {
    HttpClient client = SignedIn("coordinator");
    const auto created = client.Post(
        "/api/v1/users", json::serialize(json::object{{"login", "canbo.moi"},
                                                      {"full_name", "Cán bộ mới"},
                                                      {"unit_id", commune_b_.id.value()},
                                                      {"password", "mat-khau-moi-2026"}}));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto user_id = created.Json().at("id").as_int64();
    const std::string path = "/api/v1/users/" + std::to_string(user_id);
    const auto granted = client.Post(
        path + "/roles",
        json::serialize(json::object{{"unit_id", commune_b_.id.value()}, {"role", "officer"}}));
    ASSERT_EQ(granted.status, 201) << granted.body;
    EXPECT_EQ(
        client
            .Post(path + "/roles", json::serialize(json::object{{"unit_id", commune_b_.id.value()},
                                                                {"role", "officer"}}))
            .status,
        409);
    // A coordinator may not hand out the admin role.
    EXPECT_EQ(
        client
            .Post(path + "/roles", json::serialize(json::object{{"unit_id", commune_b_.id.value()},
                                                                {"role", "admin"}}))
            .status,
        403);
    EXPECT_EQ(
        client
            .Post("/api/v1/users", json::serialize(json::object{{"login", "canbo.moi"},
                                                                {"full_name", "Trùng"},
                                                                {"unit_id", commune_b_.id.value()},
                                                                {"password", "mat-khau-moi-2026"}}))
            .status,
        409);
    EXPECT_EQ(
        client
            .Post("/api/v1/users", json::serialize(json::object{{"login", "ngan"},
                                                                {"full_name", "Mật khẩu ngắn"},
                                                                {"unit_id", commune_b_.id.value()},
                                                                {"password", "ngan"}}))
            .status,
        400);

    HttpClient newcomer(port_);
    ASSERT_EQ(newcomer.SignIn("canbo.moi", "mat-khau-moi-2026").status, 200);
    EXPECT_EQ(newcomer.Get(UnitPath(commune_b_)).status, 200);
    EXPECT_EQ(newcomer.Get(UnitPath(commune_a_)).status, 404);

    HttpClient auditor = SignedIn("auditor");
    const auto audit = auditor.Get("/api/v1/audit?limit=20");
    ASSERT_EQ(audit.status, 200);
    std::vector<std::string> actions;
    for (const auto& entry : audit.Json().at("items").as_array()) {
        if (entry.at("actor_login").as_string() == "coordinator") {
            actions.emplace_back(entry.at("action").as_string());
        }
    }
    EXPECT_NE(std::find(actions.begin(), actions.end(), "user.create"), actions.end());
    EXPECT_NE(std::find(actions.begin(), actions.end(), "user.grant_role"), actions.end());
    const auto audit_body = audit.Json();
    const auto& first = audit_body.at("items").as_array()[0];
    EXPECT_EQ(first.at("address").as_string(), "127.0.0.1");
    EXPECT_FALSE(std::string(first.at("request_id").as_string()).empty());
}

TEST_P(ApiTest, ApiTokensWorkWithoutCsrfUntilRevoked) {
    HttpClient client = SignedIn("coordinator");
    const auto created = client.Post("/api/v1/me/tokens", R"({"name":"máy quét nhật ký"})");
    ASSERT_EQ(created.status, 201);
    const std::string token(created.Json().at("token").as_string());
    HttpClient machine(port_);
    const std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + token}};
    EXPECT_EQ(machine.Send("GET", "/api/v1/units", "", bearer).status, 200);
    EXPECT_EQ(
        machine.Send("PATCH", UnitPath(commune_a_), R"({"name_en":"Commune A"})", bearer).status,
        200);
    EXPECT_EQ(machine.Send("DELETE", "/api/v1/session", "", bearer).status, 400);
    const auto id = created.Json().at("id").as_int64();
    EXPECT_EQ(client.Send("DELETE", "/api/v1/me/tokens/" + std::to_string(id)).status, 204);
    EXPECT_EQ(machine.Send("GET", "/api/v1/units", "", bearer).status, 401);
}

TEST_P(ApiTest, TotpSecondFactor) {
    HttpClient client = SignedIn("leader");
    const auto setup =
        client.Post("/api/v1/me/totp", json::serialize(json::object{{"password", kPassword}}));
    ASSERT_EQ(setup.status, 200) << setup.body;
    const auto secret = core::Base32Decode(std::string(setup.Json().at("secret").as_string()));
    ASSERT_TRUE(secret.has_value());
    auth::SodiumCredentialCrypto crypto(auth::HashCost::kMinimal);
    const auto counter = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count() /
        30);
    EXPECT_EQ(client.Post("/api/v1/me/totp/confirm", R"({"code":"000000"})").status, 400);
    ASSERT_EQ(client
                  .Post("/api/v1/me/totp/confirm",
                        json::serialize(json::object{{"code", crypto.TotpCode(*secret, counter)}}))
                  .status,
              204);
    HttpClient again(port_);
    const auto without = again.SignIn("leader", kPassword);
    EXPECT_EQ(without.status, 401);
    EXPECT_EQ(without.Json().at("errors").as_array()[0].at("field").as_string(), "totp");
    const auto sign_in = [&](std::uint64_t step) {
        return again.Post("/api/v1/session",
                          json::serialize(json::object{{"login", "leader"},
                                                       {"password", kPassword},
                                                       {"totp", crypto.TotpCode(*secret, step)}}));
    };
    // The code that confirmed the set-up is used up; the next one signs in, once.
    EXPECT_EQ(sign_in(counter).status, 401);
    clock_.Advance(std::chrono::seconds(30));
    EXPECT_EQ(sign_in(counter + 1).status, 200);
    EXPECT_EQ(sign_in(counter + 1).status, 401);
}

TEST_P(ApiTest, PasswordChangeAndSignOutEverywhere) {
    HttpClient first = SignedIn("responder");
    HttpClient second = SignedIn("responder");
    EXPECT_EQ(
        first
            .Post("/api/v1/me/password",
                  R"({"current_password":"wrong-password","new_password":"mat-khau-moi-dai"})")
            .status,
        400);
    EXPECT_EQ(second.Get("/api/v1/units").status, 200);
    EXPECT_EQ(first.Send("DELETE", "/api/v1/me/sessions").status, 204);
    EXPECT_EQ(second.Get("/api/v1/units").status, 401);
    HttpClient third = SignedIn("responder");
    EXPECT_EQ(third
                  .Post("/api/v1/me/password",
                        json::serialize(json::object{{"current_password", kPassword},
                                                     {"new_password", "mat-khau-moi-dai"}}))
                  .status,
              204);
    EXPECT_EQ(HttpClient(port_).SignIn("responder", kPassword).status, 401);
    EXPECT_EQ(HttpClient(port_).SignIn("responder", "mat-khau-moi-dai").status, 200);
}

TEST_P(ApiTest, LevelProposalNamesTheDecidingCriterion) {
    HttpClient client = SignedIn("officer");
    const auto reply = client.Post("/api/v1/systems/level-proposal",
                                   R"({"system_class":"citizen_service","info_classes":["personal"],
                                       "user_count":12000,"online_service_level":2})");
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.Json().at("level").as_int64(), 3);
    const auto& decided = reply.Json().at("criteria").as_array().at(0);
    EXPECT_EQ(decided.at("id").as_string(), "L3-personal-10000");
    EXPECT_NE(std::string(decided.at("article").as_string()).find("85/2016"), std::string::npos);
    EXPECT_EQ(reply.Json().at("rule_set").as_string(), "vn-2017");

    const auto bad = client.Post("/api/v1/systems/level-proposal",
                                 R"({"system_class":"mainframe","info_classes":["gossip"],
                                     "user_count":-5,"online_service_level":9,"colour":1})");
    ASSERT_EQ(bad.status, 400);
    std::set<std::string> fields;
    for (const auto& e : bad.Json().at("errors").as_array()) {
        fields.insert(std::string(e.at("field").as_string()));
    }
    EXPECT_TRUE(fields.contains("system_class"));
    EXPECT_TRUE(fields.contains("info_classes"));
    EXPECT_TRUE(fields.contains("colour"));
    const auto impossible =
        client.Post("/api/v1/systems/level-proposal",
                    R"({"system_class":"internal","user_count":-5,"online_service_level":9})");
    ASSERT_EQ(impossible.status, 400);
    EXPECT_EQ(impossible.Json().at("errors").as_array().size(), 2u);
    EXPECT_EQ(HttpClient(port_).Post("/api/v1/systems/level-proposal", "{}").status, 401);
}

// ---- the authorisation matrix -------------------------------------------------------------------

struct MatrixCase {
    std::string what;
    std::function<HttpReply(HttpClient&)> call;
    std::map<std::string, int> expected;  // login → status
};

TEST_P(ApiTest, AuthorisationMatrix) {
    const std::string unit_a = UnitPath(commune_a_);
    const std::string unit_b = UnitPath(commune_b_);
    const std::string user_b = "/api/v1/users/" + std::to_string(officer_b_.id.value());
    int counter = 0;
    const auto new_unit = [&](const domain::Unit& parent) {
        return json::serialize(json::object{{"parent_id", parent.id.value()},
                                            {"code", "NEW-" + std::to_string(++counter)},
                                            {"kind", "other"},
                                            {"name_vi", "Đơn vị mới"}});
    };
    const auto new_user = [&](const domain::Unit& unit) {
        return json::serialize(json::object{{"login", "u" + std::to_string(++counter)},
                                            {"full_name", "Người mới"},
                                            {"unit_id", unit.id.value()},
                                            {"password", "mat-khau-thu-nghiem-2"}});
    };
    const std::vector<MatrixCase> cases = {
        {"GET unit A",
         [&](HttpClient& c) { return c.Get(unit_a); },
         {{"admin", 200},
          {"coordinator", 200},
          {"responder", 200},
          {"leader", 200},
          {"auditor", 200},
          {"officer", 200}}},
        {"GET unit B",
         [&](HttpClient& c) { return c.Get(unit_b); },
         {{"admin", 200},
          {"coordinator", 200},
          {"responder", 200},
          {"leader", 200},
          {"auditor", 200},
          {"officer", 404}}},
        {"PATCH unit A",
         [&](HttpClient& c) { return c.Patch(unit_a, R"({"fax":"0262 000"})"); },
         {{"admin", 200},
          {"coordinator", 200},
          {"responder", 403},
          {"leader", 403},
          {"auditor", 403},
          {"officer", 403}}},
        {"PATCH unit B",
         [&](HttpClient& c) { return c.Patch(unit_b, R"({"fax":"0262 000"})"); },
         {{"admin", 200},
          {"coordinator", 200},
          {"responder", 403},
          {"leader", 403},
          {"auditor", 403},
          {"officer", 404}}},
        {"POST unit under A",
         [&](HttpClient& c) { return c.Post("/api/v1/units", new_unit(commune_a_)); },
         {{"admin", 201},
          {"coordinator", 201},
          {"responder", 403},
          {"leader", 403},
          {"auditor", 403},
          {"officer", 403}}},
        {"POST unit under B",
         [&](HttpClient& c) { return c.Post("/api/v1/units", new_unit(commune_b_)); },
         {{"admin", 201},
          {"coordinator", 201},
          {"responder", 403},
          {"leader", 403},
          {"auditor", 403},
          {"officer", 404}}},
        {"move B under A",
         [&](HttpClient& c) {
             return c.Post(unit_b + "/move",
                           json::serialize(json::object{{"parent_id", province_.id.value()}}));
         },
         {{"admin", 200},
          {"coordinator", 200},
          {"responder", 403},
          {"leader", 403},
          {"auditor", 403},
          {"officer", 404}}},
        {"GET people of B",
         [&](HttpClient& c) { return c.Get(unit_b + "/people"); },
         {{"admin", 200},
          {"coordinator", 200},
          {"responder", 200},
          {"leader", 200},
          {"auditor", 200},
          {"officer", 404}}},
        {"POST person in A",
         [&](HttpClient& c) {
             return c.Post(unit_a + "/people", R"({"full_name":"Người A","email":"a@x.vn"})");
         },
         {{"admin", 201},
          {"coordinator", 201},
          {"responder", 403},
          {"leader", 403},
          {"auditor", 403},
          {"officer", 201}}},
        {"POST person in B",
         [&](HttpClient& c) {
             return c.Post(unit_b + "/people", R"({"full_name":"Người B","email":"b@x.vn"})");
         },
         {{"admin", 201},
          {"coordinator", 201},
          {"responder", 403},
          {"leader", 403},
          {"auditor", 403},
          {"officer", 404}}},
        {"GET users",
         [&](HttpClient& c) { return c.Get("/api/v1/users"); },
         {{"admin", 200},
          {"coordinator", 200},
          {"responder", 403},
          {"leader", 200},
          {"auditor", 200},
          {"officer", 403}}},
        {"GET user of B",
         [&](HttpClient& c) { return c.Get(user_b); },
         {{"admin", 200},
          {"coordinator", 200},
          {"responder", 404},
          {"leader", 200},
          {"auditor", 200},
          {"officer", 404}}},
        {"POST user in A",
         [&](HttpClient& c) { return c.Post("/api/v1/users", new_user(commune_a_)); },
         {{"admin", 201},
          {"coordinator", 201},
          {"responder", 403},
          {"leader", 403},
          {"auditor", 403},
          {"officer", 403}}},
        {"POST user in B",
         [&](HttpClient& c) { return c.Post("/api/v1/users", new_user(commune_b_)); },
         {{"admin", 201},
          {"coordinator", 201},
          {"responder", 403},
          {"leader", 403},
          {"auditor", 403},
          {"officer", 404}}},
        {"grant role to user of B",
         [&](HttpClient& c) {
             return c.Post(
                 user_b + "/roles",
                 json::serialize(json::object{
                     {"unit_id", commune_b_.id.value()}, {"role", "leader"}, {"local", true}}));
         },
         {{"admin", 201},
          {"coordinator", 403},
          {"responder", 404},
          {"leader", 403},
          {"auditor", 403},
          {"officer", 404}}},
        {"GET audit",
         [&](HttpClient& c) { return c.Get("/api/v1/audit"); },
         {{"admin", 200},
          {"coordinator", 403},
          {"responder", 403},
          {"leader", 200},
          {"auditor", 200},
          {"officer", 403}}},
    };
    std::map<std::string, HttpClient> clients;
    for (const auto* login :
         {"admin", "coordinator", "responder", "leader", "auditor", "officer"}) {
        clients.emplace(login, SignedIn(login));
    }
    // The "grant" row: a coordinator may not grant the leader role (it reads the audit log,
    // which a coordinator does not), whether or not the admin granted it first.
    for (const auto& row : cases) {
        for (const auto* login :
             {"admin", "coordinator", "responder", "leader", "auditor", "officer"}) {
            const auto reply = row.call(clients.at(login));
            EXPECT_EQ(reply.status, row.expected.at(login))
                << row.what << " as " << login << ": " << reply.body;
        }
    }
    // The officer never sees commune B in a list either.
    const auto listed = clients.at("officer").Get("/api/v1/units?limit=500");
    for (const auto& unit : listed.Json().at("items").as_array()) {
        EXPECT_NE(unit.at("id").as_int64(), commune_b_.id.value());
    }
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         ApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         [](const auto& param_info) {
                             return param_info.param == storage::Dialect::kSqlite ? "Sqlite"
                                                                                  : "Postgres";
                         });

}  // namespace
}  // namespace ungcuu::testing
