// Warnings down the tree: issue (with a preview of whom a target reaches), pass on, withdraw,
// answer per item, the list with each warning's roll-up and the notices received, one warning
// with its items, roll-up by unit, matching incidents and the warnings passing it on; the
// warnings an incident's observables meet.
#include <fmt/format.h>

#include <set>

#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::object IndicatorJson(const domain::Indicator& i) {
    return {{"kind", domain::ObservableKindCode(i.kind)}, {"value", i.value}};
}

json::object RollupJson(const domain::AnswerRollup& r) {
    return {{"expected", r.expected},         {"affected", r.affected},
            {"not_affected", r.not_affected}, {"fixed", r.fixed},
            {"unanswered", r.unanswered},     {"overdue", r.overdue},
            {"complete", r.Complete()}};
}

json::object WarningJson(const domain::Warning& w) {
    json::array kinds;
    for (const auto kind : w.target.kinds) {
        kinds.emplace_back(domain::UnitKindCode(kind));
    }
    json::array services;
    for (const auto& service : w.target.traits.services) {
        services.emplace_back(service);
    }
    const auto& traits = w.target.traits;
    json::array references;
    for (const auto& reference : w.references) {
        references.emplace_back(reference);
    }
    return {{"id", w.id.value()},
            {"issuer_unit_id", w.issuer.value()},
            {"issuer_name", w.issuer_name},
            {"parent_id", w.parent ? json::value(w.parent->value()) : json::value(nullptr)},
            {"title", w.title},
            {"severity", domain::WarningSeverityCode(w.severity)},
            {"description", w.description},
            {"actions", w.actions},
            {"deadline", core::FormatRfc3339(w.deadline)},
            {"references", std::move(references)},
            {"indicators", ArrayJson(w.indicators, IndicatorJson)},
            {"tlp", domain::TlpCode(w.tlp)},
            {"tlp_label", domain::TlpLabel(w.tlp)},
            {"target",
             json::object{{"unit_id", w.target.root.value()},
                          {"unit_name", w.target_name},
                          {"kinds", std::move(kinds)},
                          {"traits", json::object{{"operating_system", traits.operating_system},
                                                  {"vendor", traits.vendor},
                                                  {"software", traits.software},
                                                  {"services", std::move(services)},
                                                  {"min_level", traits.min_level
                                                                    ? json::value(*traits.min_level)
                                                                    : json::value(nullptr)}}}}},
            {"issued_at", core::FormatRfc3339(w.issued_at)},
            {"issued_by", w.issued_by},
            {"withdrawn_at", OptTimeJson(w.withdrawn_at)},
            {"origin_name", w.origin_name}};
}

json::object ItemJson(const domain::WarningItem& i) {
    return {{"id", i.id.value()},
            {"unit_id", i.unit.value()},
            {"unit_name", i.unit_name},
            {"system_id", i.system ? json::value(i.system->value()) : json::value(nullptr)},
            {"system_name", i.system_name},
            {"answer",
             i.answer ? json::value(domain::WarningAnswerCode(*i.answer)) : json::value(nullptr)},
            {"evidence", i.evidence},
            {"answered_at", OptTimeJson(i.answered_at)},
            {"answered_by", i.answered_by}};
}

/// Where the warning's Sigma rules run: those running, those refused, and the recipients among
/// the items shown whose logs they run on.
json::object RulesJson(const app::WarningView& v, const app::WarningRuleService& service) {
    const auto& w = v.warning;
    const auto state = service.StateOf(w.id.value());
    std::set<std::int64_t> shown;
    for (const auto& item : v.items) {
        shown.insert(item.item.unit.value());
    }
    json::array consenting;
    for (const auto unit : state.consenting) {
        if (shown.contains(unit)) {
            consenting.emplace_back(unit);
        }
    }
    return {{"in_force", domain::RulesInForce(w, service.Now())},
            {"until", core::FormatRfc3339(w.deadline + domain::kWarningRulesLife)},
            {"running", ArrayJson(state.running,
                                  [](const app::WarningRule& rule) {
                                      return json::object{{"id", rule.info.id},
                                                          {"title", rule.info.title},
                                                          {"level", rule.info.level}};
                                  })},
            {"refused", RefusalsJson(state.refused)},
            {"consenting_unit_ids", std::move(consenting)}};
}

