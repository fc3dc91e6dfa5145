#include "core/text.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace ungcuu::core {

namespace {

// Decodes one UTF-8 sequence at `pos`; returns the code point and advances `pos`, or nullopt.
std::optional<char32_t> DecodeUtf8(std::string_view text, std::size_t& pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    std::size_t length = 0;
    char32_t code = 0;
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        code = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        code = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        code = lead & 0x07u;
    } else {
        return std::nullopt;
    }
    if (pos + length > text.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[pos + i]);
        if ((next & 0xC0) != 0x80) {
            return std::nullopt;
        }
        code = (code << 6) | (next & 0x3Fu);
    }
    static constexpr std::array<char32_t, 5> kMinimum = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return std::nullopt;
    }
    pos += length;
    return code;
}

// Base letter of a Vietnamese letter with diacritics, or 0 when `code` is not one.
char FoldVietnameseLetter(char32_t code) {
    struct Group {
        char base;
        std::u32string_view letters;
    };

    static constexpr std::array<Group, 7> kGroups = {{
        {'a', U"àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
        {'e', U"èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"},
        {'i', U"ìíỉĩịÌÍỈĨỊ"},
        {'o', U"òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
        {'u', U"ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"},
        {'y', U"ỳýỷỹỵỲÝỶỸỴ"},
        {'d', U"đĐ"},
    }};
    for (const auto& group : kGroups) {
        if (group.letters.find(code) != std::u32string_view::npos) {
            return group.base;
        }
    }
    return 0;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (!DecodeUtf8(text, pos)) {
            return false;
        }
    }
    return true;
}

std::string ValidUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = pos;
        if (DecodeUtf8(text, pos)) {
            out.append(text.substr(start, pos - start));
        } else {
            pos = start + 1;
            out.append("\xEF\xBF\xBD");
        }
    }
    return out;
}

std::string_view CutUtf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return text;
    }
    std::size_t end = max_bytes;
    // Step back over continuation bytes (10xxxxxx) to the start of the character cut in two.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
        --end;
    }
    return text.substr(0, end);
}

std::string_view Trim(std::string_view text) {
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    };
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string FoldForSearch(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = pos;
        const auto code = DecodeUtf8(text, pos);
        if (!code) {
            ++pos;  // invalid bytes never reach here from validated input; skip them
            continue;
        }
        if (*code < 0x80) {
            const char c = static_cast<char>(*code);
            out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        } else if (const char base = FoldVietnameseLetter(*code); base != 0) {
            out.push_back(base);
        } else {
            out.append(text.substr(start, pos - start));
        }
    }
    return out;
}

namespace {

// The capital of a Vietnamese lower-case letter (ASCII, Latin-1, ă đ ĩ ũ ơ ư and the letters
// with tone marks of Latin Extended Additional); any other code point as it is.
char32_t UpperLetter(char32_t c) {
    if (c >= U'a' && c <= U'z') {
        return c - 0x20;
    }
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7) {
        return c - 0x20;  // à … þ
    }
    if (c >= 0x100 && c <= 0x17F && (c % 2) == 1 && c != 0x131 && c != 0x138 && c != 0x149 &&
        !(c >= 0x139 && c <= 0x148) && !(c >= 0x179 && c <= 0x17E)) {
        return c - 1;  // ă, đ, ĩ, ũ … (pairs: capital even, small odd)
    }
    if (c == 0x1A1) {
        return 0x1A0;  // ơ
    }
    if (c == 0x1B0) {
        return 0x1AF;  // ư
    }
    if (c >= 0x1EA0 && c <= 0x1EF9 && (c % 2) == 1) {
        return c - 1;  // ạ … ỹ
    }
    return c;
}

// The small letter of a Vietnamese capital: UpperLetter's inverse.
char32_t LowerLetter(char32_t c) {
    if (c >= U'A' && c <= U'Z') {
        return c + 0x20;
    }
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) {
        return c + 0x20;  // À … Þ
    }
    if (c >= 0x100 && c <= 0x17F && (c % 2) == 0 && c != 0x130 && c != 0x138 &&
        !(c >= 0x139 && c <= 0x148) && !(c >= 0x179 && c <= 0x17E)) {
        return c + 1;  // Ă, Đ, Ĩ, Ũ …
    }
    if (c == 0x1A0) {
        return 0x1A1;  // Ơ
    }
    if (c == 0x1AF) {
        return 0x1B0;  // Ư
    }
    if (c >= 0x1EA0 && c <= 0x1EF8 && (c % 2) == 0) {
        return c + 1;  // Ạ … Ỹ
    }
    return c;
}

