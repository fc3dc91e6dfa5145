#include "files/xlsx_reader.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <pugixml.hpp>
#include <set>

#include "core/date.hpp"

namespace ungcuu::files {

namespace {

core::Error Bad(const std::string& vi, const std::string& en) {
    return core::InvalidArgument("Tệp Excel không đọc được: " + vi,
                                 "Cannot read the XLSX file: " + en);
}

struct ZipCloser {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};

core::Error Inflates(std::string vi, std::string en) {
    return core::Error::Make(core::ErrorCode::kPayloadTooLarge,
                             "Tệp Excel bị từ chối: " + std::move(vi) +
                                 "; hãy lưu lại tệp bằng Excel hoặc LibreOffice, hoặc chia nhỏ.",
                             "The XLSX file is refused: " + std::move(en) +
                                 "; save it again with Excel or LibreOffice, or split it.");
}

// Reads the parts of one archive within the bounds on inflated bytes.
class PartReader {
public:
    PartReader(zip_t* archive, std::size_t file_size, const XlsxLimits& limits)
        : archive_(archive),
          limits_(limits),
          allowed_(std::min(limits.max_inflated,
                            std::max(limits.ratio_floor, file_size * limits.max_ratio))) {}

    // One part as text; nullopt when absent. The declared size is checked before anything is
    // inflated, and no more than it is ever read.
    core::Result<std::optional<std::string>> Read(const std::string& name) {
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat(archive_, name.c_str(), 0, &stat) != 0) {
            return std::optional<std::string>{};
        }
        if ((stat.valid & ZIP_STAT_SIZE) == 0) {
            return Bad(fmt::format("không rõ kích thước phần \"{}\"", name),
                       fmt::format("the size of {} is not given", name));
        }
        if (stat.size > limits_.max_part) {
            return Inflates(
                fmt::format("phần \"{}\" giải nén ra hơn {} MiB", name, limits_.max_part >> 20),
                fmt::format("part {} inflates to more than {} MiB", name, limits_.max_part >> 20));
        }
        if (stat.size > allowed_ - std::min(allowed_, used_)) {
            return Inflates(
                fmt::format("các phần giải nén ra hơn {} MiB, gấp quá {} lần cỡ tệp",
                            allowed_ >> 20, limits_.max_ratio),
                fmt::format("its parts inflate to more than {} MiB, over {} times the file's size",
                            allowed_ >> 20, limits_.max_ratio));
        }
        used_ += static_cast<std::size_t>(stat.size);
        std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(
            zip_fopen(archive_, name.c_str(), 0), &zip_fclose);
        if (!file) {
            return Bad(fmt::format("không mở được \"{}\"", name),
                       fmt::format("cannot open {}", name));
        }
        std::string text(static_cast<std::size_t>(stat.size), '\0');
        std::size_t done = 0;
        while (done < text.size()) {
            const auto n = zip_fread(file.get(), text.data() + done, text.size() - done);
            if (n <= 0) {
                return Bad(fmt::format("\"{}\" bị hỏng", name), fmt::format("{} is corrupt", name));
            }
            done += static_cast<std::size_t>(n);
        }
        return std::optional<std::string>{std::move(text)};
    }

private:
    zip_t* archive_;
    const XlsxLimits& limits_;
    std::size_t allowed_;
    std::size_t used_ = 0;
};

// "B12" → column index 1.
std::optional<std::size_t> ColumnOf(std::string_view reference) {
    std::size_t column = 0;
    std::size_t letters = 0;
    for (const char c : reference) {
        if (c >= 'A' && c <= 'Z') {
            column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
            ++letters;
        } else {
            break;
        }
    }
    if (letters == 0 || letters > 3) {
        return std::nullopt;
    }
    return column - 1;
}

std::string TextOf(const pugi::xml_node& node) {
    // A string item is either <t> or rich-text runs <r><t>…</t></r>.
    std::string text;
    for (const auto& child : node.children()) {
        if (std::string_view(child.name()) == "t") {
            text += child.text().get();
        } else if (std::string_view(child.name()) == "r") {
            text += child.child("t").text().get();
        }
    }
    return text;
}

// Built-in date formats of SpreadsheetML (ECMA-376 §18.8.30) and custom codes with y/d.
bool IsDateFormat(unsigned id, std::string_view code) {
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) {
        return true;
    }
    bool quoted = false;
    for (const char c : code) {
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == 'y' || c == 'Y' || c == 'd' || c == 'D')) {
            return true;
        }
    }
    return false;
}

