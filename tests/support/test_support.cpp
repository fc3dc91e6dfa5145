#include "support/test_support.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

extern char** environ;

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

namespace {

bool Connects(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
}

}  // namespace

double Quantile(std::vector<double>& samples, double q) {
    if (samples.empty()) {
        return 0.0;
    }
    std::sort(samples.begin(), samples.end());
    return samples[std::min(samples.size() - 1,
                            static_cast<std::size_t>(q * static_cast<double>(samples.size())))];
}

int FreeLoopbackPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof addr;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) != 0) {
        throw std::runtime_error("no free loopback port");
    }
    close(fd);
    return ntohs(addr.sin_port);
}

bool SmtpSink::Start() {
    // The Maildir itself is made by aiosmtpd (with its tmp/new/cur); only its parent here.
    std::filesystem::create_directories(maildir_.parent_path());
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    const std::string dir = maildir_.string();
    // Debian's interpreter, where python3-aiosmtpd is installed (not a user's own Python).
    std::vector<std::string> args = {
        "/usr/bin/python3",          "-m", "aiosmtpd", "-n", "-l", listen, "-c",
        "aiosmtpd.handlers.Mailbox", dir};
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
        pid_ = -1;
        return false;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        if (Connects(port_)) {
            return true;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;  // it exited (aiosmtpd missing?)
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

void SmtpSink::Stop() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }
}

std::vector<std::string> SmtpSink::Messages() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(maildir_ / "new", ec)) {
        std::ifstream file(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << file.rdbuf();
        out.push_back(text.str());
    }
    return out;
}

}  // namespace ungcuu::testing
