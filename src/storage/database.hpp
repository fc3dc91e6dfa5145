// SqlStore: the app::Store over a pool of connections to one database (SQLite file or
// PostgreSQL). Each Write/Read borrows a connection, binds the SQL repositories to it and runs
// the work inside a transaction. Thread-safe; the pool grows on demand up to `max_connections`
// and callers wait for a free connection beyond that.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "storage/sql.hpp"

namespace ungcuu::storage {

struct DatabaseUrl {
    Dialect dialect = Dialect::kSqlite;
    std::string target;  // file path or libpq conninfo
};

/// Parses `sqlite:PATH` or `postgresql://…` / `postgres://…`.
core::Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url);

class SqlStore final : public app::Store {
public:
    /// Opens the database, applies migrations and returns a ready store.
    static core::Result<std::unique_ptr<SqlStore>> Open(const DatabaseUrl& url,
                                                        std::size_t max_connections = 8);
    ~SqlStore() override;

    core::Status Write(const Work& work) override;
    core::Status Read(const Work& work) override;
    using app::Store::Read;
    using app::Store::Write;

    Dialect dialect() const { return url_.dialect; }

private:
    explicit SqlStore(DatabaseUrl url, std::size_t max_connections);
    core::Result<std::unique_ptr<Connection>> Acquire();
    void Release(std::unique_ptr<Connection> connection);
    core::Status Run(bool write, const Work& work);

    DatabaseUrl url_;
    std::size_t max_connections_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
    std::size_t open_ = 0;                           // guarded by mutex_
    std::mutex sqlite_write_mutex_;  // one SQLite writer at a time, without busy-waiting
};

}  // namespace ungcuu::storage
