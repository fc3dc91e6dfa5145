// Reads the first worksheet of an XLSX workbook into rows of text cells, the same shape a CSV
// file gives (core::CsvRow, with the sheet's row number as the line), so one import path serves
// both. Built on libzip and pugixml (see docs/adr/0004-xlsx-reader.md). Shared strings, inline
// strings, numbers, booleans and date-formatted numbers (as YYYY-MM-DD) are read; a cell holding
// a formula error is reported with its reference. Everything is bounded before it costs memory
// (XlsxLimits): each part's and all parts' inflated size and their ratio to the file's size,
// shared strings, rows, columns, cells and text (core::TableLimits); a file past a bound is
// refused with the bound named. Pure function of its input; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"

namespace ungcuu::files {

struct XlsxLimits {
    core::TableLimits table;
    std::size_t max_part = 8U << 20;       // one inflated XML part (the sheet, shared strings)
    std::size_t max_inflated = 24U << 20;  // all parts read
    /// Inflated bytes per byte of the file, beyond the first `ratio_floor` (spreadsheets
    /// compress 5–20 times; a zip bomb thousands).
    std::size_t max_ratio = 100;
    std::size_t ratio_floor = 4U << 20;
    std::size_t max_shared_strings = 200'000;
};

/// kInvalidArgument naming the problem (not a workbook, no sheet, a bad cell), kPayloadTooLarge
/// naming the bound crossed, in Vietnamese and English.
core::Result<std::vector<core::CsvRow>> ReadXlsxFirstSheet(std::string_view bytes,
                                                           const XlsxLimits& limits = {});

/// True when the bytes start like a ZIP archive (an XLSX file) rather than text.
bool LooksLikeXlsx(std::string_view bytes);

}  // namespace ungcuu::files
