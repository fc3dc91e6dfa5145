// Ports shared by every context: the unit of work (`Store` running a function against the
// repositories of all four contexts — organisation, registry, incidents, detection — in one
// transaction), the calendar, uploads and cryptography. Each context's repositories are declared
// in its own ports.hpp. Adapters in storage/, files/ and auth/ implement them; bin/ wires them.
// Repositories are bound to one database connection inside one Store::Write/Read call and must
// not be kept beyond it. A Store is safe to use from many threads at once; each call gets its
// own connection.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "app/detection/ports.hpp"
#include "app/incidents/ports.hpp"
#include "app/network/ports.hpp"
#include "app/organisation/ports.hpp"
#include "app/registry/ports.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/text.hpp"
#include "domain/calendar.hpp"
#include "domain/file_scan.hpp"

namespace ungcuu::app {

/// What malware scans found, one row per stored content (its SHA-256).
class FileScanRepository {
public:
    virtual ~FileScanRepository() = default;
    /// Inserts or replaces the result for scan.sha256.
    virtual core::Status Record(const domain::FileScan& scan) = 0;
    /// nullopt when the content was never scanned.
    virtual core::Result<std::optional<domain::FileScan>> Get(std::string_view sha256) = 0;
};

class CalendarRepository {
public:
    virtual ~CalendarRepository() = default;
    /// Every day of the calendar, in date order.
    virtual core::Result<std::vector<domain::CalendarDay>> All() = 0;
    /// Replaces the days of one year.
    virtual core::Status ReplaceYear(int year, const std::vector<domain::CalendarDay>& days) = 0;
};

struct Repositories {
    UnitRepository& units;
    PersonRepository& people;
    ContactRepository& contacts;
    UserRepository& users;
    SessionRepository& sessions;
    TokenRepository& tokens;
    AuditRepository& audit;
    ThrottleRepository& throttle;
    SystemRepository& systems;
    DossierRepository& dossiers;
    CalendarRepository& calendar;
    ProtectionRepository& protection;
    IncidentRepository& incidents;
    OutboxRepository& outbox;
    PlanRepository& plans;
    DetectionRepository& detection;
    MonitorRepository& monitors;
    HarmfulContentRepository& cases;
    NetworkRepository& network;
    PeriodicRepository& periodic;
    WorkPlanRepository& work_plans;
    TeamRepository& teams;
    DrillRepository& drills;
    TrainingRepository& training;
    WarningRepository& warnings;
    ExchangeRepository& exchange;
    FileScanRepository& scans;
};

/// The database: runs a function against repositories inside one transaction.
class Store {
public:
    using Work = std::function<core::Status(Repositories&)>;
    virtual ~Store() = default;
    /// One write transaction: committed when `work` returns Ok, rolled back otherwise (the
    /// error is returned unchanged). Storage failures come back as kUnavailable/kInternal.
    virtual core::Status Write(const Work& work) = 0;
    /// Reads; writes made inside are not guaranteed to persist.
    virtual core::Status Read(const Work& work) = 0;

    /// Write/Read for work that returns a value: `work` returns core::Result<T>; its value comes
    /// back once the transaction has committed, its error (or the store's) unchanged.
    template <typename F, typename R = std::invoke_result_t<F&, Repositories&>>

    requires(!std::is_same_v<R, core::Status>) R Write(F&& work) {
        return RunReturning<R>(true, work);
    }

    template <typename F, typename R = std::invoke_result_t<F&, Repositories&>>

    requires(!std::is_same_v<R, core::Status>) R Read(F&& work) {
        return RunReturning<R>(false, work);
    }

private:
    template <typename R, typename F>
    R RunReturning(bool write, F& work) {
        std::optional<typename R::value_type> out;
        const Work step = [&](Repositories& repos) -> core::Status {
            R result = work(repos);
            if (!result.ok()) {
                return std::move(result).error();
            }
            out.emplace(std::move(result).value());
            return core::Ok();
        };
        UNGCUU_RETURN_IF_ERROR(write ? Write(step) : Read(step));
        return std::move(*out);
    }
};

/// Uploaded files, stored once per content (named by their SHA-256) outside the database.
/// Thread-safe.
class UploadStore {
public:
    virtual ~UploadStore() = default;
    /// Stores the bytes (atomically; a second upload of the same content is a no-op) and returns
    /// their SHA-256 in hex.
    virtual core::Result<std::string> Put(std::string_view bytes) = 0;
    /// kNotFound when no file has that digest.
    virtual core::Result<std::string> Read(std::string_view sha256) = 0;
};

/// Looks for malware in a file before it is stored: every engine the deployment has, inside
/// archives too, within a time budget. Thread-safe.
class FileScanner {
public:
    struct Outcome {
        domain::ScanVerdict verdict = domain::ScanVerdict::kClean;
        std::vector<domain::ScanFinding> findings{};
        std::string engines{};
    };

    virtual ~FileScanner() = default;
    /// kPayloadTooLarge naming the bound when the file is an archive bomb (it inflates past the
    /// limits on size, ratio, members or depth); the file must then not be stored.
    virtual core::Result<Outcome> Scan(std::string_view bytes) = 0;
};

/// Tells what a file really is from its bytes (not from its name). Thread-safe.
class ContentTypeDetector {
public:
    virtual ~ContentTypeDetector() = default;
    /// A MIME type such as "application/pdf".
    virtual std::string Detect(std::string_view bytes) = 0;
};

/// Reads an uploaded table — the first sheet of an XLSX workbook, else CSV — into rows, within
/// core::TableLimits; kInvalidArgument (413 past a limit) naming the line. Thread-safe.
class TableReader {
public:
    virtual ~TableReader() = default;
    virtual core::Result<std::vector<core::CsvRow>> Read(std::string_view bytes) = 0;
};

/// Password hashing, token digests and one-time codes.
class CredentialCrypto {
public:
    virtual ~CredentialCrypto() = default;
    virtual core::Result<std::string> HashPassword(std::string_view password) = 0;
    virtual bool VerifyPassword(std::string_view hash, std::string_view password) = 0;
    /// Keyless digest of a high-entropy token, hex encoded; used as its lookup key.
    virtual std::string TokenDigest(std::string_view token) = 0;
    /// RFC 6238 TOTP (HMAC-SHA1, 6 digits) for the given 30-second counter.
    virtual std::string TotpCode(std::string_view secret, std::uint64_t counter) = 0;
};

}  // namespace ungcuu::app