std::string Convert(std::string_view text, std::size_t letters, char32_t (*letter)(char32_t)) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    std::size_t done = 0;
    while (pos < text.size()) {
        const std::size_t start = pos;
        const auto code = DecodeUtf8(text, pos);
        if (!code) {
            out.push_back(text[pos++]);
            continue;
        }
        if (done < letters) {
            AppendUtf8(out, letter(*code));
            ++done;
        } else {
            out.append(text.substr(start, pos - start));
        }
    }
    return out;
}

}  // namespace

void AppendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::string UpperVietnamese(std::string_view text) {
    return Convert(text, std::string_view::npos, UpperLetter);
}

std::string LowerVietnamese(std::string_view text) {
    return Convert(text, std::string_view::npos, LowerLetter);
}

std::string UpperFirst(std::string_view text) { return Convert(text, 1, UpperLetter); }

std::string JsonEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
                } else {
                    out.push_back(c);
                }
        }
    }
    return out;
}

FieldSnapshot& FieldSnapshot::Add(std::string_view field, std::string_view value) {
    fields_.emplace_back(std::string(field), "\"" + JsonEscape(value) + "\"");
    return *this;
}

FieldSnapshot& FieldSnapshot::Add(std::string_view field, const std::optional<std::string>& value) {
    if (value) {
        return Add(field, std::string_view(*value));
    }
    fields_.emplace_back(std::string(field), "null");
    return *this;
}

FieldSnapshot& FieldSnapshot::Add(std::string_view field, std::int64_t value) {
    fields_.emplace_back(std::string(field), std::to_string(value));
    return *this;
}

FieldSnapshot& FieldSnapshot::Add(std::string_view field, bool value) {
    fields_.emplace_back(std::string(field), value ? "true" : "false");
    return *this;
}

std::string FieldSnapshot::ToJson() const {
    std::string out = "{";
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (i > 0) {
            out += ",";
        }
        out += "\"" + JsonEscape(fields_[i].first) + "\":" + fields_[i].second;
    }
    out += "}";
    return out;
}

Error TableTooLarge(const TableLimits& limits,
                    std::string_view limit,
                    std::string_view where_vi,
                    std::string_view where_en) {
    if (limit == "rows") {
        return Error::Make(
            ErrorCode::kPayloadTooLarge,
            fmt::format("Bảng có hơn {} dòng ({}); hãy chia thành nhiều tệp nhỏ hơn.",
                        limits.max_rows, where_vi),
            fmt::format("The table has more than {} rows ({}); split it into smaller files.",
                        limits.max_rows, where_en));
    }
    if (limit == "columns") {
        return Error::Make(
            ErrorCode::kPayloadTooLarge,
            fmt::format("Bảng có hơn {} cột ({}); hãy xóa các cột thừa rồi gửi lại.",
                        limits.max_columns, where_vi),
            fmt::format("The table has more than {} columns ({}); delete the extra columns and "
                        "send it again.",
                        limits.max_columns, where_en));
    }
    if (limit == "cell") {
        return Error::Make(ErrorCode::kPayloadTooLarge,
                           fmt::format("Một ô dài quá {} byte ({}); hãy rút gọn nội dung ô.",
                                       limits.max_cell_bytes, where_vi),
                           fmt::format("A cell is longer than {} bytes ({}); shorten it.",
                                       limits.max_cell_bytes, where_en));
    }
    if (limit == "text") {
        return Error::Make(
            ErrorCode::kPayloadTooLarge,
            fmt::format("Nội dung các ô của bảng vượt quá {} MiB ({}); hãy chia thành nhiều tệp "
                        "nhỏ hơn.",
                        limits.max_text_bytes >> 20, where_vi),
            fmt::format("The cells' text exceeds {} MiB ({}); split the table into smaller files.",
                        limits.max_text_bytes >> 20, where_en));
    }
    return Error::Make(
        ErrorCode::kPayloadTooLarge,
        fmt::format("Bảng có hơn {} ô ({}); hãy chia thành nhiều tệp nhỏ hơn.", limits.max_cells,
                    where_vi),
        fmt::format("The table has more than {} cells ({}); split it into smaller files.",
                    limits.max_cells, where_en));
}

namespace {

/// RFC 4180 with the habits of spreadsheets (CRLF, blank lines), every size bounded as it grows.
class CsvParser {
public:
    CsvParser(std::string_view text, const TableLimits& limits) : text_(text), limits_(limits) {
        row_.line = 1;
    }

    Result<std::vector<CsvRow>> Run() {
        for (std::size_t i = 0; i < text_.size(); ++i) {
            const auto step = in_quotes_ ? Quoted(i) : Plain(i);
            if (!step.ok()) {
                return step.error();
            }
        }
        if (in_quotes_) {
            return InvalidArgument(
                fmt::format("Dòng {}: dấu ngoặc kép mở nhưng không đóng.", quote_started_line_),
                fmt::format("Line {}: a quoted field is never closed.", quote_started_line_));
        }
        if (row_has_content_ || !cell_.empty()) {
            UNGCUU_RETURN_IF_ERROR(FinishRow());
        }
        return std::move(rows_);
    }

private:
    Error TooLarge(std::string_view what) const {
        return TableTooLarge(limits_, what, fmt::format("dòng {}", line_),
                             fmt::format("line {}", line_));
    }

