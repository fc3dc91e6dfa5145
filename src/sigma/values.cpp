#include "sigma/values.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <re2/re2.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/text.hpp"
#include "sigma/glob.hpp"

namespace ungcuu::sigma {

namespace {

// ---- text ----------------------------------------------------------------------------------

char32_t LowerChar(char32_t c) {
    if (c < 0x80) {
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    }
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) {
        return c + 32;  // Latin-1
    }
    if (c >= 0x100 && c <= 0x17F) {  // Latin Extended-A: pairs (Đ/đ, Ă/ă, Ĩ/ĩ, Ũ/ũ …)
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) {
            return (c % 2 == 1) ? c + 1 : c;
        }
        if (c == 0x178) {
            return 0xFF;
        }
        return (c % 2 == 0 && c != 0x130 && c != 0x138 && c != 0x149) ? c + 1 : c;
    }
    if (c == 0x1A0 || c == 0x1AF) {  // Ơ, Ư
        return c + 1;
    }
    if (c >= 0x1E00 && c <= 0x1EFF && c % 2 == 0 && !(c >= 0x1E96 && c <= 0x1E9F)) {
        return c + 1;  // Latin Extended Additional, incl. every Vietnamese toned vowel
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) {
        return c + 32;  // Greek
    }
    if (c >= 0x410 && c <= 0x42F) {
        return c + 32;  // Cyrillic
    }
    if (c >= 0x400 && c <= 0x40F) {
        return c + 80;
    }
    return c;
}

}  // namespace

const std::vector<char32_t>& FoldSources(char32_t c) {
    // LowerChar changes characters below U+1F00 only.
    static const std::vector<std::vector<char32_t>> kSources = [] {
        std::vector<std::vector<char32_t>> out(0x2000);
        for (char32_t u = 0; u < 0x2000; ++u) {
            const char32_t lower = LowerChar(u);
            if (lower != u && lower < 0x2000) {
                out[lower].push_back(u);
            }
        }
        return out;
    }();
    static const std::vector<char32_t> kNone;
    return c < 0x2000 ? kSources[c] : kNone;
}

std::string LowerUtf8(std::string_view text) {
    std::string out;
    LowerUtf8Into(text, out);
    return out;
}

void LowerUtf8Into(std::string_view text, std::string& out) {
    out.clear();
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            out += static_cast<char>((b >= 'A' && b <= 'Z') ? b + 32 : b);
            ++i;
            continue;
        }
        const std::size_t start = i;
        const char32_t c = NextUtf8(text, i);
        if (i - start == 1 && c == b && b >= 0x80) {
            out += static_cast<char>(b);  // an invalid byte stays as it is
        } else {
            AppendUtf8(out, LowerChar(c));
        }
    }
}

