// SQLite driver: prepared statements are cached per connection, errors become core::Error.
#include <fmt/format.h>
#include <sqlite3.h>

#include <map>

#include "storage/sql.hpp"

namespace ungcuu::storage {

namespace {

core::Error SqliteError(sqlite3* db, int code, std::string_view what) {
    const int extended = db != nullptr ? sqlite3_extended_errcode(db) : code;
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return core::Error::Make(core::ErrorCode::kAlreadyExists, "Dữ liệu bị trùng.",
                                 fmt::format("{}: {}", what, message));
    }
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        return core::Error::Make(core::ErrorCode::kUnavailable,
                                 "Cơ sở dữ liệu đang bận; hãy thử lại.",
                                 fmt::format("{}: {}", what, message));
    }
    if ((extended & 0xFF) == SQLITE_CONSTRAINT) {
        return core::Error::Make(core::ErrorCode::kConflict, "Thao tác vi phạm ràng buộc dữ liệu.",
                                 fmt::format("{}: {}", what, message));
    }
    return core::Internal(fmt::format("SQLite {}: {}", what, message));
}

// Reads the current row of a stepped statement in place.
class StatementRow final : public RowView {
public:
    explicit StatementRow(sqlite3_stmt* statement)
        : statement_(statement),
          columns_(static_cast<std::size_t>(sqlite3_column_count(statement))) {}

    std::size_t size() const override { return columns_; }

    bool IsNull(std::size_t column) const override {
        return sqlite3_column_type(statement_, Index(column)) == SQLITE_NULL;
    }

    std::int64_t Int(std::size_t column) const override {
        return sqlite3_column_int64(statement_, Index(column));
    }

    std::string_view Text(std::size_t column) const override {
        const auto* text =
            reinterpret_cast<const char*>(sqlite3_column_text(statement_, Index(column)));
        if (text == nullptr) {
            return {};
        }
        return {text, static_cast<std::size_t>(sqlite3_column_bytes(statement_, Index(column)))};
    }

private:
    static int Index(std::size_t column) { return static_cast<int>(column); }

    sqlite3_stmt* statement_;
    std::size_t columns_;
};

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}

    ~SqliteConnection() override {
        for (auto& [sql, statement] : statements_) {
            sqlite3_finalize(statement);
        }
        sqlite3_close(db_);
    }

    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    Dialect dialect() const override { return Dialect::kSqlite; }

    core::Result<std::int64_t> Execute(std::string_view sql,
                                       std::span<const Value> params) override {
        UNGCUU_RETURN_IF_ERROR(Run(sql, params, nullptr));
        return static_cast<std::int64_t>(sqlite3_changes64(db_));
    }

    core::Status QueryEach(std::string_view sql,
                           std::span<const Value> params,
                           const RowCallback& on_row) override {
        return Run(sql, params, &on_row);
    }

    core::Status ExecuteScript(std::string_view sql) override {
        char* message = nullptr;
        const std::string text(sql);
        const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            std::string detail = message != nullptr ? message : "";
            sqlite3_free(message);
            return core::Internal("SQLite script: " + detail);
        }
        return core::Ok();
    }

    core::Status Begin(bool write) override {
        // IMMEDIATE takes the write lock up front, so two writers never deadlock on upgrade.
        return Run(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", {}, nullptr);
    }

    core::Status Commit() override { return Run("COMMIT", {}, nullptr); }

    core::Status Rollback() override { return Run("ROLLBACK", {}, nullptr); }

private:
    core::Result<sqlite3_stmt*> Prepare(std::string_view sql) {
        const auto found = statements_.find(sql);
        if (found != statements_.end()) {
            return found->second;
        }
        sqlite3_stmt* statement = nullptr;
        const int rc =
            sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
        if (rc != SQLITE_OK) {
            return SqliteError(db_, rc, "prepare");
        }
        statements_.emplace(std::string(sql), statement);
        return statement;
    }

    core::Status Run(std::string_view sql,
                     std::span<const Value> params,
                     const RowCallback* on_row) {
        UNGCUU_ASSIGN_OR_RETURN(prepared, Prepare(sql));
        sqlite3_stmt* statement = prepared;
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int index = static_cast<int>(i + 1);
            int rc = SQLITE_OK;
            if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
                rc = sqlite3_bind_int64(statement, index, *number);
            } else if (const auto* text = std::get_if<std::string>(&params[i])) {
                rc = sqlite3_bind_text(statement, index, text->data(),
                                       static_cast<int>(text->size()), SQLITE_TRANSIENT);
            } else {
                rc = sqlite3_bind_null(statement, index);
            }
            if (rc != SQLITE_OK) {
                return SqliteError(db_, rc, "bind");
            }
        }
        while (true) {
            const int rc = sqlite3_step(statement);
            if (rc == SQLITE_DONE) {
                break;
            }
            if (rc != SQLITE_ROW) {
                auto error = SqliteError(db_, rc, "step");
                sqlite3_reset(statement);
                return error;
            }
            if (on_row != nullptr) {
                const StatementRow row(statement);
                (*on_row)(row);
            }
        }
        sqlite3_reset(statement);
        return core::Ok();
    }

    sqlite3* db_;
    std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

}  // namespace

core::Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        return core::Error::Make(
            core::ErrorCode::kUnavailable,
            fmt::format("Không mở được tệp cơ sở dữ liệu \"{}\": {}", path, message),
            fmt::format("Cannot open the database file \"{}\": {}", path, message));
    }
    sqlite3_busy_timeout(db, 10000);
    auto connection = std::make_unique<SqliteConnection>(db);
    UNGCUU_RETURN_IF_ERROR(connection->ExecuteScript(
        "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"));
    return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace ungcuu::storage
