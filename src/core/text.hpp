// Text utilities used across modules: UTF-8 checks, Vietnamese-insensitive search keys,
// a minimal JSON writer for flat objects (audit snapshots), CSV reading and encodings.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace ungcuu::core {

bool IsValidUtf8(std::string_view text);
/// The text with each byte that is not part of valid UTF-8 replaced by U+FFFD (logs from
/// devices may carry legacy encodings; what is stored and matched must be UTF-8).
std::string ValidUtf8(std::string_view text);

/// The longest start of `text` of at most `max_bytes` bytes that does not split a UTF-8
/// character (a cut text stays valid UTF-8 when the text was).
std::string_view CutUtf8(std::string_view text, std::size_t max_bytes);

/// Removes ASCII whitespace at both ends.
std::string_view Trim(std::string_view text);

/// Lower-cases and strips Vietnamese diacritics ("Hòa Thắng" → "hoa thang") so that search
/// works whether or not the user types the marks. Non-Vietnamese non-ASCII text is kept.
std::string FoldForSearch(std::string_view text);

/// Vietnamese text in capitals ("Xã Hòa Phú" → "XÃ HÒA PHÚ"), as official documents set the
/// names of their issuing bodies; other characters are kept.
std::string UpperVietnamese(std::string_view text);
/// Appends the code point `c` as UTF-8.
void AppendUtf8(std::string& out, char32_t c);
/// Vietnamese text in small letters ("NHÀ CÁI Uy Tín" → "nhà cái uy tín"), diacritics kept.
std::string LowerVietnamese(std::string_view text);
/// The first letter in capitals, the rest as it is ("đặc khu" → "Đặc khu").
std::string UpperFirst(std::string_view text);

/// Escapes `text` as the inside of a JSON string literal: `"` and `\`, control characters as
/// \b \t \n \f \r or \u00xx, nothing else (RFC 8785's rules, which signed envelopes rely on).
std::string JsonEscape(std::string_view text);

/// An ordered list of (field, value) pairs rendered as a flat JSON object of strings; used for
/// audit before/after snapshots. Missing optional values are rendered as null.
class FieldSnapshot {
public:
    FieldSnapshot& Add(std::string_view field, std::string_view value);
    FieldSnapshot& Add(std::string_view field, const std::optional<std::string>& value);
    FieldSnapshot& Add(std::string_view field, std::int64_t value);
    FieldSnapshot& Add(std::string_view field, bool value);
    std::string ToJson() const;

    bool empty() const { return fields_.empty(); }

private:
    std::vector<std::pair<std::string, std::string>> fields_;  // value already JSON-encoded
};

/// One parsed CSV record and the physical line it started on (1-based, header is line 1).
struct CsvRow {
    std::size_t line = 0;
    std::vector<std::string> cells;
};

/// Bounds on a table read from an uploaded file (CSV or XLSX), checked while it is read, so that
/// a small hostile file cannot cost much memory: rows, columns, the text of one cell (Excel's
/// own limit is 32,767 characters), all cells together.
struct TableLimits {
    std::size_t max_rows = 100'000;
    std::size_t max_columns = 200;
    std::size_t max_cell_bytes = std::size_t{32'767} * 3;
    std::size_t max_cells = 1'000'000;  // slots of rows, filled or empty
    /// All the text of all cells (a spreadsheet's shared strings may repeat one text many
    /// times; a CSV file is bounded by its own size).
    std::size_t max_text_bytes = 32U << 20;
};

/// The refusal of a table past one of its limits, naming the limit, where it was crossed
/// ("dòng 12" / "line 12", "ô XFD3" / "cell XFD3") and what to do.
Error TableTooLarge(const TableLimits& limits,
                    std::string_view limit,  // "rows", "columns", "cell", "cells", "text"
                    std::string_view where_vi,
                    std::string_view where_en);

/// Parses RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, optional UTF-8 BOM). Fails on an
/// unterminated quote, invalid UTF-8 or a table past `limits`, with the line number in the
/// message.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, const TableLimits& limits = {});

std::string Base64UrlEncode(std::string_view bytes);
/// Standard base64 (RFC 4648 §4) with "=" padding.
std::string Base64Encode(std::string_view bytes);
std::string HexEncode(std::string_view bytes);
std::string Base32Encode(std::string_view bytes);
std::optional<std::string> Base32Decode(std::string_view text);

/// Parses a whole decimal integer; nullopt on any junk or overflow.
std::optional<std::int64_t> ParseInt64(std::string_view text);

}  // namespace ungcuu::core
