// The log parsers, line by line: what each format's fields become, and what is refused.
#include "logformats/log_parsers.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace ungcuu::logformats {
namespace {

namespace json = boost::json;

// 2026-11-22 10:00 in Vietnam.
ParseContext Context() {
    return {*core::ParseRfc3339("2026-11-22T03:00:00Z"), std::chrono::minutes(7 * 60)};
}

json::object Syslog(std::string_view line) {
    const auto text = SyslogToJson(line, Context());
    EXPECT_TRUE(text.has_value()) << line;
    return text ? json::parse(*text).as_object() : json::object();
}

json::object Access(std::string_view line) {
    const auto text = AccessLogToJson(line, Context());
    EXPECT_TRUE(text.has_value()) << line;
    return text ? json::parse(*text).as_object() : json::object();
}

TEST(Syslog, Rfc3164FileLinesWithSshdFields) {
    const auto e = Syslog(
        "Dec 10 07:51:15 LabSZ sshd[24324]: Failed password for invalid user support from "
        "195.154.37.122 port 56539 ssh2");
    // December is after today's November: last year.
    EXPECT_EQ(e.at("timestamp"), "2025-12-10T07:51:15+07:00");
    EXPECT_EQ(e.at("host"), "LabSZ");
    EXPECT_EQ(e.at("program"), "sshd");
    EXPECT_EQ(e.at("pid"), 24324);
    EXPECT_EQ(e.at("service"), "sshd");
    EXPECT_EQ(e.at("product"), "linux");
    EXPECT_EQ(e.at("event.action"), "ssh_login");
    EXPECT_EQ(e.at("event.outcome"), "failure");
    EXPECT_EQ(e.at("user.name"), "support");
    EXPECT_EQ(e.at("ssh.invalid_user"), true);
    EXPECT_EQ(e.at("source.ip"), "195.154.37.122");
    EXPECT_EQ(e.at("source.port"), 56539);
    EXPECT_EQ(e.at("ssh.method"), "password");
    EXPECT_FALSE(e.contains("facility")) << "no PRI in a file line";
    // A day of this month keeps this year; the day is space-padded.
    EXPECT_EQ(Syslog("Nov  2 01:02:03 h sshd[1]: x").at("timestamp"), "2026-11-02T01:02:03+07:00");
}

// rsyslog 8's RSYSLOG_SyslogProtocol23Format writes "%STRUCTURED-DATA% %msg%" and its msg keeps
// the space after the tag's colon: the message starts after two spaces, and sshd's fields must
// still come out of it.
TEST(Syslog, Rfc5424FromRsyslogWithTheLeadingSpaceOfItsMsg) {
    const auto e = Syslog(
        "<38>1 2026-11-21T08:00:00.123+07:00 web01 sshd 24324 - -  Failed password for root "
        "from 203.0.113.9 port 50022 ssh2");
    EXPECT_EQ(e.at("message"), "Failed password for root from 203.0.113.9 port 50022 ssh2");
    EXPECT_EQ(e.at("event.action"), "ssh_login");
    EXPECT_EQ(e.at("event.outcome"), "failure");
    EXPECT_EQ(e.at("user.name"), "root");
    EXPECT_EQ(e.at("source.ip"), "203.0.113.9");
    // A byte order mark after the space is skipped too.
    EXPECT_EQ(Syslog("<38>1 - h sshd 1 - - \xEF\xBB\xBF Accepted password for an from 10.0.0.1 "
                     "port 1 ssh2")
                  .at("event.outcome"),
              "success");
}

TEST(Syslog, SshdMessagesFail2banCounts) {
    EXPECT_EQ(Syslog("Dec 10 07:51:12 LabSZ sshd[24324]: Invalid user support from "
                     "195.154.37.122")
                  .at("event.action"),
              "ssh_invalid_user");
    const auto disconnect = Syslog(
        "Dec 10 07:51:15 LabSZ sshd[24324]: error: Received disconnect from "
        "195.154.37.122: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]");
    EXPECT_EQ(disconnect.at("event.outcome"), "failure");
    EXPECT_EQ(disconnect.at("source.ip"), "195.154.37.122");
    const auto bye = Syslog(
        "Dec 10 09:12:35 LabSZ sshd[24492]: Received disconnect from 112.95.230.3: 11: Bye Bye "
        "[preauth]");
    EXPECT_EQ(bye.at("event.action"), "ssh_disconnect");
    EXPECT_FALSE(bye.contains("event.outcome"));
    const auto accepted = Syslog(
        "Dec 10 09:32:20 LabSZ sshd[24680]: Accepted password for fztu from 119.137.62.142 port "
        "49116 ssh2");
    EXPECT_EQ(accepted.at("event.outcome"), "success");
    EXPECT_EQ(accepted.at("user.name"), "fztu");
    const auto pam = Syslog(
        "Dec 10 06:55:48 LabSZ sshd[24200]: pam_unix(sshd:auth): authentication failure; "
        "logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186  user=root");
    EXPECT_EQ(pam.at("event.action"), "pam_authentication_failure");
    EXPECT_EQ(pam.at("source.ip"), "173.234.31.186");
    EXPECT_EQ(pam.at("user.name"), "root");
    EXPECT_FALSE(pam.contains("event.outcome")) << "context, not a failure of its own";
    EXPECT_EQ(Syslog("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; "
                     "logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ")
                  .at("service"),
              "sshd");
}

TEST(Syslog, SudoCommands) {
    const auto e = Syslog(
        "Nov 21 08:00:00 web1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; "
        "COMMAND=/bin/bash");
    EXPECT_EQ(e.at("service"), "sudo");
    EXPECT_EQ(e.at("user.name"), "alice");
    EXPECT_EQ(e.at("user.target.name"), "root");
    EXPECT_EQ(e.at("process.command_line"), "/bin/bash");
    EXPECT_EQ(e.at("process.working_directory"), "/home/alice");
}

TEST(Syslog, PriorityRfc5424AndZonedTimes) {
    const auto e = Syslog(
        "<34>1 2026-11-21T08:00:00.123+07:00 mail.xa-hoaphu.gov.vn su 4123 ID47 "
        "[exampleSDID@32473 iut=\"3\" eventSource=\"App\\]lication\"] \xEF\xBB\xBF'su root' "
        "failed for lonvick");
    EXPECT_EQ(e.at("facility"), "auth");
    EXPECT_EQ(e.at("severity"), "crit");
    EXPECT_EQ(e.at("timestamp"), "2026-11-21T08:00:00.123+07:00");
    EXPECT_EQ(e.at("host"), "mail.xa-hoaphu.gov.vn");
    EXPECT_EQ(e.at("program"), "su");
    EXPECT_EQ(e.at("pid"), 4123);
    EXPECT_EQ(e.at("msgid"), "ID47");
    EXPECT_EQ(e.at("structured_data"),
              "[exampleSDID@32473 iut=\"3\" eventSource=\"App\\]lication\"]");
    EXPECT_EQ(e.at("message"), "'su root' failed for lonvick");
    const auto nil = Syslog("<165>1 - - - - - - hello");
    EXPECT_FALSE(nil.contains("timestamp"));
    EXPECT_EQ(nil.at("message"), "hello");
    // An RFC 3164 line with a PRI and a modern time, no host.
    const auto modern = Syslog("<38>2026-11-21T08:00:00Z sshd[7]: Connection closed by 10.0.0.9");
    EXPECT_EQ(modern.at("timestamp"), "2026-11-21T08:00:00Z");
    EXPECT_FALSE(modern.contains("host"));
    EXPECT_EQ(modern.at("source.ip"), "10.0.0.9");
}

// What other senders write: each gives sshd's fields.
TEST(Syslog, SyslogNgNetlogdAndNxlogForms) {
    const std::string_view failed = "Failed password for root from 203.0.113.9 port 50022 ssh2";
    for (const std::string& line : {
             // syslog-ng's network() driver (RFC 3164) and its syslog() driver (RFC 5424, meta).
             fmt::format("<38>Nov 21 08:00:00 web01 sshd[24324]: {}", failed),
             fmt::format("<38>1 2026-11-21T08:00:00+07:00 web01 sshd 24324 - [meta "
                         "sequenceId=\"7\"] {}",
                         failed),
             // systemd-netlogd: RFC 5424 with microseconds and a timeQuality element.
             fmt::format("<38>1 2026-11-21T08:00:00.123456+07:00 web01 sshd 24324 - "
                         "[timeQuality tzKnown=\"1\" isSynced=\"1\"] {}",
                         failed),
             // NXLog to_syslog_ietf (its own structured data and a BOM) and to_syslog_bsd.
             fmt::format("<38>1 2026-11-21T08:00:00.000000+07:00 web01 sshd 24324 - "
                         "[NXLOG@14506 EventReceivedTime=\"2026-11-21 08:00:00\"] \xEF\xBB\xBF{}",
                         failed),
             fmt::format("<38>Nov 21 08:00:00 web01 sshd[24324]: {}", failed),
             // OpenSSH 9.8 logs logins from sshd-session; rsyslog's ForwardFormat.
             fmt::format("<38>2026-11-21T08:00:00.123456+07:00 web01 sshd-session[9]: {}", failed),
         }) {
        const auto e = Syslog(line);
        EXPECT_EQ(e.at("service"), "sshd") << line;
        EXPECT_EQ(e.at("event.action"), "ssh_login") << line;
        EXPECT_EQ(e.at("source.ip"), "203.0.113.9") << line;
    }
}

// A line of a known program that should give fields and does not says so; others do not.
TEST(Syslog, NotesALineParsedWithoutItsProgramsFields) {
    LineNotes notes;
    ASSERT_TRUE(
        SyslogToJson("<38>1 - h sshd 1 - - Failed password for root from 10.0.0.1 port 1 "
                     "ssh2",
                     Context(), &notes));
    EXPECT_TRUE(notes.missing.empty());
    // A framing the parser does not know puts the message elsewhere: fields are missing.
    notes = {};
    ASSERT_TRUE(
        SyslogToJson("<38>Nov 21 08:00:00 h sshd[1]: [x] Failed password for root "
                     "from 10.0.0.1 port 1 ssh2",
                     Context(), &notes));
    EXPECT_EQ(notes.missing, "sshd");
    notes = {};
    ASSERT_TRUE(SyslogToJson("Nov 21 08:00:00 h sudo: COMMAND=/bin/sh", Context(), &notes));
    EXPECT_EQ(notes.missing, "sudo");
    notes = {};
    ASSERT_TRUE(SyslogToJson("Nov 21 08:00:00 h sshd[1]: Server listening on 0.0.0.0 port 22.",
                             Context(), &notes));
    EXPECT_TRUE(notes.missing.empty()) << "nothing to extract from this one";
}

// A sender's zone and a bound on its clock: the receive time replaces a time too far from it.
TEST(Syslog, TheSourcesZoneAndTheSkewBound) {
    auto context = Context();                      // received 2026-11-22 03:00 UTC
    context.utc_offset = std::chrono::minutes(0);  // a host on UTC
    EXPECT_EQ(Syslog("Nov 22 02:59:00 h app: x").at("timestamp"), "2026-11-22T02:59:00+07:00");
    auto text = SyslogToJson("Nov 22 02:59:00 h app: x", context);
    ASSERT_TRUE(text);
    EXPECT_EQ(json::parse(*text).at("timestamp"), "2026-11-22T02:59:00+00:00");
    context.max_skew = std::chrono::minutes(10);
    LineNotes notes;
    text = SyslogToJson("Nov 22 02:59:00 h app: x", context, &notes);
    EXPECT_FALSE(notes.skewed) << "a minute before it was received";
    // Read in Vietnam's zone, the UTC host's line is seven hours old: dated when received.
    context.utc_offset = std::chrono::minutes(7 * 60);
    text = SyslogToJson("Nov 22 02:59:00 h app: x", context, &notes);
    ASSERT_TRUE(text);
    EXPECT_TRUE(notes.skewed);
    const auto e = json::parse(*text).as_object();
    EXPECT_EQ(*core::ParseRfc3339(e.at("timestamp").as_string()), context.now);
    EXPECT_EQ(e.at("timestamp_sender"), "2026-11-22T02:59:00+07:00");
    // A line from the future, and an access-log line a year old.
    notes = {};
    (void)SyslogToJson("<38>1 2027-06-01T00:00:00Z h app - - - x", context, &notes);
    EXPECT_TRUE(notes.skewed);
    notes = {};
    text = AccessLogToJson("10.0.0.1 - - [21/Nov/2025:08:00:00 +0700] \"GET / HTTP/1.1\" 200 1",
                           context, &notes);
    ASSERT_TRUE(text);
    EXPECT_TRUE(notes.skewed);
    EXPECT_EQ(json::parse(*text).at("timestamp_sender"), "2025-11-21T08:00:00+07:00");
    // Years further from now than a nanosecond count holds are dated when received too (the
    // difference once overflowed; found by the syslog fuzzer).
    for (const char* line : {"<34>1 1722-11-21T08:00:00.123+07:00 h su - ID47 - x",
                             "<34>1 2200-01-01T00:00:00Z h su - ID47 - x"}) {
        notes = {};
        text = SyslogToJson(line, context, &notes);
        ASSERT_TRUE(text) << line;
        EXPECT_TRUE(notes.skewed) << line;
    }
}

TEST(Syslog, ABackslashEndingUnclosedStructuredDataIsNoOverrun) {
    // Found by the syslog fuzzer: the escape skipped past the end and the message's length wrapped.
    const auto e = Syslog("<34>1 2026-11-21T08:00:00+07:00 h su 1 ID47 [x it=\"3\\");
    EXPECT_EQ(e.at("structured_data"), "[x it=\"3\\");
    EXPECT_EQ(e.at("message"), "");
}

TEST(Syslog, BytesThatAreNotUtf8BecomeReplacementCharacters) {
    // A legacy-encoded byte (0xE0 alone) must not make an event no JSON reader accepts.
    const auto text = SyslogToJson("Nov 21 08:00:00 web1 app: ng\xE0y h\xF4m nay", Context());
    ASSERT_TRUE(text.has_value());
    boost::system::error_code ec;
    const auto event = json::parse(*text, ec);
    ASSERT_FALSE(ec) << *text;
    EXPECT_EQ(event.at("message"), "ng\xEF\xBF\xBDy h\xEF\xBF\xBDm nay");
    const auto access = AccessLogToJson(
        "10.0.0.1 - - [21/Nov/2026:08:00:00 +0700] \"GET /\xFF HTTP/1.1\" 200 1", Context());
    ASSERT_TRUE(access.has_value());
    EXPECT_EQ(json::parse(*access).at("cs-uri-stem"), "/\xEF\xBF\xBD");
}

TEST(Syslog, RefusesWhatIsNotSyslog) {
    for (const std::string_view line :
         {"", "hello world", "<999>1 - - - - - - x", "<-4>1 - - - - - - x", "<12",
          "Foo 10 07:51:15 h p: m", "Dec 99 07:51:15 h p: m", "Dec 10 7:51:15 h p: m",
          "<34>1 yesterday h a p m - x", "<34>1 2026-11-21T08:00:00Z h a p m garbage"}) {
        EXPECT_FALSE(SyslogToJson(line, Context()).has_value()) << line;
    }
}

TEST(AccessLog, CombinedFormatWithW3cNames) {
    const auto e = Access(
        "\"192.168.4.25 - - [22/Dec/2016:16:30:52 +0300] \"POST /administrator/index.php?x=1&y=2 "
        "HTTP/1.1\" 303 382 \"http://192.168.4.161/DVWA\" \"Mozilla/5.0 (Windows NT 6.1)\"\"");
    EXPECT_EQ(e.at("c-ip"), "192.168.4.25");
    EXPECT_EQ(e.at("timestamp"), "2016-12-22T16:30:52+03:00");
    EXPECT_EQ(e.at("cs-method"), "POST");
    EXPECT_EQ(e.at("cs-uri-stem"), "/administrator/index.php");
    EXPECT_EQ(e.at("cs-uri-query"), "/administrator/index.php?x=1&y=2");
    EXPECT_EQ(e.at("cs-version"), "HTTP/1.1");
    EXPECT_EQ(e.at("sc-status"), 303);
    EXPECT_EQ(e.at("sc-bytes"), 382);
    EXPECT_EQ(e.at("cs-referer"), "http://192.168.4.161/DVWA");
    EXPECT_EQ(e.at("cs-user-agent"), "Mozilla/5.0 (Windows NT 6.1)");
    EXPECT_EQ(e.at("category"), "webserver");
    EXPECT_FALSE(e.contains("cs-username"));
}

TEST(AccessLog, CommonFormatOddRequestsAndRefusals) {
    const auto common =
        Access("10.0.0.1 - bob [21/Nov/2026:08:00:00 -0500] \"GET / HTTP/1.0\" 200 -");
    EXPECT_EQ(common.at("cs-username"), "bob");
    EXPECT_EQ(common.at("timestamp"), "2026-11-21T08:00:00-05:00");
    EXPECT_FALSE(common.contains("sc-bytes"));
    EXPECT_FALSE(common.contains("cs-user-agent"));
    // A scanner's request with a quote inside, and a request that is not HTTP.
    const auto quoted = Access(
        "10.0.0.1 - - [21/Nov/2026:08:00:00 +0700] \"GET /a?q=\"><script> HTTP/1.1\" 404 10 "
        "\"-\" \"w3af\"");
    EXPECT_EQ(quoted.at("cs-uri-query"), "/a?q=\"><script>");
    EXPECT_EQ(quoted.at("cs-user-agent"), "w3af");
    EXPECT_FALSE(quoted.contains("cs-referer"));
    const auto junk = Access("10.0.0.1 - - [21/Nov/2026:08:00:00 +0700] \"-\" 400 0");
    EXPECT_EQ(junk.at("cs-request"), "-");
    EXPECT_FALSE(junk.contains("cs-method"));
    for (const std::string_view line :
         {"", "10.0.0.1", "10.0.0.1 - - [21/Nov/2026:08:00:00 +0700]",
          "10.0.0.1 - - [21/Nov/2026 08:00:00] \"GET / HTTP/1.1\" 200 1",
          "10.0.0.1 - - [21/Xyz/2026:08:00:00 +0700] \"GET / HTTP/1.1\" 200 1",
          "10.0.0.1 - - [21/Nov/2026:08:00:00 +0700] \"GET / HTTP/1.1\" abc 1",
          "Dec 10 07:51:15 LabSZ sshd[24324]: Invalid user x from 1.2.3.4"}) {
        EXPECT_FALSE(AccessLogToJson(line, Context()).has_value()) << line;
    }
}

TEST(ConvertLines, KeepsLineNumbersAndCountsBadLines) {
    std::string out;
    const auto stats =
        ConvertLines("Dec 10 07:51:15 h sshd[1]: a\n\nnot syslog\r\nDec 10 07:51:16 h sshd[1]: b",
                     LogFormat::kSyslog, Context(), out);
    EXPECT_EQ(stats.lines, 3U);
    EXPECT_EQ(stats.bad, 1U);
    EXPECT_EQ(stats.first_bad_line, 3U);
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 4) << out;
    const auto last = out.substr(out.rfind('\n', out.size() - 2) + 1);
    EXPECT_EQ(json::parse(last).at("message"), "b");
}

}  // namespace
}  // namespace ungcuu::logformats
