// Ports of the organisation: units, people and contact points, user accounts, sessions, API
// tokens, the audit log and the sign-in throttle. Repositories follow the rules of app/ports.hpp
// (bound to one connection inside one Store call).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access.hpp"
#include "domain/people.hpp"
#include "domain/roster.hpp"
#include "domain/training.hpp"
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
    /// The log of changes behind the 24-hour notice (TT 20/2017 Điều 6.1.b).
    virtual core::Status AddChange(const domain::ContactChange& change) = 0;
    /// The unit's changes after the one numbered `after_seq`, oldest first.
    virtual core::Result<std::vector<domain::ContactChange>> ChangesAfter(
        domain::UnitId unit, std::int64_t after_seq) = 0;
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
    /// The entries after `after_id`, oldest first, at most `limit`, each with its unit's current
    /// path (moved units carry their history) and without the before/after snapshots: the
    /// change feed's reading.
    virtual core::Result<std::vector<domain::AuditEntry>> After(std::int64_t after_id,
                                                                int limit) = 0;
    /// The newest entry's id; 0 when the log is empty.
    virtual core::Result<std::int64_t> LatestId() = 0;
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

/// A shift on the roster with the team it belongs to (for a person's own on-call list).
struct TeamShift {
    domain::Shift shift;
    domain::TeamId team_id;
    std::string team_name;
};

/// Response teams, their members (people of the register) and their on-call rosters.
class TeamRepository {
public:
    virtual ~TeamRepository() = default;
    /// kConflict when the unit already has a team.
    virtual core::Result<domain::Team> Insert(domain::Team team) = 0;
    virtual core::Status Update(const domain::Team& team) = 0;
    virtual core::Result<domain::Team> Get(domain::TeamId id) = 0;
    virtual core::Result<std::optional<domain::Team>> ForUnit(domain::UnitId unit) = 0;
    /// Teams of units within the scope, by unit path.
    virtual core::Result<std::vector<domain::Team>> List(
        const std::vector<domain::ScopeRoot>& scope, bool unrestricted) = 0;

    /// Members with their register details, leaders first.
    virtual core::Result<std::vector<domain::TeamMember>> Members(domain::TeamId team) = 0;
    virtual core::Result<domain::TeamMember> GetMember(domain::TeamMemberId id) = 0;
    /// kConflict when the person is already a member.
    virtual core::Result<domain::TeamMember> InsertMember(domain::TeamMember member) = 0;
    virtual core::Status UpdateMember(const domain::TeamMember& member) = 0;

    /// Shifts of the team that overlap [from, to), by start.
    virtual core::Result<std::vector<domain::Shift>> Shifts(domain::TeamId team,
                                                            core::TimePoint from,
                                                            core::TimePoint to) = 0;
    /// Replaces the roster from `from` on: shifts starting at or after it are removed, a shift
    /// running over it ends there, then `shifts` are added.
    virtual core::Status ReplaceShifts(domain::TeamId team,
                                       core::TimePoint from,
                                       const std::vector<domain::Shift>& shifts) = 0;
    /// Writes a shift's member and backup (a swap).
    virtual core::Status UpdateShift(const domain::Shift& shift) = 0;
    /// Shifts ending after `from` and starting before `to` held (as member or backup) by the
    /// active members whose register e-mail is `email` (compared without case), by start.
    virtual core::Result<std::vector<TeamShift>> ShiftsOfEmail(std::string_view email,
                                                               core::TimePoint from,
                                                               core::TimePoint to) = 0;
};

/// One attendance as the coverage reads it, with the attendee's unit.
struct UnitAttendance {
    domain::UnitId unit_id;
    domain::Attendance attendance;
};

/// A person of the register as the coverage counts them.
struct StaffLine {
    domain::PersonId person_id;
    domain::UnitId unit_id;
    bool specialist = false;  // has a training field (the staff annex of Mẫu 01)
    std::string full_name;
    std::string email;
};

/// Training courses and their attendees, awareness campaigns, and the units' yearly targets.
class TrainingRepository {
public:
    virtual ~TrainingRepository() = default;
    virtual core::Result<domain::Course> InsertCourse(domain::Course course) = 0;
    virtual core::Status UpdateCourse(const domain::Course& course) = 0;
    /// With its unit and its number of attendees.
    virtual core::Result<domain::Course> GetCourse(domain::CourseId id) = 0;
    /// Courses of units within the scope whose last day falls in `year`, newest first.
    virtual core::Result<std::vector<domain::Course>> Courses(
        const std::vector<domain::ScopeRoot>& scope, bool unrestricted, int year) = 0;

    /// By name, with the person's unit.
    virtual core::Result<std::vector<domain::CourseAttendee>> Attendees(domain::CourseId id) = 0;
    /// kConflict when a person already attends the course.
    virtual core::Status AddAttendees(const std::vector<domain::CourseAttendee>& attendees) = 0;
    virtual core::Status UpdateAttendee(const domain::CourseAttendee& attendee) = 0;
    /// kNotFound when the person does not attend the course.
    virtual core::Status RemoveAttendee(domain::CourseId course, domain::PersonId person) = 0;

    /// Active people of the units at or under `path`.
    virtual core::Result<std::vector<StaffLine>> StaffUnder(std::string_view path) = 0;
    /// Attendances of people of the units at or under `path` of courses ending on or before
    /// `until` (a certificate may still be valid from years ago).
    virtual core::Result<std::vector<UnitAttendance>> AttendanceUnder(std::string_view path,
                                                                      core::Date until) = 0;

    virtual core::Result<domain::Campaign> InsertCampaign(domain::Campaign campaign) = 0;
    virtual core::Status UpdateCampaign(const domain::Campaign& campaign) = 0;
    virtual core::Result<domain::Campaign> GetCampaign(domain::CampaignId id) = 0;
    /// Campaigns of units at or under `path` on days of `year`, newest first.
    virtual core::Result<std::vector<domain::Campaign>> CampaignsUnder(std::string_view path,
                                                                       int year) = 0;

    /// The targets of the units at or under `path` for `year` (units without any are absent).
    virtual core::Result<std::vector<domain::PracticeTargets>> TargetsUnder(std::string_view path,
                                                                            int year) = 0;
    virtual core::Status PutTargets(const domain::PracticeTargets& targets) = 0;
};

}  // namespace ungcuu::app
