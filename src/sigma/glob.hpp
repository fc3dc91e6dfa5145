// Text helpers shared by the Sigma loader and evaluator: UTF-8 stepping and Sigma's wildcard
// values compiled to globs (with Sigma's escapes), matched character by character.
#pragma once

#include <string>
#include <string_view>

namespace ungcuu::sigma {

inline constexpr char kStar = '\x01';  // a wildcard '*' in a compiled glob
inline constexpr char kOne = '\x02';   // a wildcard '?'

void AppendUtf8(std::string& out, char32_t c);
/// Decodes one UTF-8 character at `i` (advancing it); invalid bytes come back as themselves.
char32_t NextUtf8(std::string_view s, std::size_t& i);

/// Sigma's escapes: "\*" and "\?" are literal, "\\" is one backslash; other backslashes stay.
std::string GlobOf(std::string_view value);
/// The plain text of a glob (wildcards as written), for encodings that take values literally.
std::string PlainOf(std::string_view glob);
/// '*' matches any run of characters, '?' one character (not one byte).
bool GlobMatch(std::string_view glob, std::string_view text);

}  // namespace ungcuu::sigma
