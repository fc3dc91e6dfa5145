// Notifier over libcurl: e-mail through an SMTP server (UTF-8 subject and body, RFC 2047 encoded
// subject) and webhooks (HTTP POST of a JSON document). One easy handle per send, so it is
// thread-safe; timeouts keep a dead server from holding the outbox.
#pragma once

#include <chrono>
#include <string>

#include "app/incidents/ports.hpp"

namespace ungcuu::notify {

struct NotifierOptions {
    std::string smtp_url;  // "smtp://127.0.0.1:25"; empty: e-mail is not configured
    std::string from = "ungcuu@localhost";
    std::chrono::seconds timeout{20};
};

class CurlNotifier final : public app::Notifier {
public:
    explicit CurlNotifier(NotifierOptions options);
    ~CurlNotifier() override;
    core::Status Send(const domain::Delivery& delivery) override;

private:
    core::Status SendMail(const domain::Delivery& delivery);
    core::Status PostWebhook(const domain::Delivery& delivery);

    NotifierOptions options_;
};

/// The RFC 5322 message for a delivery (headers, blank line, body), for tests too.
std::string MailMessage(const domain::Delivery& delivery,
                        std::string_view from,
                        std::string_view message_id);

}  // namespace ungcuu::notify