namespace {

std::string Utf16(std::string_view text, bool little_endian) {
    std::string out;
    std::size_t i = 0;
    const auto unit = [&](char16_t u) {
        const char lo = static_cast<char>(u & 0xFF);
        const char hi = static_cast<char>(u >> 8);
        out += little_endian ? lo : hi;
        out += little_endian ? hi : lo;
    };
    while (i < text.size()) {
        const char32_t c = NextUtf8(text, i);
        if (c >= 0x10000) {
            const char32_t v = c - 0x10000;
            unit(static_cast<char16_t>(0xD800 + (v >> 10)));
            unit(static_cast<char16_t>(0xDC00 + (v & 0x3FF)));
        } else {
            unit(static_cast<char16_t>(c));
        }
    }
    return out;
}

// windash: a dash or slash starting a word may be written -, /, –, — or ―.
bool WindashAt(const std::string& glob, std::size_t i) {
    const char c = glob[i];
    const bool word_start = i == 0 || glob[i - 1] == ' ' || glob[i - 1] == kStar;
    return (c == '-' || c == '/') && word_start;
}

// Each such dash multiplies the variants by five: a value may hold this many.
constexpr std::size_t kMaxWindashDashes = 5;

std::vector<std::string> WindashVariants(const std::string& glob) {
    static const std::array<std::string, 5> kDashes = {"-", "/", "\u2013", "\u2014", "\u2015"};
    std::vector<std::string> out{""};
    for (std::size_t i = 0; i < glob.size(); ++i) {
        const char c = glob[i];
        if (WindashAt(glob, i)) {
            std::vector<std::string> next;
            for (const auto& prefix : out) {
                for (const auto& dash : kDashes) {
                    next.push_back(prefix + dash);
                }
            }
            out = std::move(next);
        } else {
            for (auto& prefix : out) {
                prefix += c;
            }
        }
    }
    return out;
}

// ---- compiled items ------------------------------------------------------------------------

std::optional<Cidr> ParseCidr(std::string_view text) {
    Cidr cidr;
    const auto slash = text.find('/');
    const std::string address(text.substr(0, slash));
    cidr.family = address.find(':') != std::string::npos ? AF_INET6 : AF_INET;
    if (inet_pton(cidr.family, address.c_str(), cidr.bytes.data()) != 1) {
        return std::nullopt;
    }
    const int max = cidr.family == AF_INET ? 32 : 128;
    cidr.prefix = max;
    if (slash != std::string_view::npos) {
        try {
            cidr.prefix = std::stoi(std::string(text.substr(slash + 1)));
        } catch (const std::exception&) {
            return std::nullopt;
        }
        if (cidr.prefix < 0 || cidr.prefix > max) {
            return std::nullopt;
        }
    }
    return cidr;
}

bool InCidr(const Cidr& cidr, std::string_view text) {
    std::array<unsigned char, 16> bytes{};
    const std::string address(text);
    if (inet_pton(cidr.family, address.c_str(), bytes.data()) != 1) {
        return false;
    }
    int bits = cidr.prefix;
    for (std::size_t k = 0; bits > 0; ++k, bits -= 8) {
        const unsigned char mask =
            bits >= 8 ? 0xFF : static_cast<unsigned char>(0xFF << (8 - bits));
        if ((bytes[k] & mask) != (cidr.bytes[k] & mask)) {
            return false;
        }
    }
    return true;
}

namespace {

/// The regular expression of a `re` value, refused when RE2 cannot run it in linear time.
core::Result<Test> CompileRegex(const FieldItem& item, const Value& value, Test t) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(!item.Has(Modifier::kReI));
    options.set_dot_nl(item.Has(Modifier::kReS));
    options.set_posix_syntax(false);
    const std::string pattern = (item.Has(Modifier::kReM) ? "(?m)" : "") + value.text;
    auto re = std::make_shared<re2::RE2>(pattern, options);
    if (!re->ok()) {
        return Refuse(
            fmt::format("\"{}\": the regular expression cannot run in linear time "
                        "or is malformed ({})",
                        item.field, re->error()));
    }
    t.kind = Test::Kind::kRegex;
    t.regex = std::move(re);
    return t;
}

/// The base64 spellings of each glob's text (in the UTF-16 form asked for); with `offset`, the
/// three alignments the value can have inside a longer encoded text.
std::vector<std::string> Base64Globs(const FieldItem& item,
                                     const std::vector<std::string>& globs,
                                     bool offset) {
    std::vector<std::string> encoded;
    for (const auto& glob : globs) {
        std::string bytes = PlainOf(glob);
        if (item.Has(Modifier::kUtf16Le) || item.Has(Modifier::kWide)) {
            bytes = Utf16(bytes, true);
        } else if (item.Has(Modifier::kUtf16Be)) {
            bytes = Utf16(bytes, false);
        } else if (item.Has(Modifier::kUtf16)) {
            bytes = "\xFF\xFE" + Utf16(bytes, true);
        }
        if (!offset) {
            encoded.push_back(GlobOf(core::Base64Encode(bytes)));
            continue;
        }
        static constexpr int kStart[] = {0, 2, 3};
        static constexpr int kEnd[] = {0, 3, 2};  // characters dropped at the end
        for (int i = 0; i < 3; ++i) {
            const std::string whole =
                core::Base64Encode(std::string(static_cast<std::size_t>(i), ' ') + bytes);
            const int end = kEnd[(bytes.size() + static_cast<std::size_t>(i)) % 3];
            const auto length = static_cast<int>(whole.size()) - kStart[i] - end;
            if (length > 0) {
                encoded.push_back(GlobOf(whole.substr(static_cast<std::size_t>(kStart[i]),
                                                      static_cast<std::size_t>(length))));
            }
        }
    }
    return encoded;
}

/// Strings (numbers and booleans compare as their text): windash spellings, encodings, then
/// the position modifiers and case folding.
core::Result<Test> CompileGlobs(const FieldItem& item, const Value& value, Test t) {
    std::vector<std::string> globs{GlobOf(value.text)};
    if (item.Has(Modifier::kWindash)) {
        std::size_t dashes = 0;
        for (std::size_t i = 0; i < globs.front().size(); ++i) {
            dashes += WindashAt(globs.front(), i);
        }
        if (dashes > kMaxWindashDashes) {
            // 5^n spellings: a rule must not be able to exhaust memory at load.
            return Refuse(fmt::format("\"{}\": windash on a value with {} dashes (at most {})",
                                      item.field, dashes, kMaxWindashDashes));
        }
        globs = WindashVariants(globs.front());
    }
    const bool b64 = item.Has(Modifier::kBase64);
    const bool b64offset = item.Has(Modifier::kBase64Offset);
    if (b64 || b64offset) {
        globs = Base64Globs(item, globs, !b64);
        t.cased = true;  // encoded text is compared exactly
    }
    for (auto& glob : globs) {
        if (item.Has(Modifier::kContains) || b64offset) {
            glob.insert(glob.begin(), kStar);
            glob += kStar;
        } else if (item.Has(Modifier::kStartsWith)) {
            glob += kStar;
        } else if (item.Has(Modifier::kEndsWith)) {
            glob.insert(glob.begin(), kStar);
        }
        if (!t.cased) {
            glob = LowerUtf8(glob);
        }
    }
    t.kind = Test::Kind::kGlob;
    t.globs = std::move(globs);
    return t;
}

/// The comparison and time-part modifiers; nullopt when the item has none.
std::optional<core::Result<Test>> CompileNumeric(const FieldItem& item,
                                                 const Value& value,
                                                 Test t) {
    for (const auto& [m, c] :
         {std::pair{Modifier::kGt, Compare::kGt}, std::pair{Modifier::kGte, Compare::kGte},
          std::pair{Modifier::kLt, Compare::kLt}, std::pair{Modifier::kLte, Compare::kLte}}) {
        if (item.Has(m)) {
            t.kind = Test::Kind::kCompare;
            t.compare = c;
            t.number = value.number;
            return t;
        }
    }
    for (const auto& [m, p] :
         {std::pair{Modifier::kMinute, TimePart::kMinute},
          std::pair{Modifier::kHour, TimePart::kHour}, std::pair{Modifier::kDay, TimePart::kDay},
          std::pair{Modifier::kWeek, TimePart::kWeek},
          std::pair{Modifier::kMonth, TimePart::kMonth},
          std::pair{Modifier::kYear, TimePart::kYear}}) {
        if (item.Has(m)) {
            if (value.kind != Value::Kind::kInt) {
                return Refuse(fmt::format("\"{}\": time modifiers take whole numbers", item.field));
            }
            t.kind = Test::Kind::kTime;
            t.part = p;
            t.part_value = value.integer;
            return t;
        }
    }
    return std::nullopt;
}

}  // namespace

