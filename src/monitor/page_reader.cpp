#include "monitor/page_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace ungcuu::monitor {

namespace {

constexpr std::size_t kMaxDepth = 256;
constexpr std::size_t kMaxUrls = 1000;
constexpr std::size_t kMaxTextBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxUrlBytes = 2048;

// Elements without content: never on the stack of open elements.
constexpr std::array<std::string_view, 14> kVoid = {"area",  "base",   "br",    "col",  "embed",
                                                    "hr",    "img",    "input", "link", "meta",
                                                    "param", "source", "track", "wbr"};

constexpr std::array<std::string_view, 14> kInline = {
    "a", "abbr", "b", "em", "font", "i", "mark", "q", "s", "small", "span", "strong", "sub", "u"};

bool IsInline(std::string_view name) {
    return std::find(kInline.begin(), kInline.end(), name) != kInline.end();
}

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// A numeric character reference's code point, when it is one text may hold.
void AppendCodePoint(std::string& out, unsigned long c) {
    if (c != 0 && c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF)) {
        core::AppendUtf8(out, static_cast<char32_t>(c));
    }
}

// Text with the common named entities and numeric references decoded.
std::string Decode(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kNamed = {{
        {"amp", "&"},
        {"lt", "<"},
        {"gt", ">"},
        {"quot", "\""},
        {"apos", "'"},
        {"nbsp", " "},
        {"ndash", "–"},
        {"mdash", "—"},
    }};
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out.push_back(text[i]);
            continue;
        }
        const auto end = text.find(';', i);
        if (end == std::string_view::npos || end - i > 12) {
            out.push_back('&');
            continue;
        }
        const auto name = text.substr(i + 1, end - i - 1);
        if (name.starts_with('#') && name.size() > 1) {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const std::string digits(name.substr(hex ? 2 : 1));
            char* stop = nullptr;
            const auto code = std::strtoul(digits.c_str(), &stop, hex ? 16 : 10);
            if (!digits.empty() && stop != nullptr && *stop == '\0') {
                AppendCodePoint(out, code);
                i = end;
                continue;
            }
        }
        const auto found = std::find_if(kNamed.begin(), kNamed.end(),
                                        [&](const auto& entry) { return entry.first == name; });
        if (found != kNamed.end()) {
            out.append(found->second);
            i = end;
        } else {
            out.push_back('&');
        }
    }
    return out;
}

// Appends `text` with runs of whitespace made one space, within the bound.
void AppendFolded(std::string& into, std::string_view text) {
    for (const char c : text) {
        if (into.size() >= kMaxTextBytes) {
            return;
        }
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            if (!into.empty() && into.back() != ' ') {
                into.push_back(' ');
            }
        } else {
            into.push_back(c);
        }
    }
}

void Finish(std::string& text) {
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    // Cutting at the bound may have split a character.
    text = core::ValidUtf8(text);
}

struct Tag {
    std::string name;  // lower-case, without '/'
    bool closing = false;
    bool self_closing = false;
    std::vector<std::pair<std::string, std::string>> attributes;  // names lower-case, decoded

    std::string_view Attribute(std::string_view key) const {
        for (const auto& attribute : attributes) {
            if (attribute.first == key) {
                return attribute.second;
            }
        }
        return {};
    }

    bool Has(std::string_view key) const {
        return std::any_of(attributes.begin(), attributes.end(),
                           [&](const auto& a) { return a.first == key; });
    }
};

// Reads the tag starting at html[at] == '<'; `at` ends past its '>'.
Tag ReadTag(std::string_view html, std::size_t& at) {
    Tag tag;
    std::size_t i = at + 1;
    if (i < html.size() && html[i] == '/') {
        tag.closing = true;
        ++i;
    }
    const auto name_start = i;
    while (i < html.size() && (std::isalnum(static_cast<unsigned char>(html[i])) != 0 ||
                               html[i] == '-' || html[i] == ':')) {
        ++i;
    }
    tag.name = Lower(html.substr(name_start, i - name_start));
    while (i < html.size() && html[i] != '>') {
        const char c = html[i];
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            ++i;
            continue;
        }
        if (c == '/') {
            tag.self_closing = true;
            ++i;
            continue;
        }
        const auto key_start = i;
        while (i < html.size() && html[i] != '=' && html[i] != '>' && html[i] != '/' &&
               std::isspace(static_cast<unsigned char>(html[i])) == 0) {
            ++i;
        }
        std::string key = Lower(html.substr(key_start, i - key_start));
        std::string value;
        while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i])) != 0) {
            ++i;
        }
        if (i < html.size() && html[i] == '=') {
            ++i;
            while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i])) != 0) {
                ++i;
            }
            if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
                const char quote = html[i++];
                const auto end = html.find(quote, i);
                const auto stop = end == std::string_view::npos ? html.size() : end;
                value = Decode(html.substr(i, stop - i));
                i = stop == html.size() ? stop : stop + 1;
            } else {
                const auto value_start = i;
                while (i < html.size() && html[i] != '>' &&
                       std::isspace(static_cast<unsigned char>(html[i])) == 0) {
                    ++i;
                }
                value = Decode(html.substr(value_start, i - value_start));
            }
        }
        if (!key.empty() && tag.attributes.size() < 64) {
            tag.attributes.emplace_back(std::move(key), std::move(value));
        }
        if (key_start == i) {
            ++i;  // a stray character
        }
    }
    at = i < html.size() ? i + 1 : i;
    return tag;
}

