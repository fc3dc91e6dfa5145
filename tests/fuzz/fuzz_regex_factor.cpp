// libFuzzer: a regex and a text (split at the first NUL byte). Whenever RE2 takes the regex
// (case-sensitive or not) and matches the text, the text holds one of the literals
// RequiredLiterals gave for it — the promise the fast engine relies on to skip the regex.
#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "sigma/regex_factor.hpp"

namespace {

std::string AsciiLower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
}

void Check(const std::string& pattern, std::string_view text, bool case_sensitive) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(case_sensitive);
    const re2::RE2 re(pattern, options);
    if (!re.ok()) return;
    const auto factors = ungcuu::sigma::RequiredLiterals(pattern, case_sensitive);
    if (!factors || !re2::RE2::PartialMatch(text, re)) return;
    const std::string subject = factors->caseless ? AsciiLower(text) : std::string(text);
    const bool holds =
        std::any_of(factors->literals.begin(), factors->literals.end(),
                    [&](const std::string& l) { return subject.find(l) != std::string::npos; });
    if (!holds) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto split = input.find('\0');
    if (split == std::string_view::npos || split > 512) return 0;
    const std::string pattern(input.substr(0, split));
    const auto text = input.substr(split + 1);
    Check(pattern, text, true);
    Check(pattern, text, false);
    return 0;
}
