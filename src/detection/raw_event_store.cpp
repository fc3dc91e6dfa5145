#include "detection/raw_event_store.hpp"

#include "core/clock.hpp"

namespace ungcuu::detection {

namespace {

constexpr std::string_view kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS raw_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at INTEGER NOT NULL,
    source_id INTEGER NOT NULL,
    unit_id INTEGER NOT NULL,
    format TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS raw_events_received ON raw_events(received_at);
CREATE TABLE IF NOT EXISTS detection_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT OR IGNORE INTO detection_cursor (id, seq) VALUES (1, 0);
)SQL";

// Runs `work` in one transaction on the guarded connection.
template <class Work>
core::Status InTransaction(storage::Connection& db, bool write, Work&& work) {
    UNGCUU_RETURN_IF_ERROR(db.Begin(write));
    auto status = work();
    if (!status.ok()) {
        (void)db.Rollback();
        return status;
    }
    return db.Commit();
}

}  // namespace

core::Result<std::unique_ptr<SqliteRawEventStore>> SqliteRawEventStore::Open(
    const std::string& path) {
    auto db = storage::OpenSqlite(path);
    if (!db.ok()) return std::move(db).error();
    UNGCUU_RETURN_IF_ERROR((*db)->ExecuteScript(kSchema));
    return std::unique_ptr<SqliteRawEventStore>(new SqliteRawEventStore(std::move(db).value()));
}

core::Status SqliteRawEventStore::Append(std::span<app::IngestedEvent> events) {
    if (events.empty()) return core::Ok();
    std::lock_guard lock(mutex_);
    return InTransaction(*db_, true, [&]() -> core::Status {
        for (auto& event : events) {
            const storage::Value params[] = {core::ToUnixMillis(event.received_at), event.source_id,
                                             event.unit_id.value(), event.format, event.body};
            auto rows = db_->Query(
                "INSERT INTO raw_events (received_at, source_id, unit_id, format, body) VALUES "
                "(?, ?, ?, ?, ?) RETURNING seq",
                params);
            if (!rows.ok()) return std::move(rows).error();
            event.seq = (*rows)[0].Int(0);
        }
        return core::Ok();
    });
}

core::Result<std::vector<app::IngestedEvent>> SqliteRawEventStore::ReadAfter(std::int64_t seq,
                                                                             std::size_t limit) {
    std::vector<app::IngestedEvent> out;
    std::lock_guard lock(mutex_);
    const storage::Value params[] = {seq, static_cast<std::int64_t>(limit)};
    UNGCUU_RETURN_IF_ERROR(db_->QueryEach(
        "SELECT seq, received_at, source_id, unit_id, format, body FROM raw_events WHERE seq > ? "
        "ORDER BY seq LIMIT ?",
        params, [&out](const storage::RowView& row) {
            app::IngestedEvent event;
            event.seq = row.Int(0);
            event.received_at = core::FromUnixMillis(row.Int(1));
            event.source_id = row.Int(2);
            event.unit_id = domain::UnitId{row.Int(3)};
            event.format = row.String(4);
            event.body = row.String(5);
            out.push_back(std::move(event));
        }));
    return out;
}

core::Result<std::int64_t> SqliteRawEventStore::Cursor() {
    std::lock_guard lock(mutex_);
    auto rows = db_->Query("SELECT seq FROM detection_cursor WHERE id = 1");
    if (!rows.ok()) return std::move(rows).error();
    return rows->empty() ? std::int64_t{0} : (*rows)[0].Int(0);
}

core::Status SqliteRawEventStore::SetCursor(std::int64_t seq) {
    std::lock_guard lock(mutex_);
    const storage::Value params[] = {seq};
    auto changed = db_->Execute("UPDATE detection_cursor SET seq = ? WHERE id = 1", params);
    if (!changed.ok()) return std::move(changed).error();
    return core::Ok();
}

core::Result<std::int64_t> SqliteRawEventStore::PruneBefore(core::TimePoint before) {
    std::lock_guard lock(mutex_);
    const storage::Value params[] = {core::ToUnixMillis(before)};
    // Events the detection has not finished stay, whatever their age.
    return db_->Execute(
        "DELETE FROM raw_events WHERE received_at < ? AND seq <= (SELECT seq FROM "
        "detection_cursor WHERE id = 1)",
        params);
}

core::Result<app::RawStoreStats> SqliteRawEventStore::Stats() {
    std::lock_guard lock(mutex_);
    app::RawStoreStats stats;
    UNGCUU_RETURN_IF_ERROR(db_->QueryEach(
        "SELECT (SELECT count(*) FROM raw_events), (SELECT COALESCE(max(seq), 0) FROM "
        "raw_events), (SELECT seq FROM detection_cursor WHERE id = 1), (SELECT min(received_at) "
        "FROM raw_events)",
        {}, [&stats](const storage::RowView& row) {
            stats.events = row.Int(0);
            stats.last_seq = row.Int(1);
            stats.cursor = row.Int(2);
            if (!row.IsNull(3)) stats.oldest = core::FromUnixMillis(row.Int(3));
        }));
    return stats;
}

}  // namespace ungcuu::detection
