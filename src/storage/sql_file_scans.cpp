// Malware scan results, one row per stored content (file_scans, migration 0023).
#include "storage/sql_file_scans.hpp"

#include "storage/sql_helpers.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

class SqlFileScanRepository final : public app::FileScanRepository {
public:
    explicit SqlFileScanRepository(Connection& db) : db_(db) {}

    Status Record(const domain::FileScan& scan) override {
        const Value params[] = {scan.sha256, std::string(domain::ScanVerdictCode(scan.verdict)),
                                domain::EncodeFindings(scan.findings), scan.engines,
                                Millis(scan.scanned_at)};
        auto done = db_.Execute(
            "INSERT INTO file_scans (sha256, verdict, findings, engines, scanned_at) VALUES (?, ?, "
            "?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET verdict = excluded.verdict, findings = "
            "excluded.findings, engines = excluded.engines, scanned_at = excluded.scanned_at",
            params);
        return done.ok() ? core::Ok() : Status(std::move(done).error());
    }

    Result<std::optional<domain::FileScan>> Get(std::string_view sha256) override {
        const Value params[] = {std::string(sha256)};
        std::optional<domain::FileScan> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT " + std::string(kFileScanColumns) + " FROM file_scans s WHERE s.sha256 = ?",
            params, [&out](const RowView& row) { out = ReadFileScan(row, 0); }));
        return out;
    }

private:
    Connection& db_;
};

}  // namespace

std::optional<domain::FileScan> ReadFileScan(const RowView& row, std::size_t first) {
    if (row.IsNull(first)) {
        return std::nullopt;
    }
    domain::FileScan scan;
    scan.sha256 = row.String(first);
    scan.verdict =
        domain::ParseScanVerdict(row.String(first + 1)).value_or(domain::ScanVerdict::kIncomplete);
    scan.findings = domain::DecodeFindings(row.String(first + 2));
    scan.engines = row.String(first + 3);
    scan.scanned_at = Time(row, first + 4);
    return scan;
}

std::unique_ptr<app::FileScanRepository> MakeSqlFileScanRepository(Connection& db) {
    return std::make_unique<SqlFileScanRepository>(db);
}

}  // namespace ungcuu::storage
