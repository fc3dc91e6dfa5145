// Several nodes on one database share the outbox: three systems dispatch the same due
// deliveries at once, and every e-mail reaches the real SMTP sink and every webhook the loopback
// receiver exactly once, each webhook with its own Idempotency-Key and each mail with its own
// Message-ID; a delivery claimed by a node that died is sent by another once the claim lapses.
// Also what one node caches of shared data: a calendar edit reaches the other nodes.
#include <mutex>
#include <set>
#include <thread>

#include "api_fixture.hpp"
#include "core/date.hpp"
#include "http/server.hpp"

namespace ungcuu::testing {
namespace {

using namespace std::chrono_literals;

/// A webhook receiver on loopback: keeps the Idempotency-Key of every POST and answers 200.
class WebhookSink {
public:
    bool Start() {
        http::ServerOptions options;
        options.host = "127.0.0.1";
        options.port = 0;
        server_ = std::make_unique<http::Server>(
            options,
            [this](const http::RequestContext& context) {
                {
                    std::lock_guard lock(mutex_);
                    keys_.emplace_back(context.request["Idempotency-Key"]);
                }
                http::Response response{boost::beast::http::status::ok, context.request.version()};
                response.body() = "{}";
                return response;
            },
            [](boost::beast::http::status status, std::string_view) {
                return http::Response{status, 11};
            });
        auto bound = server_->Start();
        if (!bound.ok()) {
            return false;
        }
        port_ = bound->port();
        return true;
    }

    ~WebhookSink() {
        if (server_) {
            server_->Stop();
        }
    }

    std::string Url() const { return fmt::format("http://127.0.0.1:{}/hook", port_); }

    std::vector<std::string> Keys() {
        std::lock_guard lock(mutex_);
        return keys_;
    }

private:
    std::unique_ptr<http::Server> server_;
    unsigned short port_ = 0;
    std::mutex mutex_;
    std::vector<std::string> keys_;
};

class OutboxNodesTest : public MailApiTest {
protected:
    /// Another node: a system of its own on the same database, clock and mail server.
    std::unique_ptr<bin::System> OpenNode() {
        bin::WiringOptions wiring{url_, auth::HashCost::kMinimal, &clock_};
        wiring.upload_dir = (dir_.path() / "uploads").string();
        wiring.scan.clamav_default = false;
        wiring.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp_port_);
        wiring.mail_from = "ungcuu@example.gov.vn";
        auto system = bin::System::Open(wiring);
        EXPECT_TRUE(system.ok()) << system.error().message_en;
        return system.ok() ? std::move(system).value() : nullptr;
    }

    domain::Delivery Queue(domain::IncidentId incident,
                           domain::Channel channel,
                           std::string address,
                           core::TimePoint due) {
        domain::Delivery d;
        d.incident_id = incident;
        d.kind = "reminder";
        d.unit_id = commune_a_.id;
        d.function = "owner";
        d.channel = channel;
        d.address = std::move(address);
        d.subject = "Nhắc hạn báo cáo";
        d.body = "Sự cố sắp đến hạn báo cáo.";
        d.state = domain::DeliveryState::kQueued;
        d.next_attempt_at = due;
        d.created_at = clock_.Now();
        auto stored = system_->store().Write(
            [&](app::Repositories& repos) { return repos.outbox.Insert(d); });
        EXPECT_TRUE(stored.ok());
        return stored.ok() ? *stored : d;
    }

