// The readiness dashboard: figures per unit rolled up per child, layers at a glance, due lists.
#include <fmt/format.h>

#include "core/text.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::object FiguresJson(const app::ReadinessFigures& f) {
    return json::object{{"units", f.units},
                        {"systems", f.systems},
                        {"systems_unapproved", f.systems_unapproved},
                        {"dossiers_overdue", f.dossiers_overdue},
                        {"units_layers_incomplete", f.units_layers_incomplete},
                        {"layers_missing", f.layers_missing},
                        {"overall_assessments_overdue", f.overall_assessments_overdue},
                        {"system_assessments_overdue", f.system_assessments_overdue},
                        {"scans_overdue", f.scans_overdue},
                        {"drills_overdue", f.drills_overdue},
                        {"due_soon", f.due_soon},
                        {"licences_expired", f.licences_expired},
                        {"licences_expiring", f.licences_expiring},
                        {"risks_unreviewed", f.risks_unreviewed}};
}

json::object RowJson(const app::ReadinessRow& row) {
    return json::object{{"unit_id", row.unit_id.value()},
                        {"code", row.code},
                        {"name_vi", row.name_vi},
                        {"figures", FiguresJson(row.figures)}};
}

// GET /api/v1/readiness/due
Result<ApiReply> GetReadinessDue(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
    std::optional<domain::DueKind> kind;
    if (const std::string text = QueryText(call, "kind"); !text.empty()) {
        kind = domain::ParseDueKind(text);
        if (!kind) {
            return core::InvalidArgument(fmt::format("Loại \"{}\" không hợp lệ.", text),
                                         fmt::format("Unknown kind \"{}\".", text));
        }
    }
    UNGCUU_ASSIGN_OR_RETURN(items, s.readiness.Due(call.actor, unit, kind));
    json::array out;
    for (const auto& item : items) {
        out.push_back(json::object{
            {"kind", domain::DueKindCode(item.kind)},
            {"unit_id", item.unit_id.value()},
            {"system_id",
             item.system_id ? json::value(item.system_id->value()) : json::value(nullptr)},
            {"code", item.code},
            {"name_vi", item.name_vi},
            {"level", item.level},
            {"last_done", DateJson(item.last_done)},
            {"next_due", DateJson(item.next_due)},
            {"state", item.state == domain::DueState::kOverdue ? "overdue" : "due_soon"}});
    }
    return Ok(json::object{{"items", std::move(out)}});
}

}  // namespace

void AddReadinessRoutes(RouteTable& table, Services s) {
    // -- readiness ------------------------------------------------------------------------------
    table.Add(verb::get, "/api/v1/readiness", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
                  UNGCUU_ASSIGN_OR_RETURN(readiness, s.readiness.Compute(call.actor, unit));
                  json::array children;
                  for (const auto& row : readiness.children) {
                      children.push_back(RowJson(row));
                  }
                  return Ok(json::object{{"today", core::FormatDate(readiness.today)},
                                         {"soon_days", readiness.soon_days},
                                         {"total", RowJson(readiness.total)},
                                         {"children", std::move(children)}});
              });
    table.Add(verb::get, "/api/v1/readiness/layers", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
                  UNGCUU_ASSIGN_OR_RETURN(gaps, s.readiness.LayerGaps(call.actor, unit));
                  json::array items;
                  for (const auto& gap : gaps) {
                      items.push_back(json::object{{"unit_id", gap.unit_id.value()},
                                                   {"code", gap.code},
                                                   {"name_vi", gap.name_vi},
                                                   {"layers_in_place", gap.layers_in_place}});
                  }
                  return Ok(json::object{{"items", std::move(items)}});
              });
    table.Add(verb::get, "/api/v1/readiness/due", Access::kSignedIn,
              [s](Call& call) { return GetReadinessDue(s, call); });
}

}  // namespace ungcuu::http
