#include "logformats/log_parsers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>

#include "core/text.hpp"

namespace ungcuu::logformats {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 24> kFacilities = {
    "kern",   "user",   "mail",     "daemon", "auth",   "syslog", "lpr",    "news",
    "uucp",   "cron",   "authpriv", "ftp",    "ntp",    "audit",  "alert",  "clock",
    "local0", "local1", "local2",   "local3", "local4", "local5", "local6", "local7"};
constexpr std::array<std::string_view, 8> kSeverities = {"emerg",   "alert",  "crit", "err",
                                                         "warning", "notice", "info", "debug"};

std::optional<int> MonthOf(std::string_view name) {
    for (std::size_t m = 0; m < kMonths.size(); ++m) {
        if (kMonths[m] == name) {
            return static_cast<int>(m) + 1;
        }
    }
    return std::nullopt;
}

std::optional<int> Digits(std::string_view text) {
    int value = 0;
    // Digits only: from_chars would take a sign ("<-4>" is no priority).
    if (text.empty() || text.size() > 9 || !std::isdigit(static_cast<unsigned char>(text[0]))) {
        return std::nullopt;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// The next token up to a space; the text moves past it and the spaces after it.
std::string_view Token(std::string_view& text) {
    const auto end = std::min(text.find(' '), text.size());
    const auto token = text.substr(0, end);
    text.remove_prefix(end);
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    return token;
}

bool Consume(std::string_view& text, std::string_view prefix) {
    if (text.substr(0, prefix.size()) != prefix) {
        return false;
    }
    text.remove_prefix(prefix.size());
    return true;
}

std::string FormatTime(
    int year, int month, int day, int hour, int minute, int second, std::chrono::minutes offset) {
    const auto total = offset.count();
    const char sign = total < 0 ? '-' : '+';
    const auto magnitude = total < 0 ? -total : total;
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", year, month, day, hour,
                       minute, second, sign, magnitude / 60, magnitude % 60);
}

// "Dec 10 06:55:46" (the day may be space-padded): the time, its year inferred.
std::optional<std::string> OldSyslogTime(std::string_view& text, const ParseContext& context) {
    if (text.size() < 15) {
        return std::nullopt;
    }
    const auto month = MonthOf(text.substr(0, 3));
    if (!month || text[3] != ' ') {
        return std::nullopt;
    }
    std::string_view rest = text.substr(4);
    while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
    }
    const auto day_text = Token(rest);
    const auto clock = rest.substr(0, 8);
    const auto day = Digits(day_text);
    if (!day || clock.size() != 8 || clock[2] != ':' || clock[5] != ':') {
        return std::nullopt;
    }
    const auto hour = Digits(clock.substr(0, 2)), minute = Digits(clock.substr(3, 2)),
               second = Digits(clock.substr(6, 2));
    if (!hour || !minute || !second || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
        *second > 60) {
        return std::nullopt;
    }
    rest.remove_prefix(8);
    if (!rest.empty() && rest.front() != ' ') {
        return std::nullopt;
    }
    while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
    }
    text = rest;
    // The year that puts the time no later than a day after now, in the sender's local time.
    const auto local_now = context.now + context.utc_offset;
    const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(local_now)};
    int year = static_cast<int>(today.year());
    const auto at = [&](int y) {
        return std::chrono::sys_days{std::chrono::year{y} /
                                     std::chrono::month{static_cast<unsigned>(*month)} /
                                     std::chrono::day{static_cast<unsigned>(*day)}};
    };
    if (at(year) > std::chrono::floor<std::chrono::days>(local_now) + std::chrono::days{1}) {
        --year;
    }
    return FormatTime(year, *month, *day, *hour, *minute, *second, context.utc_offset);
}

// An RFC 3339 time token, kept as written when it has a zone, given the local zone otherwise.
std::optional<std::string> NewSyslogTime(std::string_view token, const ParseContext& context) {
    if (core::ParseRfc3339(token)) {
        return std::string(token);
    }
    std::string with_zone(token);
    const auto offset = context.utc_offset.count();
    with_zone += fmt::format("{}{:02}:{:02}", offset < 0 ? '-' : '+', std::abs(offset) / 60,
                             std::abs(offset) % 60);
    if (core::ParseRfc3339(with_zone)) {
        return with_zone;
    }
    return std::nullopt;
}

