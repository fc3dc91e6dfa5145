// Periodic reports up the tree. A unit adopts a report regime for its subtree (the province
// Mẫu 05, a commune its plan's chain); every unit of that subtree whose kind files at one of the
// regime's tiers owes a report for each of its periods, due on its tier's day. A filer's report
// goes to its nearest filing ancestor — the compiler — which sees its children submitted, late or
// missing, accepts or returns each with reasons, and rolls up exactly the accepted figures into
// its own: own figures count the incidents of its subtree less its children's subtrees (their
// reports carry those), so nothing is counted twice however deep the chain. A filer with no
// compiler in the tree files outside it (the national coordinator, a ministry). The figures are
// prefilled from the system and fixed when the report is submitted. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/documents.hpp"
#include "app/ports.hpp"
#include "app/registry/readiness_service.hpp"
#include "domain/periodic.hpp"
#include "domain/protection.hpp"

namespace ungcuu::app {

/// A filer as its compiler sees it for one period.
struct FilerStatus {
    domain::Unit unit;
    domain::FilingStatus status = domain::FilingStatus::kNotStarted;
    core::TimePoint due_at;
    bool late = false;
    std::optional<domain::PeriodicReport> report;
};

struct PeriodicView {
    domain::ReportRegime regime;
    domain::Period period;
    domain::Unit unit;
    domain::RegimeTier tier;
    /// The stored report, or a draft not yet saved (id 0); a draft's figures are live.
    domain::PeriodicReport report;
    std::optional<domain::Unit> recipient;  // the compiler; nullopt: filed outside the tree
    std::vector<FilerStatus> children;      // the filers this unit compiles
    domain::Figures accepted_children;      // the accepted children's totals, summed
    bool late = false;
    bool can_edit = false;    // the caller may write and submit it
    bool can_review = false;  // the caller may accept or return it (the compiler's handler)
    core::TimePoint as_of;
    /// The unit's own plan tasks (not its subtree's), read for the documents only.
    std::vector<AssignmentRow> own_tasks{};
};

/// One report a unit owes: what the caller's list of reports shows.
struct Obligation {
    std::string regime;
    std::string regime_title_vi;
    std::string regime_title_en;
    domain::Period period;
    domain::Unit unit;
    core::TimePoint due_at;
    domain::FilingStatus status = domain::FilingStatus::kNotStarted;
    bool late = false;
    int children = 0;           // filers it compiles
    int children_accepted = 0;  // of them, accepted
};

struct ReportText {
    std::string narrative;
    std::string proposals;
    std::optional<std::int64_t> version;  // the version read; nullopt: a new report
};

/// The report laid out as an official document (periodic_document.cpp): the administrative
/// head, Mẫu 05's table 1 from the report's totals with the taxonomy's names of the attack
/// types, the helping organisations, narrative, proposals, and the filers' statuses.
OfficialDocument PeriodicLayout(const PeriodicView& view,
                                const domain::Taxonomy& taxonomy,
                                const std::string& place,
                                const std::string& parent,
                                core::TimePoint now);

class PeriodicReportService {
public:
    PeriodicReportService(Store& store,
                          const core::Clock& clock,
                          domain::RegimeBook regimes,
                          const domain::Taxonomy& taxonomy,
                          DocumentRenderer& renderer,
                          ReadinessService* readiness = nullptr)
        : store_(store),
          clock_(clock),
          regimes_(std::move(regimes)),
          taxonomy_(taxonomy),
          renderer_(renderer),
          readiness_(readiness) {}

    const domain::RegimeBook& regimes() const { return regimes_; }

    core::TimePoint Now() const { return clock_.Now(); }

    /// The adoptions inside what the caller sees.
    core::Result<std::vector<RegimeAdoption>> Adoptions(const Actor& actor);
    /// The unit runs the regime in its subtree (kUnitWrite on it); kConflict when it already
    /// does, kNotFound for an unknown regime.
    core::Result<RegimeAdoption> Adopt(const Actor& actor,
                                       std::string_view regime,
                                       domain::UnitId unit);
    core::Status Drop(const Actor& actor, std::string_view regime, domain::UnitId unit);

