// Use cases of level dossiers (hồ sơ đề xuất cấp độ): open one for a system, upload its
// documents, and walk it through the stages of the rule set — submit, accept as valid,
// appraise, approve, or return with reasons and reopen. Each review stage gets its time limit
// from the registry rules counted on the working-day calendar. Approval sets the system's
// approved level. A dossier is visible to callers who see its owner unit or its reviewing unit.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/calendar_service.hpp"
#include "app/ports.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

struct DossierQuery {
    std::optional<domain::SystemId> system_id;
    std::optional<domain::UnitId> unit_id;
    std::optional<domain::DossierState> state;
    bool overdue_only = false;
    std::int64_t after_id = 0;
    int limit = 50;
};

struct DossierPage {
    std::vector<domain::LevelDossier> dossiers;
    std::int64_t next_cursor = 0;
};

struct DossierDetails {
    domain::LevelDossier dossier;
    std::vector<domain::DossierEvent> events;
    std::vector<domain::DossierDocument> documents;
    std::vector<const domain::DocumentSlot*> required;  // slots for the proposed level
    const domain::LevelAuthority* authority = nullptr;  // appraiser and approver of the level
    std::optional<const domain::StageLimit*> limit;     // of the current stage
    bool overdue = false;
    std::vector<domain::DossierAction> allowed;  // what the caller may do now
};

/// A dossier stage past or near its time limit, for the unit that must act and the units above
/// it (they see it through their subtree scope).
struct DossierReminder {
    domain::LevelDossier dossier;
    domain::UnitId responsible_unit_id;  // reviewer, or the approver for the approval stage
    bool overdue = false;
    bool can_act = false;  // the caller holds the permission the stage needs
};

struct NewDossier {
    domain::SystemId system_id;
    domain::UnitId reviewer_unit_id;
    std::optional<int> proposed_level;  // defaults to the system's combined level
    std::string justification;
};

struct UploadLimits {
    std::size_t max_bytes = std::size_t{20} * 1024 * 1024;
};

struct DocumentFile {
    domain::DossierDocument document;
    std::string bytes;
};

class DossierService {
public:
    DossierService(Store& store,
                   const core::Clock& clock,
                   const domain::RegistryRuleSet& rules,
                   CalendarService& calendar,
                   UploadStore& uploads,
                   ContentTypeDetector& detector,
                   UploadLimits limits = {})
        : store_(store),
          clock_(clock),
          rules_(rules),
          calendar_(calendar),
          uploads_(uploads),
          detector_(detector),
          limits_(limits) {}

    core::Result<DossierPage> List(const Actor& actor, const DossierQuery& query);
    /// Dossiers in a review stage that is overdue or due within `soon_days`, whose responsible
    /// unit the caller sees; overdue first.
    core::Result<std::vector<DossierReminder>> Reminders(const Actor& actor, int soon_days = 3);
    /// The units that may review a dossier of the system: active departments and people's
    /// committees of the owner's tree (the caller need not see them).
    core::Result<std::vector<domain::Unit>> Reviewers(const Actor& actor, domain::SystemId system);
    core::Result<DossierDetails> Get(const Actor& actor, domain::DossierId id);
    /// Opens a draft; kConflict while the system has another open dossier.
    core::Result<DossierDetails> Create(const Actor& actor, const NewDossier& request);
    /// Performs `action`; `note` is the reason to return or the approval decision.
    core::Result<DossierDetails> Act(const Actor& actor,
                                     domain::DossierId id,
                                     domain::DossierAction action,
                                     std::string_view note);
    /// Stores a document in a slot of a draft or returned dossier. The type is detected from
    /// the bytes; only office documents, PDF and images are accepted.
    core::Result<DossierDetails> Upload(const Actor& actor,
                                        domain::DossierId id,
                                        std::string_view slot,
                                        std::string_view file_name,
                                        std::string_view bytes);
    core::Result<DocumentFile> Download(const Actor& actor,
                                        domain::DossierId id,
                                        std::string_view slot);

    const domain::RegistryRuleSet& rules() const { return rules_; }

    core::TimePoint Now() const { return clock_.Now(); }

    const UploadLimits& limits() const { return limits_; }

    /// Scans the documents uploaded from now on (the deployment's malware scanner).
    void UseScanner(FileScanner& scanner) { scanner_ = &scanner; }

private:
    core::Result<domain::LevelDossier> LoadVisible(Repositories& repos,
                                                   const Actor& actor,
                                                   domain::DossierId id);
    core::Result<DossierDetails> Details(Repositories& repos,
                                         const Actor& actor,
                                         domain::LevelDossier dossier);
    /// kPermissionDenied (or kNotFound) unless the actor is the party that takes `action`.
    core::Status AuthorizeAction(const Actor& actor,
                                 const domain::LevelDossier& dossier,
                                 domain::DossierAction action) const;

    Store& store_;
    const core::Clock& clock_;
    const domain::RegistryRuleSet& rules_;
    CalendarService& calendar_;
    UploadStore& uploads_;
    ContentTypeDetector& detector_;
    UploadLimits limits_;
    FileScanner* scanner_ = nullptr;
};

core::FieldSnapshot DossierSnapshot(const domain::LevelDossier& dossier);

/// May `unit` review dossiers of systems owned at `owner_path`?
bool IsReviewerCandidate(const domain::Unit& unit, std::string_view owner_path);

}  // namespace ungcuu::app