// The service a program's lines belong to: "sshd(pam_unix)" → "sshd", "/usr/sbin/cron" → "cron".
std::string ServiceOf(std::string_view program) {
    if (const auto slash = program.rfind('/'); slash != std::string_view::npos) {
        program.remove_prefix(slash + 1);
    }
    program = program.substr(0, std::min(program.find('('), program.size()));
    std::string out(program);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // OpenSSH 9.8 logs logins from its per-connection processes.
    if (out == "sshd-session" || out == "sshd-auth") {
        out = "sshd";
    }
    return out;
}

// "IP port N…": sets source.ip and source.port.
void SourceAddress(std::string_view rest, json::object& event) {
    const auto ip = Token(rest);
    if (ip.empty()) {
        return;
    }
    event["source.ip"] = ip;
    if (Consume(rest, "port ")) {
        if (const auto port = Digits(Token(rest))) {
            event["source.port"] = *port;
        }
    }
}

void SshFailure(json::object& event, std::string_view action) {
    event["event.action"] = action;
    event["event.outcome"] = "failure";
}

// "Failed password for [invalid user] NAME from IP port N ssh2", "Accepted …", "Invalid user …".
bool SshLogin(std::string_view rest, json::object& event) {
    const bool accepted = rest.starts_with("Accepted ");
    if (Consume(rest, "Failed ") || Consume(rest, "Accepted ")) {
        event["ssh.method"] = Token(rest);
        if (!Consume(rest, "for ")) {
            return true;
        }
        if (Consume(rest, "invalid user ")) {
            event["ssh.invalid_user"] = true;
        }
        const auto from = rest.rfind(" from ");
        if (from == std::string_view::npos) {
            return true;
        }
        event["user.name"] = rest.substr(0, from);
        SourceAddress(rest.substr(from + 6), event);
        event["event.action"] = "ssh_login";
        event["event.outcome"] = accepted ? "success" : "failure";
        return true;
    }
    if (Consume(rest, "Invalid user ") || Consume(rest, "Illegal user ")) {
        const auto from = rest.rfind(" from ");
        SshFailure(event, "ssh_invalid_user");
        if (from != std::string_view::npos) {
            event["user.name"] = rest.substr(0, from);
            SourceAddress(rest.substr(from + 6), event);
        }
        return true;
    }
    return false;
}

// Disconnections and closed connections, some of which are authentication failures.
bool SshDisconnect(std::string_view rest, json::object& event) {
    if (Consume(rest, "Received disconnect from ")) {
        const auto colon = rest.find(':');
        std::string_view address = rest.substr(0, colon);
        SourceAddress(address, event);
        std::string_view reason = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
        while (!reason.empty() && reason.front() == ' ') {
            reason.remove_prefix(1);
        }
        if (Consume(reason, "3: ") && reason.find(": Auth fail") != std::string_view::npos) {
            SshFailure(event, "ssh_auth_fail_disconnect");
        } else {
            event["event.action"] = "ssh_disconnect";
        }
        return true;
    }
    if (Consume(rest, "Disconnecting: Too many authentication failures")) {
        SshFailure(event, "ssh_too_many_failures");
        if (Consume(rest, " for ")) {
            if (Consume(rest, "invalid user ")) {
                event["ssh.invalid_user"] = true;
            }
            event["user.name"] = Token(rest);
        }
        return true;
    }
    if (Consume(rest, "Connection closed by ") || Consume(rest, "Connection reset by ")) {
        if (Consume(rest, "authenticating user ") || Consume(rest, "invalid user ")) {
            event["user.name"] = Token(rest);
        }
        SourceAddress(rest, event);
        event["event.action"] = "ssh_connection_closed";
        return true;
    }
    return false;
}

// Scanners: no identification string, a reverse mapping that does not match.
bool SshProbe(std::string_view rest, json::object& event) {
    if (Consume(rest, "Did not receive identification string from ")) {
        SourceAddress(rest, event);
        event["event.action"] = "ssh_no_identification";
        return true;
    }
    if (Consume(rest, "reverse mapping checking getaddrinfo for ")) {
        const auto open = rest.find('['), close = rest.find(']');
        if (open != std::string_view::npos && close > open) {
            event["source.ip"] = rest.substr(open + 1, close - open - 1);
        }
        event["event.action"] = "ssh_reverse_mapping_failed";
        return true;
    }
    return false;
}

