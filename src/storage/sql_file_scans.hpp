// Internal to the storage module: malware scan results (sql_file_scans.cpp), and how a query
// that lists stored files reads the scan of each beside it (LEFT JOIN file_scans s ON
// s.sha256 = <file>.sha256, selecting kFileScanColumns).
#pragma once

#include <memory>
#include <optional>

#include "app/ports.hpp"
#include "storage/sql.hpp"

namespace ungcuu::storage {

/// The columns ReadFileScan reads, from a file_scans table aliased `s`.
inline constexpr std::string_view kFileScanColumns =
    "s.sha256, s.verdict, s.findings, s.engines, s.scanned_at";

/// The scan in the five columns from `first`; nullopt when the LEFT JOIN found none.
std::optional<domain::FileScan> ReadFileScan(const RowView& row, std::size_t first);

std::unique_ptr<app::FileScanRepository> MakeSqlFileScanRepository(Connection& db);

}  // namespace ungcuu::storage
