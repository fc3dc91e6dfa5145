#include "storage/raw_event_store.hpp"

#include "core/clock.hpp"

namespace ungcuu::storage {

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
-- How many raw events are kept, maintained by every insert and prune (count(*) reads the whole
-- table, under the lock the writer needs).
CREATE TABLE IF NOT EXISTS raw_count (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    events INTEGER NOT NULL
);
INSERT OR IGNORE INTO raw_count (id, events) SELECT 1, count(*) FROM raw_events;
CREATE TABLE IF NOT EXISTS file_positions (
    source_id INTEGER PRIMARY KEY,
    file_id TEXT NOT NULL,
    byte_offset INTEGER NOT NULL,
    size INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    refused INTEGER NOT NULL,
    done INTEGER NOT NULL,
    error TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
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

core::Status WritePosition(storage::Connection& db, const app::FilePosition& p) {
    const storage::Value params[] = {p.source_id,
                                     p.file_id,
                                     p.offset,
                                     p.size,
                                     p.lines,
                                     p.refused,
                                     std::int64_t{p.done ? 1 : 0},
                                     p.error,
                                     core::ToUnixMillis(p.updated_at)};
    UNGCUU_RETURN_IF_ERROR(db.Execute(
        "INSERT OR REPLACE INTO file_positions (source_id, file_id, byte_offset, size, lines, "
        "refused, done, error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params));
    return core::Ok();
}

core::Status AddToCount(storage::Connection& db, std::int64_t n) {
    if (n == 0) {
        return core::Ok();
    }
    const storage::Value params[] = {n};
    UNGCUU_RETURN_IF_ERROR(
        db.Execute("UPDATE raw_count SET events = events + ? WHERE id = 1", params));
    return core::Ok();
}

}  // namespace

core::Result<std::unique_ptr<SqliteRawEventStore>> SqliteRawEventStore::Open(
    const std::string& path) {
    UNGCUU_ASSIGN_OR_RETURN(db, storage::OpenSqlite(path));
    UNGCUU_RETURN_IF_ERROR((db)->ExecuteScript(kSchema));
    return std::unique_ptr<SqliteRawEventStore>(new SqliteRawEventStore(std::move(db)));
}

core::Status SqliteRawEventStore::Append(std::span<app::IngestedEvent> events,
                                         std::span<const app::FilePosition> positions) {
    if (events.empty() && positions.empty()) {
        return core::Ok();
    }
    std::lock_guard lock(mutex_);
    return InTransaction(*db_, true, [&]() -> core::Status {
        for (auto& event : events) {
            const storage::Value params[] = {core::ToUnixMillis(event.received_at), event.source_id,
                                             event.unit_id.value(), event.format, event.body};
            UNGCUU_ASSIGN_OR_RETURN(
                rows,
                db_->Query(
                    "INSERT INTO raw_events (received_at, source_id, unit_id, format, body) VALUES "
                    "(?, ?, ?, ?, ?) RETURNING seq",
                    params));
            event.seq = (rows)[0].Int(0);
        }
        for (const auto& position : positions) {
            UNGCUU_RETURN_IF_ERROR(WritePosition(*db_, position));
        }
        return AddToCount(*db_, static_cast<std::int64_t>(events.size()));
    });
}

core::Status SqliteRawEventStore::SavePosition(const app::FilePosition& position) {
    std::lock_guard lock(mutex_);
    return WritePosition(*db_, position);
}

core::Result<std::vector<app::FilePosition>> SqliteRawEventStore::Positions() {
    std::vector<app::FilePosition> out;
    std::lock_guard lock(mutex_);
    UNGCUU_RETURN_IF_ERROR(db_->QueryEach(
        "SELECT source_id, file_id, byte_offset, size, lines, refused, done, error, updated_at "
        "FROM file_positions ORDER BY source_id",
        {}, [&out](const storage::RowView& row) {
            app::FilePosition p;
            p.source_id = row.Int(0);
            p.file_id = row.String(1);
            p.offset = row.Int(2);
            p.size = row.Int(3);
            p.lines = row.Int(4);
            p.refused = row.Int(5);
            p.done = row.Int(6) != 0;
            p.error = row.String(7);
            p.updated_at = core::FromUnixMillis(row.Int(8));
            out.push_back(std::move(p));
        }));
    return out;
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
    UNGCUU_ASSIGN_OR_RETURN(rows, db_->Query("SELECT seq FROM detection_cursor WHERE id = 1"));
    return rows.empty() ? std::int64_t{0} : (rows)[0].Int(0);
}

core::Status SqliteRawEventStore::SetCursor(std::int64_t seq) {
    std::lock_guard lock(mutex_);
    const storage::Value params[] = {seq};
    UNGCUU_RETURN_IF_ERROR(
        db_->Execute("UPDATE detection_cursor SET seq = ? WHERE id = 1", params));
    return core::Ok();
}

core::Result<std::int64_t> SqliteRawEventStore::PruneBefore(core::TimePoint before) {
    std::lock_guard lock(mutex_);
    const storage::Value params[] = {core::ToUnixMillis(before)};
    std::int64_t removed = 0;
    UNGCUU_RETURN_IF_ERROR(InTransaction(*db_, true, [&]() -> core::Status {
        // Events the detection has not finished stay, whatever their age.
        auto deleted = db_->Execute(
            "DELETE FROM raw_events WHERE received_at < ? AND seq <= (SELECT seq FROM "
            "detection_cursor WHERE id = 1)",
            params);
        if (!deleted.ok()) return std::move(deleted).error();
        removed = *deleted;
        return AddToCount(*db_, -removed);
    }));
    return removed;
}

core::Result<app::RawStoreStats> SqliteRawEventStore::Stats() {
    std::lock_guard lock(mutex_);
    app::RawStoreStats stats;
    UNGCUU_RETURN_IF_ERROR(db_->QueryEach(
        // Each figure from one row or from an end of an index, whatever the size of the store.
        "SELECT (SELECT events FROM raw_count WHERE id = 1), (SELECT COALESCE(max(seq), 0) FROM "
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

}  // namespace ungcuu::storage
