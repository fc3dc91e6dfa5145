// Ports: the interfaces through which use cases reach storage and cryptography. Adapters in
// storage/ and auth/ implement them; bin/ wires them. Repositories are bound to one database
// connection inside one Store::Write/Read call and must not be kept beyond it. A Store is safe to
// use from many threads at once; each call gets its own connection.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/detection_ports.hpp"
#include "app/incident_ports.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access.hpp"
#include "domain/calendar.hpp"
#include "domain/dossier.hpp"
#include "domain/people.hpp"
#include "domain/protection.hpp"
#include "domain/unit.hpp"
#include "domain/user.hpp"

namespace ungcuu::app {

struct UnitFilter {
    std::vector<domain::ScopeRoot> scope;  // empty with `unrestricted` false means nothing
    bool unrestricted = false;             // CLI and system jobs only
    std::optional<domain::UnitId> parent_id;
    bool roots_only = false;
    std::optional<domain::UnitKind> kind;
    std::optional<bool> active;
    std::string search;  // already folded with core::FoldForSearch
    std::int64_t after_id = 0;
    int limit = 50;
};

class UnitRepository {
public:
    virtual ~UnitRepository() = default;
    /// kNotFound when absent.
    virtual core::Result<domain::Unit> Get(domain::UnitId id) = 0;
    virtual core::Result<domain::Unit> GetByCode(std::string_view code) = 0;
    /// Ordered by id, at most filter.limit rows with id > filter.after_id.
    virtual core::Result<std::vector<domain::Unit>> List(const UnitFilter& filter) = 0;
    /// Assigns id and path. kAlreadyExists when the code is taken.
    virtual core::Result<domain::Unit> Insert(domain::Unit unit) = 0;
    /// Writes every field except id, parent and path.
    virtual core::Status Update(const domain::Unit& unit) = 0;
    /// Re-parents the unit and rewrites the path prefix of its whole subtree.
    virtual core::Status Move(const domain::Unit& unit,
                              const domain::Unit& new_parent,
                              core::TimePoint at) = 0;
    virtual core::Result<std::int64_t> CountActiveChildren(domain::UnitId id) = 0;
};

class PersonRepository {
public:
    virtual ~PersonRepository() = default;
    virtual core::Result<domain::Person> Get(domain::PersonId id) = 0;
    virtual core::Result<std::vector<domain::Person>> ListByUnit(domain::UnitId unit) = 0;
    virtual core::Result<domain::Person> Insert(domain::Person person) = 0;
    virtual core::Status Update(const domain::Person& person) = 0;
};

class ContactRepository {
public:
    virtual ~ContactRepository() = default;
    virtual core::Result<std::vector<domain::ContactPoint>> ListByUnit(domain::UnitId unit) = 0;
    /// Inserts or replaces the unit's contact point of that role.
    virtual core::Status Set(const domain::ContactPoint& contact) = 0;
    virtual core::Status Clear(domain::UnitId unit, domain::ContactRole role) = 0;
};

struct UserFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;
    std::string search;  // folded
    std::int64_t after_id = 0;
    int limit = 50;
};

class UserRepository {
public:
    virtual ~UserRepository() = default;
    virtual core::Result<domain::User> Get(domain::UserId id) = 0;
    /// kNotFound when absent.
    virtual core::Result<domain::User> GetByLogin(std::string_view login) = 0;
    virtual core::Result<std::vector<domain::User>> List(const UserFilter& filter) = 0;
    /// kAlreadyExists when the login is taken.
    virtual core::Result<domain::User> Insert(domain::User user) = 0;
    virtual core::Status Update(const domain::User& user) = 0;
    /// Records `step` as the user's last second-factor step when it is later than the one
    /// recorded; false when it is not (the code was already used), atomically on both engines.
    virtual core::Result<bool> TakeTotpStep(domain::UserId user, std::int64_t step) = 0;
    /// Assignments with their units' current paths.
    virtual core::Result<std::vector<domain::RoleAssignment>> Assignments(domain::UserId user) = 0;
    /// kAlreadyExists when the same role is already held on the same unit.
    virtual core::Result<domain::RoleAssignment> AddAssignment(domain::RoleAssignment a) = 0;
    virtual core::Status RemoveAssignment(domain::AssignmentId id) = 0;
};

struct SessionRecord {
    std::string token_digest;  // the cookie value is never stored, only its digest
    domain::UserId user_id;
    std::string csrf_token;
    std::string address;
    core::TimePoint created_at;
    core::TimePoint last_seen_at;
    core::TimePoint expires_at;  // absolute limit
};

class SessionRepository {
public:
    virtual ~SessionRepository() = default;
    virtual core::Status Insert(const SessionRecord& session) = 0;
    virtual core::Result<std::optional<SessionRecord>> Find(std::string_view token_digest) = 0;
    virtual core::Status Touch(std::string_view token_digest, core::TimePoint at) = 0;
    virtual core::Status Delete(std::string_view token_digest) = 0;
    virtual core::Status DeleteAllForUser(domain::UserId user) = 0;
    /// Removes sessions whose absolute expiry is before `now`.
    virtual core::Status DeleteExpired(core::TimePoint now) = 0;
};