core::Result<Test> CompileValue(const FieldItem& item, const Value& value) {
    Test t;
    t.negate = item.Has(Modifier::kNeq);
    t.cased = item.Has(Modifier::kCased);
    if (item.Has(Modifier::kExists)) {
        t.kind = Test::Kind::kExists;
        t.exists = value.boolean;
        return t;
    }
    if (value.kind == Value::Kind::kNull) {
        t.kind = Test::Kind::kNull;
        return t;
    }
    if (auto numeric = CompileNumeric(item, value, t)) {
        return std::move(*numeric);
    }
    if (item.Has(Modifier::kCidr)) {
        const auto cidr = ParseCidr(value.text);
        if (!cidr) {
            return Refuse(fmt::format(R"("{}": "{}" is not a network)", item.field, value.text));
        }
        t.kind = Test::Kind::kCidr;
        t.cidr = *cidr;
        return t;
    }
    if (item.Has(Modifier::kFieldRef)) {
        t.kind = Test::Kind::kFieldRef;
        t.other_field = value.text;
        t.ref_mode = item.Has(Modifier::kContains)     ? RefMode::kContains
                     : item.Has(Modifier::kStartsWith) ? RefMode::kStartsWith
                     : item.Has(Modifier::kEndsWith)   ? RefMode::kEndsWith
                                                       : RefMode::kEquals;
        return t;
    }
    if (item.Has(Modifier::kRe)) {
        return CompileRegex(item, value, std::move(t));
    }
    return CompileGlobs(item, value, std::move(t));
}

// What a rule's values may expand to (windash spellings, encodings, base64 offsets), in bytes:
// a rule must not be able to exhaust memory at load.
constexpr std::size_t kMaxExpandedBytes = 16U << 20;

