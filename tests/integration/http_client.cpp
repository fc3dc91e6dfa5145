#include "integration/http_client.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <fstream>
#include <mutex>

namespace ungcuu::testing {

namespace beast = boost::beast;
namespace bhttp = beast::http;

const boost::json::value& HttpReply::Json() const {
    if (!parsed_) {
        boost::system::error_code ec;
        auto value = boost::json::parse(body, ec);
        parsed_ = ec ? boost::json::value() : std::move(value);
    }
    return *parsed_;
}

namespace {

/// With UNGCUU_API_RECORD set, every exchange is appended to that file as one JSON line
/// (method, target, status, the request and the answer), so that a later test can check real
/// requests and answers against the OpenAPI document. The file is emptied once per process.
void Record(const std::string& method,
            const std::string& target,
            const std::string& request_body,
            const std::string& request_type,
            const HttpReply& reply) {
    static const char* const path = std::getenv("UNGCUU_API_RECORD");
    if (path == nullptr || *path == '\0') {
        return;
    }
    static std::mutex mutex;
    static bool truncated = false;
    std::lock_guard lock(mutex);
    std::ofstream out(path, truncated ? std::ios::app : std::ios::trunc);
    truncated = true;
    const auto found = reply.headers.find("content-type");
    const std::string content_type = found == reply.headers.end() ? "" : found->second;
    // Only JSON bodies are kept: documents and files are not the document's schemas' concern.
    const bool json_answer = content_type.find("json") != std::string::npos;
    const bool json_request = request_type.find("json") != std::string::npos;
    boost::json::object line{
        {"method", method},
        {"target", target},
        {"status", reply.status},
        {"content_type", content_type},
        {"request", json_request ? request_body : std::string()},
        {"request_type", request_type},
        {"response", json_answer ? reply.body : std::string()},
    };
    out << boost::json::serialize(line) << '\n';
}

}  // namespace

std::string HttpReply::Code() const {
    const auto& value = Json();
    if (!value.is_object() || !value.as_object().contains("code")) {
        return {};
    }
    return std::string(value.at("code").as_string());
}

HttpReply HttpClient::Send(const std::string& method,
                           const std::string& target,
                           const std::string& body,
                           std::map<std::string, std::string> headers) {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    if (!source_address.empty()) {
        stream.socket().open(boost::asio::ip::tcp::v4());
        stream.socket().bind(
            boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(source_address), 0));
    }
    stream.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
    bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method), target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    if (!body.empty()) {
        request.set(bhttp::field::content_type, "application/json");
        request.body() = body;
    }
    if (!cookie.empty()) {
        request.set(bhttp::field::cookie, "ungcuu_session=" + cookie);
    }
    if (send_csrf && !csrf.empty() && method != "GET") {
        request.set("X-CSRF-Token", csrf);
    }
    for (const auto& [name, value] : headers) {
        request.set(name, value);
    }
    request.prepare_payload();
    // A server may answer (e.g. 413) and stop reading before the whole body is sent, as real
    // clients see it: the write may fail, the answer is still read.
    beast::error_code write_error;
    bhttp::write(stream, request, write_error);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    bhttp::read(stream, buffer, parser);
    auto response = parser.release();
    HttpReply reply;
    reply.status = static_cast<int>(response.result_int());
    reply.body = response.body();
    for (const auto& field : response) {
        std::string name(field.name_string());
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        auto& slot = reply.headers[name];
        slot += slot.empty() ? std::string(field.value()) : "\n" + std::string(field.value());
    }
    beast::error_code ignored;
    stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    const auto given_type = headers.find("Content-Type");
    Record(
        method, target, body,
        given_type != headers.end() ? given_type->second : (body.empty() ? "" : "application/json"),
        reply);
    return reply;
}

HttpReply HttpClient::SignIn(const std::string& login, const std::string& password) {
    boost::json::object body{{"login", login}, {"password", password}};
    HttpReply reply = Post("/api/v1/session", boost::json::serialize(body));
    if (reply.status == 200) {
        const std::string& set_cookie = reply.headers["set-cookie"];
        const auto start = set_cookie.find("ungcuu_session=") + 15;
        cookie = set_cookie.substr(start, set_cookie.find(';', start) - start);
        csrf = std::string(reply.Json().at("csrf_token").as_string());
    }
    return reply;
}

std::string RawExchange(unsigned short port, std::string_view bytes) {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    // A server that never closes fails the read after 30 s instead of hanging the test.
    timeval timeout{30, 0};
    ::setsockopt(stream.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout,
                 sizeof timeout);
    beast::error_code ec;
    boost::asio::write(stream.socket(), boost::asio::buffer(bytes.data(), bytes.size()), ec);
    stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    std::string answer;
    char chunk[4096];
    while (true) {
        const auto n = stream.socket().read_some(boost::asio::buffer(chunk), ec);
        if (ec || n == 0) {
            break;
        }
        answer.append(chunk, n);
    }
    return answer;
}

int RawStatus(std::string_view answer) {
    if (!answer.starts_with("HTTP/1.") || answer.size() < 12) {
        return 0;
    }
    int status = 0;
    for (std::size_t i = 9; i < 12; ++i) {
        if (answer[i] < '0' || answer[i] > '9') {
            return 0;
        }
        status = status * 10 + (answer[i] - '0');
    }
    return status;
}

}  // namespace ungcuu::testing
