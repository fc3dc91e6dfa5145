#include "app/network/periodic_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "app/audit_writer.hpp"
#include "app/network/work_plan_service.hpp"
#include "app/unit_access.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

namespace {

constexpr int kMaxSubtreeUnits = 5000;
constexpr std::int64_t kMaxDocumentTasks = 500;  // a unit's own plan tasks listed in a report

bool Obliged(const domain::Unit& unit,
             const domain::ReportRegime& regime,
             const std::vector<RegimeAdoption>& adoptions) {
    if (!unit.active || regime.TierOf(unit.kind) == nullptr) {
        return false;
    }
    return std::any_of(adoptions.begin(), adoptions.end(), [&](const RegimeAdoption& a) {
        return a.regime == regime.code && domain::IsWithin(unit.path, a.unit_path);
    });
}

core::Result<const domain::ReportRegime*> RegimeOf(const domain::RegimeBook& book,
                                                   std::string_view code) {
    const auto* regime = book.Find(code);
    if (regime == nullptr) {
        return core::NotFound(fmt::format("Không có chế độ báo cáo \"{}\".", code),
                              fmt::format("No reporting regime \"{}\".", code));
    }
    return regime;
}

core::Result<domain::Period> PeriodOf(const domain::ReportRegime& regime, std::string_view key) {
    UNGCUU_ASSIGN_OR_RETURN(period, domain::ParsePeriodKey(key));
    if (!regime.Reports(period)) {
        return core::InvalidArgument(fmt::format("Chế độ báo cáo này không có kỳ {}.", key),
                                     fmt::format("This reporting regime has no period {}.", key));
    }
    return period;
}

bool Sees(const Actor& actor, std::string_view path) {
    return actor.unrestricted || actor.scope.Sees(path);
}

/// The readiness figures of a report: the same in its own and total figures (a state of the
/// whole subtree, not summed from the filers).
void SetReadiness(domain::PeriodicReport& report, const domain::Figures& readiness) {
    for (const auto& [key, value] : readiness) {
        report.own[key] = value;
        report.total[key] = value;
    }
}

domain::FilingStatus StatusOf(const std::optional<domain::PeriodicReport>& report) {
    if (!report) {
        return domain::FilingStatus::kNotStarted;
    }
    switch (report->state) {
        case domain::PeriodicState::kDraft:
            return domain::FilingStatus::kDraft;
        case domain::PeriodicState::kSubmitted:
            return domain::FilingStatus::kSubmitted;
        case domain::PeriodicState::kReturned:
            return domain::FilingStatus::kReturned;
        case domain::PeriodicState::kAccepted:
            return domain::FilingStatus::kAccepted;
    }
    return domain::FilingStatus::kNotStarted;
}

std::string Lines(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
        out += out.empty() ? name : "\n" + name;
    }
    return out;
}

/// Figures from another installation: keys as this one writes them, counts not negative.
bool PlausibleFigures(const domain::Figures& figures) {
    constexpr std::size_t kMaxFigures = 1000;
    return figures.size() <= kMaxFigures &&
           std::all_of(figures.begin(), figures.end(), [](const auto& figure) {
               const auto& [key, value] = figure;
               return !key.empty() && key.size() <= 100 && value >= 0 &&
                      std::all_of(key.begin(), key.end(), [](char c) {
                          return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' ||
                                 c == '_';
                      });
           });
}

}  // namespace

struct PeriodicReportService::Context {
    const domain::ReportRegime* regime = nullptr;
    domain::Period period;
    domain::Unit unit;
    const domain::RegimeTier* tier = nullptr;
    std::optional<domain::Unit> compiler;
    std::vector<domain::Unit> children;
    std::optional<domain::PeriodicReport> stored;
    std::vector<domain::PeriodicReport> child_reports;
};

core::Result<PeriodicReportService::Context> PeriodicReportService::Load(
    Repositories& repos, std::string_view regime_code, std::string_view key, domain::UnitId id) {
    UNGCUU_ASSIGN_OR_RETURN(regime, RegimeOf(regimes_, regime_code));
    UNGCUU_ASSIGN_OR_RETURN(period, PeriodOf(*regime, key));
    UNGCUU_ASSIGN_OR_RETURN(context, LoadTree(repos, *regime, id));
    UNGCUU_RETURN_IF_ERROR(LoadPeriod(repos, context, period));
    return context;
}

