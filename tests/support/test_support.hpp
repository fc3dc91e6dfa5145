// Test helpers: a clock tests move by hand, a temporary directory removed afterwards, and the
// PostgreSQL connection string of the throwaway cluster the test script started.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace ungcuu::testing {

class ManualClock final : public core::Clock {
public:
    explicit ManualClock(core::TimePoint start = core::FromUnixMillis(1'790'000'000'000))
        : now_ms_(core::ToUnixMillis(start)) {}

    core::TimePoint Now() const override { return core::FromUnixMillis(now_ms_.load()); }

    void Advance(std::chrono::milliseconds by) { now_ms_ += by.count(); }

private:
    std::atomic<std::int64_t> now_ms_;
};

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// UNGCUU_TEST_PG_DSN, or nullopt when the test script did not start PostgreSQL.
std::optional<std::string> PostgresDsn();

/// A fresh, empty PostgreSQL database on the test cluster, dropped on destruction.
class TempPostgresDatabase {
public:
    explicit TempPostgresDatabase(const std::string& admin_dsn);
    ~TempPostgresDatabase();
    TempPostgresDatabase(const TempPostgresDatabase&) = delete;
    TempPostgresDatabase& operator=(const TempPostgresDatabase&) = delete;

    const std::string& url() const { return url_; }

private:
    std::string admin_dsn_;
    std::string name_;
    std::string url_;
};

/// The q-quantile (0 ≤ q ≤ 1) of measured samples, by rank; 0 for none. Sorts `samples`.
double Quantile(std::vector<double>& samples, double q);

/// A loopback TCP port that was free a moment ago (for a server a test starts later).
int FreeLoopbackPort();

/// A real SMTP server on 127.0.0.1: Debian's aiosmtpd writing every message it accepts to a
/// Maildir. Started and stopped by the test; stopped on destruction.
class SmtpSink {
public:
    SmtpSink(int port, std::filesystem::path maildir) : port_(port), maildir_(std::move(maildir)) {}

    ~SmtpSink() { Stop(); }

    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    /// Starts the server and waits until it accepts connections; false when it could not.
    bool Start();
    void Stop();
    /// The raw messages received so far (RFC 5322 text).
    std::vector<std::string> Messages() const;

private:
    int port_;
    std::filesystem::path maildir_;
    pid_t pid_ = -1;
};

}  // namespace ungcuu::testing
