// The exchange between installations: the administrator's page (this installation's node and
// key, peers with their outbox, enrolment codes, refusals; issue a code, join a parent, suspend,
// retry, rotate the key) and the two doors other installations use — enrolment with a one-time
// code, and delivery of signed envelopes, admitted from the request's head only for a known peer
// that is not suspended. Both doors are open without a session: the code and the signatures are
// the trust.
#include <fmt/format.h>

#include "http/json_views.hpp"
#include "http/routes.hpp"
#include "jsonio/object_reader.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

/// Envelopes per request are bounded by the service (100), each by 8 MiB; a batch by this.
constexpr std::size_t kEnvelopeBodyLimit = std::size_t{16} * 1024 * 1024;

json::object KeyJson(const domain::ExchangeKey& k) {
    return {{"key_id", k.key_id},
            {"public_key", k.public_key},
            {"valid_from", core::FormatRfc3339(k.valid_from)},
            {"valid_until", OptTimeJson(k.valid_until)}};
}

json::object PeerJson(const domain::ExchangePeer& p) {
    return {{"id", p.id.value()},
            {"node", p.node},
            {"name", p.name},
            {"relation", domain::PeerRelationCode(p.relation)},
            {"unit_id", p.unit ? json::value(p.unit->value()) : json::value(nullptr)},
            {"unit_name", p.unit_name},
            {"url", p.url},
            {"suspended", p.suspended},
            {"enrolled_at", core::FormatRfc3339(p.enrolled_at)},
            {"keys", ArrayJson(p.keys, KeyJson)},
            {"queued", p.queued},
            {"failed", p.failed},
            {"last_delivered_at", OptTimeJson(p.last_delivered_at)},
            {"last_received_at", OptTimeJson(p.last_received_at)},
            {"last_error", p.last_error}};
}

json::object EnrolmentJson(const domain::EnrolmentCode& e) {
    return {{"id", e.id},
            {"unit_id", e.unit.value()},
            {"unit_name", e.unit_name},
            {"name", e.name},
            {"created_at", core::FormatRfc3339(e.created_at)},
            {"created_by", e.created_by},
            {"expires_at", core::FormatRfc3339(e.expires_at)},
            {"used_at", OptTimeJson(e.used_at)}};
}

json::object RefusalJson(const domain::ExchangeRefusal& r) {
    return {{"id", r.id},
            {"at", core::FormatRfc3339(r.at)},
            {"remote", r.remote},
            {"sender", r.sender},
            {"envelope_id", r.envelope_id},
            {"code", r.code},
            {"reason_vi", r.why_vi},
            {"reason_en", r.why_en}};
}

json::object OverviewJson(const app::ExchangeOverview& o) {
    return {{"node", o.node},
            {"name", o.name},
            {"url", o.url},
            {"key_id", o.key_id},
            {"public_key", o.public_key},
            {"peers", ArrayJson(o.peers, PeerJson)},
            {"enrolments", ArrayJson(o.enrolments, EnrolmentJson)},
            {"refusals", ArrayJson(o.refusals, RefusalJson)}};
}

Result<ApiReply> PostEnrolment(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const auto unit = reader.Int("unit_id");
    auto name = reader.OptString("name").value_or("");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(
        issued, s.exchange.IssueEnrolment(call.actor, domain::UnitId{unit}, std::move(name)));
    auto out = EnrolmentJson(issued.enrolment);
    out["code"] = issued.code;
    return Ok(std::move(out), bhttp::status::created);
}

Result<ApiReply> PostJoin(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    auto url = reader.String("parent_url");
    auto code = reader.String("code");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    UNGCUU_ASSIGN_OR_RETURN(peer, s.exchange.Join(call.actor, std::move(url), std::move(code)));
    return Ok(PeerJson(peer), bhttp::status::created);
}

Result<ApiReply> PatchPeer(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const auto suspended = reader.OptBool("suspended");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    if (!suspended) {
        return core::InvalidArgument("Cần trường \"suspended\" (true hoặc false).",
                                     "The field \"suspended\" (true or false) is required.");
    }
    UNGCUU_ASSIGN_OR_RETURN(peer, s.exchange.Suspend(call.actor, domain::PeerId{id}, *suspended));
    return Ok(PeerJson(peer));
}

