// Detection: log intake over HTTP (JSON lines or log lines, gzip accepted, acknowledged once
// durable), alerts and their promotion to incidents, rules per unit subtree and the auto-open
// level, testing rules against pasted events, log sources bound to units, intake counters.
#include <fmt/format.h>

#include <map>

#include "core/text.hpp"
#include "http/ingest_body.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::object FactJson(const app::AlertFact& fact) {
    return {{"kind", fact.kind}, {"value", fact.value}};
}

json::object HealthJson(const app::SourceHealth& h) {
    return {{"events", h.events},
            {"unreadable", h.unreadable},
            {"missing_fields", h.missing_fields},
            {"skewed", h.skewed},
            {"sample", h.sample},
            {"sample_problem", h.sample_problem},
            {"skewed_sample", h.skewed_sample},
            {"last_received", OptTimeJson(h.last_received)}};
}

json::object AlertJson(const app::DetectionAlert& a) {
    return {
        {"id", a.id},
        {"unit_id", a.unit_id.value()},
        {"unit_name", a.unit_name},
        {"rule_id", a.rule_id},
        {"rule_title", a.rule_title},
        {"level", a.level},
        {"group", a.group_key},
        {"count", a.count},
        {"events", a.events},
        {"measure", a.measure ? json::value(*a.measure) : json::value(nullptr)},
        {"subject", a.subject},
        {"observables", ArrayJson(a.facts, FactJson)},
        {"first_seen", core::FormatRfc3339(a.first_seen)},
        {"last_seen", core::FormatRfc3339(a.last_seen)},
        {"first_event_seq", a.first_event_seq},
        {"last_event_seq", a.last_event_seq},
        {"sample", a.sample},
        {"incident_id", a.incident_id ? json::value(a.incident_id->value()) : json::value(nullptr)},
        {"incident_code", a.incident_code},
        {"state", a.state}};
}

json::object RuleInfoJson(const app::DetectionRuleInfo& r) {
    json::array scenarios(r.scenarios.begin(), r.scenarios.end());
    json::array tags(r.tags.begin(), r.tags.end());
    return {{"id", r.id},
            {"title", r.title},
            {"level", r.level},
            {"description", r.description},
            {"file", r.file},
            {"type", r.type},
            {"scenarios", std::move(scenarios)},
            {"tags", std::move(tags)}};
}

json::object SourceJson(const app::LogSource& s) {
    return {{"id", s.id},
            {"unit_id", s.unit_id.value()},
            {"unit_name", s.unit_name},
            {"name", s.name},
            {"kind", s.kind},
            {"format", s.format},
            {"address", s.address},
            {"path", s.path},
            {"follow", s.follow},
            {"active", s.active},
            {"utc_offset_minutes",
             s.utc_offset_minutes ? json::value(*s.utc_offset_minutes) : json::value(nullptr)},
            {"max_skew_seconds", s.max_skew_seconds},
            {"created_at", core::FormatRfc3339(s.created_at)}};
}

json::object FilePositionJson(const app::FilePosition& p) {
    return {{"offset", p.offset},
            {"size", p.size},
            {"lines", p.lines},
            {"refused", p.refused},
            {"done", p.done},
            {"error", p.error},
            {"updated_at", core::FormatRfc3339(p.updated_at)}};
}

// What a source's body gave; a PUT keeps the times it leaves out.
struct SourceInput {
    app::LogSource source;
    bool offset_given = false;
    bool skew_given = false;
};

Result<SourceInput> ReadSource(const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    app::LogSource source;
    source.unit_id = domain::UnitId{reader.Int("unit_id")};
    source.name = reader.String("name");
    source.kind = reader.String("kind");
    source.format = reader.OptString("format").value_or("auto");
    source.address = reader.OptString("address").value_or("");
    source.path = reader.OptString("path").value_or("");
    source.follow = reader.OptBool("follow").value_or(true);
    source.active = reader.OptBool("active").value_or(true);
    SourceInput input;
    input.offset_given = reader.Has("utc_offset_minutes");
    if (const auto offset = reader.OptInt("utc_offset_minutes")) {
        source.utc_offset_minutes = static_cast<std::int32_t>(
            std::clamp<std::int64_t>(*offset, -100000, 100000));  // checked by the service
    }
    // A one-shot import of old logs keeps their own times by default.
    const std::int64_t skew_default = source.kind == "file" && !source.follow ? 0 : 600;
    const auto skew = reader.OptInt("max_skew_seconds");
    input.skew_given = skew.has_value();
    source.max_skew_seconds = static_cast<std::int32_t>(
        std::clamp<std::int64_t>(skew.value_or(skew_default), -1, 100000000));
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    input.source = std::move(source);
    return input;
}