core::Result<Item> CompileItem(const FieldItem& item, std::size_t& expanded) {
    if (item.Has(Modifier::kExpand)) {  // ExpandPlaceholders was not given its values
        return Refuse(
            fmt::format("\"{}\": expand needs the values of its placeholders "
                        "(--placeholders FILE)",
                        item.field));
    }
    Item out;
    out.field = item.field;
    out.all = item.Has(Modifier::kAll);
    for (const auto& value : item.values) {
        UNGCUU_ASSIGN_OR_RETURN(test, CompileValue(item, value));
        for (const auto& glob : test.globs) {
            expanded += glob.size();
        }
        if (expanded > kMaxExpandedBytes) {
            return Refuse(
                fmt::format("\"{}\": the rule's values expand to more than {} MiB of patterns",
                            item.field, kMaxExpandedBytes >> 20));
        }
        out.tests.push_back(std::move(test));
    }
    return out;
}

std::optional<std::int64_t> TimePartOf(std::string_view text, TimePart part) {
    // "2026-11-21T08:30:15Z", "2026-11-21 08:30:15.123"
    if (text.size() < 16 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto number = [&](std::size_t at, std::size_t n) -> std::optional<int> {
        int out = 0;
        for (std::size_t k = at; k < at + n; ++k) {
            if (!std::isdigit(static_cast<unsigned char>(text[k]))) {
                return std::nullopt;
            }
            out = out * 10 + (text[k] - '0');
        }
        return out;
    };
    const auto year = number(0, 4), month = number(5, 2), day = number(8, 2), hour = number(11, 2),
               minute = number(14, 2);
    if (!year || !month || !day || !hour || !minute) {
        return std::nullopt;
    }
    switch (part) {
        case TimePart::kMinute:
            return *minute;
        case TimePart::kHour:
            return *hour;
        case TimePart::kDay:
            return *day;
        case TimePart::kMonth:
            return *month;
        case TimePart::kYear:
            return *year;
        case TimePart::kWeek: {
            const std::chrono::year_month_day ymd{std::chrono::year{*year},
                                                  std::chrono::month{static_cast<unsigned>(*month)},
                                                  std::chrono::day{static_cast<unsigned>(*day)}};
            const std::chrono::sys_days days{ymd};
            const std::chrono::weekday wd{days};
            // ISO week: the week of the Thursday of this week.
            const auto thursday =
                days + std::chrono::days{3 - (static_cast<int>(wd.iso_encoding()) - 1)};
            const std::chrono::year_month_day t{thursday};
            const std::chrono::sys_days jan1{t.year() / std::chrono::January / 1};
            return (thursday - jan1).count() / 7 + 1;
        }
    }
    return std::nullopt;
}

bool GlobsMatch(const Test& t, std::string_view text) {
    const std::string lowered = t.cased ? std::string() : LowerUtf8(text);
    const std::string_view subject = t.cased ? text : std::string_view(lowered);
    for (const auto& glob : t.globs) {
        if (GlobMatch(glob, subject)) {
            return true;
        }
    }
    return false;
}

// One scalar of the event against one test.

// strtod's reading of a whole text as a number (leading blanks, hexadecimal and "inf" included,
// as JSON parsers hand strings over).
std::optional<double> NumberOf(const Scalar& v) {
    if (v.kind == Scalar::Kind::kBool || v.text.empty()) {
        return std::nullopt;
    }
    char buffer[64];
    std::string long_text;
    const char* c_text = nullptr;
    if (v.text.size() < sizeof buffer) {
        std::memcpy(buffer, v.text.data(), v.text.size());
        buffer[v.text.size()] = '\0';
        c_text = buffer;
    } else {
        long_text.assign(v.text);
        c_text = long_text.c_str();
    }
    char* end = nullptr;
    const double d = std::strtod(c_text, &end);
    if (end == c_text || static_cast<std::size_t>(end - c_text) != v.text.size()) {
        return std::nullopt;
    }
    return d;
}

}  // namespace

std::string_view IntegerText(std::int64_t value, char* buffer) {
    const auto r = std::to_chars(buffer, buffer + kNumberTextSize, value);
    return {buffer, static_cast<std::size_t>(r.ptr - buffer)};
}

std::string_view UnsignedText(std::uint64_t value, char* buffer) {
    const auto r = std::to_chars(buffer, buffer + kNumberTextSize, value);
    return {buffer, static_cast<std::size_t>(r.ptr - buffer)};
}

