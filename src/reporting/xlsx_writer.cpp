// OfficialRenderer::Xlsx: the document as one worksheet — its head lines, each section's heading,
// fields (label | value), paragraphs and tables (a bordered grid, numbers as numbers so that staff
// can sum them in their own compilations). libxlsxwriter writes to a file: a private temporary
// one, read back and removed.
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "reporting/official_renderer.hpp"

namespace ungcuu::reporting {

namespace {

/// "1.250.000" → 1250000; nullopt when the cell is not a whole number as the forms write it.
std::optional<double> NumberOf(std::string_view text) {
    std::string digits;
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else if (c != '.' && !(c == '-' && digits.empty())) {
            return std::nullopt;
        }
    }
    if (digits.empty() || digits.size() > 15) {
        return std::nullopt;
    }
    const double value = std::strtod(digits.c_str(), nullptr);
    return text.starts_with('-') ? -value : value;
}

/// Removes the temporary file whatever happens.
struct TempFile {
    std::string path;

    ~TempFile() {
        if (!path.empty()) {
            ::unlink(path.c_str());
        }
    }
};

}  // namespace

core::Result<std::string> OfficialRenderer::Xlsx(const app::OfficialDocument& doc) {
    TempFile file;
    file.path = (std::filesystem::temp_directory_path() / "ungcuu-xlsx-XXXXXX").string();
    const int fd = ::mkstemp(file.path.data());
    if (fd < 0) {
        file.path.clear();
        return core::Internal("XLSX: no temporary file");
    }
    ::close(fd);
    lxw_workbook* book = workbook_new(file.path.c_str());
    if (book == nullptr) {
        return core::Internal("XLSX: workbook");
    }
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Bao cao");
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* title = workbook_add_format(book);
    format_set_bold(title);
    format_set_font_size(title, 13);
    lxw_format* wrap = workbook_add_format(book);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* head = workbook_add_format(book);
    format_set_bold(head);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format* cell = workbook_add_format(book);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);
    lxw_format* cell_bold = workbook_add_format(book);
    format_set_border(cell_bold, LXW_BORDER_THIN);
    format_set_bold(cell_bold);
    lxw_format* number = workbook_add_format(book);
    format_set_border(number, LXW_BORDER_THIN);
    format_set_num_format(number, "#,##0");
    lxw_format* number_bold = workbook_add_format(book);
    format_set_border(number_bold, LXW_BORDER_THIN);
    format_set_num_format(number_bold, "#,##0");
    format_set_bold(number_bold);

    lxw_row_t row = 0;
    const auto line = [&](const std::string& text, lxw_format* format) {
        if (!text.empty()) {
            worksheet_write_string(sheet, row, 0, text.c_str(), format);
        }
        ++row;
    };
    line(doc.parent_unit, nullptr);
    line(doc.issuing_unit, bold);
    line(doc.number, nullptr);
    line(doc.place_date, nullptr);
    ++row;
    line(doc.title, title);
    line(doc.subtitle, nullptr);
    for (const auto& recipient : doc.recipients) {
        line("Kính gửi: " + recipient, nullptr);
    }
    std::size_t widest = 2;
    for (const auto& section : doc.sections) {
        ++row;
        line(section.heading, bold);
        for (const auto& field : section.fields) {
            worksheet_write_string(sheet, row, 0, field.label.c_str(), nullptr);
            worksheet_write_string(sheet, row, 1, field.value.c_str(), wrap);
            ++row;
        }
        for (const auto& paragraph : section.paragraphs) {
            line(paragraph, nullptr);
        }
        for (const auto& grid : section.tables) {
            widest = std::max(widest, grid.header.size());
            for (std::size_t c = 0; c < grid.header.size(); ++c) {
                worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c),
                                       grid.header[c].c_str(), head);
            }
            ++row;
            for (std::size_t r = 0; r < grid.rows.size(); ++r) {
                const bool strong = r >= grid.bold_rows_from;
                for (std::size_t c = 0; c < grid.rows[r].size(); ++c) {
                    const auto& text = grid.rows[r][c];
                    const auto col = static_cast<lxw_col_t>(c);
                    if (const auto value = c > 0 ? NumberOf(text) : std::nullopt) {
                        worksheet_write_number(sheet, row, col, *value,
                                               strong ? number_bold : number);
                    } else {
                        worksheet_write_string(sheet, row, col, text.c_str(),
                                               strong ? cell_bold : cell);
                    }
                }
                ++row;
            }
        }
    }
    ++row;
    line(doc.signer_title, bold);
    line(doc.signer_name, bold);
    worksheet_set_column(sheet, 0, 0, 44, nullptr);
    worksheet_set_column(sheet, 1, static_cast<lxw_col_t>(widest - 1), 18, nullptr);
    if (workbook_close(book) != LXW_NO_ERROR) {
        return core::Internal("XLSX: writing the workbook failed");
    }
    std::ifstream in(file.path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.empty()) {
        return core::Internal("XLSX: empty workbook");
    }
    return bytes;
}

}  // namespace ungcuu::reporting
