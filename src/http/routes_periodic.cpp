// Periodic reports up the tree: the regimes (rule data), which units run them, the reports each
// unit owes, one report with its compiler's view of the children, saving, submitting and the
// compiler's review; and the outcome of an incident that Mẫu 05 counts.
#include "http/incident_views.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::object DueJson(const domain::ReportDue& due) {
    return {{"month", due.month == 0 ? json::value(nullptr) : json::value(due.month)},
            {"day", due.day == 0 ? json::value(nullptr) : json::value(due.day)},
            {"days_after", due.month == 0 ? json::value(due.days_after) : json::value(nullptr)},
            {"article", due.article}};
}

json::object TierJson(const domain::RegimeTier& tier) {
    json::array kinds;
    for (const auto kind : tier.kinds) {
        kinds.emplace_back(domain::UnitKindCode(kind));
    }
    return {{"kinds", std::move(kinds)},
            {"due", DueJson(tier.due)},
            {"outside_recipient_vi", tier.outside_recipient_vi},
            {"outside_recipient_en", tier.outside_recipient_en}};
}

json::object RegimeJson(const domain::ReportRegime& r) {
    json::array indices;
    for (const int i : r.indices) {
        indices.emplace_back(i);
    }
    return {{"code", r.code},
            {"rule_set", r.rule_set},
            {"title_vi", r.title_vi},
            {"title_en", r.title_en},
            {"form", r.form},
            {"period", domain::PeriodKindCode(r.period)},
            {"indices", std::move(indices)},
            {"article", r.article},
            {"note", r.note},
            {"tiers", ArrayJson(r.tiers, TierJson)}};
}

json::object PeriodJson(const domain::Period& p) {
    return {{"key", p.Key()},
            {"label_vi", p.LabelVi()},
            {"label_en", p.LabelEn()},
            {"from", core::FormatDate(p.from)},
            {"to", core::FormatDate(p.to)}};
}

json::object UnitRefJson(const domain::Unit& u) {
    return {{"id", u.id.value()},
            {"name", u.name_vi},
            {"kind", domain::UnitKindCode(u.kind)},
            {"path", u.path}};
}

json::object FiguresJson(const domain::Figures& figures) {
    json::object out;
    for (const auto& [key, value] : figures) {
        out[key] = value;
    }
    return out;
}

json::object ReportJson(const domain::PeriodicReport& r) {
    return {{"id", r.id.value() == 0 ? json::value(nullptr) : json::value(r.id.value())},
            {"state", domain::PeriodicStateCode(r.state)},
            {"due_at", core::FormatRfc3339(r.due_at)},
            {"narrative", r.narrative},
            {"proposals", r.proposals},
            {"helpers", r.helpers},
            {"foreign_helpers", r.foreign_helpers},
            {"own", FiguresJson(r.own)},
            {"total", FiguresJson(r.total)},
            {"submitted_at", OptTimeJson(r.submitted_at)},
            {"submitted_by", r.submitted_by},
            {"return_reason", r.return_reason},
            {"returned_at", OptTimeJson(r.returned_at)},
            {"returned_by", r.returned_by},
            {"accepted_at", OptTimeJson(r.accepted_at)},
            {"accepted_by", r.accepted_by},
            {"version", r.version}};
}

json::object FilerJson(const app::FilerStatus& f) {
    return {{"unit", UnitRefJson(f.unit)},
            {"status", domain::FilingStatusCode(f.status)},
            {"due_at", core::FormatRfc3339(f.due_at)},
            {"late", f.late},
            {"submitted_at", OptTimeJson(f.report ? f.report->submitted_at : std::nullopt)},
            {"return_reason", f.report ? f.report->return_reason : std::string()},
            {"total", f.report && f.status != domain::FilingStatus::kDraft &&
                              f.status != domain::FilingStatus::kReturned
                          ? json::value(FiguresJson(f.report->total))
                          : json::value(nullptr)}};
}