// The log source a batch is for, from the request's head: intake running, the source named and
// within the caller's reach, a content encoding we read. Checked before the body is read, and
// again by the handler.
Result<app::LogSource> IngestSource(Services s, const Call& call) {
    if (s.detection.intake() == nullptr) {
        return core::Error::Make(core::ErrorCode::kUnavailable, "Bộ tiếp nhận nhật ký chưa chạy.",
                                 "Log intake is not running.");
    }
    UNGCUU_ASSIGN_OR_RETURN(source_id, OptIdQuery(call, "source"));
    if (!source_id) {
        return core::InvalidArgument("Cần tham số source (mã nguồn nhật ký).",
                                     "The source parameter (log source id) is required.");
    }
    const auto encoding = call.context.request[bhttp::field::content_encoding];
    if (!encoding.empty() && !boost::beast::iequals(encoding, "gzip")) {
        return core::InvalidArgument(
            fmt::format("Chỉ nhận Content-Encoding gzip, không nhận \"{}\".",
                        std::string_view(encoding)),
            fmt::format("Only Content-Encoding gzip is taken, not \"{}\".",
                        std::string_view(encoding)));
    }
    return s.detection.SourceForIngest(call.actor, *source_id);
}

Result<domain::UnitId> UnitQuery(const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(unit, OptIdQuery(call, "unit_id"));
    if (!unit) {
        return core::InvalidArgument("Cần unit_id.", "unit_id is required.");
    }
    return domain::UnitId{*unit};
}

// GET /api/v1/detection/status
Result<ApiReply> GetDetectionStatus(const Services& s, Call& call) {
    auto* intake = s.detection.intake();
    if (intake == nullptr) {
        return Ok(json::object{{"running", false}});
    }
    const auto* engine = s.detection.engine();
    const std::size_t rules = engine != nullptr ? engine->Rules().size() : 0;
    const std::size_t refused = engine != nullptr ? engine->Refused().size() : 0;
    // The intake counters are the whole installation's: shown to those who hold
    // a role over a top unit, not to a commune's officer.
    if (!call.actor.unrestricted && !call.actor.scope.CoversATopUnit()) {
        return Ok(json::object{
            {"running", true}, {"scope", "units"}, {"rules", rules}, {"rules_refused", refused}});
    }
    const auto c = intake->Counters();
    json::array listeners(c.listeners.begin(), c.listeners.end());
    return Ok(
        json::object{{"running", true},
                     {"scope", "installation"},
                     {"received", c.received},
                     {"stored", c.stored},
                     {"dropped", c.dropped},
                     {"refused", c.refused},
                     {"throttled", c.throttled},
                     {"processed", c.processed},
                     {"unreadable", c.unreadable},
                     {"missing_fields", c.missing_fields},
                     {"skewed", c.skewed},
                     {"alerts", c.alerts},
                     {"queue_depth", c.queue_depth},
                     {"queue_capacity", c.queue_capacity},
                     {"listeners", std::move(listeners)},
                     {"raw_events", c.raw.events},
                     {"raw_last_seq", c.raw.last_seq},
                     {"detection_cursor", c.raw.cursor},
                     {"raw_oldest", c.raw.oldest ? json::value(core::FormatRfc3339(*c.raw.oldest))
                                                 : json::value(nullptr)},
                     {"rules", rules},
                     {"rules_refused", refused}});
}

// GET /api/v1/detection/alerts
Result<ApiReply> GetDetectionAlerts(const Services& s, Call& call) {
    app::AlertQuery query;
    UNGCUU_ASSIGN_OR_RETURN(unit, OptIdQuery(call, "unit_id"));
    if (unit) {
        query.unit_id = domain::UnitId{*unit};
    }
    UNGCUU_ASSIGN_OR_RETURN(before, OptIdQuery(call, "before"));
    query.before_id = before;
    query.state = QueryText(call, "state");
    query.rule_id = QueryText(call, "rule_id");
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    query.limit = limit;
    UNGCUU_ASSIGN_OR_RETURN(alerts, s.alerts.Alerts(call.actor, query));
    json::array items;
    for (const auto& alert : alerts) {
        items.push_back(AlertJson(alert));
    }
    json::object out{{"items", std::move(items)}};
    if (static_cast<int>(alerts.size()) == query.limit) {
        out["next_before"] = alerts.back().id;
    }
    return Ok(std::move(out));
}