core::Result<PeriodicReportService::Context> PeriodicReportService::LoadTree(
    Repositories& repos, const domain::ReportRegime& regime_ref, domain::UnitId id) {
    Context c;
    const auto* regime = &regime_ref;
    c.regime = regime;
    UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(id));
    c.unit = std::move(unit);
    UNGCUU_ASSIGN_OR_RETURN(adoptions, repos.periodic.Adoptions());
    if (!Obliged(c.unit, *regime, adoptions)) {
        return core::NotFound(
            fmt::format("{} không phải báo cáo theo chế độ \"{}\".", c.unit.name_vi,
                        regime->title_vi),
            fmt::format("{} does not file under \"{}\".", c.unit.name_vi, regime->title_en));
    }
    c.tier = regime->TierOf(c.unit.kind);
    // The compiler: the nearest filing ancestor.
    auto ids = domain::PathIds(c.unit.path);
    std::reverse(ids.begin(), ids.end());
    for (const auto ancestor_id : ids) {
        if (ancestor_id == c.unit.id) {
            continue;
        }
        UNGCUU_ASSIGN_OR_RETURN(ancestor, repos.units.Get(ancestor_id));
        if (Obliged(ancestor, *regime, adoptions)) {
            c.compiler = std::move(ancestor);
            break;
        }
    }
    // The children: filing descendants with no filer between them and this unit.
    UnitFilter filter;
    filter.scope = {domain::ScopeRoot{c.unit.path, false}};
    filter.active = true;
    filter.limit = kMaxSubtreeUnits;
    UNGCUU_ASSIGN_OR_RETURN(subtree, repos.units.List(filter));
    std::set<std::int64_t> filers;
    for (const auto& u : subtree) {
        if (Obliged(u, *regime, adoptions)) {
            filers.insert(u.id.value());
        }
    }
    for (auto& u : subtree) {
        if (u.id == c.unit.id || filers.count(u.id.value()) == 0) {
            continue;
        }
        const auto path = domain::PathIds(u.path);
        const auto self = std::find(path.begin(), path.end(), c.unit.id);
        const bool direct = self != path.end() &&
                            std::none_of(self + 1, path.end() - 1, [&](domain::UnitId between) {
                                return filers.count(between.value()) > 0;
                            });
        if (direct) {
            c.children.push_back(std::move(u));
        }
    }
    return c;
}

core::Status PeriodicReportService::LoadPeriod(Repositories& repos,
                                               Context& c,
                                               const domain::Period& period) {
    c.period = period;
    const auto key = period.Key();
    UNGCUU_ASSIGN_OR_RETURN(stored, repos.periodic.Find(c.regime->code, key, c.unit.id));
    c.stored = std::move(stored);
    std::vector<domain::UnitId> child_ids;
    for (const auto& child : c.children) {
        child_ids.push_back(child.id);
    }
    UNGCUU_ASSIGN_OR_RETURN(child_reports, repos.periodic.ForUnits(c.regime->code, key, child_ids));
    c.child_reports = std::move(child_reports);
    return core::Ok();
}

