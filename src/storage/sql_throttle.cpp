// SQL repository of the organisation context: sign-in throttling (failures per key).
#include "storage/sql_helpers.hpp"
#include "storage/sql_organisation.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

class SqlThrottleRepository final : public app::ThrottleRepository {
public:
    explicit SqlThrottleRepository(Connection& db) : db_(db) {}

    Status RecordFailure(std::string_view key, core::TimePoint at) override {
        const Value params[] = {std::string(key), Millis(at)};
        return Exec(db_, "INSERT INTO login_failures (key, at) VALUES (?, ?)", params);
    }

    Result<app::FailureWindow> FailuresSince(std::string_view key, core::TimePoint since) override {
        const Value params[] = {std::string(key), Millis(since)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows,
            db_.Query(
                "SELECT COUNT(*), COALESCE(MIN(at), -1), COALESCE(MAX(at), -1) FROM login_failures "
                "WHERE key = ? AND at >= ?",
                params));
        app::FailureWindow window;
        window.count = (rows)[0].Int(0);
        if (window.count > 0) {
            window.first = core::FromUnixMillis((rows)[0].Int(1));
            window.last = core::FromUnixMillis((rows)[0].Int(2));
        }
        return window;
    }

    Status Clear(std::string_view key) override {
        const Value params[] = {std::string(key)};
        return Exec(db_, "DELETE FROM login_failures WHERE key = ?", params);
    }

    Status Prune(core::TimePoint before) override {
        const Value params[] = {Millis(before)};
        return Exec(db_, "DELETE FROM login_failures WHERE at < ?", params);
    }

private:
    Connection& db_;
};

}  // namespace

std::unique_ptr<app::ThrottleRepository> MakeSqlThrottleRepository(Connection& db) {
    return std::make_unique<SqlThrottleRepository>(db);
}

}  // namespace ungcuu::storage
