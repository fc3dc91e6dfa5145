// The repositories of app/ports.hpp written once over storage::Connection, for both engines.
// An instance is bound to one connection (and so one transaction) and lives only for one
// SqlStore::Write/Read call.
#pragma once

#include <memory>

#include "app/ports.hpp"
#include "storage/sql.hpp"

namespace ungcuu::storage {

class SqlRepositories {
public:
    explicit SqlRepositories(Connection& connection);
    ~SqlRepositories();
    SqlRepositories(const SqlRepositories&) = delete;
    SqlRepositories& operator=(const SqlRepositories&) = delete;

    app::Repositories Bind();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Appends " AND (<column> within any root)" to `sql`, with its parameters; a subtree root is
/// an index range [path, path-with-last-'/'-as-'0'), an exact root an equality.
void AppendScopeFilter(std::string& sql,
                       std::vector<Value>& params,
                       const std::vector<domain::ScopeRoot>& roots,
                       bool unrestricted,
                       std::string_view column);

}  // namespace ungcuu::storage