Result<ApiReply> PostShare(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
    UNGCUU_ASSIGN_OR_RETURN(reader, jsonio::ObjectReader::Parse(call.body()));
    const auto peer = reader.Int("peer_id");
    const auto tlp_code = reader.String("tlp");
    UNGCUU_RETURN_IF_ERROR(reader.Finish());
    const auto tlp = domain::ParseTlp(tlp_code);
    if (!tlp) {
        return core::InvalidArgument("Nhãn TLP là clear, green, amber hoặc red.",
                                     "The TLP label is clear, green, amber or red.");
    }
    UNGCUU_ASSIGN_OR_RETURN(envelope, s.exchange.ShareIncident(call.actor, domain::IncidentId{id},
                                                               domain::PeerId{peer}, *tlp));
    return Ok(json::object{{"envelope_id", envelope}}, bhttp::status::created);
}

}  // namespace

void AddExchangeRoutes(RouteTable& table, Services s) {
    table
        .Add(verb::get, "/api/v1/exchange/share-targets", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(targets, s.exchange.ShareTargets(call.actor));
                 json::array out;
                 for (const auto& target : targets) {
                     out.push_back(
                         json::object{{"peer_id", target.peer.value()},
                                      {"name", target.name},
                                      {"relation", domain::PeerRelationCode(target.relation)}});
                 }
                 return Ok(json::object{{"items", std::move(out)}});
             })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::post, "/api/v1/incidents/{}/share", Access::kSignedIn,
             [s](Call& call) { return PostShare(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    table
        .Add(verb::get, "/api/v1/exchange", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(overview, s.exchange.Overview(call.actor));
                 return Ok(OverviewJson(overview));
             })
        .precheck = NeedsSomewhere(domain::Permission::kUnitWrite);
    table
        .Add(verb::post, "/api/v1/exchange/enrolments", Access::kSignedIn,
             [s](Call& call) { return PostEnrolment(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kUnitWrite);
    table
        .Add(verb::post, "/api/v1/exchange/join", Access::kSignedIn,
             [s](Call& call) { return PostJoin(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kUnitWrite);
    table
        .Add(verb::patch, "/api/v1/exchange/peers/{}", Access::kSignedIn,
             [s](Call& call) { return PatchPeer(s, call); })
        .precheck = NeedsSomewhere(domain::Permission::kUnitWrite);
    table
        .Add(verb::post, "/api/v1/exchange/peers/{}/retry", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                 UNGCUU_ASSIGN_OR_RETURN(peer, s.exchange.RetryNow(call.actor, domain::PeerId{id}));
                 return Ok(PeerJson(peer));
             })
        .precheck = NeedsSomewhere(domain::Permission::kUnitWrite);
    table
        .Add(verb::post, "/api/v1/exchange/rotate-key", Access::kSignedIn,
             [s](Call& call) -> Result<ApiReply> {
                 UNGCUU_ASSIGN_OR_RETURN(overview, s.exchange.RotateKey(call.actor));
                 return Ok(OverviewJson(overview));
             })
        .precheck = NeedsSomewhere(domain::Permission::kUnitWrite);
    // Between installations.
    table.Add(verb::post, "/api/v1/exchange/enrol", Access::kPublic,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(
                      answer, s.exchange.Enrol(call.body(), call.context.remote_address));
                  return OkRaw(std::move(answer), bhttp::status::created);
              });
    auto& envelopes =
        table.AddRaw(verb::post, "/api/v1/exchange/envelopes", Access::kPublic,
                     [s](Call& call) -> Result<ApiReply> {
                         UNGCUU_ASSIGN_OR_RETURN(
                             answer, s.exchange.Receive(call.body(), call.context.remote_address));
                         return OkRaw(std::move(answer));
                     });
    envelopes.body_limit = kEnvelopeBodyLimit;
    envelopes.precheck = [s](const Call& call) -> core::Status {
        const auto node = call.context.request["Ungcuu-Node"];
        if (!s.exchange.Admits(std::string_view(node.data(), node.size()))) {
            return core::Error::Make(core::ErrorCode::kPermissionDenied,
                                     "Hệ thống gửi chưa được đăng ký hoặc đang bị tạm ngừng.",
                                     "The sending installation is not enrolled or is suspended.");
        }
        return core::Ok();
    };
}

}  // namespace ungcuu::http