json::object ViewJson(const app::WarningView& v, const app::WarningRuleService& rules) {
    auto out = WarningJson(v.warning);
    out["sigma_rules"] = v.warning.sigma_rules;
    if (!v.warning.sigma_rules.empty()) {
        out["rules"] = RulesJson(v, rules);
    }
    out["items"] = ArrayJson(v.items, [](const app::WarningItemView& item) {
        auto o = ItemJson(item.item);
        o["late"] = item.late;
        o["can_answer"] = item.can_answer;
        return o;
    });
    out["rollup"] = RollupJson(v.rollup);
    out["by_unit"] = ArrayJson(v.by_unit, [](const app::UnitRollup& u) {
        return json::object{
            {"unit_id", u.unit.value()}, {"unit_name", u.name}, {"rollup", RollupJson(u.rollup)}};
    });
    out["incidents"] = ArrayJson(v.incidents, [](const app::IndicatorIncident& i) {
        return json::object{{"id", i.id.value()},
                            {"code", i.code},
                            {"title", i.title},
                            {"unit_name", i.unit_name},
                            {"indicators", ArrayJson(i.indicators, IndicatorJson)}};
    });
    out["passed_on"] = ArrayJson(v.passed_on, [](const domain::Warning& w) {
        return json::object{{"id", w.id.value()},
                            {"issuer_name", w.issuer_name},
                            {"target_name", w.target_name},
                            {"tlp", domain::TlpCode(w.tlp)},
                            {"issued_at", core::FormatRfc3339(w.issued_at)}};
    });
    out["parent"] = v.parent ? json::value(json::object{{"id", v.parent->id.value()},
                                                        {"title", v.parent->title},
                                                        {"issuer_name", v.parent->issuer_name}})
                             : json::value(nullptr);
    out["can_withdraw"] = v.can_withdraw;
    json::array from;
    for (const auto unit : v.can_pass_on_from) {
        from.emplace_back(unit.value());
    }
    out["can_pass_on_from"] = std::move(from);
    return out;
}

json::object NoticeJson(const domain::WarningNotice& n) {
    return {{"id", n.id.value()},
            {"warning_id", n.warning_id.value()},
            {"warning_title", n.warning_title},
            {"kind", domain::WarningNoticeKindCode(n.kind)},
            {"about_unit_id", n.about.value()},
            {"about_name", n.about_name},
            {"created_at", core::FormatRfc3339(n.created_at)},
            {"body", n.body},
            {"email_state", n.mail.state}};
}

/// The target of a body: `target` {unit_id, kinds, traits {operating_system, vendor, services,
/// min_level}}.
domain::WarningTarget ReadTarget(jsonio::ObjectReader& reader, domain::FieldErrors& errors) {
    domain::WarningTarget target;
    auto object = reader.OptObject("target");
    if (!object) {
        errors.Add("target", "chọn phạm vi nhận cảnh báo", "choose whom the warning goes to");
        return target;
    }
    target.root = domain::UnitId{object->Int("unit_id")};
    for (const auto& code :
         object->OptStringArray("kinds", 10).value_or(std::vector<std::string>{})) {
        if (const auto kind = domain::ParseUnitKind(code)) {
            target.kinds.push_back(*kind);
        } else {
            errors.Add("target.kinds", fmt::format("không có loại đơn vị \"{}\"", code),
                       fmt::format("no unit kind \"{}\"", code));
        }
    }
    if (auto traits = object->OptObject("traits")) {
        auto& t = target.traits;
        t.operating_system = traits->OptString("operating_system").value_or("");
        t.vendor = traits->OptString("vendor").value_or("");
        t.software = traits->OptString("software").value_or("");
        t.services = traits->OptStringArray("services", 20).value_or(std::vector<std::string>{});
        if (const auto level = traits->OptInt("min_level")) {
            if (*level < 1 || *level > 5) {
                errors.Add("target.traits.min_level", "cấp độ từ 1 đến 5", "a level is 1 to 5");
            } else {
                t.min_level = static_cast<int>(*level);
            }
        }
        for (const auto* text : {&t.operating_system, &t.vendor, &t.software}) {
            if (text->size() > 200) {
                errors.Add("target.traits", "đặc điểm tối đa 200 ký tự",
                           "a trait is at most 200 characters");
            }
        }
        errors.AddAll(traits->Finish());
    }
    errors.AddAll(object->Finish());
    return target;
}

std::optional<core::TimePoint> ReadDeadline(jsonio::ObjectReader& reader,
                                            domain::FieldErrors& errors,
                                            bool required) {
    const auto text =
        required ? std::optional(reader.String("deadline")) : reader.OptString("deadline");
    if (!text) {
        return std::nullopt;
    }
    if (const auto at = core::ParseRfc3339(*text)) {
        return *at;
    }
    errors.Add("deadline", "hạn trả lời RFC 3339 (ví dụ 2026-12-10T17:00:00+07:00)",
               "an RFC 3339 time (e.g. 2026-12-10T17:00:00+07:00)");
    return std::nullopt;
}

std::optional<domain::Tlp> ReadTlp(jsonio::ObjectReader& reader, domain::FieldErrors& errors) {
    const auto code = reader.String("tlp");
    const auto tlp = domain::ParseTlp(code);
    if (!tlp && !code.empty()) {
        errors.Add("tlp", "nhãn TLP là clear, green, amber hoặc red",
                   "the TLP label is clear, green, amber or red");
    }
    return tlp;
}