core::Result<PeriodicView> PeriodicReportService::ViewOf(Repositories& repos,
                                                         const Actor& actor,
                                                         Context& c) {
    const auto now = clock_.Now();
    PeriodicView v;
    v.regime = *c.regime;
    v.period = c.period;
    v.unit = c.unit;
    v.tier = *c.tier;
    v.recipient = c.compiler;
    v.as_of = now;
    const auto due_at = domain::DueAt(c.tier->due, c.period);
    for (const auto& child : c.children) {
        FilerStatus status;
        status.unit = child;
        const auto* child_tier = c.regime->TierOf(child.kind);
        status.due_at = domain::DueAt(child_tier->due, c.period);
        for (const auto& report : c.child_reports) {
            if (report.unit_id == child.id) {
                status.report = report;
            }
        }
        status.status = StatusOf(status.report);
        status.late = domain::IsLate(status.report, status.due_at, now);
        if (status.status == domain::FilingStatus::kAccepted) {
            for (const auto& [key, value] : status.report->total) {
                if (!key.starts_with("readiness.")) {  // a state, counted in this unit's own
                    v.accepted_children[key] += value;
                }
            }
        }
        v.children.push_back(std::move(status));
    }
    std::sort(v.children.begin(), v.children.end(),
              [](const FilerStatus& a, const FilerStatus& b) { return a.unit.path < b.unit.path; });
    if (c.stored) {
        v.report = *c.stored;
    } else {
        v.report.regime = c.regime->code;
        v.report.period = c.period.Key();
        v.report.unit_id = c.unit.id;
        v.report.unit_name = c.unit.name_vi;
        v.report.unit_path = c.unit.path;
        v.report.created_at = now;
        v.report.updated_at = now;
    }
    v.report.due_at = due_at;
    v.report.recipient_unit_id =
        c.compiler ? std::optional<domain::UnitId>(c.compiler->id) : std::nullopt;
    const bool open = v.report.state == domain::PeriodicState::kDraft ||
                      v.report.state == domain::PeriodicState::kReturned;
    if (open) {
        // Live figures until it is submitted.
        std::vector<std::string> excluded;
        for (const auto& child : c.children) {
            excluded.push_back(child.path);
        }
        UNGCUU_ASSIGN_OR_RETURN(tallies, repos.periodic.Tally(c.unit.path, excluded,
                                                              core::StartOfLocalDay(c.period.from),
                                                              core::EndOfLocalDay(c.period.to)));
        v.report.own = domain::Mau05Figures(tallies.tallies);
        v.report.total = v.report.own;
        domain::AddFigures(v.report.total, v.accepted_children);
        v.report.helpers = Lines(tallies.helpers);
        v.report.foreign_helpers = Lines(tallies.foreign_helpers);
    }
    std::optional<domain::PeriodicReport> as_filed;
    if (c.stored) {
        as_filed = c.stored;
    }
    v.late = domain::IsLate(as_filed, due_at, now);
    v.can_edit = open && actor.Authorize(c.unit.path, domain::Permission::kIncidentReport).ok();
    v.can_review = c.compiler && v.report.state == domain::PeriodicState::kSubmitted &&
                   actor.Authorize(c.compiler->path, domain::Permission::kIncidentHandle).ok();
    return v;
}

core::Result<std::vector<RegimeAdoption>> PeriodicReportService::Adoptions(const Actor& actor) {
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<RegimeAdoption>> {
        UNGCUU_ASSIGN_OR_RETURN(all, repos.periodic.Adoptions());
        std::vector<RegimeAdoption> out;
        for (auto& a : all) {
            if (Sees(actor, a.unit_path)) {
                out.push_back(std::move(a));
            }
        }
        return out;
    });
}

core::Result<RegimeAdoption> PeriodicReportService::Adopt(const Actor& actor,
                                                          std::string_view regime_code,
                                                          domain::UnitId unit_id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<RegimeAdoption> {
        UNGCUU_ASSIGN_OR_RETURN(unit,
                                LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitWrite));
        UNGCUU_ASSIGN_OR_RETURN(regime, RegimeOf(regimes_, regime_code));
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.periodic.Adoptions());
        for (const auto& a : existing) {
            if (a.regime == regime->code && a.unit_id == unit.id) {
                return core::Conflict(
                    fmt::format("{} đã áp dụng chế độ báo cáo này.", unit.name_vi),
                    fmt::format("{} already runs this reporting regime.", unit.name_vi));
            }
        }
        RegimeAdoption adoption{regime->code, unit.id, unit.path, unit.name_vi, now, actor.login};
        UNGCUU_RETURN_IF_ERROR(repos.periodic.Adopt(adoption));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(
            repos, actor, now,
            {"periodic.adopt", "unit", unit.id.value(), &unit, "{}",
             core::FieldSnapshot().Add("regime", std::string_view(regime->code)).ToJson()}));
        return adoption;
    });
}

core::Status PeriodicReportService::Drop(const Actor& actor,
                                         std::string_view regime_code,
                                         domain::UnitId unit_id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(unit,
                                LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitWrite));
        UNGCUU_RETURN_IF_ERROR(repos.periodic.Drop(regime_code, unit.id));
        return WriteAudit(
            repos, actor, now,
            {"periodic.drop", "unit", unit.id.value(), &unit,
             core::FieldSnapshot().Add("regime", std::string_view(regime_code)).ToJson(), "{}"});
    });
}