json::object ViewJson(const app::PeriodicView& v) {
    return {
        {"regime", RegimeJson(v.regime)},
        {"period", PeriodJson(v.period)},
        {"unit", UnitRefJson(v.unit)},
        {"tier", TierJson(v.tier)},
        {"report", ReportJson(v.report)},
        {"recipient", v.recipient ? json::value(UnitRefJson(*v.recipient)) : json::value(nullptr)},
        {"children", ArrayJson(v.children, FilerJson)},
        {"accepted_children", FiguresJson(v.accepted_children)},
        {"late", v.late},
        {"can_edit", v.can_edit},
        {"can_review", v.can_review},
        {"as_of", core::FormatRfc3339(v.as_of)}};
}

json::object ObligationJson(const app::Obligation& o) {
    return {{"regime", o.regime},
            {"regime_title_vi", o.regime_title_vi},
            {"regime_title_en", o.regime_title_en},
            {"period", PeriodJson(o.period)},
            {"unit", UnitRefJson(o.unit)},
            {"due_at", core::FormatRfc3339(o.due_at)},
            {"status", domain::FilingStatusCode(o.status)},
            {"late", o.late},
            {"children", o.children},
            {"children_accepted", o.children_accepted}};
}

json::object AdoptionJson(const app::RegimeAdoption& a) {
    return {{"regime", a.regime},
            {"unit_id", a.unit_id.value()},
            {"unit_name", a.unit_name},
            {"adopted_at", core::FormatRfc3339(a.adopted_at)},
            {"adopted_by", a.adopted_by}};
}

struct ReportKey {
    std::string regime;
    std::string period;
    domain::UnitId unit;
};

Result<ReportKey> KeyOf(const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(unit, IdParam(call, 2));
    return ReportKey{call.params.at(0), call.params.at(1), domain::UnitId{unit}};
}

Result<app::ReportText> TextOf(const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::ReportText text;
    text.narrative = reader.OptString("narrative").value_or("");
    text.proposals = reader.OptString("proposals").value_or("");
    text.version = reader.OptInt("version");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    return text;
}

// GET /api/v1/periodic-reports?year=
Result<ApiReply> GetObligations(const Services& s, const Call& call) {
    int year =
        static_cast<int>(std::chrono::year_month_day(core::LocalDate(s.periodic.Now())).year());
    if (const auto it = call.query.find("year"); it != call.query.end()) {
        const auto parsed = core::ParseInt64(it->second);
        if (!parsed) {
            return core::InvalidArgument("Năm báo cáo viết bằng số (ví dụ 2026).",
                                         "The reporting year is a number (e.g. 2026).");
        }
        year = static_cast<int>(std::clamp<std::int64_t>(*parsed, 0, 9999));
    }
    UNGCUU_ASSIGN_OR_RETURN(items, s.periodic.Obligations(call.actor, year));
    return Ok(json::object{{"year", year}, {"items", ArrayJson(items, ObligationJson)}});
}

// POST /api/v1/periodic-reports/{regime}/{period}/{unit}/review
Result<ApiReply> PostReview(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(key, KeyOf(call));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const auto decision = reader.String("decision");
    const auto reason = reader.OptString("reason").value_or("");
    domain::FieldErrors errors;
    if (decision != "accept" && decision != "return") {
        errors.Add("decision", R"(là "accept" (tiếp nhận) hoặc "return" (trả lại))",
                   R"(is "accept" or "return")");
    }
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    UNGCUU_ASSIGN_OR_RETURN(view, s.periodic.Review(call.actor, key.regime, key.period, key.unit,
                                                    decision == "accept", reason));
    return Ok(ViewJson(view));
}

