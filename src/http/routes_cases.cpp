// The harmful-content register: cases with their evidence and takedown requests, a case from a
// citizen's report, capturing a case's page, and the list for hand-over (XLSX, DOCX, PDF).
#include <fmt/format.h>

#include "core/text.hpp"
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::value OptIncidentJson(const std::optional<domain::IncidentId>& id) {
    return id ? json::value(id->value()) : json::value(nullptr);
}

json::object TakedownJson(const domain::Takedown& t) {
    return {{"id", t.id.value()},
            {"recipient", t.recipient},
            {"channel", t.channel},
            {"reference", t.reference},
            {"sent_at", core::FormatRfc3339(t.sent_at)},
            {"status", domain::TakedownStatusCode(t.status)},
            {"answered_at", OptTimeJson(t.answered_at)},
            {"note", t.note},
            {"created_by", t.created_by}};
}

json::object CaseJson(const domain::HarmfulCase& c) {
    return {{"id", c.id.value()},
            {"code", domain::CaseCode(c)},
            {"unit_id", c.unit_id.value()},
            {"unit_name", c.unit_name},
            {"location", c.location},
            {"platform", domain::ContentPlatformCode(c.platform)},
            {"category", domain::ContentCategoryCode(c.category)},
            {"title", c.title},
            {"description", c.description},
            {"first_seen", core::FormatRfc3339(c.first_seen)},
            {"state", domain::CaseStateCode(c.state)},
            {"handed_to", c.handed_to},
            {"handed_at", OptTimeJson(c.handed_at)},
            {"handover_ref", c.handover_ref},
            {"source_incident_id", OptIncidentJson(c.source_incident)},
            {"malware_incident_id", OptIncidentJson(c.malware_incident)},
            {"created_by", c.created_by},
            {"created_at", core::FormatRfc3339(c.created_at)},
            {"updated_at", core::FormatRfc3339(c.updated_at)}};
}

json::object DetailsJson(const app::CaseDetails& d) {
    auto out = CaseJson(d.c);
    out["evidence"] = ArrayJson(d.evidence, [](const app::CaseEvidence& e) {
        return json::object{{"id", e.id.value()},
                            {"name", e.name},
                            {"content_type", e.content_type},
                            {"size", e.size},
                            {"sha256", e.sha256},
                            {"source_url", e.source_url},
                            {"added_by", e.added_by},
                            {"added_at", core::FormatRfc3339(e.added_at)},
                            {"scan", FileScanJson(e.scan)}};
    });
    out["takedowns"] = ArrayJson(d.takedowns, TakedownJson);
    out["can_edit"] = d.can_edit;
    return out;
}

// A time field: RFC 3339; reported as a field error.
std::optional<core::TimePoint> ReadTime(jsonio::ObjectReader& reader,
                                        std::string_view field,
                                        domain::FieldErrors& errors) {
    const auto text = reader.OptString(field);
    if (!text || text->empty()) {
        return std::nullopt;
    }
    const auto parsed = core::ParseRfc3339(*text);
    if (!parsed) {
        errors.Add(field, "thời gian không hợp lệ (ví dụ 2026-12-07T08:30:00+07:00)",
                   "an invalid time (e.g. 2026-12-07T08:30:00+07:00)");
    }
    return parsed;
}

template <typename Enum, typename Parse>
std::optional<Enum> ReadCode(jsonio::ObjectReader& reader,
                             std::string_view field,
                             Parse parse,
                             std::string_view allowed,
                             domain::FieldErrors& errors) {
    const auto text = reader.OptString(field);
    if (!text) {
        return std::nullopt;
    }
    const auto value = parse(*text);
    if (!value) {
        errors.Add(field, fmt::format("giá trị là một trong: {}", allowed),
                   fmt::format("one of: {}", allowed));
    }
    return value;
}

constexpr std::string_view kPlatforms = "website, facebook, zalo, youtube, tiktok, telegram, other";
constexpr std::string_view kCategories =
    "fake_portal, impersonation, fake_news, fraud, defamation, other";
