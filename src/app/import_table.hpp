// A table being imported all-or-nothing (a CSV file, or an XLSX sheet read into the same rows):
// checks the header against the known columns, gives cells by column name, and collects every
// problem with its line number so the user fixes the whole file in one go. Not thread-safe;
// one per import.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
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

    bool ok() const { return problems_.empty(); }

    /// Ok, or kInvalidArgument "nothing was imported" listing the problems by line.
    core::Status ToStatus(std::string_view what_vi, std::string_view what_en) const;

private:
    explicit ImportTable(std::vector<core::CsvRow> rows) : rows_(std::move(rows)) {}

    std::vector<core::CsvRow> rows_;
    std::map<std::string, std::size_t, std::less<>> column_of_;
    std::vector<core::ErrorDetail> problems_;
};

}  // namespace ungcuu::app
