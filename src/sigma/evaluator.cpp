#include "sigma/evaluator.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <re2/re2.h>

#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstring>

#include "core/text.hpp"
#include "sigma/glob.hpp"

namespace ungcuu::sigma {

namespace json = boost::json;

namespace {

core::Error Refuse(std::string reason) {
    return core::InvalidArgument("Luật Sigma không chạy được: " + reason,
                                 "The Sigma rule cannot run: " + reason);
}

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

std::string LowerUtf8(std::string_view text) {
    std::string out;
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
    return out;
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
std::vector<std::string> WindashVariants(const std::string& glob) {
    static const std::array<std::string, 5> kDashes = {"-", "/", "\u2013", "\u2014", "\u2015"};
    std::vector<std::string> out{""};
    for (std::size_t i = 0; i < glob.size(); ++i) {
        const char c = glob[i];
        const bool word_start = i == 0 || glob[i - 1] == ' ' || glob[i - 1] == kStar;
        if ((c == '-' || c == '/') && word_start) {
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

struct Cidr {
    int family = AF_INET;
    std::array<unsigned char, 16> bytes{};
    int prefix = 0;
};

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

enum class Compare { kGt, kGte, kLt, kLte };
enum class TimePart { kMinute, kHour, kDay, kWeek, kMonth, kYear };
enum class RefMode { kEquals, kContains, kStartsWith, kEndsWith };

// One value of an item, compiled: any of its alternatives may match.
struct Test {
    enum class Kind { kGlob, kRegex, kCidr, kCompare, kExists, kNull, kFieldRef, kTime };
    Kind kind = Kind::kGlob;
    bool negate = false;  // neq
    bool cased = false;   // globs compare as written
    std::vector<std::string> globs;
    std::shared_ptr<re2::RE2> regex;
    Cidr cidr;
    Compare compare = Compare::kGt;
    double number = 0;
    bool exists = true;
    std::string other_field;
    RefMode ref_mode = RefMode::kEquals;
    TimePart part = TimePart::kMinute;
    std::int64_t part_value = 0;
};

struct Item {
    std::string field;  // empty: keywords
    bool all = false;
    std::vector<Test> tests;
};

struct Compiled {
    std::vector<std::vector<Item>> alternatives;
    std::optional<Item> keywords;
};

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
    if (item.Has(Modifier::kCidr)) {
        const auto cidr = ParseCidr(value.text);
        if (!cidr) {
            return Refuse(fmt::format("\"{}\": \"{}\" is not a network", item.field, value.text));
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
    // Strings (numbers and booleans compare as their text).
    std::vector<std::string> globs{GlobOf(value.text)};
    if (item.Has(Modifier::kWindash)) {
        globs = WindashVariants(globs.front());
    }
    const bool b64 = item.Has(Modifier::kBase64);
    const bool b64offset = item.Has(Modifier::kBase64Offset);
    if (b64 || b64offset) {
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
            if (b64) {
                encoded.push_back(GlobOf(core::Base64Encode(bytes)));
                continue;
            }
            // The three alignments the value can have inside a longer encoded text.
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
        globs = std::move(encoded);
        t.cased = true;  // encoded text is compared exactly
    }
    for (auto& glob : globs) {
        if (item.Has(Modifier::kContains) || b64offset) {
            glob = kStar + glob + kStar;
        } else if (item.Has(Modifier::kStartsWith)) {
            glob += kStar;
        } else if (item.Has(Modifier::kEndsWith)) {
            glob = kStar + glob;
        }
        if (!t.cased) {
            glob = LowerUtf8(glob);
        }
    }
    t.kind = Test::Kind::kGlob;
    t.globs = std::move(globs);
    return t;
}

core::Result<Item> CompileItem(const FieldItem& item) {
    Item out;
    out.field = item.field;
    out.all = item.Has(Modifier::kAll);
    for (const auto& value : item.values) {
        UNGCUU_ASSIGN_OR_RETURN(test, CompileValue(item, value));
        out.tests.push_back(std::move(test));
    }
    return out;
}

// ---- events --------------------------------------------------------------------------------

const json::value* Child(const json::value* v, std::string_view key) {
    if (v == nullptr || !v->is_object()) {
        return nullptr;
    }
    const auto& object = v->get_object();
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &it->value();
}

// "#text" holds an element's content in evtx exports ({"#text": 4688, "#attributes": …}).
const json::value* Content(const json::value* v) {
    if (v != nullptr && v->is_object()) {
        if (const auto* text = Child(v, "#text")) {
            return text;
        }
    }
    return v;
}

const json::value* Path(const json::value& root, std::string_view path) {
    const json::value* v = &root;
    while (v != nullptr && !path.empty()) {
        const auto dot = path.find('.');
        v = Child(v, path.substr(0, dot));
        path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    }
    return v;
}

std::optional<std::string> TextOf(const json::value& v) {
    switch (v.kind()) {
        case json::kind::string:
            return std::string(v.get_string());
        case json::kind::int64:
            return std::to_string(v.get_int64());
        case json::kind::uint64:
            return std::to_string(v.get_uint64());
        case json::kind::double_: {
            const double d = v.get_double();
            if (std::floor(d) == d && std::fabs(d) < 1e15) {
                return std::to_string(static_cast<std::int64_t>(d));
            }
            return fmt::format("{}", d);
        }
        case json::kind::bool_:
            return std::string(v.get_bool() ? "true" : "false");
        default:
            return std::nullopt;
    }
}

std::optional<double> NumberOf(const json::value& v) {
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    if (v.is_double()) return v.get_double();
    if (v.is_string()) {
        try {
            std::size_t used = 0;
            const std::string s(v.get_string());
            const double d = std::stod(s, &used);
            if (used == s.size()) {
                return d;
            }
        } catch (const std::exception&) {
        }
    }
    return std::nullopt;
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
bool ScalarMatches(const Test& t, const json::value& v, const json::value& event) {
    switch (t.kind) {
        case Test::Kind::kGlob: {
            const auto text = TextOf(v);
            return text && GlobsMatch(t, *text);
        }
        case Test::Kind::kRegex: {
            const auto text = TextOf(v);
            return text && re2::RE2::PartialMatch(*text, *t.regex);
        }
        case Test::Kind::kCidr: {
            const auto text = TextOf(v);
            return text && InCidr(t.cidr, *text);
        }
        case Test::Kind::kCompare: {
            const auto n = NumberOf(v);
            if (!n) return false;
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
            const auto text = TextOf(v);
            const auto part = text ? TimePartOf(*text, t.part) : std::nullopt;
            return part && *part == t.part_value;
        }
        case Test::Kind::kFieldRef: {
            const auto* other = Content(FindField(event, t.other_field));
            const auto a = TextOf(v);
            const auto b = other != nullptr ? TextOf(*other) : std::nullopt;
            if (!a || !b) return false;
            const std::string x = t.cased ? *a : LowerUtf8(*a);
            const std::string y = t.cased ? *b : LowerUtf8(*b);
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
        default:
            return false;
    }
}

// A test against a field (missing: nullptr). Lists match when any element does.
bool TestMatches(const Test& t, const json::value* field, const json::value& event) {
    if (t.kind == Test::Kind::kExists) {
        return (field != nullptr) == t.exists;
    }
    if (t.kind == Test::Kind::kNull) {
        return field == nullptr || field->is_null();
    }
    if (field == nullptr || field->is_null()) {
        return t.negate;  // neq: a missing field differs from any value
    }
    bool hit = false;
    if (field->is_array()) {
        for (const auto& element : field->get_array()) {
            hit = hit || ScalarMatches(t, *Content(&element), event);
        }
    } else {
        hit = ScalarMatches(t, *field, event);
    }
    return t.negate ? !hit : hit;
}

void CollectStrings(const json::value& v, std::vector<std::string>& out) {
    if (v.is_object()) {
        for (const auto& [key, child] : v.get_object()) {
            CollectStrings(child, out);
        }
    } else if (v.is_array()) {
        for (const auto& child : v.get_array()) {
            CollectStrings(child, out);
        }
    } else if (const auto text = TextOf(v)) {
        out.push_back(*text);
    }
}

bool ItemMatches(const Item& item, const json::value& event) {
    if (item.field.empty()) {  // keywords: anywhere in the event
        std::vector<std::string> strings;
        CollectStrings(event, strings);
        const auto one = [&](const Test& t) {
            return std::any_of(strings.begin(), strings.end(), [&](const std::string& s) {
                return ScalarMatches(t, json::value(s), event);
            });
        };
        return item.all ? std::all_of(item.tests.begin(), item.tests.end(), one)
                        : std::any_of(item.tests.begin(), item.tests.end(), one);
    }
    const json::value* field = Content(FindField(event, item.field));
    const auto one = [&](const Test& t) { return TestMatches(t, field, event); };
    return item.all ? std::all_of(item.tests.begin(), item.tests.end(), one)
                    : std::any_of(item.tests.begin(), item.tests.end(), one);
}

bool DetectionMatches(const Compiled& d, const json::value& event) {
    if (d.keywords) {
        return ItemMatches(*d.keywords, event);
    }
    return std::any_of(d.alternatives.begin(), d.alternatives.end(), [&](const auto& items) {
        return std::all_of(items.begin(), items.end(),
                           [&](const Item& item) { return ItemMatches(item, event); });
    });
}

}  // namespace

const json::value* FindField(const json::value& event, std::string_view field) {
    if (!event.is_object()) {
        return nullptr;
    }
    if (const auto* exact = Child(&event, field)) {
        return exact;
    }
    if (field.find('.') != std::string_view::npos) {
        if (const auto* nested = Path(event, field)) {
            return nested;
        }
    }
    const auto* evtx = Child(&event, "Event");
    if (evtx != nullptr) {
        const auto* event_data = Child(evtx, "EventData");
        if (const auto* data = Child(event_data, field)) {
            return data;
        }
        // Some providers name data with spaces ("Threat Name"); Sigma writes them without.
        if (event_data != nullptr && event_data->is_object()) {
            for (const auto& [key, value] : event_data->get_object()) {
                std::string compact;
                for (const char c : key) {
                    if (c != ' ') compact += c;
                }
                if (compact == field) {
                    return &value;
                }
            }
        }
        // UserData holds one element named by the provider, with the data inside it.
        if (const auto* user_data = Child(evtx, "UserData"); user_data != nullptr) {
            if (const auto* data = Child(user_data, field)) {
                return data;
            }
            if (user_data->is_object()) {
                for (const auto& [key, element] : user_data->get_object()) {
                    if (const auto* data = Child(&element, field)) {
                        return data;
                    }
                }
            }
        }
        const auto* system = Child(evtx, "System");
        if (const auto* value = Child(system, field)) {
            return value;
        }
        if (field == "Provider_Name") {
            return Child(Child(Child(system, "Provider"), "#attributes"), "Name");
        }
    }
    if (const auto* winlog = Child(&event, "winlog")) {
        if (const auto* data = Child(Child(winlog, "event_data"), field)) {
            return data;
        }
        if (field == "EventID") {
            return Child(winlog, "event_id");
        }
        if (field == "Channel") {
            return Child(winlog, "channel");
        }
        if (field == "Provider_Name") {
            return Child(winlog, "provider_name");
        }
    }
    return nullptr;
}

core::Result<std::vector<json::value>> ParseEvents(std::string_view text) {
    std::vector<json::value> out;
    json::stream_parser parser;
    std::size_t offset = 0;
    while (offset < text.size()) {
        // Whitespace between documents.
        while (offset < text.size() && std::isspace(static_cast<unsigned char>(text[offset]))) {
            ++offset;
        }
        if (offset >= text.size()) {
            break;
        }
        parser.reset();
        boost::system::error_code ec;
        const std::size_t used = parser.write_some(text.data() + offset, text.size() - offset, ec);
        if (ec || !parser.done()) {
            if (!ec) {
                parser.finish(ec);
            }
            if (ec || !parser.done()) {
                return core::InvalidArgument(
                    fmt::format("Dữ liệu không phải JSON hợp lệ tại byte {}.", offset + used),
                    fmt::format("The input is not valid JSON at byte {}.", offset + used));
            }
        }
        offset += used;
        json::value document = parser.release();
        if (document.is_array() && out.empty() && offset >= text.size()) {
            for (auto& event : document.as_array()) {
                out.push_back(std::move(event));
            }
        } else {
            out.push_back(std::move(document));
        }
    }
    return out;
}

struct CompiledRule::Impl {
    Rule rule;
    std::map<std::string, Compiled, std::less<>> detections;

    bool Eval(const Condition& c, const json::value& event) const {
        switch (c.kind) {
            case Condition::Kind::kAnd:
                return std::all_of(c.children.begin(), c.children.end(),
                                   [&](const auto& child) { return Eval(child, event); });
            case Condition::Kind::kOr:
                return std::any_of(c.children.begin(), c.children.end(),
                                   [&](const auto& child) { return Eval(child, event); });
            case Condition::Kind::kNot:
                return !Eval(c.children.front(), event);
            case Condition::Kind::kRef:
                return DetectionMatches(detections.find(c.name)->second, event);
            case Condition::Kind::kOneOf:
            case Condition::Kind::kAllOf: {
                const bool all = c.kind == Condition::Kind::kAllOf;
                for (const auto& [name, d] : detections) {
                    // "them" leaves out the detections whose name starts with "_".
                    const bool named =
                        c.name == "them" ? name.rfind('_', 0) != 0 : PatternMatches(c.name, name);
                    if (!named) {
                        continue;
                    }
                    const bool hit = DetectionMatches(d, event);
                    if (all && !hit) return false;
                    if (!all && hit) return true;
                }
                return all;
            }
        }
        return false;
    }
};

core::Result<CompiledRule> CompiledRule::Compile(const Rule& rule) {
    auto impl = std::make_unique<Impl>();
    impl->rule = rule;
    for (const auto& [name, detection] : rule.detections) {
        Compiled compiled;
        if (detection.keywords) {
            UNGCUU_ASSIGN_OR_RETURN(item, CompileItem(*detection.keywords));
            // Keywords are found anywhere inside a value.
            for (auto& test : item.tests) {
                for (auto& glob : test.globs) {
                    if (glob.empty() || glob.front() != kStar) glob = kStar + glob;
                    if (glob.back() != kStar) glob += kStar;
                }
            }
            compiled.keywords = std::move(item);
        }
        for (const auto& items : detection.alternatives) {
            std::vector<Item> out;
            for (const auto& item : items) {
                UNGCUU_ASSIGN_OR_RETURN(compiled_item, CompileItem(item));
                out.push_back(std::move(compiled_item));
            }
            compiled.alternatives.push_back(std::move(out));
        }
        impl->detections.emplace(name, std::move(compiled));
    }
    return CompiledRule(std::move(impl));
}

CompiledRule::CompiledRule(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CompiledRule::CompiledRule(CompiledRule&&) noexcept = default;
CompiledRule& CompiledRule::operator=(CompiledRule&&) noexcept = default;
CompiledRule::~CompiledRule() = default;

const Rule& CompiledRule::rule() const { return impl_->rule; }

bool CompiledRule::Matches(const json::value& event) const {
    return std::any_of(impl_->rule.conditions.begin(), impl_->rule.conditions.end(),
                       [&](const Condition& c) { return impl_->Eval(c, event); });
}

}  // namespace ungcuu::sigma
