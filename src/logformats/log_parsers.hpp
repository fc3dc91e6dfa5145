// Log parsers: turn the lines devices and servers write into the JSON events the Sigma engine
// reads, with the field names Sigma rules use.
//
//  - Syslog, RFC 3164 (`<PRI>Mmm dd hh:mm:ss host tag[pid]: message`, with or without the PRI,
//    as in /var/log files; an RFC 3339 time in place of the old one is read too) and RFC 5424
//    (`<PRI>1 time host app procid msgid [sd] message`). Fields: timestamp, host, program, pid,
//    message, facility and severity (when a PRI is there), msgid, product `linux` and service
//    (the program, so rules for `service: sshd` are routed to sshd's lines). Programs parsed
//    further: sshd (also as OpenSSH 9.8's sshd-session and sshd-auth: event.action,
//    event.outcome, user.name, source.ip, source.port, ssh.method) and sudo (user.name,
//    user.target.name, process.command_line, process.working_directory). What real senders
//    write is read: rsyslog's templates (RFC 3164, RSYSLOG_ForwardFormat,
//    RSYSLOG_SyslogProtocol23Format with the space its MSG begins with), syslog-ng and
//    systemd-netlogd (RFC 5424 with structured data), NXLog's to_syslog_bsd/to_syslog_ietf.
//  - Web access logs in the Apache/Nginx common and combined formats (each line may be wrapped
//    in double quotes). Fields with the W3C names of Sigma's webserver rules: c-ip, cs-username,
//    timestamp, cs-method, cs-uri-stem (the path), cs-uri-query (the request target, path and
//    query, as SigmaHQ's webserver rules match it), cs-version, sc-status, sc-bytes,
//    cs-referer, cs-user-agent; category `webserver`.
//
// Pure functions of their input and the context, thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace ungcuu::logformats {

enum class LogFormat { kJson, kSyslog, kAccess };

/// "json", "syslog", "access"; nullopt for anything else.
std::optional<LogFormat> ParseLogFormat(std::string_view name);
std::string_view LogFormatName(LogFormat format);

struct ParseContext {
    /// Old syslog times carry no year: the year is the one that puts the time no later than a
    /// day after `now`.
    core::TimePoint now{};
    /// Old syslog and access-log times without a zone are local times of this offset (Vietnam
    /// by default; a source declares its sender's own).
    std::chrono::minutes utc_offset{7 * 60};
    /// When set, a line stamped further than this from `now` (the time it was received) is dated
    /// `now`: its own time is kept as `timestamp_sender` and LineNotes::skewed says so. A sender
    /// whose clock or zone is wrong then neither hides its events in the past nor closes the
    /// correlation windows of the present.
    std::optional<std::chrono::seconds> max_skew{};
};

/// What converting one line noticed besides its fields.
struct LineNotes {
    bool skewed = false;  // its time was replaced by the receive time
    /// The program whose fields the line should have given and did not ("sshd" for a "Failed
    /// password" message that was not understood): the line is stored and matched, but rules on
    /// those fields cannot fire. Empty when nothing is missing.
    std::string_view missing;
};

/// The format a text is in: JSON when it starts like JSON, else the log format its first line
/// reads as (access log, then syslog), else JSON (whose reader then names what is wrong).
LogFormat GuessLogFormat(std::string_view text, const ParseContext& context);

/// One syslog line as a JSON object text; nullopt when the line is not syslog.
std::optional<std::string> SyslogToJson(std::string_view line,
                                        const ParseContext& context,
                                        LineNotes* notes = nullptr);

/// One access-log line as a JSON object text; nullopt when it is not in a known format.
std::optional<std::string> AccessLogToJson(std::string_view line,
                                           const ParseContext& context,
                                           LineNotes* notes = nullptr);

/// What converting a text found.
struct ConvertStats {
    std::size_t lines = 0;           // lines with more than blanks
    std::size_t bad = 0;             // of those, not in the format
    std::size_t first_bad_line = 0;  // 1-based
};

/// Converts each line of `text` in `format` (not kJson) to one JSON line of `out`, keeping line
/// numbers: a blank or unreadable line becomes an empty line, so event indexes are the input's
/// line numbers.
ConvertStats ConvertLines(std::string_view text,
                          LogFormat format,
                          const ParseContext& context,
                          std::string& out);

}  // namespace ungcuu::logformats