// GET /api/v1/detection/rules
Result<ApiReply> GetDetectionRules(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(unit, UnitQuery(call));
    UNGCUU_ASSIGN_OR_RETURN(view, s.detection.Rules(call.actor, unit));
    json::array rules;
    for (const auto& rule : view.rules) {
        auto item = RuleInfoJson(rule.info);
        item["enabled"] = rule.enabled;
        item["decided_by"] = rule.decided_by;
        if (!rule.warnings.empty()) {
            item["warnings"] = json::value_from(rule.warnings);
        }
        rules.push_back(std::move(item));
    }
    return Ok(json::object{{"unit_id", unit.value()},
                           {"rules", std::move(rules)},
                           {"refused", RefusalsJson(view.refused)},
                           {"auto_open_level", view.auto_open_level},
                           {"auto_open_set_by", view.auto_open_set_by},
                           {"join_minutes", view.join_minutes},
                           {"join_set_by", view.join_set_by},
                           {"warning_rules", view.warning_rules},
                           {"warning_rules_set_by", view.warning_rules_set_by}});
}

// GET /api/v1/log-sources
Result<ApiReply> GetLogSources(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(sources, s.detection.Sources(call.actor));
    std::map<std::int64_t, app::FilePosition> read;
    if (auto* intake = s.detection.intake(); intake != nullptr) {
        for (auto& p : intake->FilePositions()) {
            read[p.source_id] = std::move(p);
        }
    }
    std::map<std::int64_t, app::SourceHealth> health;
    if (const auto* engine = s.detection.engine(); engine != nullptr) {
        for (auto& h : engine->Health()) {
            health[h.source_id] = std::move(h);
        }
    }
    json::array items;
    for (const auto& source : sources) {
        auto item = SourceJson(source);
        const auto found = read.find(source.id);
        if (source.kind == "file" && found != read.end()) {
            item["file"] = FilePositionJson(found->second);
        }
        const auto noticed = health.find(source.id);
        item["health"] =
            HealthJson(noticed != health.end() ? noticed->second : app::SourceHealth{});
        items.push_back(std::move(item));
    }
    return Ok(json::object{{"items", std::move(items)}});
}

// POST /api/v1/detection/test
Result<ApiReply> PostDetectionTest(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const auto rules = reader.String("rules");
    const auto events = reader.String("events");
    const auto format = reader.OptString("format").value_or("auto");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(result, s.detection.Test(rules, events, format));
    json::array infos;
    for (const auto& info : result.rules) {
        infos.push_back(RuleInfoJson(info));
    }
    json::array matches;
    for (const auto& m : result.matches) {
        matches.push_back({{"event_index", m.event},
                           {"rule_id", m.rule_id},
                           {"rule_title", m.rule_title},
                           {"level", m.level},
                           {"group", m.group_key},
                           {"event_count", m.event_count}});
    }
    return Ok(json::object{{"rules", std::move(infos)},
                           {"refused", RefusalsJson(result.refused)},
                           {"events", result.events},
                           {"matches", std::move(matches)}});
}

// PUT /api/v1/detection/rules/{}
Result<ApiReply> PutDetectionRulesById(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const domain::UnitId unit{reader.Int("unit_id")};
    const bool enabled = reader.OptBool("enabled").value_or(true);
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(s.detection.SetRuleEnabled(call.actor, unit, call.params[0], enabled));
    return Ok(
        json::object{{"rule_id", call.params[0]}, {"unit_id", unit.value()}, {"enabled", enabled}});
}

// POST /api/v1/ingest
Result<ApiReply> PostIngest(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(source, IngestSource(s, call));
    const IngestLimits limits;
    std::string inflated;
    std::string_view body = call.body();
    if (!call.context.request[bhttp::field::content_encoding].empty()) {
        UNGCUU_ASSIGN_OR_RETURN(text, InflateGzipBounded(body, limits));
        inflated = std::move(text);
        body = inflated;
    }
    BodyNotes notes;
    InFormat in_format;
    if (const auto* engine = s.detection.engine(); engine != nullptr) {
        in_format = [engine, &source](std::string_view line) {
            return engine->InFormat(line, source.format);
        };
    }
    UNGCUU_ASSIGN_OR_RETURN(
        events, EventsOfBody(body, source, s.detection.Now(), limits, in_format, &notes));
    const auto count = static_cast<std::int64_t>(events.size());
    UNGCUU_RETURN_IF_ERROR(s.detection.intake()->SubmitDurable(std::move(events)));
    json::object answer{{"accepted", count},
                        {"source_id", source.id},
                        {"unreadable", notes.unreadable},
                        {"unreadable_lines", json::array(notes.unreadable_lines.begin(),
                                                         notes.unreadable_lines.end())}};
    if (notes.unreadable > 0) {
        answer["warning"] = fmt::format(
            "{} dòng không đúng định dạng {} của nguồn (dòng {}…): đã lưu nhưng không luật nào "
            "khớp được. Hãy kiểm tra cấu hình máy gửi hoặc định dạng của nguồn. / {} lines are not "
            "in the source's {} format: stored, but no rule can match them.",
            notes.unreadable, source.format, notes.unreadable_lines.front(), notes.unreadable,
            source.format);
    }
    return Ok(std::move(answer), bhttp::status::accepted);
}

}  // namespace

