// libFuzzer: spreadsheet imports. The bytes are read twice: as a file sent to an import (any
// ZIP, broken or hostile), and — split at "\n====\n" into the workbook, the shared strings, the
// styles and the first sheet — as the parts of a well-formed archive built here (stored, with
// correct checksums), so that the fuzzer reaches the XML readers rather than the archive's
// checks. Small bounds make every limit reachable. Whatever the input: no crash, no read out of
// bounds, no allocation past libFuzzer's limit, and a table within its bounds when one comes back.
#include <zip.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "files/xlsx_reader.hpp"

namespace {

using ungcuu::files::XlsxLimits;

XlsxLimits SmallLimits() {
    XlsxLimits limits;
    limits.table.max_rows = 50;
    limits.table.max_columns = 20;
    limits.table.max_cell_bytes = 512;
    limits.table.max_cells = 400;
    limits.table.max_text_bytes = 16 * 1024;
    limits.max_part = 64 * 1024;
    limits.max_inflated = 128 * 1024;
    limits.max_ratio = 50;
    limits.ratio_floor = 8 * 1024;
    limits.max_shared_strings = 100;
    return limits;
}

void CheckWithin(const ungcuu::core::Result<std::vector<ungcuu::core::CsvRow>>& rows,
                 const XlsxLimits& limits) {
    if (!rows.ok()) return;
    if (rows->size() > limits.table.max_rows) __builtin_trap();
    std::size_t slots = 0, text = 0;
    for (const auto& row : *rows) {
        if (row.cells.size() > limits.table.max_columns) __builtin_trap();
        slots += row.cells.size();
        for (const auto& cell : row.cells) {
            if (cell.size() > limits.table.max_cell_bytes) __builtin_trap();
            text += cell.size();
        }
    }
    if (slots > limits.table.max_cells || text > limits.table.max_text_bytes) __builtin_trap();
}

// A stored (uncompressed) archive of the named parts, in memory.
std::string Archive(const std::vector<std::pair<std::string, std::string_view>>& parts) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_source_keep(out);
    zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error);
    if (archive == nullptr) {
        zip_source_free(out);
        return {};
    }
    for (const auto& [name, text] : parts) {
        zip_source_t* source = zip_source_buffer(archive, text.data(), text.size(), 0);
        const auto index = zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE);
        if (index >= 0)
            zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    std::string bytes;
    if (zip_close(archive) == 0 && zip_source_open(out) == 0) {
        char chunk[4096];
        zip_int64_t n = 0;
        while ((n = zip_source_read(out, chunk, sizeof chunk)) > 0) {
            bytes.append(chunk, static_cast<std::size_t>(n));
        }
        zip_source_close(out);
    }
    zip_source_free(out);
    zip_error_fini(&error);
    return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const XlsxLimits limits = SmallLimits();
    CheckWithin(ungcuu::files::ReadXlsxFirstSheet(input, limits), limits);
    CheckWithin(ungcuu::core::ParseCsv(input, limits.table), limits);
    // The parts: workbook, shared strings, styles, sheet (absent parts left out).
    std::vector<std::string_view> pieces;
    std::string_view rest = input;
    for (std::size_t at; (at = rest.find("\n====\n")) != std::string_view::npos;) {
        pieces.push_back(rest.substr(0, at));
        rest.remove_prefix(at + 6);
    }
    pieces.push_back(rest);
    static const char* const kNames[] = {"xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                                         "xl/worksheets/sheet1.xml"};
    std::vector<std::pair<std::string, std::string_view>> parts;
    for (std::size_t i = 0; i < pieces.size() && i < 4; ++i) {
        if (!pieces[i].empty()) parts.emplace_back(kNames[i], pieces[i]);
    }
    const std::string archive = Archive(parts);
    if (!archive.empty()) CheckWithin(ungcuu::files::ReadXlsxFirstSheet(archive, limits), limits);
    return 0;
}
