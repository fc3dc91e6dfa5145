// A table being imported all-or-nothing (a CSV file, or an XLSX sheet read into the same rows):
// checks the header against the known columns, gives cells by column name, and collects every
// problem with its line number so the user fixes the whole file in one go. Not thread-safe;
// one per import.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

class ImportTable {
public:
    /// kInvalidArgument when the table is empty, a header names an unknown column, or one of
    /// the first `required` columns is missing.
    static core::Result<ImportTable> Open(std::vector<core::CsvRow> rows,
                                          std::span<const std::string_view> columns,
                                          std::size_t required);

    /// A header alias as people write it (folded with core::FoldForSearch) and its column.
    using Alias = std::pair<std::string_view, std::string_view>;
    /// Rewrites the header's cells that are aliases into their column codes (the codes
    /// themselves stay as they are): a table may carry Vietnamese headers.
    static void TranslateHeader(std::vector<core::CsvRow>& rows, std::span<const Alias> aliases);

    /// The data rows (after the header).
    std::span<const core::CsvRow> rows() const {
        return std::span<const core::CsvRow>(rows_).subspan(1);
    }

    /// The trimmed cell of `column` ("" when the column is absent).
    std::string Cell(const core::CsvRow& row, std::string_view column) const;
    /// False (and a problem) when the row's width differs from the header's.
    bool CheckWidth(const core::CsvRow& row);
    void Problem(std::size_t line, std::string_view vi, std::string_view en);
    /// Each detail of a failed validation as a problem of `line`.
    void Problems(std::size_t line, const core::Status& status);
    /// Notes `code` as the code of the row at `line`; a problem when an earlier row had it.
    void CheckUniqueCode(std::size_t line, const std::string& code);

    /// Whether a row of the file has `code` (as noted by CheckUniqueCode).
    bool HasCode(std::string_view code) const { return codes_.contains(code); }

    /// A row of a tree being imported: its code and its parent's ("" for none).
    struct TreeRow {
        std::size_t line = 0;
        std::string code;
        std::string parent_code;
    };

    /// Stores the row at an index; false when it was refused (a problem noted) and not stored.
    using StoreRow = std::function<core::Result<bool>(std::size_t index)>;
    /// When the table has no problem: calls `store` for each row, a row whose parent is a row
    /// of the file only after that parent was stored. Rows whose parents never are form a
    /// cycle: a problem each ("<parent_vi> cấp trên … tạo thành vòng lặp"). Storage errors end it.
    core::Status StoreParentsFirst(const std::vector<TreeRow>& rows,
                                   const StoreRow& store,
                                   std::string_view parent_vi,
                                   std::string_view parent_en);

    bool ok() const { return problems_.empty(); }

    /// Ok, or kInvalidArgument "nothing was imported" listing the problems by line.
    core::Status ToStatus(std::string_view what_vi, std::string_view what_en) const;

private:
    explicit ImportTable(std::vector<core::CsvRow> rows) : rows_(std::move(rows)) {}

    std::vector<core::CsvRow> rows_;
    std::map<std::string, std::size_t, std::less<>> column_of_;
    std::vector<core::ErrorDetail> problems_;
    std::set<std::string, std::less<>> codes_;
};

}  // namespace ungcuu::app
