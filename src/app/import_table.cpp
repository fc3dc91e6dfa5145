#include "app/import_table.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ungcuu::app {

core::Result<ImportTable> ImportTable::Open(std::vector<core::CsvRow> rows,
                                            std::span<const std::string_view> columns,
                                            std::size_t required) {
    if (rows.empty()) {
        return core::InvalidArgument("Tệp trống.", "The file is empty.");
    }
    ImportTable table(std::move(rows));
    std::string known;
    for (const auto column : columns) {
        known += known.empty() ? "" : ", ";
        known += column;
    }
    const auto& header = table.rows_[0];
    for (std::size_t i = 0; i < header.cells.size(); ++i) {
        const std::string name(core::Trim(header.cells[i]));
        if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
            return core::InvalidArgument(
                fmt::format("Dòng 1: cột \"{}\" không được hỗ trợ. Các cột hợp lệ: {}.", name,
                            known),
                fmt::format("Line 1: unknown column \"{}\". Known columns: {}.", name, known));
        }
        table.column_of_[name] = i;
    }
    for (std::size_t i = 0; i < required && i < columns.size(); ++i) {
        if (!table.column_of_.contains(columns[i])) {
            return core::InvalidArgument(
                fmt::format("Dòng 1: thiếu cột bắt buộc \"{}\".", columns[i]),
                fmt::format("Line 1: the required column \"{}\" is missing.", columns[i]));
        }
    }
    if (table.rows_.size() == 1) {
        return core::InvalidArgument("Tệp không có dòng dữ liệu nào.",
                                     "The file has no data rows.");
    }
    return table;
}

void ImportTable::TranslateHeader(std::vector<core::CsvRow>& rows, std::span<const Alias> aliases) {
    if (rows.empty()) {
        return;
    }
    for (auto& cell : rows[0].cells) {
        const std::string folded = core::FoldForSearch(core::Trim(cell));
        for (const auto& [alias, column] : aliases) {
            if (folded == alias) {
                cell = std::string(column);
            }
        }
    }
}

std::string ImportTable::Cell(const core::CsvRow& row, std::string_view column) const {
    const auto found = column_of_.find(column);
    if (found == column_of_.end() || found->second >= row.cells.size()) {
        return {};
    }
    return std::string(core::Trim(row.cells[found->second]));
}

bool ImportTable::CheckWidth(const core::CsvRow& row) {
    const std::size_t width = rows_[0].cells.size();
    if (row.cells.size() == width) {
        return true;
    }
    Problem(row.line, fmt::format("có {} cột, dòng tiêu đề có {} cột", row.cells.size(), width),
            fmt::format("has {} columns but the header has {}", row.cells.size(), width));
    return false;
}

void ImportTable::CheckUniqueCode(std::size_t line, const std::string& code) {
    if (!code.empty() && !codes_.insert(code).second) {
        Problem(line, fmt::format("mã \"{}\" bị lặp trong tệp", code),
                fmt::format("code \"{}\" appears twice in the file", code));
    }
}

core::Status ImportTable::StoreParentsFirst(const std::vector<TreeRow>& rows,
                                            const StoreRow& store,
                                            std::string_view parent_vi,
                                            std::string_view parent_en) {
    std::set<std::string, std::less<>> stored;
    std::vector<bool> done(rows.size(), false);
    bool progress = ok();
    while (progress) {
        progress = false;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& row = rows[i];
            if (done[i] || (!row.parent_code.empty() && HasCode(row.parent_code) &&
                            !stored.contains(row.parent_code))) {
                continue;  // done, or its parent is a later row not stored yet
            }
            UNGCUU_ASSIGN_OR_RETURN(was_stored, store(i));
            done[i] = true;
            if (was_stored) {
                stored.insert(row.code);
                progress = true;
            }
        }
    }
    if (ok()) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (!done[i]) {
                Problem(rows[i].line,
                        fmt::format("{} cấp trên \"{}\" tạo thành vòng lặp", parent_vi,
                                    rows[i].parent_code),
                        fmt::format("{} \"{}\" forms a cycle", parent_en, rows[i].parent_code));
            }
        }
    }
    return core::Ok();
}

void ImportTable::Problem(std::size_t line, std::string_view vi, std::string_view en) {
    problems_.push_back({fmt::format("line {}", line), fmt::format("Dòng {}: {}", line, vi),
                         fmt::format("Line {}: {}", line, en)});
}

void ImportTable::Problems(std::size_t line, const core::Status& status) {
    if (status.ok()) {
        return;
    }
    for (const auto& detail : status.error().details) {
        Problem(line, detail.where + " " + detail.message_vi,
                detail.where + " " + detail.message_en);
    }
    if (status.error().details.empty()) {
        Problem(line, status.error().message_vi, status.error().message_en);
    }
}

core::Status ImportTable::ToStatus(std::string_view what_vi, std::string_view what_en) const {
    if (problems_.empty()) {
        return core::Ok();
    }
    auto sorted = problems_;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return core::ParseInt64(std::string_view(a.where).substr(5)).value_or(0) <
               core::ParseInt64(std::string_view(b.where).substr(5)).value_or(0);
    });
    core::Error error = core::InvalidArgument(
        fmt::format("Tệp có {} lỗi; chưa nhập {} nào. Hãy sửa các dòng được nêu rồi nhập lại.",
                    sorted.size(), what_vi),
        fmt::format("The file has {} problems; no {} was imported. Fix the lines listed and "
                    "import again.",
                    sorted.size(), what_en));
    error.details = std::move(sorted);
    return error;
}

}  // namespace ungcuu::app
