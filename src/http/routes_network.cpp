// The unit as a network member (TT 20/2017 Điều 5, 6, 8): its profile and duties, Mẫu 01/02,
// the notices of contact-point changes, and the coordination orders (Mẫu 06) with their tasks.
#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

json::object NoticeJson(const domain::ContactNotice& n) {
    return {{"id", n.id.value()},
            {"unit_id", n.unit_id.value()},
            {"unit_name", n.unit_name},
            {"recipient_unit_id", n.recipient_unit_id.value()},
            {"recipient_name", n.recipient_name},
            {"function", n.function},
            {"changes_from", core::FormatRfc3339(n.changes_from)},
            {"due_at", core::FormatRfc3339(n.due_at)},
            {"sent_at", core::FormatRfc3339(n.sent_at)},
            {"late", n.sent_at > n.due_at},
            {"sent_by", n.sent_by},
            {"body", n.body},
            {"email", n.email},
            {"email_state", n.mail.state},
            {"email_error", n.mail.error},
            {"acknowledged_at", OptTimeJson(n.acknowledged_at)},
            {"acknowledged_by", n.acknowledged_by}};
}

json::object MemberJson(const app::MemberView& v) {
    const auto& p = v.profile;
    auto pending = ArrayJson(v.contact_clock.pending, [](const domain::ContactChange& change) {
        return json::object{{"role", domain::ContactRoleCode(change.role)},
                            {"person_name", change.person_name},
                            {"at", core::FormatRfc3339(change.at)}};
    });
    auto coordinators = ArrayJson(v.coordinators, [](const app::MemberView::Coordinator& c) {
        return json::object{{"function", c.function}, {"unit_name", c.unit_name}};
    });
    return {{"unit_id", v.unit.id.value()},
            {"profile",
             {{"member_code", p.member_code},
              {"membership", domain::MembershipCode(p.membership)},
              {"capability", p.capability},
              {"activity", p.activity},
              {"pgp_key", p.pgp_key},
              {"submitted_on", DateJson(p.submitted_on)},
              {"saved", v.profile_saved}}},
            {"profile_duty",
             {{"due_on", DateJson(v.profile_due_on)},
              {"state", domain::DutyStateCode(v.profile_state)},
              {"article", "Thông tư 20/2017/TT-BTTTT Điều 5 khoản 3"}}},
            {"contact_clock",
             {{"pending", std::move(pending)},
              {"due_at", OptTimeJson(v.contact_clock.due_at)},
              {"state", domain::DutyStateCode(v.contact_clock.state)},
              {"article", "Thông tư 20/2017/TT-BTTTT Điều 6 khoản 1 điểm b"}}},
            {"coordinators", std::move(coordinators)},
            {"notices", ArrayJson(v.notices, NoticeJson)}};
}

json::object OrderJson(const app::OrderView& v) {
    const auto& o = v.order;
    auto tasks = ArrayJson(v.tasks, [&v](const domain::OrderTask& t) {
        return json::object{{"id", t.id.value()},
                            {"unit_id", t.unit_id.value()},
                            {"unit_name", t.unit_name},
                            {"due_at", core::FormatRfc3339(t.due_at)},
                            {"state", domain::TaskStateCode(t.state)},
                            {"overdue", domain::Overdue(t, v.as_of)},
                            {"answer", t.answer},
                            {"answered_at", OptTimeJson(t.answered_at)},
                            {"answered_by", t.answered_by}};
    });
    return {{"id", o.id.value()},
            {"receiving_unit_id", o.receiving_unit_id.value()},
            {"receiving_unit_name", o.receiving_unit_name},
            {"kind", domain::OrderKindCode(o.kind)},
            {"issuer", o.issuer},
            {"number", o.number},
            {"issued_on", core::FormatDate(o.issued_on)},
            {"subject", o.subject},
            {"actions", o.actions},
            {"deadline", core::FormatRfc3339(o.deadline)},
            {"created_at", core::FormatRfc3339(o.created_at)},
            {"created_by", o.created_by},
            {"follows_up", v.follows_up},
            {"roll_up",
             {{"total", v.roll_up.total},
              {"done", v.roll_up.done},
              {"not_applicable", v.roll_up.not_applicable},
              {"open", v.roll_up.open},
              {"overdue", v.roll_up.overdue}}},
            {"tasks", std::move(tasks)}};
}

// PUT /api/v1/units/{}/member
Result<ApiReply> PutMember(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    domain::MemberProfile profile;
    profile.unit_id = domain::UnitId{id};
    profile.member_code = reader.OptString("member_code").value_or("");
    const auto membership = reader.OptString("membership").value_or("mandatory");
    profile.capability = reader.OptString("capability").value_or("");
    profile.activity = reader.OptString("activity").value_or("");
    profile.pgp_key = reader.OptString("pgp_key").value_or("");
    const auto submitted = reader.OptString("submitted_on");
    errors.AddAll(reader.Finish());
    if (const auto parsed = domain::ParseMembership(membership)) {
        profile.membership = *parsed;
    } else {
        errors.Add("membership", R"(là "mandatory" (bắt buộc) hoặc "voluntary" (tự nguyện))",
                   R"(is "mandatory" or "voluntary")");
    }
    if (submitted && !submitted->empty()) {
        profile.submitted_on = core::ParseDate(*submitted);
        if (!profile.submitted_on) {
            errors.Add("submitted_on", "ngày viết dạng YYYY-MM-DD", "a date written YYYY-MM-DD");
        }
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view, s.network.SaveProfile(call.actor, std::move(profile)));
    return Ok(MemberJson(view));
}