    Status EndCell() {
        if (row_.cells.size() >= limits_.max_columns) {
            return TooLarge("columns");
        }
        if (++cells_ > limits_.max_cells) {
            return TooLarge("cells");
        }
        row_.cells.push_back(std::move(cell_));
        cell_.clear();
        return Ok();
    }

    Status FinishRow() {
        UNGCUU_RETURN_IF_ERROR(EndCell());
        if (row_has_content_ || row_.cells.size() > 1 || !row_.cells.front().empty()) {
            if (rows_.size() >= limits_.max_rows) {
                return TooLarge("rows");
            }
            rows_.push_back(std::move(row_));
        }
        row_ = CsvRow{};
        row_has_content_ = false;
        return Ok();
    }

    Status Append(char c) {
        cell_.push_back(c);
        return cell_.size() > limits_.max_cell_bytes ? Status(TooLarge("cell")) : Ok();
    }

    // Inside quotes: a doubled quote is one, a single one closes the field.
    Status Quoted(std::size_t& i) {
        const char c = text_[i];
        if (c != '"') {
            if (c == '\n') {
                ++line_;
            }
            return Append(c);
        }
        if (i + 1 < text_.size() && text_[i + 1] == '"') {
            cell_.push_back('"');
            ++i;
        } else {
            in_quotes_ = false;
        }
        return Ok();
    }

    Status Plain(std::size_t i) {
        const char c = text_[i];
        if (row_.cells.empty() && cell_.empty() && !row_has_content_) {
            row_.line = line_;
        }
        if (c == '"') {
            in_quotes_ = true;
            row_has_content_ = true;
            quote_started_line_ = line_;
        } else if (c == ',') {
            UNGCUU_RETURN_IF_ERROR(EndCell());
            row_has_content_ = true;
        } else if (c == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n') {
            return Ok();
        } else if (c == '\n') {
            UNGCUU_RETURN_IF_ERROR(FinishRow());
            ++line_;
        } else {
            row_has_content_ = true;
            return Append(c);
        }
        return Ok();
    }

    std::string_view text_;
    const TableLimits& limits_;
    std::vector<CsvRow> rows_;
    CsvRow row_;
    std::string cell_;
    std::size_t line_ = 1;
    bool in_quotes_ = false;
    bool row_has_content_ = false;
    std::size_t quote_started_line_ = 0;
    std::size_t cells_ = 0;
};

}  // namespace

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, const TableLimits& limits) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    if (!IsValidUtf8(text)) {
        return InvalidArgument("Tệp CSV không phải UTF-8 hợp lệ; hãy lưu lại tệp với mã UTF-8.",
                               "The CSV file is not valid UTF-8; save it again as UTF-8.");
    }
    return CsvParser(text, limits).Run();
}

namespace {

// Packs bytes into characters of `alphabet`, each carrying `bits` bits (6 for base64, 5 for
// base32), most significant first, without padding.
std::string EncodeBits(std::string_view bytes, std::string_view alphabet, int bits) {
    const std::uint32_t mask = (1u << bits) - 1;
    std::string out;
    std::uint32_t buffer = 0;
    int pending = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        pending += 8;
        while (pending >= bits) {
            pending -= bits;
            out.push_back(alphabet[(buffer >> pending) & mask]);
        }
    }
    if (pending > 0) {
        out.push_back(alphabet[(buffer << (bits - pending)) & mask]);
    }
    return out;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
    return EncodeBits(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 6);
}

std::string Base64Encode(std::string_view bytes) {
    std::string out =
        EncodeBits(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 6);
    out.append((4 - out.size() % 4) % 4, '=');
    return out;
}

std::string HexEncode(std::string_view bytes) {
    static constexpr std::string_view kDigits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        out.push_back(kDigits[byte >> 4]);
        out.push_back(kDigits[byte & 0x0F]);
    }
    return out;
}

std::string Base32Encode(std::string_view bytes) {
    return EncodeBits(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 5);
}

std::optional<std::string> Base32Decode(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char raw : text) {
        char c = raw;
        if (c == '=' || c == ' ') {
            continue;
        }
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
        std::uint32_t value = 0;
        if (c >= 'A' && c <= 'Z') {
            value = static_cast<std::uint32_t>(c - 'A');
        } else if (c >= '2' && c <= '7') {
            value = static_cast<std::uint32_t>(c - '2' + 26);
        } else {
            return std::nullopt;
        }
        buffer = (buffer << 5) | value;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

std::optional<std::int64_t> ParseInt64(std::string_view text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || text.empty()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace ungcuu::core