// pam_unix(sshd:auth): authentication failure; … rhost=IP user=NAME (context for the
// "Failed password" line that follows, so not counted as a failure of its own)
void PamFailure(std::string_view rest, json::object& event) {
    if (rest.find("authentication failure;") == std::string_view::npos) {
        return;
    }
    event["event.action"] = "pam_authentication_failure";
    for (std::string_view fields = rest.substr(rest.find(';') + 1); !fields.empty();) {
        const auto token = Token(fields);
        const auto eq = token.find('=');
        if (eq == std::string_view::npos || eq + 1 == token.size()) {
            continue;
        }
        const auto key = token.substr(0, eq), value = token.substr(eq + 1);
        if (key == "rhost") {
            event["source.ip"] = value;
        }
        if (key == "user") {
            event["user.name"] = value;
        }
    }
}

// sshd's messages about logins, as fail2ban's sshd filter reads them.
void ParseSshd(std::string_view message, json::object& event) {
    // "error: Received disconnect …": the level sshd sometimes writes first.
    for (const std::string_view level : {"error: ", "fatal: ", "warning: "}) {
        if (Consume(message, level)) {
            break;
        }
    }
    if (SshLogin(message, event) || SshDisconnect(message, event) || SshProbe(message, event)) {
        return;
    }
    PamFailure(message, event);
}

// sudo: "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls -l"
void ParseSudo(std::string_view message, json::object& event) {
    const auto colon = message.find(" : ");
    if (colon == std::string_view::npos) {
        return;
    }
    std::string_view user = message.substr(0, colon);
    while (!user.empty() && user.front() == ' ') {
        user.remove_prefix(1);
    }
    event["user.name"] = user;
    std::string_view rest = message.substr(colon + 3);
    if (rest.find("incorrect password attempt") != std::string_view::npos ||
        rest.find("authentication failure") != std::string_view::npos) {
        event["event.outcome"] = "failure";
    }
    while (!rest.empty()) {
        const auto end = std::min(rest.find(" ; "), rest.size());
        const auto part = rest.substr(0, end);
        rest.remove_prefix(std::min(end + 3, rest.size()));
        const auto eq = part.find('=');
        if (eq == std::string_view::npos) {
            continue;
        }
        const auto key = part.substr(0, eq), value = part.substr(eq + 1);
        if (key == "USER") {
            event["user.target.name"] = value;
        }
        if (key == "COMMAND") {
            event["process.command_line"] = value;
            event["event.action"] = "sudo_command";
        }
        if (key == "PWD") {
            event["process.working_directory"] = value;
        }
        if (key == "TTY") {
            event["process.tty"] = value;
        }
    }
}

// "prog[pid]:" or "prog:" at the start of `text`; moves past it.
bool Tag(std::string_view& text, json::object& event, std::string& program) {
    const auto end = text.find(": ");
    const auto tag = text.substr(0, end == std::string_view::npos ? text.size() : end);
    if (tag.empty() || tag.find(' ') != std::string_view::npos) {
        return false;
    }
    if (end == std::string_view::npos && text.back() != ':') {
        return false;
    }
    std::string_view name = tag.back() == ':' ? tag.substr(0, tag.size() - 1) : tag;
    if (const auto open = name.find('['); open != std::string_view::npos && name.back() == ']') {
        if (const auto pid = Digits(name.substr(open + 1, name.size() - open - 2))) {
            event["pid"] = *pid;
        }
        name = name.substr(0, open);
    }
    if (name.empty()) {
        return false;
    }
    program = std::string(name);
    text.remove_prefix(std::min(tag.size() + 2, text.size()));
    return true;
}

// Words of messages whose fields the program's parser gives: a line holding one that yields no
// event.action was misread (a sender's framing the parser does not know), and says so.
constexpr std::array<std::string_view, 6> kSshdFieldWords = {
    "Failed password", "Failed publickey",       "Accepted ",
    "Invalid user",    "authentication failure", "Did not receive identification"};

void Program(const std::string& program,
             std::string_view message,
             json::object& event,
             LineNotes* notes) {
    event["program"] = program;
    const auto service = ServiceOf(program);
    bool expected = false;
    if (service == "sshd") {
        ParseSshd(message, event);
        expected = std::any_of(kSshdFieldWords.begin(), kSshdFieldWords.end(),
                               [&](std::string_view w) { return message.find(w) != message.npos; });
    }
    if (service == "sudo") {
        ParseSudo(message, event);
        expected = message.find("COMMAND=") != std::string_view::npos;
    }
    if (expected && notes != nullptr && !event.contains("event.action")) {
        notes->missing = service == "sshd" ? "sshd" : "sudo";
    }
    event["service"] = service;
}

