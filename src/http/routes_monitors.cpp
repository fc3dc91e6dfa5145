// The website monitor: the sites a unit watches with their standing, uptime, latency and
// certificate, one site with its hourly history and events, adding, changing and removing sites,
// the registry's domains proposed for watching, approving a page as the new baseline, and the
// public status summary a province may publish.
#include <fmt/format.h>

#include "core/text.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::value UptimeJson(const app::MonitorUptime& uptime) {
    if (uptime.checks == 0) {
        return nullptr;
    }
    return static_cast<double>(uptime.ups) * 100.0 / static_cast<double>(uptime.checks);
}

json::object SiteJson(const app::MonitorRow& row) {
    const auto& t = row.site.target;
    const auto& st = row.site.status;
    return {
        {"id", t.id.value()},
        {"unit_id", t.unit_id.value()},
        {"unit_name", t.unit_name},
        {"system_id", t.system_id ? json::value(t.system_id->value()) : json::value(nullptr)},
        {"system_name", t.system_name},
        {"url", t.url},
        {"name", t.name},
        {"interval_seconds", t.interval_seconds},
        {"enabled", t.enabled},
        {"public_status", t.public_status},
        {"baseline_at", OptTimeJson(t.baseline_at)},
        {"baseline_by", t.baseline_by},
        {"state", domain::SiteStateCode(st.state)},
        {"since", OptTimeJson(st.since)},
        {"last_check", OptTimeJson(st.last_check)},
        {"latency_ms", st.latency_ms},
        {"http_status", st.http_status},
        {"error", st.error},
        {"cert_not_after", OptTimeJson(st.cert_not_after)},
        {"cert_issuer", st.cert_issuer},
        {"dns", ArrayJson(st.dns, [](const std::string& r) { return json::value(r); })},
        {"findings", ArrayJson(st.findings, [](const std::string& f) { return json::value(f); })},
        {"outage_incident_id",
         st.outage_incident ? json::value(st.outage_incident->value()) : json::value(nullptr)},
        {"content_incident_id",
         st.content_incident ? json::value(st.content_incident->value()) : json::value(nullptr)},
        {"uptime_day", UptimeJson(row.day)},
        {"uptime_month", UptimeJson(row.month)}};
}

json::object EventJson(const domain::MonitorEvent& e) {
    return {
        {"id", e.id.value()},
        {"at", core::FormatRfc3339(e.at)},
        {"kind", domain::MonitorEventKindCode(e.kind)},
        {"summary_vi", e.summary_vi},
        {"summary_en", e.summary_en},
        {"evidence", ArrayJson(e.evidence, [](const std::string& l) { return json::value(l); })},
        {"incident_id", e.incident_id ? json::value(e.incident_id->value()) : json::value(nullptr)},
        {"actor", e.actor}};
}

json::object DetailsJson(const app::MonitorDetails& d) {
    auto out = SiteJson(d.row);
    out["hours"] = ArrayJson(d.hours, [](const app::MonitorHour& h) {
        return json::object{{"hour", core::FormatRfc3339(h.hour)},
                            {"checks", h.checks},
                            {"ups", h.ups},
                            {"latency_avg_ms", h.checks > 0 ? h.latency_sum_ms / h.checks : 0},
                            {"latency_max_ms", h.latency_max_ms}};
    });
    out["events"] = ArrayJson(d.events, EventJson);
    out["can_edit"] = d.can_edit;
    return out;
}

/// The settings of a site from a body (unit on creation only).
domain::MonitorTarget ReadSettings(jsonio::ObjectReader& reader) {
    domain::MonitorTarget target;
    target.url = reader.String("url");
    target.name = reader.OptString("name").value_or("");
    if (const auto system = reader.OptInt("system_id")) {
        target.system_id = domain::SystemId{*system};
    }
    target.interval_seconds = static_cast<int>(reader.OptInt("interval_seconds").value_or(60));
    target.enabled = reader.OptBool("enabled").value_or(true);
    target.public_status = reader.OptBool("public_status").value_or(false);
    return target;
}