    /// Each node dispatches until it finds nothing due; all at once.
    static void DispatchOnAll(const std::vector<bin::System*>& nodes) {
        std::vector<std::thread> threads;
        for (auto* node : nodes) {
            threads.emplace_back([node] {
                for (int round = 0; round < 20; ++round) {
                    auto result = node->outbox().DispatchDue();
                    ASSERT_TRUE(result.ok()) << result.error().message_en;
                    if (result->sent + result->retried + result->failed == 0) {
                        return;
                    }
                }
            });
        }
        for (auto& t : threads) {
            t.join();
        }
    }
};

TEST_P(OutboxNodesTest, EachDeliveryIsSentByOneNodeOnceAndADeadNodesClaimLapses) {
    SmtpSink smtp(smtp_port_, dir_.path() / "maildir");
    ASSERT_TRUE(smtp.Start()) << "python3-aiosmtpd must be installed (tools/install-deps.sh test)";
    WebhookSink hooks;
    ASSERT_TRUE(hooks.Start());
    HttpClient officer = SignedIn("officer");
    const auto system = AddSystem(officer, "XAA-NODES", commune_a_);
    const auto created = officer.Post("/api/v1/incidents", json::serialize(Mau03(system)));
    ASSERT_EQ(created.status, 201) << created.body;
    const domain::IncidentId incident{created.Json().at("id").as_int64()};
    // What filing queued goes first, so that only this test's deliveries are left.
    ASSERT_TRUE(system_->outbox().DispatchDue().ok());
    const auto before = smtp.Messages().size();

    const auto now = clock_.Now();
    // The oldest is claimed by a node that then dies: it holds it for the lease.
    const auto orphan =
        Queue(incident, domain::Channel::kEmail, "mo-coi@nodes.example.gov.vn", now - 1h);
    auto claimed = system_->store().Write([&](app::Repositories& repos) {
        return repos.outbox.ClaimDue(now, now + app::OutboxOptions{}.lease);
    });
    ASSERT_TRUE(claimed.ok() && claimed->has_value());
    ASSERT_EQ((*claimed)->id, orphan.id);
    constexpr int kMails = 30;
    constexpr int kHooks = 10;
    for (int i = 0; i < kMails; ++i) {
        Queue(incident, domain::Channel::kEmail, fmt::format("can-bo{}@nodes.example.gov.vn", i),
              now);
    }
    for (int i = 0; i < kHooks; ++i) {
        Queue(incident, domain::Channel::kWebhook, hooks.Url(), now);
    }

    auto second = OpenNode();
    auto third = OpenNode();
    ASSERT_TRUE(second && third);
    DispatchOnAll({system_.get(), second.get(), third.get()});

    const auto count_to_nodes = [&] {
        std::multiset<std::string> ids;
        const auto messages = smtp.Messages();
        for (std::size_t i = before; i < messages.size(); ++i) {
            const auto& m = messages[i];
            if (m.find("@nodes.example.gov.vn") == std::string::npos) {
                continue;
            }
            const auto at = m.find("Message-ID: <");
            ids.insert(at == std::string::npos ? "" : m.substr(at, m.find('>', at) - at));
        }
        return ids;
    };
    auto ids = count_to_nodes();
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kMails));
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size())
        << "a message was sent twice";
    auto keys = hooks.Keys();
    EXPECT_EQ(keys.size(), static_cast<std::size_t>(kHooks));
    std::set<std::string> distinct(keys.begin(), keys.end());
    EXPECT_EQ(distinct.size(), keys.size()) << "a webhook was posted twice";
    EXPECT_EQ(distinct.count(""), 0U) << "a webhook without its Idempotency-Key";

    // The dead node's claim lapses: another node sends it, once.
    clock_.Advance(app::OutboxOptions{}.lease + 1s);
    DispatchOnAll({second.get(), third.get()});
    ids = count_to_nodes();
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kMails + 1));
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
    EXPECT_EQ(hooks.Keys().size(), static_cast<std::size_t>(kHooks));
    auto deliveries = system_->store().Read(
        [&](app::Repositories& repos) { return repos.outbox.ForIncident(incident); });
    ASSERT_TRUE(deliveries.ok());
    int mine = 0;
    for (const auto& d : *deliveries) {
        if (d.kind != "reminder") {
            continue;
        }
        ++mine;
        EXPECT_EQ(d.state, domain::DeliveryState::kSent) << d.address;
        EXPECT_EQ(d.attempts, 1) << d.address;
    }
    EXPECT_EQ(mine, kMails + kHooks + 1);
}

// A calendar edit made through one node reaches the others' deadline counting within the
// cache's bound (CalendarService::kCalendarFor), not only after they restart.
TEST_P(OutboxNodesTest, ACalendarEditOnOneNodeReachesTheOthers) {
    auto other = OpenNode();
    ASSERT_TRUE(other);
    const auto saturday = *core::ParseDate("2027-02-06");
    auto before = other->calendar().Calendar();
    ASSERT_TRUE(before.ok());
    EXPECT_FALSE((*before)->IsWorkingDay(saturday));
    HttpClient admin = SignedIn("admin");
    const auto edited =
        admin.Send("PUT", "/api/v1/calendar/2027",
                   R"({"days":[{"date":"2027-02-06","name_vi":"Làm bù","working":true}]})");
    ASSERT_EQ(edited.status, 200) << edited.body;
    clock_.Advance(app::CalendarService::kCalendarFor);
    auto after = other->calendar().Calendar();
    ASSERT_TRUE(after.ok());
    EXPECT_TRUE((*after)->IsWorkingDay(saturday));
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         OutboxNodesTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