// The line itself when it is valid UTF-8, else a repaired copy kept in `storage`.
std::string_view AsUtf8(std::string_view line, std::string& storage) {
    if (core::IsValidUtf8(line)) {
        return line;
    }
    storage = core::ValidUtf8(line);
    return storage;
}

std::string_view Nil(std::string_view token) { return token == "-" ? std::string_view() : token; }

}  // namespace

std::string_view LogFormatName(LogFormat format) {
    switch (format) {
        case LogFormat::kSyslog:
            return "syslog";
        case LogFormat::kAccess:
            return "access";
        case LogFormat::kJson:
            break;
    }
    return "json";
}

std::optional<LogFormat> ParseLogFormat(std::string_view name) {
    for (const auto format : {LogFormat::kJson, LogFormat::kSyslog, LogFormat::kAccess}) {
        if (LogFormatName(format) == name) {
            return format;
        }
    }
    return std::nullopt;
}

LogFormat GuessLogFormat(std::string_view text, const ParseContext& context) {
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) {
        ++start;
    }
    if (start == text.size() || text[start] == '{' || text[start] == '[') {
        return LogFormat::kJson;
    }
    const auto end = std::min(text.find('\n', start), text.size());
    const auto first = text.substr(start, end - start);
    if (AccessLogToJson(first, context)) {
        return LogFormat::kAccess;
    }
    if (SyslogToJson(first, context)) {
        return LogFormat::kSyslog;
    }
    return LogFormat::kJson;
}