constexpr std::string_view kStates = "open, handed_over, removed, closed";
constexpr std::string_view kTakedownStates = "sent, acknowledged, removed, refused, no_answer";

/// The fields of a case a body may set (the unit on creation only).
void ReadCase(jsonio::ObjectReader& reader, domain::HarmfulCase& c, domain::FieldErrors& errors) {
    c.location = reader.OptString("location").value_or(c.location);
    c.title = reader.OptString("title").value_or(c.title);
    c.description = reader.OptString("description").value_or(c.description);
    if (auto p = ReadCode<domain::ContentPlatform>(reader, "platform", domain::ParseContentPlatform,
                                                   kPlatforms, errors)) {
        c.platform = *p;
    }
    if (auto k = ReadCode<domain::ContentCategory>(reader, "category", domain::ParseContentCategory,
                                                   kCategories, errors)) {
        c.category = *k;
    }
    if (auto s =
            ReadCode<domain::CaseState>(reader, "state", domain::ParseCaseState, kStates, errors)) {
        c.state = *s;
    }
    if (auto seen = ReadTime(reader, "first_seen", errors)) {
        c.first_seen = *seen;
    }
    c.handed_to = reader.OptString("handed_to").value_or(c.handed_to);
    if (reader.Has("handed_at")) {
        c.handed_at = ReadTime(reader, "handed_at", errors);
    }
    c.handover_ref = reader.OptString("handover_ref").value_or(c.handover_ref);
}

Result<domain::Takedown> ReadTakedown(std::string_view body) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(body));
    domain::FieldErrors errors;
    domain::Takedown t;
    t.recipient = reader.String("recipient");
    t.channel = reader.OptString("channel").value_or("");
    t.reference = reader.OptString("reference").value_or("");
    t.note = reader.OptString("note").value_or("");
    if (auto sent = ReadTime(reader, "sent_at", errors)) {
        t.sent_at = *sent;
    } else if (!reader.Has("sent_at")) {
        errors.Add("sent_at", "cần ngày gửi yêu cầu", "the date the request was sent is needed");
    }
    if (auto s = ReadCode<domain::TakedownStatus>(reader, "status", domain::ParseTakedownStatus,
                                                  kTakedownStates, errors)) {
        t.status = *s;
    }
    t.answered_at = ReadTime(reader, "answered_at", errors);
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    return t;
}

Result<app::CaseFilter> ReadFilter(const Call& call) {
    app::CaseFilter filter;
    UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
    filter.unit_id = unit;
    const auto code = [&](std::string_view name, auto parse, std::string_view allowed,
                          auto& out) -> core::Status {
        const auto text = QueryText(call, name);
        if (text.empty()) {
            return core::Ok();
        }
        out = parse(text);
        if (!out) {
            return core::InvalidArgument(
                fmt::format("Tham số {} là một trong: {}.", name, allowed),
                fmt::format("The {} parameter is one of: {}.", name, allowed));
        }
        return core::Ok();
    };
    UNGCUU_RETURN_IF_ERROR(code("state", domain::ParseCaseState, kStates, filter.state));
    UNGCUU_RETURN_IF_ERROR(
        code("category", domain::ParseContentCategory, kCategories, filter.category));
    UNGCUU_RETURN_IF_ERROR(
        code("platform", domain::ParseContentPlatform, kPlatforms, filter.platform));
    filter.q = QueryText(call, "q");
    if (filter.q.size() > 200) {
        return core::InvalidArgument("Từ khoá tìm kiếm dài quá 200 byte.",
                                     "The search text is longer than 200 bytes.");
    }
    for (const auto& [name, out] :
         {std::pair{"from", &filter.seen_from}, std::pair{"to", &filter.seen_to}}) {
        const auto text = QueryText(call, name);
        if (text.empty()) {
            continue;
        }
        const auto day = core::ParseDate(text);
        if (!day) {
            return core::InvalidArgument(
                fmt::format("Tham số {} là một ngày YYYY-MM-DD.", name),
                fmt::format("The {} parameter is a day, YYYY-MM-DD.", name));
        }
        // "to" includes its day.
        *out = std::string_view(name) == "from" ? core::StartOfLocalDay(*day)
                                                : core::EndOfLocalDay(*day);
    }
    UNGCUU_ASSIGN_OR_RETURN(limit, LimitParam(call));
    filter.limit = limit;
    const auto offset = QueryText(call, "offset");
    if (!offset.empty()) {
        const auto value = core::ParseInt64(offset);
        if (!value || *value < 0 || *value > 1'000'000) {
            return core::InvalidArgument("Tham số offset là số nguyên từ 0 đến 1000000.",
                                         "The offset parameter is an integer from 0 to 1000000.");
        }
        filter.offset = static_cast<int>(*value);
    }
    return filter;
}