std::string_view DoubleText(double value, char* buffer) {
    if (std::floor(value) == value && std::fabs(value) < 1e15) {
        return IntegerText(static_cast<std::int64_t>(value), buffer);
    }
    const auto r = fmt::format_to_n(buffer, kNumberTextSize, "{}", value);
    return {buffer, static_cast<std::size_t>(r.out - buffer)};
}

bool ScalarMatches(const Test& t, const Scalar& v) {
    switch (t.kind) {
        case Test::Kind::kGlob:
            return GlobsMatch(t, v.text);
        case Test::Kind::kRegex:
            return re2::RE2::PartialMatch(v.text, *t.regex);
        case Test::Kind::kCidr:
            return InCidr(t.cidr, v.text);
        case Test::Kind::kCompare: {
            const auto n = NumberOf(v);
            if (!n) {
                return false;
            }
            switch (t.compare) {
                case Compare::kGt:
                    return *n > t.number;
                case Compare::kGte:
                    return *n >= t.number;
                case Compare::kLt:
                    return *n < t.number;
                case Compare::kLte:
                    return *n <= t.number;
            }
            return false;
        }
        case Test::Kind::kTime: {
            const auto part = TimePartOf(v.text, t.part);
            return part && *part == t.part_value;
        }
        default:
            return false;
    }
}

bool FieldRefMatches(const Test& t, const Scalar& value, const Scalar& other) {
    const std::string x = t.cased ? std::string(value.text) : LowerUtf8(value.text);
    const std::string y = t.cased ? std::string(other.text) : LowerUtf8(other.text);
    switch (t.ref_mode) {
        case RefMode::kEquals:
            return x == y;
        case RefMode::kContains:
            return x.find(y) != std::string::npos;
        case RefMode::kStartsWith:
            return x.rfind(y, 0) == 0;
        case RefMode::kEndsWith:
            return x.size() >= y.size() && x.compare(x.size() - y.size(), y.size(), y) == 0;
    }
    return false;
}

namespace {

CompiledCondition CompileCondition(const Condition& c, const CompiledDetections& detections) {
    CompiledCondition out;
    out.kind = c.kind;
    for (const auto& child : c.children) {
        out.children.push_back(CompileCondition(child, detections));
    }
    if (c.kind == Condition::Kind::kRef) {
        const auto found = detections.find(c.name);
        if (found != detections.end()) {
            out.detections.push_back(&found->second);
        }
    } else if (c.kind == Condition::Kind::kOneOf || c.kind == Condition::Kind::kAllOf) {
        for (const auto& [name, d] : detections) {
            if (ConditionNames(c, name)) {
                out.detections.push_back(&d);
            }
        }
    }
    return out;
}

}  // namespace

std::vector<CompiledCondition> CompileConditions(const Rule& rule,
                                                 const CompiledDetections& detections) {
    std::vector<CompiledCondition> out;
    for (const auto& c : rule.conditions) {
        out.push_back(CompileCondition(c, detections));
    }
    return out;
}

core::Result<CompiledDetections> CompileDetections(const Rule& rule, std::size_t* expanded_bytes) {
    CompiledDetections out;
    std::size_t expanded = 0;
    for (const auto& [name, detection] : rule.detections) {
        CompiledDetection compiled;
        if (detection.keywords) {
            UNGCUU_ASSIGN_OR_RETURN(item, CompileItem(*detection.keywords, expanded));
            // Keywords are found anywhere inside a value.
            for (auto& test : item.tests) {
                for (auto& glob : test.globs) {
                    if (glob.empty() || glob.front() != kStar) {
                        glob.insert(glob.begin(), kStar);
                    }
                    if (glob.back() != kStar) {
                        glob += kStar;
                    }
                }
            }
            compiled.keywords = std::move(item);
        }
        for (const auto& items : detection.alternatives) {
            std::vector<Item> alternative;
            for (const auto& item : items) {
                UNGCUU_ASSIGN_OR_RETURN(compiled_item, CompileItem(item, expanded));
                alternative.push_back(std::move(compiled_item));
            }
            compiled.alternatives.push_back(std::move(alternative));
        }
        out.emplace(name, std::move(compiled));
    }
    if (expanded_bytes != nullptr) {
        *expanded_bytes = expanded;
    }
    return out;
}

}  // namespace ungcuu::sigma