std::string FormatNumber(std::string_view raw) {
    // Whole numbers as integers ("10000", not "1E4"); others as written.
    char* end = nullptr;
    std::string text(raw);
    const double value = std::strtod(text.c_str(), &end);
    if (end != nullptr && *end == '\0' && std::isfinite(value) && std::floor(value) == value &&
        std::fabs(value) < 1e15) {
        return fmt::format("{}", static_cast<long long>(value));
    }
    return text;
}

// A date cell's serial number as a date. Excel's day 25569 is 1970-01-01 (the 1900 system, after
// its 1900-02-29); its dates run from serial 1 to 2,958,465 (9999-12-31). Anything else — not a
// number, NaN, infinite, out of that range — is no date and is kept as written.
std::optional<std::string> DateOfSerial(const std::string& raw) {
    char* end = nullptr;
    const double serial = std::strtod(raw.c_str(), &end);
    if (end != raw.c_str() + raw.size() || !std::isfinite(serial) || serial < 1 ||
        serial >= 2'958'466) {
        return std::nullopt;
    }
    const auto days = static_cast<long>(std::floor(serial)) - 25569;
    return core::FormatDate(core::Date{std::chrono::days{days}});
}

// The error values a formula can produce (ECMA-376 §18.17.2.6 ST_CellType "e").
bool IsErrorLiteral(std::string_view text) {
    for (const std::string_view code :
         {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}) {
        if (text == code) {
            return true;
        }
    }
    return false;
}

/// The first sheet's part name, through the workbook's relationships.
core::Result<std::string> FirstSheetPart(PartReader& parts) {
    UNGCUU_ASSIGN_OR_RETURN(workbook_text, parts.Read("xl/workbook.xml"));
    if (!workbook_text) {
        return Bad("thiếu xl/workbook.xml (không phải bảng tính Excel)",
                   "xl/workbook.xml is missing (not an Excel workbook)");
    }
    pugi::xml_document workbook;
    if (!workbook.load_buffer_inplace(workbook_text->data(), workbook_text->size())) {
        return Bad("xl/workbook.xml hỏng", "xl/workbook.xml is malformed");
    }
    const auto first_sheet = workbook.child("workbook").child("sheets").child("sheet");
    if (!first_sheet) {
        return Bad("bảng tính không có trang nào", "the workbook has no sheet");
    }
    std::string sheet_part = "xl/worksheets/sheet1.xml";
    const std::string rel_id = first_sheet.attribute("r:id").as_string();
    UNGCUU_ASSIGN_OR_RETURN(rels_text, parts.Read("xl/_rels/workbook.xml.rels"));
    if (rels_text) {
        pugi::xml_document rels;
        if (rels.load_buffer_inplace(rels_text->data(), rels_text->size())) {
            for (const auto& rel : rels.child("Relationships").children("Relationship")) {
                if (rel_id == rel.attribute("Id").as_string()) {
                    std::string target = rel.attribute("Target").as_string();
                    sheet_part = target.starts_with("/") ? target.substr(1) : "xl/" + target;
                }
            }
        }
    }
    return sheet_part;
}

core::Result<std::vector<std::string>> SharedStrings(PartReader& parts, const XlsxLimits& limits) {
    std::vector<std::string> shared;
    UNGCUU_ASSIGN_OR_RETURN(shared_text, parts.Read("xl/sharedStrings.xml"));
    if (!shared_text) {
        return shared;
    }
    pugi::xml_document doc;
    if (!doc.load_buffer_inplace(shared_text->data(), shared_text->size())) {
        return Bad("xl/sharedStrings.xml hỏng", "xl/sharedStrings.xml is malformed");
    }
    for (const auto& item : doc.child("sst").children("si")) {
        if (shared.size() >= limits.max_shared_strings) {
            return Inflates(fmt::format("có hơn {} chuỗi dùng chung", limits.max_shared_strings),
                            fmt::format("more than {} shared strings", limits.max_shared_strings));
        }
        shared.push_back(TextOf(item));
        if (shared.back().size() > limits.table.max_cell_bytes) {
            return core::TableTooLarge(limits.table, "cell",
                                       fmt::format("chuỗi dùng chung {}", shared.size()),
                                       fmt::format("shared string {}", shared.size()));
        }
    }
    return shared;
}