// GET /api/v1/periodic-reports/{regime}/{period}/{unit}/document?format=docx|pdf|xlsx
Result<ApiReply> GetDocument(const Services& s, const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(key, KeyOf(call));
    const auto it = call.query.find("format");
    const auto format =
        app::ParseDocumentFormat(it == call.query.end() ? std::string_view("pdf") : it->second);
    if (!format) {
        return core::InvalidArgument("Định dạng tải về là docx, pdf hoặc xlsx.",
                                     "The download format is docx, pdf or xlsx.");
    }
    UNGCUU_ASSIGN_OR_RETURN(
        file, s.periodic.Document(call.actor, key.regime, key.period, key.unit, *format));
    return OkFile(file.content_type, file.file_name, std::move(file.bytes));
}

json::object CountJson(const app::CountBy& c) {
    return {{"key", c.key}, {"count", c.count}, {"serious", c.serious}};
}

json::object DurationJson(const app::DurationFigures& d) {
    return {{"measured", d.measured},
            {"within", d.within},
            {"median_minutes", d.median_minutes},
            {"p90_minutes", d.p90_minutes}};
}

// GET /api/v1/statistics?unit=&from=YYYY-MM-DD&to=YYYY-MM-DD
Result<ApiReply> GetStatistics(const Services& s, const Call& call) {
    const auto today = core::LocalDate(s.periodic.Now());
    const std::chrono::year_month_day ymd{today};
    app::StatisticsQuery query;
    query.from = core::Date{ymd.year() / std::chrono::January / 1};
    query.to = today;
    domain::FieldErrors errors;
    const auto day = [&](const char* name, core::Date& into) {
        if (const auto it = call.query.find(name); it != call.query.end()) {
            if (const auto parsed = core::ParseDate(it->second)) {
                into = *parsed;
            } else {
                errors.Add(name, "là một ngày dạng YYYY-MM-DD", "is a day as YYYY-MM-DD");
            }
        }
    };
    day("from", query.from);
    day("to", query.to);
    if (const auto it = call.query.find("unit"); it != call.query.end()) {
        if (const auto id = core::ParseInt64(it->second); id && *id > 0) {
            query.unit = domain::UnitId{*id};
        } else {
            errors.Add("unit", "là mã số của một đơn vị", "is a unit's id");
        }
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(st, s.statistics.Compute(call.actor, query));
    json::array units;
    for (const auto& u : st.by_unit) {
        units.push_back(json::object{{"unit", UnitRefJson(u.unit)},
                                     {"own", u.own},
                                     {"count", u.count},
                                     {"open", u.open},
                                     {"serious", u.serious}});
    }
    return Ok(json::object{{"unit", UnitRefJson(st.unit)},
                           {"from", core::FormatDate(st.from)},
                           {"to", core::FormatDate(st.to)},
                           {"total", st.total},
                           {"open", st.open},
                           {"serious", st.serious},
                           {"by_month", ArrayJson(st.by_month, CountJson)},
                           {"by_scenario", ArrayJson(st.by_scenario, CountJson)},
                           {"by_unit", std::move(units)},
                           {"acknowledge", DurationJson(st.acknowledge)},
                           {"close", DurationJson(st.close)},
                           {"readiness", ArrayJson(st.readiness,
                                                   [](const app::ReadinessPoint& p) {
                                                       return json::object{
                                                           {"at", core::FormatRfc3339(p.at)},
                                                           {"regime", p.regime},
                                                           {"period", p.period},
                                                           {"figures", FiguresJson(p.figures)}};
                                                   })},
                           {"truncated", st.truncated},
                           {"as_of", core::FormatRfc3339(st.as_of)}});
}

// POST /api/v1/incidents/{}/outcome
Result<ApiReply> PostOutcome(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const auto mode_code = reader.String("handling_mode");
    auto helpers = reader.OptStringArray("helpers", 50).value_or(std::vector<std::string>{});
    auto foreign =
        reader.OptStringArray("foreign_helpers", 50).value_or(std::vector<std::string>{});
    const auto damage = reader.OptInt("damage_vnd").value_or(0);
    domain::FieldErrors errors;
    const auto mode = domain::ParseHandlingMode(mode_code);
    if (!mode) {
        errors.Add("handling_mode",
                   "là self (tự xử lý), domestic_help (có hỗ trợ của tổ chức khác), "
                   "foreign_help (có hỗ trợ của tổ chức nước ngoài) hoặc coordinator_help (đề "
                   "nghị cơ quan điều phối quốc gia hỗ trợ)",
                   "is self, domestic_help, foreign_help or coordinator_help");
    }
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    UNGCUU_ASSIGN_OR_RETURN(
        details, s.incidents.RecordOutcome(call.actor, domain::IncidentId{id}, *mode,
                                           std::move(helpers), std::move(foreign), damage));
    return Ok(DetailsJson(details));
}

}  // namespace

void AddPeriodicRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/report-regimes", Access::kSignedIn,
              [s](Call&) -> Result<ApiReply> {
                  const auto& book = s.periodic.regimes();
                  return Ok(json::object{{"version", book.version},
                                         {"items", ArrayJson(book.regimes, RegimeJson)}});
              });
    table.Add(verb::get, "/api/v1/report-adoptions", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(items, s.periodic.Adoptions(call.actor));
                  return Ok(json::object{{"items", ArrayJson(items, AdoptionJson)}});
              });
    table.Add(verb::post, "/api/v1/units/{}/report-regimes", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const auto regime = reader.String("regime");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  UNGCUU_ASSIGN_OR_RETURN(adoption,
                                          s.periodic.Adopt(call.actor, regime, domain::UnitId{id}));
                  return Ok(AdoptionJson(adoption), bhttp::status::created);
              });
    table.Add(verb::delete_, "/api/v1/units/{}/report-regimes/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_RETURN_IF_ERROR(
                      s.periodic.Drop(call.actor, call.params.at(1), domain::UnitId{id}));
                  return Ok(nullptr, bhttp::status::no_content);
              });
    table.Add(verb::get, "/api/v1/periodic-reports", Access::kSignedIn,
              [s](Call& call) { return GetObligations(s, call); });
    table.Add(verb::get, "/api/v1/periodic-reports/{}/{}/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(key, KeyOf(call));
                  UNGCUU_ASSIGN_OR_RETURN(
                      view, s.periodic.Get(call.actor, key.regime, key.period, key.unit));
                  return Ok(ViewJson(view));
              });
    table.Add(verb::put, "/api/v1/periodic-reports/{}/{}/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(key, KeyOf(call));
                  UNGCUU_ASSIGN_OR_RETURN(text, TextOf(call));
                  UNGCUU_ASSIGN_OR_RETURN(
                      view, s.periodic.Save(call.actor, key.regime, key.period, key.unit, text));
                  return Ok(ViewJson(view));
              });
    table.Add(verb::post, "/api/v1/periodic-reports/{}/{}/{}/submit", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(key, KeyOf(call));
                  UNGCUU_ASSIGN_OR_RETURN(text, TextOf(call));
                  UNGCUU_ASSIGN_OR_RETURN(
                      view, s.periodic.Submit(call.actor, key.regime, key.period, key.unit, text));
                  return Ok(ViewJson(view));
              });
    table.Add(verb::post, "/api/v1/periodic-reports/{}/{}/{}/review", Access::kSignedIn,
              [s](Call& call) { return PostReview(s, call); });
    table
        .Add(verb::get, "/api/v1/periodic-reports/{}/{}/{}/document", Access::kSignedIn,
             [s](Call& call) { return GetDocument(s, call); })
        .heavy = [](std::string_view) { return true; };
    table.Add(verb::post, "/api/v1/incidents/{}/outcome", Access::kSignedIn,
              [s](Call& call) { return PostOutcome(s, call); });
    table
        .Add(verb::get, "/api/v1/statistics", Access::kSignedIn,
             [s](Call& call) { return GetStatistics(s, call); })
        .heavy = [](std::string_view) { return true; };
}

}  // namespace ungcuu::http