namespace {

// "<PRI>": facility and severity. nullopt when the priority is malformed; false when absent.
std::optional<bool> SyslogPriority(std::string_view& rest, json::object& event) {
    if (rest.empty() || rest.front() != '<') {
        return false;
    }
    const auto close = rest.find('>');
    const auto value = close == std::string_view::npos || close > 4
                           ? std::nullopt
                           : Digits(rest.substr(1, close - 1));
    if (!value || *value > 191) {
        return std::nullopt;
    }
    event["facility"] = kFacilities[static_cast<std::size_t>(*value / 8)];
    event["severity"] = kSeverities[static_cast<std::size_t>(*value % 8)];
    rest.remove_prefix(close + 1);
    return true;
}

// RFC 5424 structured data: "-" or one or more [id param="value"…] elements, kept as written.
// False when something else stands where it should.
bool StructuredData(std::string_view& rest, json::object& event) {
    if (Consume(rest, "-")) {
        if (!rest.empty() && rest.front() == ' ') {
            rest.remove_prefix(1);
        }
        return true;
    }
    if (rest.empty()) {
        return true;
    }
    if (rest.front() != '[') {
        return false;
    }
    std::size_t at = 0;
    bool quoted = false;
    while (at < rest.size()) {
        const char c = rest[at];
        if (c == '\\' && quoted) {
            at = std::min(at + 2, rest.size());  // a backslash may end the line
            continue;
        }
        if (c == '"') {
            quoted = !quoted;
        }
        ++at;
        if (!quoted && c == ']' && (at == rest.size() || rest[at] != '[')) {
            break;
        }
    }
    event["structured_data"] = rest.substr(0, at);
    rest.remove_prefix(at);
    if (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
    }
    return true;
}

// RFC 5424, after "<PRI>1 ": time, host, app, procid, msgid, structured data, message.
bool Rfc5424(std::string_view rest,
             json::object& event,
             const ParseContext& context,
             LineNotes* notes) {
    const auto time = Token(rest);
    if (time != "-") {
        const auto parsed = NewSyslogTime(time, context);
        if (!parsed) {
            return false;
        }
        event["timestamp"] = *parsed;
    }
    const auto host = Nil(Token(rest)), app = Nil(Token(rest)), procid = Nil(Token(rest)),
               msgid = Nil(Token(rest));
    if (!host.empty()) {
        event["host"] = host;
    }
    if (!procid.empty()) {
        if (const auto pid = Digits(procid)) {
            event["pid"] = *pid;
        }
    }
    if (!msgid.empty()) {
        event["msgid"] = msgid;
    }
    if (!StructuredData(rest, event)) {
        return false;
    }
    // rsyslog's RFC 5424 templates put its legacy MSG, which begins with a space, after the
    // separating one ("- -  Failed password…"): the extra spaces are not part of the message.
    const auto skip_spaces = [&rest] {
        while (!rest.empty() && rest.front() == ' ') {
            rest.remove_prefix(1);
        }
    };
    skip_spaces();
    Consume(rest, "\xEF\xBB\xBF");  // a UTF-8 byte order mark before the message
    skip_spaces();
    event["message"] = rest;
    if (!app.empty()) {
        Program(std::string(app), rest, event, notes);
    }
    return true;
}

// RFC 3164 and the files syslog daemons write: time, host (some senders leave it out), tag.
bool Rfc3164(std::string_view rest,
             json::object& event,
             const ParseContext& context,
             bool pri,
             LineNotes* notes) {
    std::optional<std::string> time = OldSyslogTime(rest, context);
    if (!time && !rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) {
        std::string_view probe = rest;
        time = NewSyslogTime(Token(probe), context);
        if (time) {
            rest = probe;
        }
    }
    if (!time && !pri) {
        return false;
    }
    if (time) {
        event["timestamp"] = *time;
    }
    std::string program;
    std::string_view probe = rest;
    if (!Tag(probe, event, program)) {
        std::string_view after_host = rest;
        const auto host = Token(after_host);
        if (Tag(after_host, event, program)) {
            event["host"] = host;
            rest = after_host;
        }
    } else {
        rest = probe;
    }
    event["message"] = rest;
    if (!program.empty()) {
        Program(program, rest, event, notes);
    }
    return true;
}

// [22/Dec/2016:16:30:52 +0300]
bool AccessTime(std::string_view& rest, json::object& event) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) {
        return false;
    }
    const auto stamp = rest.substr(1, close - 1);
    rest.remove_prefix(close + 1);
    if (stamp.size() != 26 || stamp[2] != '/' || stamp[6] != '/' || stamp[11] != ':') {
        return false;
    }
    const auto day = Digits(stamp.substr(0, 2)), month = MonthOf(stamp.substr(3, 3)),
               year = Digits(stamp.substr(7, 4)), hour = Digits(stamp.substr(12, 2)),
               minute = Digits(stamp.substr(15, 2)), second = Digits(stamp.substr(18, 2)),
               zone_hours = Digits(stamp.substr(22, 2)), zone_minutes = Digits(stamp.substr(24, 2));
    if (!day || !month || !year || !hour || !minute || !second || !zone_hours || !zone_minutes ||
        (stamp[21] != '+' && stamp[21] != '-')) {
        return false;
    }
    const auto offset =
        std::chrono::minutes((*zone_hours * 60 + *zone_minutes) * (stamp[21] == '-' ? -1 : 1));
    event["timestamp"] = FormatTime(*year, *month, *day, *hour, *minute, *second, offset);
    return true;
}

// "METHOD target VERSION": scanners send odd requests, so the quote that closes it is the
// last one followed by a status code.
bool AccessRequest(std::string_view& rest, json::object& event) {
    if (rest.empty() || rest.front() != '"') {
        return false;
    }
    std::size_t end = std::string_view::npos;
    for (auto at = rest.find("\" ", 1); at != std::string_view::npos;
         at = rest.find("\" ", at + 1)) {
        if (at + 2 < rest.size() && std::isdigit(static_cast<unsigned char>(rest[at + 2]))) {
            end = at;
            break;
        }
    }
    if (end == std::string_view::npos) {
        return false;
    }
    std::string_view request = rest.substr(1, end - 1);
    rest.remove_prefix(end + 2);
    const auto method = Token(request);
    const auto target = Token(request);
    if (!target.empty()) {
        event["cs-method"] = method;
        event["cs-uri-query"] = target;
        event["cs-uri"] = target;
        event["cs-uri-stem"] = target.substr(0, std::min(target.find('?'), target.size()));
        if (!request.empty()) {
            event["cs-version"] = request;
        }
    } else {
        event["cs-request"] = method;  // not a request line ("-", bytes of another protocol)
    }
    return true;
}