void AddDetectionRoutes(RouteTable& table, Services s) {
    auto& ingest = table.AddRaw(verb::post, "/api/v1/ingest", Access::kSignedIn,
                                [s](Call& call) { return PostIngest(s, call); });
    ingest.precheck = [s](const Call& call) -> core::Status {
        UNGCUU_RETURN_IF_ERROR(IngestSource(s, call));
        return core::Ok();
    };
    // As sent: the same bound as a gzip body once inflated (README, OpenAPI).
    ingest.body_limit = IngestLimits{}.max_inflated;
    table.Add(verb::get, "/api/v1/detection/status", Access::kSignedIn,
              [s](Call& call) { return GetDetectionStatus(s, call); });
    table.Add(verb::get, "/api/v1/detection/alerts", Access::kSignedIn,
              [s](Call& call) { return GetDetectionAlerts(s, call); });
    table.Add(verb::get, "/api/v1/detection/alerts/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(alert, s.alerts.Alert(call.actor, id));
                  return Ok(AlertJson(alert));
              });
    table.Add(verb::post, "/api/v1/detection/alerts/{}/promote", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(alert, s.alerts.Promote(call.actor, id));
                  return Ok(AlertJson(alert));
              });
    table.Add(verb::post, "/api/v1/detection/alerts/{}/dismiss", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(alert, s.alerts.Dismiss(call.actor, id));
                  return Ok(AlertJson(alert));
              });
    table.Add(verb::get, "/api/v1/detection/rules", Access::kSignedIn,
              [s](Call& call) { return GetDetectionRules(s, call); });
    table.Add(verb::put, "/api/v1/detection/rules/{}", Access::kSignedIn,
              [s](Call& call) { return PutDetectionRulesById(s, call); });
    table.Add(verb::put, "/api/v1/detection/auto-open", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const domain::UnitId unit{reader.Int("unit_id")};
                  const auto level = reader.OptString("level").value_or("");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  UNGCUU_RETURN_IF_ERROR(s.detection.SetAutoOpenLevel(call.actor, unit, level));
                  return Ok(json::object{{"unit_id", unit.value()}, {"level", level}});
              });
    table.Add(verb::put, "/api/v1/detection/incident-window", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const domain::UnitId unit{reader.Int("unit_id")};
                  const auto minutes = reader.OptInt("minutes");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  std::optional<std::int32_t> chosen;
                  if (minutes) {
                      chosen = static_cast<std::int32_t>(
                          std::clamp<std::int64_t>(*minutes, -1, app::kMaxJoinMinutes + 1));
                  }
                  UNGCUU_RETURN_IF_ERROR(s.detection.SetJoinWindow(call.actor, unit, chosen));
                  return Ok(json::object{
                      {"unit_id", unit.value()},
                      {"minutes", chosen ? json::value(*chosen) : json::value(nullptr)}});
              });
    table.Add(verb::put, "/api/v1/detection/warning-rules", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
                  const domain::UnitId unit{reader.Int("unit_id")};
                  const auto accept = reader.OptBool("accept");
                  UNGCUU_RETURN_IF_ERROR(reader.Finish());
                  UNGCUU_RETURN_IF_ERROR(s.detection.SetWarningRules(call.actor, unit, accept));
                  return Ok(json::object{
                      {"unit_id", unit.value()},
                      {"accept", accept ? json::value(*accept) : json::value(nullptr)}});
              });
    table
        .Add(verb::post, "/api/v1/detection/test", Access::kSignedIn,
             [s](Call& call) { return PostDetectionTest(s, call); })
        .heavy = AlwaysHeavy;
    table.Add(verb::get, "/api/v1/log-sources", Access::kSignedIn,
              [s](Call& call) { return GetLogSources(s, call); });
    table.Add(verb::post, "/api/v1/log-sources", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(source, ReadSource(call));
                  UNGCUU_ASSIGN_OR_RETURN(
                      created, s.detection.CreateSource(call.actor, std::move(source.source)));
                  return Ok(SourceJson(created), bhttp::status::created);
              });
    table.Add(verb::put, "/api/v1/log-sources/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(input, ReadSource(call));
                  input.source.id = id;
                  UNGCUU_ASSIGN_OR_RETURN(
                      updated, s.detection.UpdateSource(call.actor, std::move(input.source),
                                                        {!input.offset_given, !input.skew_given}));
                  return Ok(SourceJson(updated));
              });
}

}  // namespace ungcuu::http
