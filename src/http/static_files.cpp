#include "http/static_files.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace ungcuu::http {

namespace fs = std::filesystem;

bool IsPlainAssetPath(std::string_view path) {
    if (path.empty() || path.front() != '/') {
        return false;
    }
    if (path == "/") {
        return true;
    }
    path.remove_prefix(1);
    while (true) {
        const auto slash = path.find('/');
        const std::string_view segment = path.substr(0, slash);
        if (segment.empty() || segment == "." || segment == "..") {
            return false;
        }
        for (const char c : segment) {
            const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                               (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!plain) {
                return false;
            }
        }
        if (slash == std::string_view::npos) {
            return true;
        }
        path.remove_prefix(slash + 1);
    }
}

std::optional<fs::path> ResolveUnderRoot(const fs::path& root, std::string_view path) {
    if (!IsPlainAssetPath(path) || path == "/") {
        return std::nullopt;
    }
    std::error_code ec;
    const fs::path base = fs::canonical(root, ec);
    if (ec) {
        return std::nullopt;
    }
    // The path is plain, so this join is always relative to the root; canonical() then follows
    // every link, and the result must still lie inside the root.
    const fs::path resolved = fs::canonical(base / fs::path(path.substr(1)), ec);
    if (ec) {
        return std::nullopt;
    }
    const auto [base_end, resolved_at] =
        std::mismatch(base.begin(), base.end(), resolved.begin(), resolved.end());
    if (base_end != base.end() || resolved_at == resolved.end()) {
        return std::nullopt;
    }
    if (!fs::is_regular_file(resolved, ec) || ec) {
        return std::nullopt;
    }
    return resolved;
}

namespace {

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

bool SameWord(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// The q value of one element's parameters ("q=0.5"); 1 when absent, 0 for "q=0", "q=0.0"…
bool Refused(std::string_view params) {
    while (!params.empty()) {
        const auto semi = params.find(';');
        const std::string_view param = Trim(params.substr(0, semi));
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
            const std::string_view value = param.substr(2);
            return !value.empty() && std::all_of(value.begin(), value.end(),
                                                 [](char c) { return c == '0' || c == '.'; });
        }
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    }
    return false;
}

// Accepted (true), refused (false) or not named (nullopt) in the header.
std::optional<bool> Named(std::string_view header, std::string_view coding) {
    std::optional<bool> star;
    while (!header.empty()) {
        const auto comma = header.find(',');
        const std::string_view element = header.substr(0, comma);
        const auto semi = element.find(';');
        const std::string_view name = Trim(element.substr(0, semi));
        const std::string_view params =
            semi == std::string_view::npos ? std::string_view{} : element.substr(semi + 1);
        if (SameWord(name, coding)) {
            return !Refused(params);
        }
        if (name == "*") {
            star = !Refused(params);
        }
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    }
    return star;
}

}  // namespace

std::string_view ChooseEncoding(std::string_view accept_encoding, bool have_br, bool have_gzip) {
    if (have_br && Named(accept_encoding, "br").value_or(false)) {
        return "br";
    }
    if (have_gzip && Named(accept_encoding, "gzip").value_or(false)) {
        return "gzip";
    }
    return "";
}

}  // namespace ungcuu::http