Result<ApiReply> PostWarning(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::Warning w;
    w.issuer = domain::UnitId{reader.Int("issuer_unit_id")};
    w.title = reader.String("title");
    const auto severity = reader.String("severity");
    if (const auto parsed = domain::ParseWarningSeverity(severity)) {
        w.severity = *parsed;
    } else if (!severity.empty()) {
        errors.Add("severity", "mức độ là low, medium, high hoặc critical",
                   "the severity is low, medium, high or critical");
    }
    w.description = reader.OptString("description").value_or("");
    w.actions = reader.String("actions");
    w.sigma_rules = reader.OptString("sigma_rules").value_or("");
    if (const auto deadline = ReadDeadline(reader, errors, true)) {
        w.deadline = *deadline;
    }
    w.references = reader.OptStringArray("references", domain::kMaxWarningReferences + 1)
                       .value_or(std::vector<std::string>{});
    for (auto& item : reader.ObjectArray("indicators", domain::kMaxWarningIndicators)) {
        const auto kind = item.String("kind");
        const auto parsed = domain::ParseObservableKind(kind);
        if (!parsed && !kind.empty()) {
            errors.Add("indicators", fmt::format("không có loại dấu hiệu \"{}\"", kind),
                       fmt::format("no indicator kind \"{}\"", kind));
        }
        w.indicators.push_back(
            {parsed.value_or(domain::ObservableKind::kIp), item.String("value")});
        errors.AddAll(item.Finish());
    }
    if (const auto tlp = ReadTlp(reader, errors)) {
        w.tlp = *tlp;
    }
    w.target = ReadTarget(reader, errors);
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view, s.warnings.Issue(call.actor, std::move(w)));
    return Ok(ViewJson(view, s.warning_rules), bhttp::status::created);
}

Result<ApiReply> PostPreview(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    const domain::UnitId issuer{reader.Int("issuer_unit_id")};
    const auto target = ReadTarget(reader, errors);
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(reach, s.warnings.Preview(call.actor, issuer, target));
    return Ok(json::object{
        {"units", reach.units},
        {"items", ArrayJson(reach.items, [](const domain::WarningItem& i) {
             return json::object{
                 {"unit_id", i.unit.value()},
                 {"unit_name", i.unit_name},
                 {"system_id", i.system ? json::value(i.system->value()) : json::value(nullptr)},
                 {"system_name", i.system_name}};
         })}});
}

Result<ApiReply> PostPassOn(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    const domain::UnitId from{reader.Int("from_unit_id")};
    const auto tlp = ReadTlp(reader, errors);
    const auto deadline = ReadDeadline(reader, errors, false);
    auto target = ReadTarget(reader, errors);
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(
        view, s.warnings.PassOn(call.actor, domain::WarningId{id}, from, std::move(target),
                                tlp.value_or(domain::Tlp::kAmber), deadline));
    return Ok(ViewJson(view, s.warning_rules), bhttp::status::created);
}

Result<ApiReply> PostAnswer(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    const auto code = reader.String("answer");
    const auto answer = domain::ParseWarningAnswer(code);
    if (!answer && !code.empty()) {
        errors.Add("answer", "trả lời là affected, not_affected hoặc fixed",
                   "the answer is affected, not_affected or fixed");
    }
    auto evidence = reader.OptString("evidence").value_or("");
    errors.AddAll(reader.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(
        view,
        s.warnings.Answer(call.actor, domain::WarningItemId{id},
                          answer.value_or(domain::WarningAnswer::kAffected), std::move(evidence)));
    return Ok(ViewJson(view, s.warning_rules));
}

}  // namespace

void AddWarningRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/warnings", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(list, s.warnings.List(call.actor));
                  return Ok(json::object{{"items", ArrayJson(list.warnings,
                                                             [](const app::WarningSummary& w) {
                                                                 auto o = WarningJson(w.warning);
                                                                 o["rollup"] = RollupJson(w.rollup);
                                                                 o["issued"] = w.issued;
                                                                 o["to_answer"] = w.to_answer;
                                                                 return o;
                                                             })},
                                         {"notices", ArrayJson(list.notices, NoticeJson)}});
              });
    table
        .Add(verb::post, "/api/v1/warnings", Access::kSignedIn,
             [s](Call& call) { return PostWarning(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::post, "/api/v1/warnings/preview", Access::kSignedIn,
             [s](Call& call) { return PostPreview(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table.Add(verb::get, "/api/v1/warnings/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(view, s.warnings.Get(call.actor, domain::WarningId{id}));
                  return Ok(ViewJson(view, s.warning_rules));
              });
    table
        .Add(verb::post, "/api/v1/warnings/{}/pass-on", Access::kSignedIn,
             [s](Call& call) { return PostPassOn(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::post, "/api/v1/warnings/{}/withdraw", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(view,
                                         s.warnings.Withdraw(call.actor, domain::WarningId{id}));
                 return Ok(ViewJson(view, s.warning_rules));
             })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::post, "/api/v1/warning-items/{}/answer", Access::kSignedIn,
             [s](Call& call) { return PostAnswer(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kSystemWrite);
    table.Add(
        verb::get, "/api/v1/incidents/{}/warnings", Access::kSignedIn,
        [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(matches,
                                    s.warnings.ForIncident(call.actor, domain::IncidentId{id}));
            return Ok(json::object{{"items", ArrayJson(matches, [](const app::IncidentWarning& m) {
                                        auto o = WarningJson(m.warning);
                                        o["matched"] = ArrayJson(m.indicators, IndicatorJson);
                                        return o;
                                    })}});
        });
}

}  // namespace ungcuu::http
