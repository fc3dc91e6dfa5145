// Versioned schema migrations: one file a migration in src/storage/migrations/, named
// NNNN_name.sql and numbered from 0001 without gaps, embedded in the binary at build time (the
// assets module). The first line is "-- " and what it does; statements are written once for both
// engines with two dialect placeholders:
//   {ID}    the primary-key column type (INTEGER PRIMARY KEY / BIGINT identity)
//   {PATH}  the type of materialised unit paths (byte-ordered TEXT in both engines)
// and where the engines differ (triggers) a section after "-- only sqlite" or "-- only postgres"
// runs on that engine alone. Times are stored as milliseconds since the Unix epoch and flags as
// 0/1 integers, so that the same statements work on both engines. See docs/adr/0007.
#pragma once

#include <string>
#include <vector>

#include "storage/sql.hpp"

namespace ungcuu::storage {

struct MigrationFile {
    std::string name;  // "0007_detection.sql"
    std::string text;
};

struct Migration {
    int version = 0;
    std::string description;
    std::string common_sql;
    std::string sqlite_sql;
    std::string postgres_sql;
};

/// Reads migration files given in name order; Internal naming the file when one is misnamed,
/// out of sequence, undescribed, empty or has an unknown "-- only" section.
core::Result<std::vector<Migration>> ParseMigrations(const std::vector<MigrationFile>& files);

/// The migrations embedded in this binary, parsed once.
const std::vector<Migration>& Migrations();

/// Applies every migration newer than the database's version, each in its own transaction.
/// Safe to call at every start; on PostgreSQL concurrent callers serialise on an advisory lock.
/// Returns the number of migrations applied.
core::Result<int> Migrate(Connection& connection);

/// The newest schema version this binary knows.
int LatestSchemaVersion();

}  // namespace ungcuu::storage
