// Reads the first worksheet of an XLSX workbook into rows of text cells, the same shape a CSV
// file gives (core::CsvRow, with the sheet's row number as the line), so one import path serves
// both. Built on libzip and pugixml (see docs/adr/0004-xlsx-reader.md). Shared strings, inline
// strings, numbers, booleans and date-formatted numbers (as YYYY-MM-DD) are read; a cell holding
// a formula error is reported with its reference. Entries are size-capped against zip bombs.
// Pure function of its input; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"

namespace ungcuu::files {

/// kInvalidArgument naming the problem (not a workbook, no sheet, a bad cell) in Vietnamese and
/// English.
core::Result<std::vector<core::CsvRow>> ReadXlsxFirstSheet(std::string_view bytes);

/// True when the bytes start like a ZIP archive (an XLSX file) rather than text.
bool LooksLikeXlsx(std::string_view bytes);

}  // namespace ungcuu::files
