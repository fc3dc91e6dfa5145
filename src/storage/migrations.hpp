// Versioned schema migrations, written once with two dialect placeholders:
//   {ID}    the primary-key column type (INTEGER PRIMARY KEY / BIGINT identity)
//   {PATH}  the type of materialised unit paths (byte-ordered TEXT in both engines)
// plus dialect-specific statements where the engines differ (triggers).
#pragma once

#include "storage/sql.hpp"

namespace ungcuu::storage {

/// Applies every migration newer than the database's version, each in its own transaction.
/// Safe to call at every start; on PostgreSQL concurrent callers serialise on an advisory lock.
/// Returns the number of migrations applied.
core::Result<int> Migrate(Connection& connection);

/// The newest schema version this binary knows.
int LatestSchemaVersion();

}  // namespace ungcuu::storage
