// The raw event store: every received event as it came, in its own SQLite file beside the case
// store (never inside it, so a flood of logs cannot slow or bloat the cases), kept for the
// retention period. One connection, guarded; batches are single transactions (WAL,
// synchronous=FULL), so an event is durable — and acknowledged — once Append returns.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "app/detection/ports.hpp"
#include "storage/sql.hpp"

namespace ungcuu::storage {

class SqliteRawEventStore final : public app::RawEventStore {
public:
    static core::Result<std::unique_ptr<SqliteRawEventStore>> Open(const std::string& path);

    core::Status Append(std::span<app::IngestedEvent> events,
                        std::span<const app::FilePosition> positions) override;
    core::Status SavePosition(const app::FilePosition& position) override;
    core::Result<std::vector<app::FilePosition>> Positions() override;
    core::Result<std::vector<app::IngestedEvent>> ReadAfter(std::int64_t seq,
                                                            std::size_t limit) override;
    core::Result<std::int64_t> Cursor() override;
    core::Status SetCursor(std::int64_t seq) override;
    core::Result<std::int64_t> PruneBefore(core::TimePoint before) override;
    core::Result<app::RawStoreStats> Stats() override;

private:
    explicit SqliteRawEventStore(std::unique_ptr<storage::Connection> db) : db_(std::move(db)) {}

    std::mutex mutex_;
    std::unique_ptr<storage::Connection> db_;  // guarded by mutex_
};

}  // namespace ungcuu::storage