core::Result<std::vector<Obligation>> PeriodicReportService::Obligations(const Actor& actor,
                                                                         int year) {
    if (year < 2000 || year > 2100) {
        return core::InvalidArgument("Năm báo cáo phải từ 2000 đến 2100.",
                                     "The reporting year must be 2000 to 2100.");
    }
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<Obligation>> {
        UNGCUU_ASSIGN_OR_RETURN(adoptions, repos.periodic.Adoptions());
        // The units where the caller holds a role (everything for the CLI: the adopters).
        std::vector<domain::Unit> units;
        std::set<std::int64_t> seen;
        const auto add = [&](domain::Unit unit) {
            if (seen.insert(unit.id.value()).second) {
                units.push_back(std::move(unit));
            }
        };
        if (actor.unrestricted) {
            for (const auto& a : adoptions) {
                UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(a.unit_id));
                add(std::move(unit));
            }
        } else {
            for (const auto& root : actor.scope.VisibleRoots()) {
                const auto ids = domain::PathIds(root.path);
                if (!ids.empty()) {
                    UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(ids.back()));
                    add(std::move(unit));
                }
            }
        }
        std::vector<Obligation> out;
        for (const auto& unit : units) {
            for (const auto& regime : regimes_.regimes) {
                if (!Obliged(unit, regime, adoptions)) {
                    continue;
                }
                // The tree is read once per regime; each period only reads its reports.
                UNGCUU_ASSIGN_OR_RETURN(context, LoadTree(repos, regime, unit.id));
                for (const auto& period : regime.PeriodsIn(year)) {
                    UNGCUU_RETURN_IF_ERROR(LoadPeriod(repos, context, period));
                    Obligation o;
                    o.regime = regime.code;
                    o.regime_title_vi = regime.title_vi;
                    o.regime_title_en = regime.title_en;
                    o.period = period;
                    o.unit = unit;
                    o.due_at = domain::DueAt(context.tier->due, period);
                    o.status = StatusOf(context.stored);
                    o.late = domain::IsLate(context.stored, o.due_at, clock_.Now());
                    o.children = static_cast<int>(context.children.size());
                    for (const auto& report : context.child_reports) {
                        if (report.state == domain::PeriodicState::kAccepted) {
                            ++o.children_accepted;
                        }
                    }
                    out.push_back(std::move(o));
                }
            }
        }
        std::sort(out.begin(), out.end(), [](const Obligation& a, const Obligation& b) {
            return a.due_at != b.due_at ? a.due_at < b.due_at : a.unit.path < b.unit.path;
        });
        return out;
    });
}

core::Result<PeriodicView> PeriodicReportService::Get(const Actor& actor,
                                                      std::string_view regime,
                                                      std::string_view period,
                                                      domain::UnitId unit) {
    UNGCUU_ASSIGN_OR_RETURN(
        view, store_.Read([&](Repositories& repos) -> core::Result<PeriodicView> {
            UNGCUU_ASSIGN_OR_RETURN(visible,
                                    LoadUnitFor(repos, actor, unit, domain::Permission::kUnitRead));
            (void)visible;
            UNGCUU_ASSIGN_OR_RETURN(context, Load(repos, regime, period, unit));
            return ViewOf(repos, actor, context);
        }));
    UNGCUU_RETURN_IF_ERROR(AddLiveReadiness(actor, view));
    return view;
}

core::Result<domain::Figures> PeriodicReportService::ReadinessNow(const Actor& actor,
                                                                  domain::UnitId unit) {
    // The plan tasks of the subtree as they stand today.
    domain::Figures out;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(found, repos.units.Get(unit));
        UNGCUU_ASSIGN_OR_RETURN(tasks,
                                PlanTaskFigures(repos, found.path, core::LocalDate(clock_.Now())));
        out = std::move(tasks);
        return core::Ok();
    }));
    if (readiness_ == nullptr) {
        return out;
    }
    UNGCUU_ASSIGN_OR_RETURN(readiness, readiness_->Compute(actor, unit));
    const auto& f = readiness.total.figures;
    out.insert({{"readiness.units", f.units},
                {"readiness.systems", f.systems},
                {"readiness.systems_unapproved", f.systems_unapproved},
                {"readiness.units_layers_incomplete", f.units_layers_incomplete},
                {"readiness.system_assessments_overdue", f.system_assessments_overdue},
                {"readiness.scans_overdue", f.scans_overdue},
                {"readiness.drills_overdue", f.drills_overdue},
                {"readiness.risks_unreviewed", f.risks_unreviewed}});
    return out;
}