/// Which cell formats (s="n") show dates.
core::Result<std::set<unsigned>> DateStyles(PartReader& parts) {
    std::set<unsigned> date_styles;
    UNGCUU_ASSIGN_OR_RETURN(styles_text, parts.Read("xl/styles.xml"));
    pugi::xml_document doc;
    if (!styles_text || !doc.load_buffer_inplace(styles_text->data(), styles_text->size())) {
        return date_styles;
    }
    const auto sheet = doc.child("styleSheet");
    std::map<unsigned, std::string> custom;
    for (const auto& format : sheet.child("numFmts").children("numFmt")) {
        custom[format.attribute("numFmtId").as_uint()] = format.attribute("formatCode").as_string();
    }
    unsigned index = 0;
    for (const auto& xf : sheet.child("cellXfs").children("xf")) {
        const unsigned id = xf.attribute("numFmtId").as_uint();
        const auto found = custom.find(id);
        if (IsDateFormat(id, found == custom.end() ? "" : found->second)) {
            date_styles.insert(index);
        }
        ++index;
    }
    return date_styles;
}

/// The rows of the first worksheet as text, every size bounded as it grows.
class SheetReader {
public:
    SheetReader(const XlsxLimits& limits,
                std::vector<std::string> shared,
                std::set<unsigned> date_styles)
        : limits_(limits), shared_(std::move(shared)), date_styles_(std::move(date_styles)) {}

    core::Result<std::vector<core::CsvRow>> Read(const pugi::xml_node& sheet_data) {
        std::vector<core::CsvRow> rows;
        std::size_t next_line = 1;
        for (const auto& row : sheet_data.children("row")) {
            core::CsvRow out;
            out.line = row.attribute("r").as_ullong(next_line);
            next_line = out.line + 1;
            for (const auto& cell : row.children("c")) {
                UNGCUU_RETURN_IF_ERROR(AddCell(cell, out));
            }
            // Trailing empty cells (formatted but blank) do not widen the row.
            while (!out.cells.empty() && out.cells.back().empty()) {
                out.cells.pop_back();
            }
            if (out.cells.empty()) {
                continue;
            }
            if (rows.size() >= limits_.table.max_rows) {
                return core::TableTooLarge(limits_.table, "rows", fmt::format("dòng {}", out.line),
                                           fmt::format("row {}", out.line));
            }
            rows.push_back(std::move(out));
        }
        UNGCUU_RETURN_IF_ERROR(PadToHeader(rows));
        return rows;
    }

private:
    core::Result<std::string> CellValue(const pugi::xml_node& cell, const std::string& reference) {
        const std::string type = cell.attribute("t").as_string("n");
        const std::string raw = cell.child("v").text().get();
        if (type == "e" || (cell.child("f") && IsErrorLiteral(raw))) {
            return Bad(fmt::format("ô {} có lỗi công thức \"{}\"", reference, raw),
                       fmt::format("cell {} holds the formula error \"{}\"", reference, raw));
        }
        if (type == "s") {
            const auto index = cell.child("v").text().as_ullong(shared_.size());
            if (index >= shared_.size()) {
                return Bad(fmt::format("ô {} trỏ tới chuỗi không tồn tại", reference),
                           fmt::format("cell {} refers to a missing shared string", reference));
            }
            return shared_[index];
        }
        if (type == "inlineStr") {
            return TextOf(cell.child("is"));
        }
        if (type == "str") {
            return raw;
        }
        if (type == "b") {
            return std::string(raw == "1" ? "true" : "false");
        }
        if (!raw.empty() && date_styles_.contains(cell.attribute("s").as_uint())) {
            return DateOfSerial(raw).value_or(FormatNumber(raw));
        }
        return FormatNumber(raw);
    }

