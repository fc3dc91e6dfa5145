#include "domain/file_scan.hpp"

#include <fmt/format.h>

namespace ungcuu::domain {

namespace {

// Tabs and line breaks inside a field would break the stored form; rule names never hold them
// and a member path that does is shown with spaces.
std::string Field(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c == '\t' || c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return out;
}

}  // namespace

std::string_view ScanVerdictCode(ScanVerdict verdict) {
    switch (verdict) {
        case ScanVerdict::kClean:
            return "clean";
        case ScanVerdict::kInfected:
            return "infected";
        case ScanVerdict::kIncomplete:
            return "incomplete";
    }
    return "clean";
}

std::optional<ScanVerdict> ParseScanVerdict(std::string_view code) {
    for (const auto v : {ScanVerdict::kClean, ScanVerdict::kInfected, ScanVerdict::kIncomplete}) {
        if (ScanVerdictCode(v) == code) {
            return v;
        }
    }
    return std::nullopt;
}

std::string EncodeFindings(const std::vector<ScanFinding>& findings) {
    std::string out;
    for (const auto& f : findings) {
        out += fmt::format("{}\t{}\t{}\t{}\n", Field(f.engine), Field(f.rule), Field(f.description),
                           Field(f.member));
    }
    return out;
}

std::vector<ScanFinding> DecodeFindings(std::string_view text) {
    std::vector<ScanFinding> out;
    while (!text.empty()) {
        const auto end = text.find('\n');
        auto line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (line.empty()) {
            continue;
        }
        std::string* fields[4] = {nullptr, nullptr, nullptr, nullptr};
        ScanFinding f;
        fields[0] = &f.engine;
        fields[1] = &f.rule;
        fields[2] = &f.description;
        fields[3] = &f.member;
        for (auto* field : fields) {
            const auto tab = line.find('\t');
            *field = std::string(line.substr(0, tab));
            line = tab == std::string_view::npos ? std::string_view{} : line.substr(tab + 1);
        }
        out.push_back(std::move(f));
    }
    return out;
}

std::string DescribeFindings(const std::vector<ScanFinding>& findings) {
    std::string out;
    for (const auto& f : findings) {
        if (!out.empty()) {
            out += "; ";
        }
        out += fmt::format("{} ({})", f.rule, f.engine == "clamav" ? "ClamAV" : "YARA");
        if (!f.member.empty()) {
            out += fmt::format(" trong {}", f.member);
        }
    }
    return out;
}

}  // namespace ungcuu::domain