Result<ApiReply> GetCases(const Services& s, const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(filter, ReadFilter(call));
    UNGCUU_ASSIGN_OR_RETURN(list, s.cases.List(call.actor, filter));
    json::array items;
    for (const auto& c : list.rows) {
        auto row = CaseJson(c);
        json::array takedowns;
        for (const auto& t : list.takedowns) {
            if (t.case_id == c.id) {
                takedowns.push_back(TakedownJson(t));
            }
        }
        row["takedowns"] = std::move(takedowns);
        items.push_back(std::move(row));
    }
    return Ok(json::object{{"total", list.total}, {"items", std::move(items)}});
}

Result<ApiReply> PostCase(const Services& s, const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::HarmfulCase c;
    c.unit_id = domain::UnitId{reader.Int("unit_id")};
    c.location = reader.String("location");
    c.title = reader.String("title");
    ReadCase(reader, c, errors);
    if (!reader.Has("first_seen")) {
        errors.Add("first_seen", "cần thời điểm phát hiện", "when it was first seen is needed");
    }
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    UNGCUU_ASSIGN_OR_RETURN(details, s.cases.Create(call.actor, std::move(c)));
    return Ok(DetailsJson(details), bhttp::status::created);
}

Result<ApiReply> PostFromReport(const Services& s, const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(incident, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::HarmfulCase c;
    c.location = reader.OptString("location").value_or("");
    c.title = reader.OptString("title").value_or("");
    if (auto p = ReadCode<domain::ContentPlatform>(reader, "platform", domain::ParseContentPlatform,
                                                   kPlatforms, errors)) {
        c.platform = *p;
    }
    if (auto k = ReadCode<domain::ContentCategory>(reader, "category", domain::ParseContentCategory,
                                                   kCategories, errors)) {
        c.category = *k;
    }
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    UNGCUU_ASSIGN_OR_RETURN(details,
                            s.cases.FromReport(call.actor, domain::IncidentId{incident}, c));
    return Ok(DetailsJson(details), bhttp::status::created);
}

Result<ApiReply> PutCase(const Services& s, const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(current, s.cases.Get(call.actor, domain::HarmfulCaseId{id}));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    auto c = current.c;
    ReadCase(reader, c, errors);
    UNGCUU_RETURN_IF_ERROR(reader.Finish(errors));
    UNGCUU_ASSIGN_OR_RETURN(details, s.cases.Update(call.actor, domain::HarmfulCaseId{id}, c));
    return Ok(DetailsJson(details));
}

Result<ApiReply> GetExport(const Services& s, const Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(filter, ReadFilter(call));
    const auto text = QueryText(call, "format");
    const auto format = app::ParseDocumentFormat(text.empty() ? std::string_view("xlsx") : text);
    if (!format) {
        return core::InvalidArgument("Định dạng tải về là xlsx, docx hoặc pdf.",
                                     "The download format is xlsx, docx or pdf.");
    }
    UNGCUU_ASSIGN_OR_RETURN(file, s.cases.Export(call.actor, filter, *format));
    return OkFile(file.content_type, file.file_name, std::move(file.bytes));
}

}  // namespace

