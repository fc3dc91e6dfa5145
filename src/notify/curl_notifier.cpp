#include "notify/curl_notifier.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>

#include "core/date.hpp"
#include "core/text.hpp"

namespace ungcuu::notify {

namespace {

// Header values must not carry line breaks (header injection).
std::string OneLine(std::string_view text) {
    std::string out;
    for (const char c : text) {
        out += (c == '\r' || c == '\n') ? ' ' : c;
    }
    return out;
}

// Base64 in lines of 76 characters (RFC 2045 §6.8); SMTP servers refuse lines over 998.
std::string Base64Lines(std::string_view bytes) {
    const std::string encoded = core::Base64Encode(bytes);
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); i += 76) {
        out += encoded.substr(i, 76);
        out += "\r\n";
    }
    return out;
}

// A header value as RFC 2047 encoded-words of at most 75 characters each, folded onto
// continuation lines; a word never splits a UTF-8 character.
std::string EncodedWords(std::string_view text) {
    constexpr std::size_t kMaxBytes = 39;  // 52 base64 characters: "Subject: " + word < 78
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.size(), start + kMaxBytes);
        while (end < text.size() && end > start &&
               (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            --end;  // back to the first byte of the character
        }
        if (!out.empty()) {
            out += "\r\n ";
        }
        out += "=?UTF-8?B?" + core::Base64Encode(text.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

struct Upload {
    std::string data;
    std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
    std::copy_n(upload->data.data() + upload->offset, n, buffer);
    upload->offset += n;
    return n;
}

std::size_t Discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

core::Status Failed(std::string_view what_vi, std::string_view what_en, std::string_view detail) {
    return core::Error::Make(core::ErrorCode::kUnavailable,
                             fmt::format("Gửi {} không thành công: {}", what_vi, detail),
                             fmt::format("Sending the {} failed: {}", what_en, detail));
}

}  // namespace

std::string MailMessage(const domain::Delivery& delivery,
                        const MailHeaders& headers,
                        const std::vector<app::MailAttachment>& attachments) {
    std::string body;
    for (const char c : delivery.body) {
        if (c == '\n') {
            body += "\r\n";
        } else if (c != '\r') {
            body += c;
        }
    }
    const std::string name = OneLine(headers.from_name);
    const std::string from =
        name.empty() ? OneLine(headers.from)
                     : fmt::format("{}\r\n <{}>", EncodedWords(name), OneLine(headers.from));
    std::string message = fmt::format(
        "Date: {}\r\nFrom: {}\r\nTo: {}\r\nSubject: {}\r\nMessage-ID: <{}>\r\n"
        "MIME-Version: 1.0\r\n",
        MailDate(headers.date), from, OneLine(delivery.address),
        EncodedWords(OneLine(delivery.subject)), OneLine(headers.message_id));
    if (delivery.incident_id.value() != 0) {
        message += fmt::format("X-Ungcuu-Incident: {}\r\n", delivery.incident_id.value());
    }
    constexpr std::string_view kText =
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n";
    if (attachments.empty()) {
        return message + std::string(kText) + "\r\n" + Base64Lines(body);
    }
    // multipart/mixed (RFC 2046 §5.1.3): the text first, then each file. Every line of a part
    // is base64, which never starts with "--", so no part can contain the boundary.
    const std::string boundary =
        fmt::format("=_ungcuu_{}_{}", delivery.id.value(), core::ToUnixMillis(delivery.created_at));
    message += fmt::format("Content-Type: multipart/mixed; boundary=\"{}\"\r\n\r\n", boundary);
    message += fmt::format("--{}\r\n{}\r\n{}", boundary, kText, Base64Lines(body));
    for (const auto& file : attachments) {
        // File names are made by ungcuu from codes (ASCII); anything else is dropped.
        std::string file_name;
        for (const char c : file.file_name) {
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') {
                file_name += c;
            }
        }
        message += fmt::format(
            "--{}\r\nContent-Type: {}; name=\"{}\"\r\nContent-Transfer-Encoding: base64\r\n"
            "Content-Disposition: attachment; filename=\"{}\"\r\n\r\n{}",
            boundary, OneLine(file.content_type), file_name, file_name, Base64Lines(file.bytes));
    }
    return message + fmt::format("--{}--\r\n", boundary);
}

