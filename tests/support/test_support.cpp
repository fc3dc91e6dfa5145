#include "support/test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <random>

namespace ungcuu::testing {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ungcuu-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::optional<std::string> PostgresDsn() {
    const char* dsn = std::getenv("UNGCUU_TEST_PG_DSN");
    if (dsn == nullptr || *dsn == '\0') {
        return std::nullopt;
    }
    return std::string(dsn);
}

namespace {

int RunPsql(const std::string& dsn, const std::string& sql) {
    const std::string command =
        "psql -q -v ON_ERROR_STOP=1 '" + dsn + "' -c '" + sql + "' >/dev/null 2>&1";
    return std::system(command.c_str());
}

std::string WithDatabase(const std::string& dsn, const std::string& name) {
    // dsn looks like postgresql://user@127.0.0.1:PORT/postgres
    const auto slash = dsn.rfind('/');
    return dsn.substr(0, slash + 1) + name;
}

}  // namespace

TempPostgresDatabase::TempPostgresDatabase(const std::string& admin_dsn) : admin_dsn_(admin_dsn) {
    std::random_device device;
    name_ = "ungcuu_t" + std::to_string(device()) + std::to_string(getpid());
    if (RunPsql(admin_dsn_, "CREATE DATABASE " + name_) != 0) {
        throw std::runtime_error("cannot create test database " + name_);
    }
    url_ = WithDatabase(admin_dsn_, name_);
}

TempPostgresDatabase::~TempPostgresDatabase() {
    RunPsql(admin_dsn_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

}  // namespace ungcuu::testing