void AddCaseRoutes(RouteTable& table, Services s) {
    constexpr auto kRecord = domain::Permission::kIncidentReport;
    table.Add(verb::get, "/api/v1/harmful-cases", Access::kSignedIn,
              [s](Call& call) { return GetCases(s, call); });
    table
        .Add(verb::post, "/api/v1/harmful-cases", Access::kSignedIn,
             [s](Call& call) { return PostCase(s, call); })
        .precheck = NeedsSomewhere(kRecord);
    table
        .Add(verb::get, "/api/v1/harmful-cases/export", Access::kSignedIn,
             [s](Call& call) { return GetExport(s, call); })
        .heavy = AlwaysHeavy;
    table
        .Add(verb::post, "/api/v1/harmful-cases/from-report/{}", Access::kSignedIn,
             [s](Call& call) { return PostFromReport(s, call); })
        .precheck = NeedsSomewhere(kRecord);
    table.Add(verb::get, "/api/v1/harmful-cases/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(details,
                                          s.cases.Get(call.actor, domain::HarmfulCaseId{id}));
                  return Ok(DetailsJson(details));
              });
    table
        .Add(verb::put, "/api/v1/harmful-cases/{}", Access::kSignedIn,
             [s](Call& call) { return PutCase(s, call); })
        .precheck = NeedsSomewhere(kRecord);
    auto& upload =
        table.AddRaw(verb::post, "/api/v1/harmful-cases/{}/evidence", Access::kSignedIn,
                     [s](Call& call) -> Result<ApiReply> {
                         UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                         UNGCUU_ASSIGN_OR_RETURN(
                             details, s.cases.AddEvidence(call.actor, domain::HarmfulCaseId{id},
                                                          QueryText(call, "name"), call.body()));
                         return Ok(DetailsJson(details), bhttp::status::created);
                     });
    upload.precheck = NeedsSomewhere(kRecord);
    table.Add(verb::get, "/api/v1/harmful-cases/{}/evidence/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(file_id, IdParam(call, 1));
                  UNGCUU_ASSIGN_OR_RETURN(
                      file, s.cases.EvidenceFile(call.actor, domain::HarmfulCaseId{id},
                                                 domain::CaseEvidenceId{file_id}));
                  return OkFile(file.content_type, file.name, std::move(file.bytes));
              });
    auto& capture =
        table.Add(verb::post, "/api/v1/harmful-cases/{}/capture", Access::kSignedIn,
                  [s](Call& call) -> Result<ApiReply> {
                      UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                      UNGCUU_ASSIGN_OR_RETURN(
                          details, s.cases.Capture(call.actor, domain::HarmfulCaseId{id}));
                      return Ok(DetailsJson(details), bhttp::status::created);
                  });
    capture.precheck = NeedsSomewhere(kRecord);
    capture.heavy = AlwaysHeavy;
    table
        .Add(verb::post, "/api/v1/harmful-cases/{}/takedowns", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(takedown, ReadTakedown(call.body()));
                 UNGCUU_ASSIGN_OR_RETURN(
                     details, s.cases.AddTakedown(call.actor, domain::HarmfulCaseId{id}, takedown));
                 return Ok(DetailsJson(details), bhttp::status::created);
             })
        .precheck = NeedsSomewhere(kRecord);
    table
        .Add(verb::put, "/api/v1/harmful-cases/{}/takedowns/{}", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(takedown_id, IdParam(call, 1));
                 UNGCUU_ASSIGN_OR_RETURN(takedown, ReadTakedown(call.body()));
                 takedown.id = domain::TakedownId{takedown_id};
                 UNGCUU_ASSIGN_OR_RETURN(
                     details,
                     s.cases.UpdateTakedown(call.actor, domain::HarmfulCaseId{id}, takedown));
                 return Ok(DetailsJson(details));
             })
        .precheck = NeedsSomewhere(kRecord);
}

}  // namespace ungcuu::http
