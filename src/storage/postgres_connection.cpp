// PostgreSQL driver over libpq: statements are prepared once per connection, `?` placeholders
// become `$n`, values travel as text. Errors become core::Error (unique violations included).
#include <fmt/format.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <map>

#include "storage/sql.hpp"

namespace ungcuu::storage {

namespace {

std::string NumberPlaceholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 1;
    bool in_string = false;
    for (const char c : sql) {
        if (c == '\'') {
            in_string = !in_string;
        }
        if (c == '?' && !in_string) {
            out += fmt::format("${}", next++);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

class ResultGuard {
public:
    explicit ResultGuard(PGresult* result) : result_(result) {}

    ~ResultGuard() { PQclear(result_); }

    ResultGuard(const ResultGuard&) = delete;
    ResultGuard& operator=(const ResultGuard&) = delete;

    PGresult* get() const { return result_; }

private:
    PGresult* result_;
};

// Reads one row of a PGresult in place; values arrive as text.
class ResultRow final : public RowView {
public:
    ResultRow(PGresult* result, int row) : result_(result), row_(row) {}

    std::size_t size() const override { return static_cast<std::size_t>(PQnfields(result_)); }

    bool IsNull(std::size_t column) const override {
        return PQgetisnull(result_, row_, Index(column)) != 0;
    }

    std::int64_t Int(std::size_t column) const override {
        if (IsNull(column)) {
            return 0;
        }
        return std::strtoll(PQgetvalue(result_, row_, Index(column)), nullptr, 10);
    }

    std::string_view Text(std::size_t column) const override {
        return {PQgetvalue(result_, row_, Index(column)),
                static_cast<std::size_t>(PQgetlength(result_, row_, Index(column)))};
    }

private:
    static int Index(std::size_t column) { return static_cast<int>(column); }

    PGresult* result_;
    int row_;
};

core::Error PgError(PGconn* conn, PGresult* result, std::string_view what) {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn);
    if (state != nullptr && std::strcmp(state, "23505") == 0) {
        return core::Error::Make(core::ErrorCode::kAlreadyExists, "Dữ liệu bị trùng.",
                                 fmt::format("{}: {}", what, message));
    }
    if (state != nullptr && std::strncmp(state, "23", 2) == 0) {
        return core::Error::Make(core::ErrorCode::kConflict, "Thao tác vi phạm ràng buộc dữ liệu.",
                                 fmt::format("{}: {}", what, message));
    }
    if (PQstatus(conn) != CONNECTION_OK ||
        (state != nullptr && std::strncmp(state, "08", 2) == 0)) {
        return core::Error::Make(core::ErrorCode::kUnavailable,
                                 "Mất kết nối tới cơ sở dữ liệu; hãy thử lại.",
                                 fmt::format("{}: {}", what, message));
    }
    return core::Internal(fmt::format("PostgreSQL {}: {}", what, message));
}

class PostgresConnection final : public Connection {
public:
    explicit PostgresConnection(PGconn* conn) : conn_(conn) {}

    ~PostgresConnection() override { PQfinish(conn_); }

    PostgresConnection(const PostgresConnection&) = delete;
    PostgresConnection& operator=(const PostgresConnection&) = delete;

    Dialect dialect() const override { return Dialect::kPostgres; }

    core::Result<std::int64_t> Execute(std::string_view sql,
                                       std::span<const Value> params) override {
        std::int64_t changed = 0;
        UNGCUU_RETURN_IF_ERROR(Run(sql, params, nullptr, &changed));
        return changed;
    }

    core::Status QueryEach(std::string_view sql,
                           std::span<const Value> params,
                           const RowCallback& on_row) override {
        std::int64_t changed = 0;
        return Run(sql, params, &on_row, &changed);
    }

    core::Status ExecuteScript(std::string_view sql) override {
        const std::string text(sql);
        ResultGuard result(PQexec(conn_, text.c_str()));
        const auto status = PQresultStatus(result.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            return PgError(conn_, result.get(), "script");
        }
        return core::Ok();
    }

    core::Status Begin(bool write) override {
        return ExecuteScript(write ? "BEGIN" : "BEGIN READ ONLY");
    }

    core::Status Commit() override { return ExecuteScript("COMMIT"); }

    core::Status Rollback() override { return ExecuteScript("ROLLBACK"); }

private:
    core::Result<std::string> Prepare(std::string_view sql) {
        const auto found = names_.find(sql);
        if (found != names_.end()) {
            return found->second;
        }
        std::string name = fmt::format("s{}", names_.size() + 1);
        const std::string text = NumberPlaceholders(sql);
        ResultGuard result(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
            return PgError(conn_, result.get(), "prepare");
        }
        names_.emplace(std::string(sql), name);
        return name;
    }

    core::Status Run(std::string_view sql,
                     std::span<const Value> params,
                     const RowCallback* on_row,
                     std::int64_t* changed) {
        UNGCUU_ASSIGN_OR_RETURN(name, Prepare(sql));
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
                texts[i] = std::to_string(*number);
                values[i] = texts[i].c_str();
            } else if (const auto* text = std::get_if<std::string>(&params[i])) {
                values[i] = text->c_str();
            }
        }
        ResultGuard result(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()),
                                          values.data(), nullptr, nullptr, 0));
        const auto status = PQresultStatus(result.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            return PgError(conn_, result.get(), "execute");
        }
        const char* affected = PQcmdTuples(result.get());
        *changed = (affected != nullptr && *affected != '\0') ? std::stoll(affected) : 0;
        if (on_row != nullptr) {
            const int row_count = PQntuples(result.get());
            for (int r = 0; r < row_count; ++r) {
                const ResultRow row(result.get(), r);
                (*on_row)(row);
            }
        }
        return core::Ok();
    }

    PGconn* conn_;
    std::map<std::string, std::string, std::less<>> names_;
};

}  // namespace

core::Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn);
        PQfinish(conn);
        return core::Error::Make(core::ErrorCode::kUnavailable,
                                 "Không kết nối được tới PostgreSQL: " + message,
                                 "Cannot connect to PostgreSQL: " + message);
    }
    auto connection = std::make_unique<PostgresConnection>(conn);
    UNGCUU_RETURN_IF_ERROR(connection->ExecuteScript("SET client_min_messages = warning"));
    return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace ungcuu::storage
