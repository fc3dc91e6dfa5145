// The e-mail message a delivery becomes: short lines (SMTP servers refuse lines over 998
// characters), the subject as RFC 2047 encoded-words that never split a character, the body in
// base64 lines, and no header injection from the delivery's fields.
#include "notify/curl_notifier.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "core/clock.hpp"

namespace ungcuu::notify {
namespace {

// Decoding lives in the test only: the product never reads mail.
std::string DecodeBase64(std::string_view text) {
    static const std::string kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    int bits = 0;
    unsigned value = 0;
    for (const char c : text) {
        const auto pos = kAlphabet.find(c);
        if (pos == std::string::npos) {
            continue;  // '=', line breaks
        }
        value = (value << 6) | static_cast<unsigned>(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((value >> bits) & 0xFF);
        }
    }
    return out;
}

bool ValidUtf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80         ? 1
                              : (c >> 5) == 6  ? 2
                              : (c >> 4) == 14 ? 3
                              : (c >> 3) == 30 ? 4
                                               : 0;
        if (n == 0 || i + n > s.size()) {
            return false;
        }
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += n;
    }
    return true;
}

std::vector<std::string> Lines(const std::string& message) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < message.size()) {
        const auto end = message.find("\r\n", start);
        EXPECT_NE(end, std::string::npos) << "every line ends with CRLF";
        if (end == std::string::npos) {
            break;
        }
        lines.push_back(message.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

TEST(MailMessage, LongVietnameseSubjectAndBodyFitInShortLines) {
    domain::Delivery d;
    d.incident_id = domain::IncidentId{7};
    d.address = "skhcn@daklak.example.vn";
    d.subject =
        "[TBSC] Báo cáo kết thúc ứng phó sự cố (Mẫu 04) — SC-2026-000007: Trang thông tin điện "
        "tử xã Hòa Phú bị thay đổi giao diện, chèn nội dung xuyên tạc";
    for (int i = 0; i < 80; ++i) {
        d.body += "Đã khôi phục từ bản sao lưu ngày 20/11/2026, vá lỗi thành phần quản trị. ";
    }
    d.body += "\nDòng cuối.";
    const auto message = MailMessage(
        d, {"ungcuu@example.gov.vn", "Hệ thống ứng cứu sự cố", "id@example.gov.vn", {}});
    const auto lines = Lines(message);
    std::string subject_words;
    std::string body_base64;
    bool in_subject = false;
    bool in_body = false;
    for (const auto& line : lines) {
        EXPECT_LE(line.size(), 78u) << line;
        if (in_body) {
            body_base64 += line;
            continue;
        }
        if (line.empty()) {
            in_body = true;
            continue;
        }
        if (line.rfind("Subject: ", 0) == 0) {
            in_subject = true;
            subject_words += line.substr(9);
            continue;
        }
        if (in_subject && line[0] == ' ') {
            subject_words += line;  // a folded continuation
            continue;
        }
        in_subject = false;
    }
    // Each encoded-word is at most 75 characters and holds whole characters.
    std::string subject;
    std::istringstream words(subject_words);
    std::string word;
    while (words >> word) {
        ASSERT_LE(word.size(), 75u);
        ASSERT_EQ(word.rfind("=?UTF-8?B?", 0), 0u) << word;
        ASSERT_EQ(word.substr(word.size() - 2), "?=");
        const auto part = DecodeBase64(word.substr(10, word.size() - 12));
        EXPECT_TRUE(ValidUtf8(part)) << "a word splits a character: " << word;
        subject += part;
    }
    EXPECT_EQ(subject, d.subject);
    std::string body = d.body;
    body.replace(body.find('\n'), 1, "\r\n");
    EXPECT_EQ(DecodeBase64(body_base64), body);
}

TEST(MailMessage, LineBreaksInFieldsCannotAddHeaders) {
    domain::Delivery d;
    d.address = "a@example.vn\r\nBcc: victim@example.com";
    d.subject = "x";
    const auto message = MailMessage(
        d, {"ungcuu@example.gov.vn\nBcc: y@example.com", "Tên\r\nBcc: z@x.vn", "id", {}});
    EXPECT_EQ(message.find("\r\nBcc:"), std::string::npos);
    EXPECT_EQ(message.find("\nBcc:"), std::string::npos);
}

// RFC 5322 §3.3 and §3.6.4: a Date in the sender's zone (Vietnam, UTC+7), and a Message-ID that
// one delivery keeps across retries and that no other delivery, installation or reinstall shares.
TEST(MailMessage, DatedAndIdentifiedUniquelyAtTheSendersDomain) {
    EXPECT_EQ(MailDate(*core::ParseRfc3339("2026-12-05T16:35:07Z")),
              "Sat, 05 Dec 2026 23:35:07 +0700");
    EXPECT_EQ(MailDate(*core::ParseRfc3339("2026-12-31T17:00:00Z")),
              "Fri, 01 Jan 2027 00:00:00 +0700");
    domain::Delivery d;
    d.id = domain::DeliveryId{7};
    d.created_at = *core::ParseRfc3339("2026-12-05T16:35:07.250Z");
    const auto id = MessageId(d, "ungcuu@daklak.gov.vn");
    EXPECT_EQ(id, MessageId(d, "ungcuu@daklak.gov.vn")) << "the same for every attempt";
    EXPECT_EQ(id.substr(id.find('@')), "@daklak.gov.vn");
    domain::Delivery reinstalled = d;
    reinstalled.created_at += std::chrono::hours(24 * 30);  // delivery 7 again, a month later
    EXPECT_NE(MessageId(reinstalled, "ungcuu@daklak.gov.vn"), id);
    EXPECT_NE(MessageId(d, "ungcuu@gialai.gov.vn"), id) << "another province";
    domain::Delivery notice = d;
    notice.kind = "contact_notice";  // contact notice 7, created at the same instant
    EXPECT_NE(MessageId(notice, "ungcuu@daklak.gov.vn"), id);
    EXPECT_EQ(MessageId(d, "x@evil>\r\nBcc: a").find_first_of("<>\r\n "), std::string::npos);
    const auto message = MailMessage(d, {"ungcuu@daklak.gov.vn", "Hệ thống ứng cứu sự cố", id,
                                         *core::ParseRfc3339("2026-12-05T16:35:07Z")});
    EXPECT_EQ(message.rfind("Date: Sat, 05 Dec 2026 23:35:07 +0700\r\n", 0), 0u);
    EXPECT_NE(message.find("Message-ID: <" + id + ">\r\n"), std::string::npos);
    EXPECT_NE(message.find("From: =?UTF-8?B?"), std::string::npos) << "an encoded display name";
    EXPECT_NE(message.find(" <ungcuu@daklak.gov.vn>\r\n"), std::string::npos);
}

// The numbered report goes with the mail as files after the text (RFC 2046 §5.1.3); lines stay
// short and a file name cannot break the part's headers.
TEST(MailMessage, CarriesTheReportAsAttachments) {
    domain::Delivery d;
    d.id = domain::DeliveryId{9};
    d.subject = "[TBSC] Báo cáo";
    d.body = "Văn bản đính kèm.";
    const std::string pdf = "%PDF-1.5\n" + std::string(3000, 'x');
    const auto message =
        MailMessage(d, {"ungcuu@daklak.gov.vn", "", "id@daklak.gov.vn", {}},
                    {{"XAA-2026-001-initial.pdf", "application/pdf", pdf},
                     {"a\"\r\nBcc: x@y.vn.docx", "application/octet-stream", "PK"}});
    EXPECT_NE(message.find("Content-Type: multipart/mixed; boundary="), std::string::npos);
    EXPECT_NE(
        message.find("Content-Disposition: attachment; filename=\"XAA-2026-001-initial.pdf\""),
        std::string::npos);
    EXPECT_EQ(message.find("\nBcc:"), std::string::npos);
    EXPECT_NE(message.find("filename=\"aBccxy.vn.docx\""), std::string::npos);
    for (const auto& line : Lines(message)) {
        EXPECT_LE(line.size(), 998u);
    }
    // The PDF comes back whole from its part.
    const auto start = message.find("\r\n\r\n", message.find("initial.pdf\"\r\n")) + 4;
    const auto end = message.find("--=_ungcuu", start);
    EXPECT_EQ(DecodeBase64(message.substr(start, end - start)), pdf);
    EXPECT_NE(message.rfind("--\r\n"), std::string::npos) << "the closing boundary";
}

}  // namespace
}  // namespace ungcuu::notify
