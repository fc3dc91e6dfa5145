// Notifier over libcurl: e-mail through an SMTP server (UTF-8 subject and body, RFC 2047 encoded
// subject) and webhooks (HTTP POST of a JSON document). One easy handle per send, so it is
// thread-safe; timeouts keep a dead server from holding the outbox.
#pragma once

#include <chrono>
#include <string>

#include "app/incidents/ports.hpp"
#include "core/clock.hpp"

namespace ungcuu::notify {

struct NotifierOptions {
    std::string smtp_url;  // "smtp://127.0.0.1:25"; empty: e-mail is not configured
    std::string from = "ungcuu@localhost";
    // The From line's display name (RFC 2047-encoded when not ASCII).
    std::string from_name = "Hệ thống ứng cứu sự cố";
    std::chrono::seconds timeout{20};
};

class CurlNotifier final : public app::Notifier {
public:
    /// `clock` dates the messages (the Date header); it must outlive the notifier.
    CurlNotifier(NotifierOptions options, const core::Clock& clock);
    ~CurlNotifier() override;
    core::Status Send(const domain::Delivery& delivery,
                      const std::vector<app::MailAttachment>& attachments) override;

private:
    core::Status SendMail(const domain::Delivery& delivery,
                          const std::vector<app::MailAttachment>& attachments);
    core::Status PostWebhook(const domain::Delivery& delivery);

    NotifierOptions options_;
    const core::Clock& clock_;
};

struct MailHeaders {
    std::string from;       // the address
    std::string from_name;  // its display name; may be empty
    std::string message_id;
    core::TimePoint date;
};

/// The RFC 5322 message for a delivery (headers, blank line, body), for tests too; with
/// attachments a multipart/mixed message whose first part is the text.
std::string MailMessage(const domain::Delivery& delivery,
                        const MailHeaders& headers,
                        const std::vector<app::MailAttachment>& attachments = {});

/// A Message-ID that every attempt of one delivery shares (a retry after a crash is the same
/// message downstream) and that no other installation, nor this one after a reinstall, gives:
/// the delivery's id and creation instant, at the sending address's domain.
std::string MessageId(const domain::Delivery& delivery, std::string_view from);

/// The webhook's Idempotency-Key header: the same for every attempt of one delivery, and given
/// by no other delivery of this or another installation (its id and creation instant).
std::string IdempotencyKey(const domain::Delivery& delivery);

/// An RFC 5322 date in Vietnamese time: "Sat, 05 Dec 2026 23:35:00 +0700".
std::string MailDate(core::TimePoint at);

}  // namespace ungcuu::notify
