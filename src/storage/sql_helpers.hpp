// Internal to the storage module: small helpers shared by the SQL repositories.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "domain/access.hpp"
#include "storage/sql.hpp"

namespace ungcuu::storage {

inline std::int64_t Millis(core::TimePoint time) { return core::ToUnixMillis(time); }

inline core::TimePoint Time(const RowView& row, std::size_t column) {
    return core::FromUnixMillis(row.Int(column));
}

/// Claims for one attempt the oldest row of `table` whose `state` column says 'queued' and whose
/// `due` column has come at `now`: its due time moves to `until`, so no other node takes it
/// meanwhile, and its id is returned (nullopt when nothing is due). Call inside a write
/// transaction. On PostgreSQL a row another node is claiming is skipped, not waited for; on
/// SQLite the write transaction already excludes every other writer.
inline core::Result<std::optional<std::int64_t>> ClaimQueued(Connection& db,
                                                             std::string_view table,
                                                             std::string_view state,
                                                             std::string_view due,
                                                             core::TimePoint now,
                                                             core::TimePoint until) {
    const Value params[] = {core::ToUnixMillis(until), core::ToUnixMillis(now)};
    auto rows = db.Query(
        fmt::format("UPDATE {0} SET {2} = ? WHERE id = (SELECT id FROM {0} WHERE {1} = 'queued' "
                    "AND {2} <= ? ORDER BY {2}, id LIMIT 1{3}) RETURNING id",
                    table, state, due,
                    db.dialect() == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : ""),
        params);
    if (!rows.ok()) {
        return std::move(rows).error();
    }
    if (rows->empty()) {
        return std::optional<std::int64_t>{};
    }
    return std::optional<std::int64_t>{(*rows)[0].Int(0)};
}

inline std::string LikeContains(std::string_view folded) {
    std::string pattern = "%";
    for (const char c : folded) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern.push_back('\\');
        }
        pattern.push_back(c);
    }
    pattern.push_back('%');
    return pattern;
}

inline core::Status ExpectOneRow(core::Result<std::int64_t> changed, std::string_view what) {
    if (!changed.ok()) {
        return std::move(changed).error();
    }
    if (*changed == 0) {
        return core::NotFound(fmt::format("Không tìm thấy {}.", what),
                              fmt::format("{} not found.", what));
    }
    return core::Ok();
}

// Runs a statement whose changed-row count does not matter.
inline core::Status Exec(Connection& db, std::string_view sql, std::span<const Value> params) {
    auto changed = db.Execute(sql, params);
    if (!changed.ok()) {
        return std::move(changed).error();
    }
    return core::Ok();
}

// The first row of a query converted by `from_row`, or `missing` when there is none.
template <typename FromRow>
auto QueryOne(Connection& db,
              std::string_view sql,
              std::span<const Value> params,
              FromRow from_row,
              core::Error missing)
    -> core::Result<decltype(from_row(std::declval<const RowView&>()))> {
    std::optional<decltype(from_row(std::declval<const RowView&>()))> found;
    UNGCUU_RETURN_IF_ERROR(db.QueryEach(sql, params, [&](const RowView& row) {
        if (!found) {
            found = from_row(row);
        }
    }));
    if (!found) {
        return missing;
    }
    return std::move(*found);
}

inline std::int64_t InsertedId(const core::Result<std::vector<Row>>& rows) {
    return (*rows)[0].Int(0);
}

/// "(<column> within the subtree of unit ?)" — two parameters, the unit id twice — for
/// filters by a unit the caller names (its path is looked up in the same statement).
inline std::string SubtreeCondition(std::vector<Value>& params,
                                    std::string_view column,
                                    domain::UnitId unit) {
    params.emplace_back(unit.value());
    params.emplace_back(unit.value());
    return fmt::format(
        "({0} >= (SELECT path FROM units WHERE id = ?) AND {0} < (SELECT substr(path, 1, "
        "length(path) - 1) || '0' FROM units WHERE id = ?))",
        column);
}

/// The bound just above every path of the subtree `path` ("/1/4/" → "/1/40": '0' follows '/').
inline std::string SubtreeEnd(std::string_view path) {
    return std::string(path.substr(0, path.size() - 1)) + "0";
}

/// " (<column> within any root)" with its parameters, or "1 = 1"/"1 = 0" for unrestricted or
/// empty scopes: the condition AppendScopeFilter appends.
std::string ScopeCondition(std::vector<Value>& params,
                           const std::vector<domain::ScopeRoot>& roots,
                           bool unrestricted,
                           std::string_view column);

// Lists of codes are stored as one comma-separated text column; lists of names (which may
// hold commas) one per line.
inline std::string JoinCodes(const std::vector<std::string>& codes, char separator = ',') {
    std::string text;
    for (const auto& code : codes) {
        if (!text.empty()) {
            text += separator;
        }
        text += code;
    }
    return text;
}

inline std::vector<std::string> SplitCodes(std::string_view text, char separator = ',') {
    std::vector<std::string> codes;
    while (!text.empty()) {
        const auto comma = text.find(separator);
        codes.emplace_back(text.substr(0, comma));
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return codes;
}

/// "?, ?, ?" for an `IN (...)` list of ids, their values appended to `params`.
template <typename Ids>
std::string IdList(std::vector<Value>& params, const Ids& ids) {
    std::string list;
    for (const auto id : ids) {
        list += list.empty() ? "?" : ", ?";
        params.emplace_back(id.value());
    }
    return list;
}

/// "?, " repeated `count` times, for INSERT statements that append one more placeholder.
inline std::string Placeholders(std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) {
        text += "?, ";
    }
    return text;
}

inline Value Flag(bool value) { return Value{std::int64_t{value ? 1 : 0}}; }

inline Value OptMillis(const std::optional<core::TimePoint>& time) {
    return time ? Value{Millis(*time)} : Value{nullptr};
}

/// A day column that may be NULL, stored as "YYYY-MM-DD".
inline Value OptDateValue(const std::optional<core::Date>& date) {
    return date ? Value{core::FormatDate(*date)} : Value{nullptr};
}

inline std::optional<core::Date> OptDateAt(const RowView& row, std::size_t column) {
    return row.IsNull(column) ? std::nullopt : core::ParseDate(row.Text(column));
}

inline std::optional<core::TimePoint> OptTime(const RowView& row, std::size_t column) {
    if (row.IsNull(column)) {
        return std::nullopt;
    }
    return Time(row, column);
}

}  // namespace ungcuu::storage