std::string IdempotencyKey(const domain::Delivery& delivery) {
    return fmt::format("ungcuu.{}.{}", delivery.id.value(),
                       core::ToUnixMillis(delivery.created_at));
}

std::string MessageId(const domain::Delivery& delivery, std::string_view from) {
    const auto at = from.rfind('@');
    std::string domain =
        at == std::string_view::npos ? "localhost" : std::string(from.substr(at + 1));
    // Only what a domain may hold: the address comes from the operator's configuration.
    std::erase_if(domain, [](char c) {
        return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-');
    });
    // Contact notices are numbered apart from deliveries: their ids get a prefix of their own.
    return fmt::format("ungcuu.{}{}.{}@{}", delivery.kind == "contact_notice" ? "notice-" : "",
                       delivery.id.value(), core::ToUnixMillis(delivery.created_at),
                       domain.empty() ? "localhost" : domain);
}

std::string MailDate(core::TimePoint at) {
    static constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                              "Thu", "Fri", "Sat"};
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto local = std::chrono::floor<std::chrono::seconds>(at) + core::kVietnamUtcOffset;
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss time{local - day};
    const std::chrono::weekday weekday{day};
    return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0700", kDays[weekday.c_encoding()],
                       static_cast<unsigned>(date.day()),
                       kMonths[static_cast<unsigned>(date.month()) - 1],
                       static_cast<int>(date.year()), time.hours().count(), time.minutes().count(),
                       time.seconds().count());
}

CurlNotifier::CurlNotifier(NotifierOptions options, const core::Clock& clock)
    : options_(std::move(options)), clock_(clock) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

CurlNotifier::~CurlNotifier() { curl_global_cleanup(); }

core::Status CurlNotifier::Send(const domain::Delivery& delivery,
                                const std::vector<app::MailAttachment>& attachments) {
    switch (delivery.channel) {
        case domain::Channel::kApp:
            return core::Ok();
        case domain::Channel::kEmail:
            return SendMail(delivery, attachments);
        case domain::Channel::kWebhook:
            return PostWebhook(delivery);
    }
    return core::Ok();
}

core::Status CurlNotifier::SendMail(const domain::Delivery& delivery,
                                    const std::vector<app::MailAttachment>& attachments) {
    if (options_.smtp_url.empty()) {
        return Failed("thư", "e-mail",
                      "chưa cấu hình máy chủ SMTP / no SMTP server set (--smtp-url)");
    }
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        return Failed("thư", "e-mail", "curl_easy_init");
    }
    Upload upload{MailMessage(delivery,
                              {options_.from, options_.from_name,
                               MessageId(delivery, options_.from), clock_.Now()},
                              attachments),
                  0};
    const std::string from = "<" + OneLine(options_.from) + ">";
    const std::string to = "<" + OneLine(delivery.address) + ">";
    curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_URL, options_.smtp_url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 10L);
    const CURLcode code = curl_easy_perform(curl.get());
    curl_slist_free_all(recipients);
    if (code != CURLE_OK) {
        return Failed("thư", "e-mail", curl_easy_strerror(code));
    }
    return core::Ok();
}

core::Status CurlNotifier::PostWebhook(const domain::Delivery& delivery) {
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        return Failed("webhook", "webhook", "curl_easy_init");
    }
    const std::string json = fmt::format(
        R"({{"delivery_id":{},"incident_id":{},"kind":"{}","subject":"{}","body":"{}"}})",
        delivery.id.value(), delivery.incident_id.value(), core::JsonEscape(delivery.kind),
        core::JsonEscape(delivery.subject), core::JsonEscape(delivery.body));
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    // The same key on every attempt of the delivery: a receiver that saw it already (a retry
    // after a crash or a lost answer) can tell.
    headers = curl_slist_append(
        headers, fmt::format("Idempotency-Key: {}", IdempotencyKey(delivery)).c_str());
    curl_easy_setopt(curl.get(), CURLOPT_URL, delivery.address.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, json.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(json.size()));
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Discard);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
    const CURLcode code = curl_easy_perform(curl.get());
    curl_slist_free_all(headers);
    if (code != CURLE_OK) {
        return Failed("webhook", "webhook", curl_easy_strerror(code));
    }
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299) {
        return Failed("webhook", "webhook", fmt::format("HTTP {}", status));
    }
    return core::Ok();
}

}  // namespace ungcuu::notify
