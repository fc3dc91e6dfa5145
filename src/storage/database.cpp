#include "storage/database.hpp"

#include <fmt/format.h>

#include "storage/migrations.hpp"
#include "storage/sql_repositories.hpp"

namespace ungcuu::storage {

core::Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url) {
    if (url.starts_with("sqlite:")) {
        std::string path(url.substr(7));
        if (path.starts_with("//")) {
            path = path.substr(2);
        }
        if (path.empty()) {
            return core::InvalidArgument("Thiếu đường dẫn tệp SQLite sau \"sqlite:\".",
                                         "The SQLite file path after \"sqlite:\" is missing.");
        }
        return DatabaseUrl{Dialect::kSqlite, path};
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return DatabaseUrl{Dialect::kPostgres, std::string(url)};
    }
    return core::InvalidArgument(
        fmt::format("Địa chỉ cơ sở dữ liệu \"{}\" không hợp lệ; dùng sqlite:ĐƯỜNG_DẪN hoặc "
                    "postgresql://…",
                    url),
        fmt::format("Invalid database URL \"{}\"; use sqlite:PATH or postgresql://…", url));
}

SqlStore::SqlStore(DatabaseUrl url, std::size_t max_connections)
    : url_(std::move(url)), max_connections_(max_connections) {}

SqlStore::~SqlStore() = default;

core::Result<std::unique_ptr<SqlStore>> SqlStore::Open(const DatabaseUrl& url,
                                                       std::size_t max_connections) {
    std::unique_ptr<SqlStore> store(new SqlStore(url, max_connections));
    UNGCUU_ASSIGN_OR_RETURN(connection, store->Acquire());
    auto migrated = Migrate(*connection);
    store->Release(std::move(connection));
    if (!migrated.ok()) {
        return std::move(migrated).error();
    }
    return store;
}

core::Result<std::unique_ptr<Connection>> SqlStore::Acquire() {
    {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
        if (!idle_.empty()) {
            auto connection = std::move(idle_.back());
            idle_.pop_back();
            return connection;
        }
        ++open_;
    }
    auto opened =
        url_.dialect == Dialect::kSqlite ? OpenSqlite(url_.target) : OpenPostgres(url_.target);
    if (!opened.ok()) {
        std::lock_guard lock(mutex_);
        --open_;
        available_.notify_one();
    }
    return opened;
}

void SqlStore::Release(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    if (connection) {
        idle_.push_back(std::move(connection));
    } else {
        --open_;  // a broken connection is dropped and may be reopened later
    }
    available_.notify_one();
}

core::Status SqlStore::Write(const Work& work) { return Run(true, work); }

core::Status SqlStore::Read(const Work& work) { return Run(false, work); }

core::Status SqlStore::Run(bool write, const Work& work) {
    std::unique_lock<std::mutex> writer;
    if (write && url_.dialect == Dialect::kSqlite) {
        writer = std::unique_lock(sqlite_write_mutex_);
    }
    UNGCUU_ASSIGN_OR_RETURN(acquired, Acquire());
    std::unique_ptr<Connection> connection = std::move(acquired);
    auto begun = connection->Begin(write);
    if (!begun.ok()) {
        if (begun.error().code == core::ErrorCode::kUnavailable ||
            url_.dialect == Dialect::kPostgres) {
            connection.reset();
        }
        Release(std::move(connection));
        return begun;
    }
    SqlRepositories repositories(*connection);
    auto repos = repositories.Bind();
    core::Status status = work(repos);
    if (status.ok() && write) {
        status = connection->Commit();
        if (!status.ok()) {
            (void)connection->Rollback();
        }
    } else if (!status.ok() || !write) {
        // Reads end with a rollback too: nothing to keep, and it is cheaper than a commit.
        if (!connection->Rollback().ok()) {
            connection.reset();
        }
    }
    Release(std::move(connection));
    return status;
}

}  // namespace ungcuu::storage
