// Live updates over real HTTP on both engines: GET /api/v1/events streams what changed in the
// units the caller sees and nothing of the others, resumes from Last-Event-ID after a drop,
// refuses strangers, malformed ids and too many streams.
#include <poll.h>

#include <boost/asio.hpp>
#include <chrono>
#include <regex>
#include <thread>

#include "integration/api_fixture.hpp"

namespace ungcuu::testing {
namespace {

namespace asio = boost::asio;

/// One open event stream, read as it arrives.
class EventStream {
public:
    EventStream(unsigned short port, const std::string& cookie, const std::string& extra = "")
        : socket_(io_) {
        socket_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        const std::string request =
            "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ungcuu_session=" + cookie +
            "\r\nAccept: text/event-stream\r\n" + extra + "\r\n";
        asio::write(socket_, asio::buffer(request));
    }

    /// Reads until `text` has arrived (true) or 15 s have passed (false).
    bool WaitFor(const std::string& text) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (received_.find(text) == std::string::npos) {
            if (std::chrono::steady_clock::now() > deadline || closed_) {
                return false;
            }
            ReadSome();
        }
        return true;
    }

    /// Reads what arrives within `span` (for "nothing more came").
    void Drain(std::chrono::milliseconds span) {
        const auto until = std::chrono::steady_clock::now() + span;
        while (std::chrono::steady_clock::now() < until && !closed_) {
            ReadSome();
        }
    }

    const std::string& received() const { return received_; }

    void Close() {
        boost::system::error_code ignored;
        socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
    }

private:
    // Waits up to 200 ms for bytes (so that the callers can check their deadlines), then reads.
    void ReadSome() {
        pollfd ready{socket_.native_handle(), POLLIN, 0};
        if (::poll(&ready, 1, 200) <= 0) {
            return;
        }
        char chunk[4096];
        boost::system::error_code ec;
        const auto n = socket_.read_some(asio::buffer(chunk), ec);
        if (ec || n == 0) {
            closed_ = true;
            return;
        }
        received_.append(chunk, n);
    }

    asio::io_context io_;
    asio::ip::tcp::socket socket_;
    std::string received_;
    bool closed_ = false;
};

class EventsApiTest : public ApiTest {
protected:
    /// Files an incident in `unit` as `client`; returns its id.
    std::int64_t File(HttpClient& client, const domain::Unit& unit, const std::string& title) {
        const json::object body{
            {"title", title},
            {"description", "Trang chủ hiển thị nội dung lạ."},
            {"unit_id", unit.id.value()},
            {"reporter",
             {{"name", "UBND xã"},
              {"address", "Xã"},
              {"phone", "0262 3812 345"},
              {"email", "ubnd@example.gov.vn"}}},
            {"contact",
             {{"name", "Nguyễn Văn Bình"},
              {"phone", "0905 123 456"},
              {"email", "binh@example.gov.vn"}}},
            {"affected_text", "Cổng thông tin của xã"},
            {"detected_at", core::FormatRfc3339(clock_.Now() - std::chrono::hours(1))},
            {"handled", false},
            {"detection_methods", json::array{"log_review"}},
            {"notified_parties", json::array{"coordinator"}}};
        const auto reply = client.Post("/api/v1/incidents", json::serialize(body));
        EXPECT_EQ(reply.status, 201) << reply.body;
        return reply.Json().at("id").as_int64();
    }

    static std::string Created(std::int64_t id) {
        return "\"action\":\"incident.create\",\"object_type\":\"incident\",\"object_id\":" +
               std::to_string(id);
    }

    /// The id of the last event the stream received.
    static std::int64_t LastId(const std::string& text) {
        std::int64_t last = 0;
        const std::regex id_line(R"(\nid: (\d+)\n)");
        for (auto it = std::sregex_iterator(text.begin(), text.end(), id_line);
             it != std::sregex_iterator(); ++it) {
            last = std::stoll((*it)[1].str());
        }
        return last;
    }
};

TEST_P(EventsApiTest, ChangesReachThoseWhoSeeTheUnitAndNobodyElse) {
    auto coordinator = SignedIn("coordinator");
    auto officer_a = SignedIn("officer");
    auto officer_b = SignedIn("officer.b");
    EventStream province(port_, coordinator.cookie);
    EventStream commune_a(port_, officer_a.cookie);
    EventStream commune_b(port_, officer_b.cookie);
    for (auto* stream : {&province, &commune_a, &commune_b}) {
        ASSERT_TRUE(stream->WaitFor(": connected\n\n")) << stream->received();
    }
    const std::string& head = province.received();
    EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
    EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos);
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << "the body runs until the close";
    EXPECT_NE(head.find("retry: 3000"), std::string::npos);

