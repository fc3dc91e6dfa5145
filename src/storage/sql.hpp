// The thin SQL layer under the repositories: one Connection interface, two drivers (SQLite,
// PostgreSQL). SQL is written once with `?` placeholders; the PostgreSQL driver numbers them.
// A Connection is used by one thread at a time (the pool in database.hpp hands it out).
#pragma once

#include <cstdint>
#include <functional>
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

/// One result row, read by column position. A RowView handed to a QueryEach callback reads the
/// driver's buffers directly and is valid only during that call; Row owns its values.
class RowView {
public:
    virtual ~RowView() = default;
    virtual std::size_t size() const = 0;
    virtual bool IsNull(std::size_t column) const = 0;
    virtual std::int64_t Int(std::size_t column) const = 0;       // 0 for NULL
    virtual std::string_view Text(std::size_t column) const = 0;  // "" for NULL

    bool Bool(std::size_t column) const { return Int(column) != 0; }

    std::string String(std::size_t column) const { return std::string(Text(column)); }
};

class Row final : public RowView {
public:
    explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

    explicit Row(const RowView& view);

    std::size_t size() const override { return values_.size(); }

    bool IsNull(std::size_t column) const override;
    std::int64_t Int(std::size_t column) const override;
    std::string_view Text(std::size_t column) const override;

private:
    std::vector<Value> values_;
};

using RowCallback = std::function<void(const RowView&)>;

class Connection {
public:
    virtual ~Connection() = default;
    virtual Dialect dialect() const = 0;
    /// Runs one statement; returns the number of rows it changed.
    virtual core::Result<std::int64_t> Execute(std::string_view sql,
                                               std::span<const Value> params = {}) = 0;
    /// Calls `on_row` for each result row, without copying the values out of the driver.
    virtual core::Status QueryEach(std::string_view sql,
                                   std::span<const Value> params,
                                   const RowCallback& on_row) = 0;
    /// Runs a query and keeps its rows.
    core::Result<std::vector<Row>> Query(std::string_view sql, std::span<const Value> params = {});
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