    /// The reports the units where the caller holds a role owe in `year`, by due time.
    core::Result<std::vector<Obligation>> Obligations(const Actor& actor, int year);

    /// A unit's report for a period (kNotFound when the unit does not file under the regime).
    core::Result<PeriodicView> Get(const Actor& actor,
                                   std::string_view regime,
                                   std::string_view period,
                                   domain::UnitId unit);
    /// Saves the narrative and proposals (kIncidentReport on the unit); a draft or returned
    /// report only.
    core::Result<PeriodicView> Save(const Actor& actor,
                                    std::string_view regime,
                                    std::string_view period,
                                    domain::UnitId unit,
                                    const ReportText& text);
    /// Fixes the figures and sends the report to its compiler (kIncidentReport on the unit).
    core::Result<PeriodicView> Submit(const Actor& actor,
                                      std::string_view regime,
                                      std::string_view period,
                                      domain::UnitId unit,
                                      const ReportText& text);
    /// The report as a document in the administrative layout (DOCX, PDF) or its tables as a
    /// workbook (XLSX): Mẫu 05's table, the helping organisations, the narrative and proposals,
    /// and for a compiler where each filer stands. Whoever may read the report may download it.
    core::Result<RenderedDocument> Document(const Actor& actor,
                                            std::string_view regime,
                                            std::string_view period,
                                            domain::UnitId unit,
                                            DocumentFormat format);
    /// The compiler accepts the report or returns it with the reason (kIncidentHandle on the
    /// compiler). kConflict for a report filed outside the tree.
    core::Result<PeriodicView> Review(const Actor& actor,
                                      std::string_view regime,
                                      std::string_view period,
                                      domain::UnitId unit,
                                      bool accept,
                                      std::string_view reason);

    /// A child installation's report for `unit` (the unit it stands for), submitted there, in
    /// the caller's transaction: stored as submitted with the figures and texts it was filed
    /// with, for the compiler here to review. kConflict when this period's report is already
    /// submitted or accepted here; kNotFound when the unit does not file under the regime here.
    core::Result<domain::PeriodicReportId> ReceiveRemote(Repositories& repos,
                                                         const Actor& actor,
                                                         domain::PeriodicReport filed);
    /// The parent installation's review of the top unit's report it was sent (the submission of
    /// `submitted_at`), in the caller's transaction; `by` names the reviewer there. A review of
    /// an earlier submission changes nothing.
    core::Status TakeRemoteReview(Repositories& repos,
                                  const Actor& actor,
                                  const domain::PeriodicReport& reviewed,
                                  core::TimePoint submitted_at,
                                  const std::string& by);

private:
    struct Context;
    core::Result<Context> Load(Repositories& repos,
                               std::string_view regime,
                               std::string_view period,
                               domain::UnitId unit);
    /// What does not depend on the period: the unit, its compiler and its children.
    core::Result<Context> LoadTree(Repositories& repos,
                                   const domain::ReportRegime& regime,
                                   domain::UnitId unit);
    /// The period's reports of the unit and of its children.
    core::Status LoadPeriod(Repositories& repos, Context& context, const domain::Period& period);
    core::Result<PeriodicView> ViewOf(Repositories& repos, const Actor& actor, Context& context);
    core::Result<PeriodicView> Write(const Actor& actor,
                                     std::string_view regime,
                                     std::string_view period,
                                     domain::UnitId unit,
                                     const ReportText& text,
                                     bool submit);

    Store& store_;
    const core::Clock& clock_;
    const domain::RegimeBook regimes_;
    const domain::Taxonomy& taxonomy_;
    DocumentRenderer& renderer_;
    ReadinessService* readiness_;  // the registry's readiness, snapshotted into reports

    /// The readiness of the unit's subtree as figures: its plan tasks as they stand today
    /// ("readiness.plan_tasks"…) and, with a readiness service, the registry's
    /// ("readiness.systems"…). State, not flow: never summed up the tree.
    core::Result<domain::Figures> ReadinessNow(const Actor& actor, domain::UnitId unit);
    /// Puts the live readiness into an open report's figures (a submitted one keeps its own).
    core::Status AddLiveReadiness(const Actor& actor, PeriodicView& view);
};

}  // namespace ungcuu::app