// A "quoted" field of the combined format, with the spaces after it.
std::optional<std::string_view> QuotedField(std::string_view& rest) {
    if (rest.empty() || rest.front() != '"') {
        return std::nullopt;
    }
    std::size_t at = 1;
    while (at < rest.size() && !(rest[at] == '"' && rest[at - 1] != '\\')) {
        ++at;
    }
    const auto value = rest.substr(1, at - 1);
    rest.remove_prefix(std::min(at + 1, rest.size()));
    while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
    }
    return value;
}

// The receive time in place of a time too far from it (the sender's kept beside it).
void BoundTime(json::object& event, const ParseContext& context, LineNotes* notes) {
    if (!context.max_skew) {
        return;
    }
    const auto* stamp = event.if_contains("timestamp");
    if (stamp == nullptr || !stamp->is_string()) {
        return;
    }
    const auto time = core::ParseRfc3339(stamp->get_string());
    // Compared without subtracting the sender's time: a year such as 1722 is further from now
    // than a nanosecond count can hold, and the difference would overflow.
    const auto bound =
        std::min<std::chrono::seconds>(*context.max_skew, std::chrono::hours(24 * 36500));
    const auto within = time && *time >= context.now - bound && *time <= context.now + bound;
    if (within) {
        return;
    }
    event["timestamp_sender"] = stamp->get_string();
    event["timestamp"] = core::FormatRfc3339(context.now);
    if (notes != nullptr) {
        notes->skewed = true;
    }
}

}  // namespace

std::optional<std::string> SyslogToJson(std::string_view line,
                                        const ParseContext& context,
                                        LineNotes* notes) {
    std::string repaired;
    line = AsUtf8(line, repaired);
    json::object event;
    std::string_view rest = line;
    const auto pri = SyslogPriority(rest, event);
    if (!pri) {
        return std::nullopt;
    }
    const bool parsed = *pri && Consume(rest, "1 ") ? Rfc5424(rest, event, context, notes)
                                                    : Rfc3164(rest, event, context, *pri, notes);
    if (!parsed) {
        return std::nullopt;
    }
    event["product"] = "linux";
    BoundTime(event, context, notes);
    return json::serialize(event);
}

std::optional<std::string> AccessLogToJson(std::string_view line,
                                           const ParseContext& context,
                                           LineNotes* notes) {
    std::string repaired;
    line = AsUtf8(line, repaired);
    // Lines wrapped whole in double quotes.
    if (line.size() > 2 && line.front() == '"' && line.back() == '"' &&
        std::isxdigit(static_cast<unsigned char>(line[1]))) {
        line = line.substr(1, line.size() - 2);
    }
    json::object event;
    std::string_view rest = line;
    const auto client = Token(rest);
    const auto ident = Token(rest);
    const auto user = Token(rest);
    if (client.empty() || ident.empty() || user.empty() || rest.empty() || rest.front() != '[' ||
        !AccessTime(rest, event)) {
        return std::nullopt;
    }
    event["c-ip"] = client;
    if (user != "-") {
        event["cs-username"] = user;
    }
    while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
    }
    if (!AccessRequest(rest, event)) {
        return std::nullopt;
    }
    const auto status = Digits(Token(rest));
    if (!status) {
        return std::nullopt;
    }
    event["sc-status"] = *status;
    const auto bytes = Token(rest);
    if (const auto n = Digits(bytes)) {
        event["sc-bytes"] = *n;
    }
    if (const auto referer = QuotedField(rest); referer && *referer != "-") {
        event["cs-referer"] = *referer;
    }
    if (const auto agent = QuotedField(rest); agent && *agent != "-") {
        event["cs-user-agent"] = *agent;
    }
    event["category"] = "webserver";
    BoundTime(event, context, notes);
    return json::serialize(event);
}

ConvertStats ConvertLines(std::string_view text,
                          LogFormat format,
                          const ParseContext& context,
                          std::string& out) {
    ConvertStats stats;
    std::size_t number = 0;
    while (!text.empty()) {
        const auto end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        ++number;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
            line.remove_suffix(1);
        }
        if (!line.empty()) {
            ++stats.lines;
            const auto event = format == LogFormat::kSyslog ? SyslogToJson(line, context)
                                                            : AccessLogToJson(line, context);
            if (event) {
                out += *event;
            } else if (++stats.bad == 1) {
                stats.first_bad_line = number;
            }
        }
        out += '\n';
    }
    return stats;
}

}  // namespace ungcuu::logformats