struct ApiToken {
    domain::TokenId id;
    domain::UserId user_id;
    std::string name;
    std::string token_digest;
    core::TimePoint created_at;
    std::optional<core::TimePoint> last_used_at;
    bool revoked = false;
};

class TokenRepository {
public:
    virtual ~TokenRepository() = default;
    virtual core::Result<ApiToken> Insert(ApiToken token) = 0;
    virtual core::Result<std::optional<ApiToken>> FindByDigest(std::string_view digest) = 0;
    virtual core::Result<std::vector<ApiToken>> ListForUser(domain::UserId user) = 0;
    virtual core::Status Revoke(domain::TokenId id, domain::UserId user) = 0;
    /// Revokes every token of the user; returns how many were still valid.
    virtual core::Result<std::int64_t> RevokeAllForUser(domain::UserId user) = 0;
};

struct AuditFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;
    std::string object_type;
    std::int64_t before_id = 0;  // 0: newest first from the top
    int limit = 50;
};

class AuditRepository {
public:
    virtual ~AuditRepository() = default;
    virtual core::Status Append(const domain::AuditEntry& entry) = 0;
    /// Newest first.
    virtual core::Result<std::vector<domain::AuditEntry>> List(const AuditFilter& filter) = 0;
};

/// The failures of one key within a window: how many, and when the earliest and latest were.
struct FailureWindow {
    std::int64_t count = 0;
    std::optional<core::TimePoint> first;
    std::optional<core::TimePoint> last;
};

/// Failed sign-in attempts and second-factor codes, keyed by what is throttled (AuthService
/// names the keys: an account from one address, an address, an account's second factor).
class ThrottleRepository {
public:
    virtual ~ThrottleRepository() = default;
    virtual core::Status RecordFailure(std::string_view key, core::TimePoint at) = 0;
    virtual core::Result<FailureWindow> FailuresSince(std::string_view key,
                                                      core::TimePoint since) = 0;
    virtual core::Status Clear(std::string_view key) = 0;
    /// Forgets failures older than `before`, so the table stays as small as the window.
    virtual core::Status Prune(core::TimePoint before) = 0;
};

struct SystemFilter {
    std::vector<domain::ScopeRoot> scope;  // over the owner unit's path
    bool unrestricted = false;
    std::optional<domain::UnitId> owner_unit_id;  // its subtree
    std::optional<domain::SystemId> parent_id;
    std::optional<int> level;  // approved level, or proposed when not approved
    std::optional<bool> approved;
    std::optional<bool> active;
    std::string search;  // folded
    std::int64_t after_id = 0;
    int limit = 50;
};

class SystemRepository {
public:
    virtual ~SystemRepository() = default;
    /// With owner_path, IPs and domains. kNotFound when absent.
    virtual core::Result<domain::InformationSystem> Get(domain::SystemId id) = 0;
    virtual core::Result<domain::InformationSystem> GetByCode(std::string_view code) = 0;
    /// Ordered by id; IPs and domains included.
    virtual core::Result<std::vector<domain::InformationSystem>> List(
        const SystemFilter& filter) = 0;
    /// kAlreadyExists when the code is taken.
    virtual core::Result<domain::InformationSystem> Insert(domain::InformationSystem system) = 0;
    /// Every field except id and created_at; replaces IPs and domains.
    virtual core::Status Update(const domain::InformationSystem& system) = 0;
    /// The system and its chain of parents, itself first.
    virtual core::Result<std::vector<domain::SystemId>> ParentChain(domain::SystemId id) = 0;
    /// Effective levels (approved, else proposed) of the active direct sub-systems.
    virtual core::Result<std::vector<int>> SubSystemLevels(domain::SystemId id) = 0;
};

struct DossierFilter {
    std::vector<domain::ScopeRoot> scope;  // over the owner's or the reviewer's path
    bool unrestricted = false;
    std::optional<domain::SystemId> system_id;
    std::optional<domain::UnitId> unit_id;  // owner or reviewer within this unit's subtree
    std::optional<domain::DossierState> state;
    std::optional<core::TimePoint> overdue_at;  // only review stages due before this instant
    std::int64_t after_id = 0;
    int limit = 50;
};