Result<ApiReply> GetMonitors(const Services& s, Call& call) {
    app::MonitorFilter filter;
    UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
    filter.unit_id = unit;
    const auto state = QueryText(call, "state");
    if (!state.empty()) {
        filter.state = domain::ParseSiteState(state);
        if (!filter.state) {
            return core::InvalidArgument("Tham số state là up, down, suspect hoặc unknown.",
                                         "The state parameter is up, down, suspect or unknown.");
        }
    }
    UNGCUU_ASSIGN_OR_RETURN(findings, OptBoolQuery(call, "findings"));
    filter.with_findings = findings.value_or(false);
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    filter.limit = limit;
    const auto offset = QueryText(call, "offset");
    if (!offset.empty()) {
        const auto value = core::ParseInt64(offset);
        if (!value || *value < 0 || *value > app::MonitorService::kMaxTargets) {
            return core::InvalidArgument(
                fmt::format("Tham số offset là số nguyên từ 0 đến {}.",
                            app::MonitorService::kMaxTargets),
                fmt::format("The offset parameter is an integer from 0 to {}.",
                            app::MonitorService::kMaxTargets));
        }
        filter.offset = static_cast<int>(*value);
    }
    UNGCUU_ASSIGN_OR_RETURN(list, s.monitors.List(call.actor, filter));
    const auto& c = list.counts;
    return Ok(json::object{{"counts", json::object{{"total", c.total},
                                                   {"up", c.up},
                                                   {"down", c.down},
                                                   {"suspect", c.suspect},
                                                   {"unknown", c.unknown},
                                                   {"with_findings", c.with_findings},
                                                   {"disabled", c.disabled}}},
                           {"items", ArrayJson(list.rows, SiteJson)}});
}

Result<ApiReply> PostMonitor(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const auto unit = reader.Int("unit_id");
    auto target = ReadSettings(reader);
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    target.unit_id = domain::UnitId{unit};
    UNGCUU_ASSIGN_OR_RETURN(details, s.monitors.Create(call.actor, std::move(target)));
    return Ok(DetailsJson(details), bhttp::status::created);
}

Result<ApiReply> PutMonitor(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    auto target = ReadSettings(reader);
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(details,
                            s.monitors.Update(call.actor, domain::MonitorTargetId{id}, target));
    return Ok(DetailsJson(details));
}

}  // namespace

void AddMonitorRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/monitors", Access::kSignedIn,
              [s](Call& call) { return GetMonitors(s, call); });
    table
        .Add(verb::post, "/api/v1/monitors", Access::kSignedIn,
             [s](Call& call) { return PostMonitor(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kSystemWrite);
    table.Add(verb::get, "/api/v1/monitors/proposals", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
                  if (!unit) {
                      return core::InvalidArgument("Cần tham số unit_id.",
                                                   "The unit_id parameter is needed.");
                  }
                  UNGCUU_ASSIGN_OR_RETURN(proposals, s.monitors.Proposals(call.actor, *unit));
                  return Ok(json::object{
                      {"items", ArrayJson(proposals, [](const app::MonitorProposal& p) {
                           return json::object{{"system_id", p.system_id.value()},
                                               {"system_name", p.system_name},
                                               {"unit_id", p.unit_id.value()},
                                               {"unit_name", p.unit_name},
                                               {"url", p.url}};
                       })}});
              });
    table.Add(verb::get, "/api/v1/monitors/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(details,
                                          s.monitors.Get(call.actor, domain::MonitorTargetId{id}));
                  return Ok(DetailsJson(details));
              });
    table
        .Add(verb::put, "/api/v1/monitors/{}", Access::kSignedIn,
             [s](Call& call) { return PutMonitor(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kSystemWrite);
    table
        .Add(verb::delete_, "/api/v1/monitors/{}", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_RETURN_IF_ERROR(s.monitors.Delete(call.actor, domain::MonitorTargetId{id}));
                 return Ok(nullptr, bhttp::status::no_content);
             })
        .precheck = NeedsSomewhere(domain::Permission::kSystemWrite);
    table
        .Add(verb::post, "/api/v1/monitors/{}/baseline", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(
                     details, s.monitors.ApproveBaseline(call.actor, domain::MonitorTargetId{id}));
                 return Ok(DetailsJson(details));
             })
        .precheck = NeedsSomewhere(domain::Permission::kSystemWrite);
    // The province's public status summary: only the sites it chose to show.
    table.Add(verb::get, "/api/v1/public/status", Access::kPublic, [s](Call&) -> Result<ApiReply> {
        UNGCUU_ASSIGN_OR_RETURN(sites, s.monitors.PublicSites());
        return Ok(json::object{{"items", ArrayJson(sites, [](const app::PublicSite& p) {
                                    return json::object{{"name", p.name},
                                                        {"unit_name", p.unit_name},
                                                        {"state", domain::SiteStateCode(p.state)},
                                                        {"since", OptTimeJson(p.since)},
                                                        {"uptime_month", UptimeJson(p.month)}};
                                })}});
    });
}

}  // namespace ungcuu::http