    const auto in_a = File(officer_a, commune_a_, "Trang xã A bị thay đổi giao diện");
    EXPECT_TRUE(province.WaitFor(Created(in_a))) << province.received();
    EXPECT_TRUE(commune_a.WaitFor(Created(in_a))) << commune_a.received();
    // Commune B sees its own incident arrive — and never saw A's, which came first.
    const auto in_b = File(officer_b, commune_b_, "Trang xã B không truy cập được");
    EXPECT_TRUE(commune_b.WaitFor(Created(in_b))) << commune_b.received();
    EXPECT_EQ(commune_b.received().find(Created(in_a)), std::string::npos);
    EXPECT_TRUE(province.WaitFor(Created(in_b)));
    // An event says what changed, never the content.
    EXPECT_EQ(province.received().find("Trang xã"), std::string::npos);
    // A note is a change too; a sign-in is not.
    ASSERT_EQ(coordinator
                  .Post("/api/v1/incidents/" + std::to_string(in_a) + "/notes",
                        R"({"note":"Đã chụp màn hình trang bị thay đổi."})")
                  .status,
              200);
    EXPECT_TRUE(commune_a.WaitFor("\"action\":\"incident.note\"")) << commune_a.received();
    (void)SignedIn("leader");
    commune_a.Drain(std::chrono::milliseconds(1200));
    EXPECT_EQ(province.received().find("session."), std::string::npos);
    for (auto* stream : {&province, &commune_a, &commune_b}) {
        stream->Close();
    }
}

TEST_P(EventsApiTest, AReconnectingBrowserGetsWhatItMissed) {
    auto coordinator = SignedIn("coordinator");
    auto officer = SignedIn("officer");
    EventStream first(port_, coordinator.cookie);
    ASSERT_TRUE(first.WaitFor(": connected"));
    const auto seen = File(officer, commune_a_, "Sự cố thứ nhất");
    ASSERT_TRUE(first.WaitFor(Created(seen)));
    const auto last = LastId(first.received());
    ASSERT_GT(last, 0);
    first.Close();
    // While the browser is away, two more changes.
    const auto missed = File(officer, commune_a_, "Sự cố thứ hai");
    const auto also = File(officer, commune_a_, "Sự cố thứ ba");
    EventStream back(port_, coordinator.cookie, "Last-Event-ID: " + std::to_string(last) + "\r\n");
    EXPECT_TRUE(back.WaitFor(Created(also))) << back.received();
    EXPECT_NE(back.received().find(Created(missed)), std::string::npos);
    EXPECT_EQ(back.received().find(Created(seen)), std::string::npos) << "nothing twice";
    EXPECT_LT(back.received().find(Created(missed)), back.received().find(Created(also)));
    back.Close();
    // An id this database never gave: reload everything.
    EventStream stranger(port_, coordinator.cookie, "Last-Event-ID: 99999999\r\n");
    EXPECT_TRUE(stranger.WaitFor("event: reset\n")) << stranger.received();
    stranger.Close();
}

TEST_P(EventsApiTest, StrangersMalformedIdsAndFloodsAreRefused) {
    HttpClient stranger(port_);
    EXPECT_EQ(stranger.Get("/api/v1/events").status, 401);
    auto coordinator = SignedIn("coordinator");
    for (const std::string bad : {"abc", "-5", "1e9", "99999999999999999999999"}) {
        const auto reply = coordinator.Send("GET", "/api/v1/events", "", {{"Last-Event-ID", bad}});
        EXPECT_EQ(reply.status, 400) << bad << ": " << reply.body;
    }
    EXPECT_EQ(coordinator.Get("/api/v1/events?after=x").status, 400);
    // One person keeps at most eight streams (eight tabs); the ninth is told to wait.
    std::vector<std::unique_ptr<EventStream>> tabs;
    for (int i = 0; i < 8; ++i) {
        tabs.push_back(std::make_unique<EventStream>(port_, coordinator.cookie));
        ASSERT_TRUE(tabs.back()->WaitFor(": connected")) << i;
    }
    const auto ninth = coordinator.Get("/api/v1/events");
    EXPECT_EQ(ninth.status, 503) << ninth.body;
    EXPECT_FALSE(ninth.headers.at("retry-after").empty());
    EXPECT_NE(ninth.body.find("Quá nhiều kết nối cập nhật trực tiếp"), std::string::npos);
    // Another person is not held back by the first one's tabs.
    auto officer = SignedIn("officer");
    EventStream other(port_, officer.cookie);
    EXPECT_TRUE(other.WaitFor(": connected")) << other.received();
    other.Close();
    // A closed tab frees its place (noticed at the next write: the heartbeat, or here a change).
    tabs.back()->Close();
    tabs.pop_back();
    (void)File(officer, commune_a_, "Sự cố làm các luồng ghi");
    EventStream again(port_, coordinator.cookie);
    EXPECT_TRUE(again.WaitFor(": connected")) << again.received();
    again.Close();
    for (auto& tab : tabs) {
        tab->Close();
    }
}

INSTANTIATE_TEST_SUITE_P(Engines,
                         EventsApiTest,
                         ::testing::Values(storage::Dialect::kSqlite, storage::Dialect::kPostgres),
                         EngineName);

}  // namespace
}  // namespace ungcuu::testing