// Whether an element hides its content from readers: by attribute or by inline style.
bool Hides(const Tag& tag) {
    if (tag.Has("hidden") || tag.Attribute("aria-hidden") == "true") {
        return true;
    }
    std::string style;
    for (const char c : tag.Attribute("style")) {
        if (std::isspace(static_cast<unsigned char>(c)) == 0) {
            style.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    for (const std::string_view sign :
         {"display:none", "visibility:hidden", "font-size:0", "height:0", "width:0", "opacity:0",
          "left:-", "top:-", "text-indent:-"}) {
        const auto found = style.find(sign);
        if (found == std::string::npos) {
            continue;
        }
        // "height:0" but not "height:0.5em"; "left:-" only when far off (four digits).
        const auto after = found + sign.size();
        if (sign.back() == '-') {
            std::size_t digits = 0;
            while (after + digits < style.size() &&
                   std::isdigit(static_cast<unsigned char>(style[after + digits])) != 0) {
                ++digits;
            }
            if (digits >= 4) {
                return true;
            }
        } else if (sign.back() != '0' || after >= style.size() || style[after] == ';' ||
                   style[after] == 'p' || style[after] == '!') {
            return true;
        }
    }
    return false;
}

void AddUrl(std::vector<std::string>& list, std::string_view url) {
    url = core::Trim(url);
    if (!url.empty() && list.size() < kMaxUrls) {
        list.emplace_back(core::CutUtf8(url, kMaxUrlBytes));
    }
}

}  // namespace

domain::PageFacts ReadPage(std::string_view html) {
    html = html.substr(0, std::min(html.size(), kMaxPageBytes));
    domain::PageFacts page;

    struct Open {
        std::string name;
        bool hidden;
    };

    std::vector<Open> open;
    std::size_t hidden_depth = 0;  // open elements hiding their content
    bool in_title = false;
    std::string title;
    std::size_t at = 0;
    while (at < html.size()) {
        const auto lt = html.find('<', at);
        const auto text_end = lt == std::string_view::npos ? html.size() : lt;
        if (text_end > at) {
            const auto text = Decode(html.substr(at, text_end - at));
            AppendFolded(in_title ? title : hidden_depth > 0 ? page.hidden_text : page.text, text);
        }
        if (lt == std::string_view::npos) {
            break;
        }
        at = lt;
        if (html.substr(at).starts_with("<!--")) {
            const auto end = html.find("-->", at + 4);
            at = end == std::string_view::npos ? html.size() : end + 3;
            continue;
        }
        if (at + 1 < html.size() && (html[at + 1] == '!' || html[at + 1] == '?')) {
            const auto end = html.find('>', at);  // a doctype, a processing instruction
            at = end == std::string_view::npos ? html.size() : end + 1;
            continue;
        }
        if (at + 1 >= html.size() ||
            (std::isalpha(static_cast<unsigned char>(html[at + 1])) == 0 && html[at + 1] != '/')) {
            AppendFolded(hidden_depth > 0 ? page.hidden_text : page.text, "<");  // a lone '<'
            ++at;
            continue;
        }
        const auto tag = ReadTag(html, at);
        if (tag.name.empty()) {
            continue;
        }
        if (tag.closing) {
            if (tag.name == "title") {
                in_title = false;
            }
            // Close up to the matching element, if it is open at all.
            const auto match = std::find_if(open.rbegin(), open.rend(),
                                            [&](const Open& o) { return o.name == tag.name; });
            if (match != open.rend()) {
                const auto keep = static_cast<std::size_t>(open.rend() - match) - 1;
                while (open.size() > keep) {
                    if (open.back().hidden) {
                        --hidden_depth;
                    }
                    open.pop_back();
                }
            }
            if (!IsInline(tag.name)) {
                AppendFolded(page.text, " ");
                AppendFolded(page.hidden_text, " ");
            }
            continue;
        }
        if (!IsInline(tag.name)) {
            // Blocks, line breaks and cells separate words; inline markup inside a word does not.
            AppendFolded(page.text, " ");
            AppendFolded(page.hidden_text, " ");
        }
        const bool hidden = Hides(tag);
        if (tag.name == "a") {
            const auto href = tag.Attribute("href");
            AddUrl(page.links, href);
            if (hidden || hidden_depth > 0) {
                AddUrl(page.hidden_links, href);
            }
        } else if (tag.name == "script" || tag.name == "style" || tag.name == "noscript" ||
                   tag.name == "template") {
            if (tag.name == "script") {
                AddUrl(page.scripts, tag.Attribute("src"));
            }
            if (!tag.self_closing) {
                // Raw text: skip to the closing tag, whatever it holds.
                const std::string close = "</" + tag.name;
                std::size_t end = at;
                while (true) {
                    end = html.find('<', end);
                    if (end == std::string_view::npos) {
                        end = html.size();
                        break;
                    }
                    if (Lower(html.substr(end, close.size())) == close) {
                        break;
                    }
                    ++end;
                }
                const auto gt = html.find('>', end);
                at = gt == std::string_view::npos ? html.size() : gt + 1;
            }
            continue;
        } else if (tag.name == "iframe" || tag.name == "frame") {
            AddUrl(page.iframes, tag.Attribute("src"));
        } else if (tag.name == "title") {
            in_title = !tag.self_closing;
        }
        if (tag.self_closing || std::find(kVoid.begin(), kVoid.end(), tag.name) != kVoid.end()) {
            continue;
        }
        if (open.size() < kMaxDepth) {
            open.push_back({tag.name, hidden});
            if (hidden) {
                ++hidden_depth;
            }
        }
    }
    Finish(title);
    Finish(page.text);
    Finish(page.hidden_text);
    page.title = std::move(title);
    return page;
}

}  // namespace ungcuu::monitor
