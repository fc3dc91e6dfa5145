#include "sigma/glob.hpp"

namespace ungcuu::sigma {

void AppendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

char32_t NextUtf8(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n <= 1 || i + n > s.size()) {
        ++i;
        return b;
    }
    char32_t c = n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
        const auto next = static_cast<unsigned char>(s[i + k]);
        if ((next & 0xC0) != 0x80) {
            ++i;
            return b;
        }
        c = (c << 6) | (next & 0x3F);
    }
    i += n;
    return c;
}

std::string GlobOf(std::string_view value) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\\' && i + 1 < value.size() &&
            (value[i + 1] == '*' || value[i + 1] == '?' || value[i + 1] == '\\')) {
            out += value[++i];
        } else if (c == '*') {
            out += kStar;
        } else if (c == '?') {
            out += kOne;
        } else {
            out += c;
        }
    }
    return out;
}

std::string PlainOf(std::string_view glob) {
    std::string out;
    for (const char c : glob) {
        out += c == kStar ? '*' : c == kOne ? '?' : c;
    }
    return out;
}

bool GlobMatch(std::string_view glob, std::string_view text) {
    std::size_t g = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (g < glob.size() && glob[g] == kStar) {
            star = g++;
            mark = t;
        } else if (g < glob.size() && glob[g] == kOne) {
            ++g;
            std::size_t next = t;
            NextUtf8(text, next);  // '?' is one character, not one byte
            t = next;
        } else if (g < glob.size() && glob[g] == text[t]) {
            ++g;
            ++t;
        } else if (star != std::string_view::npos) {
            g = star + 1;
            std::size_t next = mark;
            NextUtf8(text, next);
            mark = next;
            t = mark;
        } else {
            return false;
        }
    }
    while (g < glob.size() && glob[g] == kStar) {
        ++g;
    }
    return g == glob.size();
}

}  // namespace ungcuu::sigma