    core::Status AddCell(const pugi::xml_node& cell, core::CsvRow& out) {
        const std::string reference = cell.attribute("r").as_string();
        const auto column =
            reference.empty() ? std::optional(out.cells.size()) : ColumnOf(reference);
        if (!column) {
            return Bad(fmt::format("ô có địa chỉ \"{}\" không hợp lệ", reference),
                       fmt::format("cell reference \"{}\" is invalid", reference));
        }
        const std::string where_vi = fmt::format("ô {}, dòng {}", reference, out.line);
        const std::string where_en = fmt::format("cell {}, row {}", reference, out.line);
        if (*column >= limits_.table.max_columns) {
            return core::TableTooLarge(limits_.table, "columns", where_vi, where_en);
        }
        UNGCUU_ASSIGN_OR_RETURN(value, CellValue(cell, reference));
        if (value.size() > limits_.table.max_cell_bytes) {
            return core::TableTooLarge(limits_.table, "cell", where_vi, where_en);
        }
        text_bytes_ += value.size();
        if (text_bytes_ > limits_.table.max_text_bytes) {
            return core::TableTooLarge(limits_.table, "text", where_vi, where_en);
        }
        if (out.cells.size() <= *column) {
            // Every slot up to the cell costs memory, filled or not.
            cells_ += *column + 1 - out.cells.size();
            if (cells_ > limits_.table.max_cells) {
                return core::TableTooLarge(limits_.table, "cells", where_vi, where_en);
            }
            out.cells.resize(*column + 1);
        }
        out.cells[*column] = std::move(value);
        return core::Ok();
    }

    // Rows narrower than the header (blank trailing cells) are padded to its width.
    core::Status PadToHeader(std::vector<core::CsvRow>& rows) {
        if (rows.empty()) {
            return core::Ok();
        }
        const std::size_t width = rows.front().cells.size();
        for (auto& row : rows) {
            if (row.cells.size() < width) {
                cells_ += width - row.cells.size();
                if (cells_ > limits_.table.max_cells) {
                    return core::TableTooLarge(limits_.table, "cells",
                                               fmt::format("dòng {}", row.line),
                                               fmt::format("row {}", row.line));
                }
                row.cells.resize(width);
            }
        }
        return core::Ok();
    }

    const XlsxLimits& limits_;
    std::vector<std::string> shared_;
    std::set<unsigned> date_styles_;
    std::size_t cells_ = 0;
    std::size_t text_bytes_ = 0;
};

}  // namespace

bool LooksLikeXlsx(std::string_view bytes) {
    return bytes.size() >= 4 && bytes.substr(0, 4) == "PK\x03\x04";
}

core::Result<std::vector<core::CsvRow>> ReadXlsxFirstSheet(std::string_view bytes,
                                                           const XlsxLimits& limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
        zip_error_fini(&error);
        return Bad("không phải tệp XLSX", "not an XLSX file");
    }
    std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
    zip_error_fini(&error);
    if (!archive) {
        zip_source_free(source);
        return Bad("không phải tệp XLSX (không phải tệp nén ZIP hợp lệ)",
                   "not an XLSX file (not a valid ZIP archive)");
    }
    PartReader parts(archive.get(), bytes.size(), limits);
    UNGCUU_ASSIGN_OR_RETURN(sheet_part, FirstSheetPart(parts));
    UNGCUU_ASSIGN_OR_RETURN(shared, SharedStrings(parts, limits));
    UNGCUU_ASSIGN_OR_RETURN(date_styles, DateStyles(parts));
    UNGCUU_ASSIGN_OR_RETURN(sheet_text, parts.Read(sheet_part));
    if (!sheet_text) {
        return Bad("không tìm thấy trang tính đầu tiên", "the first worksheet is missing");
    }
    pugi::xml_document sheet;
    if (!sheet.load_buffer_inplace(sheet_text->data(), sheet_text->size())) {
        return Bad("trang tính hỏng", "the worksheet is malformed");
    }
    SheetReader reader(limits, std::move(shared), std::move(date_styles));
    return reader.Read(sheet.child("worksheet").child("sheetData"));
}

}  // namespace ungcuu::files
