#include "notify/curl_notifier.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstring>
#include <memory>

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
    std::memcpy(buffer, upload->data.data() + upload->offset, n);
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
                        std::string_view from,
                        std::string_view message_id) {
    std::string body;
    for (const char c : delivery.body) {
        if (c == '\n') {
            body += "\r\n";
        } else if (c != '\r') {
            body += c;
        }
    }
    return fmt::format(
        "From: {}\r\nTo: {}\r\nSubject: {}\r\nMessage-ID: <{}>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n"
        "X-Ungcuu-Incident: {}\r\n\r\n{}",
        OneLine(from), OneLine(delivery.address), EncodedWords(OneLine(delivery.subject)),
        OneLine(message_id), delivery.incident_id.value(), Base64Lines(body));
}

CurlNotifier::CurlNotifier(NotifierOptions options) : options_(std::move(options)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

CurlNotifier::~CurlNotifier() { curl_global_cleanup(); }

core::Status CurlNotifier::Send(const domain::Delivery& delivery) {
    switch (delivery.channel) {
        case domain::Channel::kApp:
            return core::Ok();
        case domain::Channel::kEmail:
            return SendMail(delivery);
        case domain::Channel::kWebhook:
            return PostWebhook(delivery);
    }
    return core::Ok();
}

core::Status CurlNotifier::SendMail(const domain::Delivery& delivery) {
    if (options_.smtp_url.empty()) {
        return Failed("thư", "e-mail",
                      "chưa cấu hình máy chủ SMTP / no SMTP server set (--smtp-url)");
    }
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        return Failed("thư", "e-mail", "curl_easy_init");
    }
    Upload upload{MailMessage(delivery, options_.from,
                              fmt::format("delivery-{}@ungcuu", delivery.id.value())),
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
        "{{\"delivery_id\":{},\"incident_id\":{},\"kind\":\"{}\",\"subject\":\"{}\",\"body\":\"{}"
        "\"}}",
        delivery.id.value(), delivery.incident_id.value(), core::JsonEscape(delivery.kind),
        core::JsonEscape(delivery.subject), core::JsonEscape(delivery.body));
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
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