class DossierRepository {
public:
    virtual ~DossierRepository() = default;
    /// With the system's code and name and the units' paths.
    virtual core::Result<domain::LevelDossier> Get(domain::DossierId id) = 0;
    virtual core::Result<std::vector<domain::LevelDossier>> List(const DossierFilter& filter) = 0;
    virtual core::Result<domain::LevelDossier> Insert(domain::LevelDossier dossier) = 0;
    virtual core::Status Update(const domain::LevelDossier& dossier) = 0;
    /// True when the system has a dossier that is neither approved nor returned.
    virtual core::Result<bool> HasOpen(domain::SystemId system) = 0;
    virtual core::Status AddEvent(const domain::DossierEvent& event) = 0;
    virtual core::Result<std::vector<domain::DossierEvent>> Events(domain::DossierId id) = 0;
    virtual core::Result<std::vector<domain::DossierDocument>> Documents(domain::DossierId id) = 0;
    /// Inserts or replaces the document of that slot.
    virtual core::Status PutDocument(const domain::DossierDocument& document) = 0;
    /// Sets the system's approved level and date.
    virtual core::Status SetApprovedLevel(domain::SystemId system,
                                          int level,
                                          core::TimePoint at) = 0;
};

class CalendarRepository {
public:
    virtual ~CalendarRepository() = default;
    /// Every day of the calendar, in date order.
    virtual core::Result<std::vector<domain::CalendarDay>> All() = 0;
    /// Replaces the days of one year.
    virtual core::Status ReplaceYear(int year, const std::vector<domain::CalendarDay>& days) = 0;
};

struct InventoryFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;  // its subtree
    std::optional<domain::InventoryKind> kind;
    std::optional<domain::InventoryState> state;
    std::optional<core::Date> expires_before;  // expires_on on or before this day
    std::string search;                        // folded
    std::int64_t after_id = 0;
    int limit = 50;
};

struct RiskFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;  // owner subtree
    std::optional<domain::SystemId> system_id;
    std::optional<core::Date> reviewed_before;  // reviewed_on before this day
    std::int64_t after_id = 0;
    int limit = 50;
};

struct AssessmentFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;  // subtree
    std::optional<domain::SystemId> system_id;
    std::optional<domain::DueKind> kind;
    std::int64_t before_id = 0;  // newest first
    int limit = 50;
};

/// The raw figures readiness is computed from, for one subtree.
struct ReadinessInputs {
    struct UnitRow {
        domain::UnitId id;
        std::optional<domain::UnitId> parent_id;
        std::string path;
        std::string code;
        std::string name_vi;
        int layers_in_place = 0;
    };

    struct SystemRow {
        domain::SystemId id;
        domain::UnitId unit_id;
        int level = 1;  // approved, else proposed
        bool approved = false;
        std::string code;
        std::string name_vi;
    };

    /// Last date of each kind per system (system assessments, scans, drills) or per unit
    /// (overall assessments).
    struct LastDone {
        std::int64_t owner_id = 0;  // system id, or unit id for kOverallAssessment
        domain::DueKind kind = domain::DueKind::kScan;
        core::Date on;
    };

    struct PerUnitCount {
        domain::UnitId unit_id;
        std::int64_t count = 0;
    };

    std::vector<UnitRow> units;
    std::vector<SystemRow> systems;
    std::vector<LastDone> last_done;
    std::vector<PerUnitCount> dossiers_overdue;
    std::vector<PerUnitCount> licences_expired;
    std::vector<PerUnitCount> licences_expiring;
    std::vector<PerUnitCount> risks_unreviewed;
};

class ProtectionRepository {
public:
    virtual ~ProtectionRepository() = default;
    virtual core::Result<std::vector<domain::ProtectionLayer>> Layers(domain::UnitId unit) = 0;
    virtual core::Status PutLayer(const domain::ProtectionLayer& layer) = 0;

    virtual core::Result<domain::Assessment> InsertAssessment(domain::Assessment assessment) = 0;
    virtual core::Result<std::vector<domain::Assessment>> Assessments(
        const AssessmentFilter& filter) = 0;

    virtual core::Result<domain::InventoryItem> GetItem(domain::InventoryId id) = 0;
    virtual core::Result<std::vector<domain::InventoryItem>> Items(
        const InventoryFilter& filter) = 0;
    virtual core::Result<domain::InventoryItem> InsertItem(domain::InventoryItem item) = 0;
    virtual core::Status UpdateItem(const domain::InventoryItem& item) = 0;

    virtual core::Result<domain::Risk> GetRisk(domain::RiskId id) = 0;
    virtual core::Result<std::vector<domain::Risk>> Risks(const RiskFilter& filter) = 0;
    /// kAlreadyExists when the system already has a risk for that scenario.
    virtual core::Result<domain::Risk> InsertRisk(domain::Risk risk) = 0;
    virtual core::Status UpdateRisk(const domain::Risk& risk) = 0;

    /// Everything readiness needs for the subtree at `root_path`, as of `now` / `today`:
    /// licences expiring up to `soon`, risks reviewed before `review_cutoff`.
    virtual core::Result<ReadinessInputs> Readiness(std::string_view root_path,
                                                    core::TimePoint now,
                                                    core::Date today,
                                                    core::Date soon,
                                                    core::Date review_cutoff) = 0;
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

/// Tells what a file really is from its bytes (not from its name). Thread-safe.
class ContentTypeDetector {
public:
    virtual ~ContentTypeDetector() = default;
    /// A MIME type such as "application/pdf".
    virtual std::string Detect(std::string_view bytes) = 0;
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