// GET /api/v1/units/{}/member/{mau01|mau02}.{docx|pdf}
Result<ApiReply> GetMemberForm(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    const std::string_view name = call.params[1];
    const auto dot = name.find('.');
    const auto form = name.substr(0, dot);
    const auto format = dot == std::string_view::npos ? "" : name.substr(dot + 1);
    if ((form != "mau01" && form != "mau02") || (format != "docx" && format != "pdf")) {
        return core::NotFound("Không có biểu mẫu này (mau01 hoặc mau02, .docx hoặc .pdf).",
                              "No such form (mau01 or mau02, .docx or .pdf).");
    }
    UNGCUU_ASSIGN_OR_RETURN(
        file,
        s.network.Form(call.actor, domain::UnitId{id},
                       form == "mau02" ? app::MemberForm::kRegistration : app::MemberForm::kProfile,
                       format == "docx" ? app::DocumentFormat::kDocx : app::DocumentFormat::kPdf));
    return OkFile(file.content_type, file.file_name, std::move(file.bytes));
}

// POST /api/v1/coordination-orders
Result<ApiReply> PostOrder(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    domain::FieldErrors errors;
    app::NewOrder input;
    auto& order = input.order;
    order.receiving_unit_id = domain::UnitId{reader.Int("receiving_unit_id")};
    const auto kind = reader.OptString("kind").value_or("order");
    order.issuer = reader.String("issuer");
    order.number = reader.String("number");
    const auto issued_on = reader.String("issued_on");
    order.subject = reader.String("subject");
    order.actions = reader.String("actions");
    const auto deadline = reader.String("deadline");
    for (const auto id :
         reader.OptIntArray("addressees", 500).value_or(std::vector<std::int64_t>{})) {
        input.addressees.emplace_back(id);
    }
    errors.AddAll(reader.Finish());
    if (const auto parsed = domain::ParseOrderKind(kind)) {
        order.kind = *parsed;
    } else {
        errors.Add("kind", R"(là "order" (lệnh) hoặc "request" (yêu cầu))",
                   R"(is "order" or "request")");
    }
    if (const auto date = core::ParseDate(issued_on)) {
        order.issued_on = *date;
    } else {
        errors.Add("issued_on", "ngày ban hành viết dạng YYYY-MM-DD",
                   "the date of issue is written YYYY-MM-DD");
    }
    if (const auto at = core::ParseRfc3339(deadline)) {
        order.deadline = *at;
    } else {
        errors.Add("deadline", "thời hạn RFC 3339 (ví dụ 2026-12-10T17:00:00+07:00)",
                   "an RFC 3339 time (e.g. 2026-12-10T17:00:00+07:00)");
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    UNGCUU_ASSIGN_OR_RETURN(view, s.network.RecordOrder(call.actor, std::move(input)));
    return Ok(OrderJson(view), bhttp::status::created);
}

// POST /api/v1/order-tasks/{}/answer
Result<ApiReply> PostTaskAnswer(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const auto state_code = reader.String("state");
    const auto answer = reader.String("answer");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    const auto state = domain::ParseTaskState(state_code).value_or(domain::TaskState::kOpen);
    UNGCUU_ASSIGN_OR_RETURN(
        view, s.network.AnswerTask(call.actor, domain::OrderTaskId{id}, state, answer));
    return Ok(OrderJson(view));
}

}  // namespace

void AddNetworkRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/units/{}/member", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(view, s.network.Member(call.actor, domain::UnitId{id}));
                  return Ok(MemberJson(view));
              });
    table.Add(verb::put, "/api/v1/units/{}/member", Access::kSignedIn,
              [s](Call& call) { return PutMember(s, call); });
    table
        .Add(verb::get, "/api/v1/units/{}/member/{}", Access::kSignedIn,
             [s](Call& call) { return GetMemberForm(s, call); })
        .heavy = [](std::string_view) { return true; };
    table.Add(
        verb::post, "/api/v1/units/{}/contact-notices", Access::kSignedIn,
        [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
            UNGCUU_ASSIGN_OR_RETURN(sent,
                                    s.network.SendContactNotice(call.actor, domain::UnitId{id}));
            return Ok(json::object{{"items", ArrayJson(sent, NoticeJson)}}, bhttp::status::created);
        });
    table.Add(verb::get, "/api/v1/contact-notices", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(unacknowledged, OptBoolQuery(call, "unacknowledged"));
                  UNGCUU_ASSIGN_OR_RETURN(notices, s.network.IncomingNotices(
                                                       call.actor, unacknowledged.value_or(false)));
                  return Ok(json::object{{"items", ArrayJson(notices, NoticeJson)}});
              });
    table.Add(verb::post, "/api/v1/contact-notices/{}/acknowledge", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(
                      notice, s.network.AcknowledgeNotice(call.actor, domain::ContactNoticeId{id}));
                  return Ok(NoticeJson(notice));
              });
    table.Add(verb::get, "/api/v1/coordination-orders", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(orders, s.network.Orders(call.actor));
                  return Ok(json::object{{"items", ArrayJson(orders, OrderJson)}});
              });
    table.Add(verb::post, "/api/v1/coordination-orders", Access::kSignedIn,
              [s](Call& call) { return PostOrder(s, call); });
    table.Add(verb::get, "/api/v1/coordination-orders/{}", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(view, s.network.Order(call.actor, domain::OrderId{id}));
                  return Ok(OrderJson(view));
              });
    table.Add(verb::post, "/api/v1/order-tasks/{}/answer", Access::kSignedIn,
              [s](Call& call) { return PostTaskAnswer(s, call); });
}

}  // namespace ungcuu::http
