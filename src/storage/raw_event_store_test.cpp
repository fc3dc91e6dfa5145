#include "storage/raw_event_store.hpp"

#include <gtest/gtest.h>

#include "storage/sql.hpp"
#include "support/test_support.hpp"

namespace ungcuu::storage {
namespace {

TEST(RawEventStore, NumbersEventsKeepsTheCursorAndPrunesOnlyDetectedOldEvents) {
    testing::TempDir dir;
    const auto path = (dir.path() / "events.db").string();
    const auto t0 = core::FromUnixMillis(1'767'225'600'000);  // 2026-01-01
    {
        auto store = SqliteRawEventStore::Open(path);
        ASSERT_TRUE(store.ok()) << store.error().message_en;
        std::vector<app::IngestedEvent> events;
        for (int i = 0; i < 4; ++i) {
            events.push_back({0, t0 + std::chrono::hours(i), 3, domain::UnitId{7}, "syslog",
                              "line " + std::to_string(i)});
        }
        ASSERT_TRUE((*store)->Append(events, {}).ok());
        EXPECT_EQ(events[0].seq, 1);
        EXPECT_EQ(events[3].seq, 4);
        ASSERT_TRUE((*store)->SetCursor(2).ok());
    }
    auto store = SqliteRawEventStore::Open(path);  // reopened: durable
    ASSERT_TRUE(store.ok());
    EXPECT_EQ((*store)->Cursor().value(), 2);
    auto after = (*store)->ReadAfter(2, 10);
    ASSERT_TRUE(after.ok());
    ASSERT_EQ(after->size(), 2u);
    EXPECT_EQ((*after)[0].body, "line 2");
    EXPECT_EQ((*after)[0].unit_id, domain::UnitId{7});
    EXPECT_EQ((*after)[0].source_id, 3);
    EXPECT_EQ((*after)[0].received_at, t0 + std::chrono::hours(2));
    // Everything is old, but events 3 and 4 are not detected yet: they stay.
    EXPECT_EQ((*store)->PruneBefore(t0 + std::chrono::hours(10)).value(), 2);
    const auto stats = (*store)->Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->events, 2);
    EXPECT_EQ(stats->last_seq, 4);
    EXPECT_EQ(stats->cursor, 2);
    // The count is kept with every insert and prune, and made once for a file from before it.
    std::vector<app::IngestedEvent> more(3, {0, t0, 3, domain::UnitId{7}, "syslog", "more"});
    ASSERT_TRUE((*store)->Append(more, {}).ok());
    EXPECT_EQ((*store)->Stats()->events, 5);
    store->reset();  // closed
    {
        auto db = storage::OpenSqlite(path);
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE((*db)->Execute("DROP TABLE raw_count", {}).ok());
    }
    store = SqliteRawEventStore::Open(path);
    ASSERT_TRUE(store.ok());
    EXPECT_EQ((*store)->Stats()->events, 5);
}

}  // namespace
}  // namespace ungcuu::storage
