// What a malware scan of a stored file found: kept once per content (the file's SHA-256), so
// an incident's evidence, a harmful-content case's captures and any later copy of the same bytes
// show the same result. Findings are written as text lines (engine, rule, where in the file) so
// both engines store them in one column. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace ungcuu::domain {

enum class ScanVerdict {
    kClean,       // every engine looked at every part and found nothing
    kInfected,    // at least one finding
    kIncomplete,  // nothing found, but the time budget ran out before everything was looked at
};
std::string_view ScanVerdictCode(ScanVerdict verdict);
std::optional<ScanVerdict> ParseScanVerdict(std::string_view code);

struct ScanFinding {
    std::string engine{};       // "yara", "clamav"
    std::string rule{};         // the rule or signature name
    std::string description{};  // the rule's description when it has one
    std::string member{};       // the path inside an archive; empty for the file itself
};

struct FileScan {
    std::string sha256{};
    ScanVerdict verdict = ScanVerdict::kClean;
    std::vector<ScanFinding> findings{};
    std::string engines{};  // what looked: "YARA 4.2.3 (15 rules); ClamAV 1.4.6 (1 signature)"
    core::TimePoint scanned_at{};
};

/// The findings as stored (one line each, fields separated by tabs) and back.
std::string EncodeFindings(const std::vector<ScanFinding>& findings);
std::vector<ScanFinding> DecodeFindings(std::string_view text);

/// "webshell_php_eval (YARA) trong shell/a.php; Ungcuu.Test (ClamAV)" — for timelines and mail.
std::string DescribeFindings(const std::vector<ScanFinding>& findings);

}  // namespace ungcuu::domain