core::Status PeriodicReportService::AddLiveReadiness(const Actor& actor, PeriodicView& view) {
    if (view.report.state != domain::PeriodicState::kDraft &&
        view.report.state != domain::PeriodicState::kReturned) {
        return core::Ok();
    }
    UNGCUU_ASSIGN_OR_RETURN(now, ReadinessNow(actor, view.unit.id));
    SetReadiness(view.report, now);
    return core::Ok();
}

core::Result<RenderedDocument> PeriodicReportService::Document(const Actor& actor,
                                                               std::string_view regime,
                                                               std::string_view period,
                                                               domain::UnitId unit,
                                                               DocumentFormat format) {
    std::optional<PeriodicView> view;
    std::string place;
    std::string parent;
    std::string code;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(visible,
                                LoadUnitFor(repos, actor, unit, domain::Permission::kUnitRead));
        UNGCUU_ASSIGN_OR_RETURN(context, Load(repos, regime, period, unit));
        UNGCUU_ASSIGN_OR_RETURN(computed, ViewOf(repos, actor, context));
        view = std::move(computed);
        // The unit's own rows come first: its path sorts before every path below it.
        UNGCUU_ASSIGN_OR_RETURN(visited,
                                repos.work_plans.EachAssignment(
                                    visible.path, kMaxDocumentTasks, [&](const AssignmentRow& row) {
                                        if (row.assignment.unit_path == visible.path) {
                                            view->own_tasks.push_back(row);
                                        }
                                    }));
        (void)visited;
        if (visible.parent_id) {
            if (auto above = repos.units.Get(*visible.parent_id); above.ok()) {
                parent = above->name_vi;
            }
        }
        place = PlaceOf(repos, visible);
        code = visible.code;
        return core::Ok();
    }));
    UNGCUU_RETURN_IF_ERROR(AddLiveReadiness(actor, *view));
    const auto doc = PeriodicLayout(*view, taxonomy_, place, parent, clock_.Now());
    return RenderDocument(
        renderer_, doc, format,
        fmt::format("bao-cao-{}-{}-{}", view->regime.code, view->period.Key(), code));
}

core::Result<PeriodicView> PeriodicReportService::Save(const Actor& actor,
                                                       std::string_view regime,
                                                       std::string_view period,
                                                       domain::UnitId unit,
                                                       const ReportText& text) {
    return Write(actor, regime, period, unit, text, false);
}

core::Result<PeriodicView> PeriodicReportService::Submit(const Actor& actor,
                                                         std::string_view regime,
                                                         std::string_view period,
                                                         domain::UnitId unit,
                                                         const ReportText& text) {
    return Write(actor, regime, period, unit, text, true);
}

