// The thin SQL layer under the repositories: one Connection interface, two drivers (SQLite,
// PostgreSQL). SQL is written once with `?` placeholders; the PostgreSQL driver numbers them.
// A Connection is used by one thread at a time (the pool in database.hpp hands it out).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace ungcuu::storage {

enum class Dialect { kSqlite, kPostgres };

using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;

/// One result row; columns by position.
class Row {
public:
    explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

    bool IsNull(std::size_t column) const;
    std::int64_t Int(std::size_t column) const;         // 0 for NULL
    const std::string& Text(std::size_t column) const;  // "" for NULL

    bool Bool(std::size_t column) const { return Int(column) != 0; }

private:
    std::vector<Value> values_;
};

class Connection {
public:
    virtual ~Connection() = default;
    virtual Dialect dialect() const = 0;
    /// Runs one statement; returns the number of rows it changed.
    virtual core::Result<std::int64_t> Execute(std::string_view sql,
                                               std::span<const Value> params = {}) = 0;
    virtual core::Result<std::vector<Row>> Query(std::string_view sql,
                                                 std::span<const Value> params = {}) = 0;
    /// Runs several statements without parameters (migrations).
    virtual core::Status ExecuteScript(std::string_view sql) = 0;
    virtual core::Status Begin(bool write) = 0;
    virtual core::Status Commit() = 0;
    virtual core::Status Rollback() = 0;
};

/// Opens a SQLite database file with WAL, foreign keys, a busy timeout and synchronous=FULL.
core::Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path);
/// Connects to PostgreSQL with a libpq connection string or URI.
core::Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo);

}  // namespace ungcuu::storage