core::Result<PeriodicView> PeriodicReportService::Write(const Actor& actor,
                                                        std::string_view regime,
                                                        std::string_view period,
                                                        domain::UnitId unit_id,
                                                        const ReportText& text,
                                                        bool submit) {
    const auto now = clock_.Now();
    // The readiness at the moment of submitting is fixed with the report (read before the
    // write: the readiness service reads on its own).
    domain::Figures readiness;
    if (submit) {
        UNGCUU_ASSIGN_OR_RETURN(snapshot, ReadinessNow(actor, unit_id));
        readiness = std::move(snapshot);
    }
    UNGCUU_ASSIGN_OR_RETURN(
        written, store_.Write([&](Repositories& repos) -> core::Result<PeriodicView> {
            UNGCUU_ASSIGN_OR_RETURN(
                unit, LoadUnitFor(repos, actor, unit_id, domain::Permission::kIncidentReport));
            UNGCUU_ASSIGN_OR_RETURN(context, Load(repos, regime, period, unit.id));
            if (context.stored && text.version && *text.version != context.stored->version) {
                return core::Conflict(
                    "Báo cáo vừa được người khác thay đổi; hãy tải lại rồi làm lại.",
                    "The report was changed by someone else meanwhile; reload and try again.");
            }
            UNGCUU_ASSIGN_OR_RETURN(view, ViewOf(repos, actor, context));
            auto report = view.report;
            if (!submit && report.state != domain::PeriodicState::kDraft &&
                report.state != domain::PeriodicState::kReturned) {
                return core::Conflict("Báo cáo đã gửi không sửa được nữa.",
                                      "A submitted report can no longer be edited.");
            }
            report.narrative = text.narrative;
            report.proposals = text.proposals;
            report.updated_at = now;
            SetReadiness(report, readiness);
            UNGCUU_RETURN_IF_ERROR(submit ? domain::CheckSubmit(report)
                                          : domain::ValidateReportText(report));
            if (submit) {
                report.state = domain::PeriodicState::kSubmitted;
                report.submitted_at = now;
                report.submitted_by = actor.login;
                // An outside recipient reviews nothing in the tree: filed is final here —
                // unless the top unit's parent installation receives it and reviews it there.
                bool to_parent = false;
                if (!context.compiler) {
                    UNGCUU_ASSIGN_OR_RETURN(upstream, repos.exchange.HasParent());
                    if (upstream) {
                        UNGCUU_ASSIGN_OR_RETURN(top, TopUnit(repos));
                        to_parent = top.id == context.unit.id;
                    }
                }
                if (!context.compiler && !to_parent) {
                    report.state = domain::PeriodicState::kAccepted;
                    report.accepted_at = now;
                    report.accepted_by = actor.login;
                }
            }
            UNGCUU_ASSIGN_OR_RETURN(saved, repos.periodic.Save(report));
            UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                              {submit ? "periodic.submit" : "periodic.save",
                                               "periodic_report", saved.id.value(), &unit, "{}",
                                               core::FieldSnapshot()
                                                   .Add("regime", std::string_view(saved.regime))
                                                   .Add("period", std::string_view(saved.period))
                                                   .Add("late", submit && now > saved.due_at)
                                                   .ToJson()}));
            context.stored = saved;
            return ViewOf(repos, actor, context);
        }));
    UNGCUU_RETURN_IF_ERROR(AddLiveReadiness(actor, written));
    return written;
}

core::Result<PeriodicView> PeriodicReportService::Review(const Actor& actor,
                                                         std::string_view regime,
                                                         std::string_view period,
                                                         domain::UnitId unit_id,
                                                         bool accept,
                                                         std::string_view reason) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<PeriodicView> {
        UNGCUU_ASSIGN_OR_RETURN(unit,
                                LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitRead));
        UNGCUU_ASSIGN_OR_RETURN(context, Load(repos, regime, period, unit.id));
        if (!context.compiler) {
            return core::Conflict("Báo cáo này gửi ra ngoài hệ thống; không có ai tiếp nhận ở đây.",
                                  "This report goes outside the tree; nobody here reviews it.");
        }
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(context.compiler->path, domain::Permission::kIncidentHandle));
        if (!context.stored) {
            return core::Conflict("Đơn vị chưa gửi báo cáo kỳ này.",
                                  "The unit has not submitted this period's report.");
        }
        auto report = *context.stored;
        UNGCUU_RETURN_IF_ERROR(domain::CheckReview(report, accept, reason));
        if (accept) {
            report.state = domain::PeriodicState::kAccepted;
            report.accepted_at = now;
            report.accepted_by = actor.login;
        } else {
            report.state = domain::PeriodicState::kReturned;
            report.return_reason = std::string(reason);
            report.returned_at = now;
            report.returned_by = actor.login;
        }
        report.updated_at = now;
        UNGCUU_ASSIGN_OR_RETURN(saved, repos.periodic.Save(report));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {accept ? "periodic.accept" : "periodic.return", "periodic_report",
                        saved.id.value(), &*context.compiler, "{}",
                        core::FieldSnapshot()
                            .Add("unit", std::string_view(unit.name_vi))
                            .Add("regime", std::string_view(saved.regime))
                            .Add("period", std::string_view(saved.period))
                            .Add("reason", reason)
                            .ToJson()}));
        context.stored = saved;
        return ViewOf(repos, actor, context);
    });
}

core::Result<domain::PeriodicReportId> PeriodicReportService::ReceiveRemote(
    Repositories& repos, const Actor& actor, domain::PeriodicReport filed) {
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(context, Load(repos, filed.regime, filed.period, filed.unit_id));
    if (!context.compiler) {
        return core::Conflict(
            fmt::format("{} không gửi báo cáo cho đơn vị nào trong hệ thống này.",
                        context.unit.name_vi),
            fmt::format("{} files to no unit of this installation.", context.unit.name_vi));
    }
    UNGCUU_ASSIGN_OR_RETURN(view, ViewOf(repos, actor, context));
    auto report = view.report;
    if (report.state == domain::PeriodicState::kSubmitted ||
        report.state == domain::PeriodicState::kAccepted) {
        return core::Conflict("Báo cáo kỳ này đã được gửi và chưa bị trả lại.",
                              "This period's report was submitted already and not returned.");
    }
    if (!PlausibleFigures(filed.own) || !PlausibleFigures(filed.total)) {
        return core::InvalidArgument("Số liệu của báo cáo không hợp lệ.",
                                     "The report's figures are not valid.");
    }
    report.narrative = std::move(filed.narrative);
    report.proposals = std::move(filed.proposals);
    report.helpers = std::move(filed.helpers);
    report.foreign_helpers = std::move(filed.foreign_helpers);
    report.own = std::move(filed.own);
    report.total = std::move(filed.total);
    UNGCUU_RETURN_IF_ERROR(domain::CheckSubmit(report));
    report.state = domain::PeriodicState::kSubmitted;
    report.submitted_at = std::min(filed.submitted_at.value_or(now), now);
    report.submitted_by = std::string(core::CutUtf8(filed.submitted_by, 200));
    report.updated_at = now;
    UNGCUU_ASSIGN_OR_RETURN(saved, repos.periodic.Save(report));
    UNGCUU_RETURN_IF_ERROR(
        WriteAudit(repos, actor, now,
                   {"periodic.receive", "periodic_report", saved.id.value(), &context.unit, "{}",
                    core::FieldSnapshot()
                        .Add("regime", std::string_view(saved.regime))
                        .Add("period", std::string_view(saved.period))
                        .Add("late", *saved.submitted_at > saved.due_at)
                        .ToJson()}));
    return saved.id;
}

core::Status PeriodicReportService::TakeRemoteReview(Repositories& repos,
                                                     const Actor& actor,
                                                     const domain::PeriodicReport& reviewed,
                                                     core::TimePoint submitted_at,
                                                     const std::string& by) {
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(
        stored, repos.periodic.Find(reviewed.regime, reviewed.period, reviewed.unit_id));
    if (!stored || stored->state != domain::PeriodicState::kSubmitted || !stored->submitted_at ||
        *stored->submitted_at != submitted_at) {
        return core::Ok();  // a review of an earlier submission, or of nothing sent from here
    }
    const bool accept = reviewed.state == domain::PeriodicState::kAccepted;
    UNGCUU_RETURN_IF_ERROR(domain::CheckReview(*stored, accept, reviewed.return_reason));
    auto report = *stored;
    const std::string who(core::CutUtf8(by, 200));
    if (accept) {
        report.state = domain::PeriodicState::kAccepted;
        report.accepted_at = now;
        report.accepted_by = who;
    } else {
        report.state = domain::PeriodicState::kReturned;
        report.return_reason = reviewed.return_reason;
        report.returned_at = now;
        report.returned_by = who;
    }
    report.updated_at = now;
    UNGCUU_ASSIGN_OR_RETURN(saved, repos.periodic.Save(report));
    UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(saved.unit_id));
    return WriteAudit(repos, actor, now,
                      {accept ? "periodic.accept" : "periodic.return", "periodic_report",
                       saved.id.value(), &unit, "{}",
                       core::FieldSnapshot()
                           .Add("unit", std::string_view(unit.name_vi))
                           .Add("regime", std::string_view(saved.regime))
                           .Add("period", std::string_view(saved.period))
                           .Add("reason", std::string_view(reviewed.return_reason))
                           .ToJson()});
}

}  // namespace ungcuu::app
