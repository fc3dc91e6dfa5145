#include "federation/exchange_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "app/audit_writer.hpp"
#include "app/unit_access.hpp"
#include "app/upload_check.hpp"
#include "core/text.hpp"
#include "federation/json_fields.hpp"

namespace ungcuu::federation {

namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 2> kReportDocumentTypes = {
    "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"};
/// What an issued report's document travelling with it may be.
const app::UploadRule kReportDocument{kReportDocumentTypes, "PDF, Word (.docx)",
                                      "PDF, Word (.docx)", ExchangeService::kMaxInlineDocument};
using app::Repositories;

constexpr std::string_view kEnrolPath = "/api/v1/exchange/enrol";
constexpr std::string_view kEnvelopesPath = "/api/v1/exchange/envelopes";

template <typename T>
core::Status Done(core::Result<T> result) {
    if (!result.ok()) {
        return std::move(result).error();
    }
    return core::Ok();
}

std::string ValueOr(core::Result<std::string> result, std::string otherwise) {
    return result.ok() ? std::move(result).value() : std::move(otherwise);
}

core::Result<json::object> ParseObject(std::string_view text) {
    auto value = ParseLimited(text, 16);
    if (!value || !value->is_object()) {
        return core::InvalidArgument("Nội dung không phải một đối tượng JSON.",
                                     "The body is not a JSON object.");
    }
    return std::move(value->as_object());
}

bool IsNode(std::string_view node) {
    return node.size() == 18 && node.starts_with("n-") &&
           node.substr(2).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

/// The peer as Open wants it: its pinned keys with their validity.
Peer ForOpening(const domain::ExchangePeer& peer) {
    Peer out;
    out.id = peer.node;
    out.suspended = peer.suspended;
    for (const auto& key : peer.keys) {
        if (auto parsed = ParsePublicKey(key.public_key)) {
            out.keys.push_back({key.key_id, *parsed, key.valid_from, key.valid_until});
        }
    }
    return out;
}

json::object WarningBody(const domain::Warning& w) {
    json::array indicators;
    for (const auto& indicator : w.indicators) {
        indicators.push_back(json::object{{"kind", domain::ObservableKindCode(indicator.kind)},
                                          {"value", indicator.value}});
    }
    json::object body{{"id", std::to_string(w.id.value())},
                      {"title", w.title},
                      {"severity", domain::WarningSeverityCode(w.severity)},
                      {"description", w.description},
                      {"actions", w.actions},
                      {"deadline", core::FormatRfc3339(w.deadline)},
                      {"references", StringArray(w.references)},
                      {"indicators", std::move(indicators)},
                      {"tlp", domain::TlpCode(w.tlp)},
                      {"issuer", w.origin_name.empty() ? w.issuer_name : w.origin_name},
                      {"issued_at", core::FormatRfc3339(w.issued_at)}};
    if (!w.sigma_rules.empty()) {
        body["sigma_rules"] = w.sigma_rules;
    }
    return body;
}

json::object PartyJson(const domain::Party& party) {
    return {{"name", party.name},
            {"address", party.address},
            {"position", party.position},
            {"phone", party.phone},
            {"email", party.email}};
}

core::Result<domain::Party> PartyFrom(const json::object& body, std::string_view key) {
    domain::Party party;
    const auto* value = body.if_contains(key);
    if (value == nullptr || !value->is_object()) {
        return party;
    }
    const auto& object = value->as_object();
    UNGCUU_ASSIGN_OR_RETURN(name, TextField(object, "name", 200, false));
    UNGCUU_ASSIGN_OR_RETURN(address, TextField(object, "address", 500, false));
    UNGCUU_ASSIGN_OR_RETURN(position, TextField(object, "position", 200, false));
    UNGCUU_ASSIGN_OR_RETURN(phone, TextField(object, "phone", 50, false));
    UNGCUU_ASSIGN_OR_RETURN(email, TextField(object, "email", 200, false));
    party.name = std::move(name);
    party.address = std::move(address);
    party.position = std::move(position);
    party.phone = std::move(phone);
    party.email = std::move(email);
    return party;
}

}  // namespace

// ---- identity and administration -------------------------------------------------------------

app::Actor ExchangeService::PeerActor(const domain::ExchangePeer& peer) {
    app::Actor actor = app::Actor::Cli();
    actor.login = fmt::format("peer:{}", peer.node);
    actor.address = peer.url;
    return actor;
}

core::Result<domain::Unit> ExchangeService::CheckAdmin(Repositories& repos,
                                                       const app::Actor& actor) {
    UNGCUU_ASSIGN_OR_RETURN(top, app::TopUnit(repos));
    if (!actor.unrestricted && !actor.scope.Sees(top.path)) {
        return core::Error::Make(core::ErrorCode::kPermissionDenied,
                                 "Chỉ quản trị của cả hệ thống mới quản lý kết nối.",
                                 "Only the installation's administrator manages connections.");
    }
    UNGCUU_RETURN_IF_ERROR(actor.Authorize(top.path, domain::Permission::kUnitWrite));
    return top;
}

core::Result<ExchangeService::Self> ExchangeService::EnsureIdentity(Repositories& repos) {
    UNGCUU_ASSIGN_OR_RETURN(existing, repos.exchange.Identity());
    if (!existing) {
        UNGCUU_ASSIGN_OR_RETURN(top, app::TopUnit(repos));
        const auto pair = GenerateKeyPair();
        domain::ExchangeIdentity identity;
        identity.node =
            "n-" + DigestHex(core::FormatRfc3339(clock_.Now()) + PublicKeyText(pair.public_key))
                       .substr(0, 16);
        identity.name = top.name_vi;
        identity.keys.push_back({KeyId(pair.public_key), PublicKeyText(pair.public_key),
                                 SecretKeyText(pair.secret_key), clock_.Now(), std::nullopt});
        UNGCUU_RETURN_IF_ERROR(repos.exchange.CreateIdentity(identity, clock_.Now()));
        existing = std::move(identity);
    }
    Self self;
    self.identity = std::move(*existing);
    for (const auto& key : self.identity.keys) {
        if (!key.valid_until) {
            auto pair = ParseKeyPair(key.public_key, key.secret_key);
            if (!pair) {
                return core::Internal("exchange: a stored key is malformed");
            }
            self.key = *pair;
            self.key_id = key.key_id;
        }
    }
    if (self.key_id.empty()) {
        return core::Internal("exchange: no current key");
    }
    return self;
}

core::Result<app::ExchangeOverview> ExchangeService::Overview(const app::Actor& actor) {
    return store_.Write([&](Repositories& repos) -> core::Result<app::ExchangeOverview> {
        UNGCUU_RETURN_IF_ERROR(Done(CheckAdmin(repos, actor)));
        UNGCUU_ASSIGN_OR_RETURN(self, EnsureIdentity(repos));
        app::ExchangeOverview out;
        out.node = self.identity.node;
        out.name = self.identity.name;
        out.url = options_.public_url;
        out.key_id = self.key_id;
        out.public_key = PublicKeyText(self.key.public_key);
        UNGCUU_ASSIGN_OR_RETURN(peers, repos.exchange.Peers());
        UNGCUU_ASSIGN_OR_RETURN(enrolments, repos.exchange.Enrolments(50));
        UNGCUU_ASSIGN_OR_RETURN(refusals, repos.exchange.Refusals(100));
        out.peers = std::move(peers);
        out.enrolments = std::move(enrolments);
        out.refusals = std::move(refusals);
        return out;
    });
}

core::Result<app::IssuedEnrolment> ExchangeService::IssueEnrolment(const app::Actor& actor,
                                                                   domain::UnitId unit_id,
                                                                   std::string name) {
    name = std::string(core::Trim(name));
    if (name.size() > 200 || !core::IsValidUtf8(name)) {
        return core::InvalidArgument("Tên hệ thống tối đa 200 ký tự.",
                                     "The installation's name is at most 200 characters.");
    }
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<app::IssuedEnrolment> {
        UNGCUU_RETURN_IF_ERROR(Done(CheckAdmin(repos, actor)));
        UNGCUU_ASSIGN_OR_RETURN(
            unit, app::LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitWrite));
        UNGCUU_ASSIGN_OR_RETURN(top, app::TopUnit(repos));
        if (unit.id == top.id) {
            return core::InvalidArgument(
                "Hệ thống cấp dưới đại diện cho một đơn vị trong cây, không phải đơn vị gốc.",
                "A child installation stands for a unit of the tree, not its top unit.");
        }
        UNGCUU_RETURN_IF_ERROR(Done(EnsureIdentity(repos)));
        app::IssuedEnrolment issued;
        issued.code = domain::FormatEnrolmentCode(RandomBytes(16));
        domain::EnrolmentCode code;
        code.digest = DigestHex(*domain::NormaliseEnrolmentCode(issued.code));
        code.unit = unit.id;
        code.name = name.empty() ? unit.name_vi : name;
        code.created_at = now;
        code.created_by = actor.login;
        code.expires_at = now + options_.enrolment_validity;
        UNGCUU_ASSIGN_OR_RETURN(stored, repos.exchange.InsertEnrolment(std::move(code)));
        stored.unit_name = unit.name_vi;
        UNGCUU_RETURN_IF_ERROR(app::WriteAudit(
            repos, actor, now,
            {"exchange.enrolment", "unit", unit.id.value(), &unit, "{}",
             core::FieldSnapshot().Add("name", std::string_view(stored.name)).ToJson()}));
        issued.enrolment = std::move(stored);
        return issued;
    });
}

core::Result<std::string> ExchangeService::Enrol(std::string_view body, std::string_view remote) {
    const auto now = clock_.Now();
    auto enrolled = [&]() -> core::Result<std::string> {
        UNGCUU_ASSIGN_OR_RETURN(object, ParseObject(body));
        UNGCUU_ASSIGN_OR_RETURN(typed, TextField(object, "code", 64));
        UNGCUU_ASSIGN_OR_RETURN(node, TextField(object, "node", 18));
        UNGCUU_ASSIGN_OR_RETURN(name, TextField(object, "name", 200));
        UNGCUU_ASSIGN_OR_RETURN(url, TextField(object, "url", 300));
        UNGCUU_ASSIGN_OR_RETURN(key_text, TextField(object, "public_key", 64));
        const auto code = domain::NormaliseEnrolmentCode(typed);
        const auto key = ParsePublicKey(key_text);
        if (!IsNode(node)) {
            return FieldError("node");
        }
        if (!key) {
            return FieldError("public_key");
        }
        UNGCUU_RETURN_IF_ERROR(domain::ValidatePeerUrl(url));
        const auto refused = core::Error::Make(
            core::ErrorCode::kPermissionDenied,
            "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn; hãy xin mã mới từ hệ thống cấp trên.",
            "The enrolment code is wrong, used or expired; ask the parent installation for a new "
            "one.");
        if (!code) {
            return refused;
        }
        return store_.Write([&](Repositories& repos) -> core::Result<std::string> {
            UNGCUU_ASSIGN_OR_RETURN(found, repos.exchange.EnrolmentByDigest(DigestHex(*code)));
            if (!found || found->used_at || found->expires_at <= now) {
                return refused;
            }
            UNGCUU_ASSIGN_OR_RETURN(existing, repos.exchange.PeerByNode(node));
            if (existing) {
                return core::Conflict("Hệ thống này đã được đăng ký.",
                                      "This installation is already enrolled.");
            }
            UNGCUU_ASSIGN_OR_RETURN(self, EnsureIdentity(repos));
            domain::ExchangePeer peer;
            peer.node = node;
            peer.name = found->name;
            peer.relation = domain::PeerRelation::kChild;
            peer.unit = found->unit;
            peer.url = url;
            peer.enrolled_at = now;
            peer.keys.push_back({KeyId(*key), PublicKeyText(*key), "", now, std::nullopt});
            UNGCUU_ASSIGN_OR_RETURN(id, repos.exchange.InsertPeer(peer));
            UNGCUU_RETURN_IF_ERROR(repos.exchange.UseEnrolment(found->id, now, id));
            UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(found->unit));
            app::Actor actor = PeerActor(peer);
            actor.address = std::string(remote);
            UNGCUU_RETURN_IF_ERROR(
                app::WriteAudit(repos, actor, now,
                                {"exchange.enrol", "unit", unit.id.value(), &unit, "{}",
                                 core::FieldSnapshot()
                                     .Add("node", std::string_view(node))
                                     .Add("name", std::string_view(name))
                                     .Add("url", std::string_view(url))
                                     .ToJson()}));
            return json::serialize(
                json::object{{"node", self.identity.node},
                             {"name", self.identity.name},
                             {"key_id", self.key_id},
                             {"public_key", PublicKeyText(self.key.public_key)}});
        });
    }();
    if (!enrolled.ok()) {
        Refused(remote, "", "enrolment", enrolled.error().message_vi, enrolled.error().message_en);
    }
    return enrolled;
}

core::Result<domain::ExchangePeer> ExchangeService::Join(const app::Actor& actor,
                                                         std::string parent_url,
                                                         std::string typed_code) {
    while (!parent_url.empty() && parent_url.back() == '/') {
        parent_url.pop_back();
    }
    UNGCUU_RETURN_IF_ERROR(domain::ValidatePeerUrl(parent_url));
    const auto code = domain::NormaliseEnrolmentCode(typed_code);
    if (!code) {
        return core::InvalidArgument(
            "Mã đăng ký gồm 16 chữ và số (dạng XXXX-XXXX-XXXX-XXXX).",
            "The enrolment code has 16 letters and digits (XXXX-XXXX-XXXX-XXXX).");
    }
    if (options_.public_url.empty()) {
        return core::Conflict(
            "Chưa đặt địa chỉ của hệ thống này (serve --public-url): hệ thống cấp trên cần nó để "
            "gửi cảnh báo xuống.",
            "This installation's address is not set (serve --public-url): the parent needs it "
            "to send warnings down.");
    }
    UNGCUU_ASSIGN_OR_RETURN(self, store_.Write([&](Repositories& repos) -> core::Result<Self> {
        UNGCUU_RETURN_IF_ERROR(Done(CheckAdmin(repos, actor)));
        UNGCUU_ASSIGN_OR_RETURN(peers, repos.exchange.Peers());
        for (const auto& peer : peers) {
            if (peer.relation == domain::PeerRelation::kParent) {
                return core::Conflict(
                    fmt::format("Hệ thống đã kết nối với cấp trên \"{}\".", peer.name),
                    fmt::format("This installation already has a parent, \"{}\".", peer.name));
            }
        }
        return EnsureIdentity(repos);
    }));
    const std::string request =
        json::serialize(json::object{{"code", *code},
                                     {"node", self.identity.node},
                                     {"name", self.identity.name},
                                     {"url", options_.public_url},
                                     {"public_key", PublicKeyText(self.key.public_key)}});
    UNGCUU_ASSIGN_OR_RETURN(
        answer, transport_.Post(parent_url + std::string(kEnrolPath), self.identity.node, request));
    UNGCUU_ASSIGN_OR_RETURN(object, ParseObject(answer));
    UNGCUU_ASSIGN_OR_RETURN(node, TextField(object, "node", 18));
    UNGCUU_ASSIGN_OR_RETURN(name, TextField(object, "name", 200));
    UNGCUU_ASSIGN_OR_RETURN(key_id, TextField(object, "key_id", 32));
    UNGCUU_ASSIGN_OR_RETURN(key_text, TextField(object, "public_key", 64));
    const auto key = ParsePublicKey(key_text);
    if (!IsNode(node) || !key || KeyId(*key) != key_id) {
        return FieldError("public_key");
    }
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<domain::ExchangePeer> {
        UNGCUU_ASSIGN_OR_RETURN(top, CheckAdmin(repos, actor));
        domain::ExchangePeer peer;
        peer.node = node;
        peer.name = name;
        peer.relation = domain::PeerRelation::kParent;
        peer.url = parent_url;
        peer.enrolled_at = now;
        peer.keys.push_back({key_id, key_text, "", now, std::nullopt});
        UNGCUU_ASSIGN_OR_RETURN(id, repos.exchange.InsertPeer(peer));
        UNGCUU_RETURN_IF_ERROR(app::WriteAudit(repos, actor, now,
                                               {"exchange.join", "unit", top.id.value(), &top, "{}",
                                                core::FieldSnapshot()
                                                    .Add("node", std::string_view(node))
                                                    .Add("name", std::string_view(name))
                                                    .Add("url", std::string_view(parent_url))
                                                    .ToJson()}));
        return repos.exchange.GetPeer(id);
    });
}

core::Result<domain::ExchangePeer> ExchangeService::Suspend(const app::Actor& actor,
                                                            domain::PeerId id,
                                                            bool suspended) {
    return store_.Write([&](Repositories& repos) -> core::Result<domain::ExchangePeer> {
        UNGCUU_ASSIGN_OR_RETURN(top, CheckAdmin(repos, actor));
        UNGCUU_ASSIGN_OR_RETURN(peer, repos.exchange.GetPeer(id));
        UNGCUU_RETURN_IF_ERROR(repos.exchange.SetSuspended(id, suspended));
        UNGCUU_RETURN_IF_ERROR(app::WriteAudit(
            repos, actor, clock_.Now(),
            {suspended ? "exchange.suspend" : "exchange.resume", "unit", top.id.value(), &top, "{}",
             core::FieldSnapshot().Add("peer", std::string_view(peer.name)).ToJson()}));
        return repos.exchange.GetPeer(id);
    });
}

core::Result<domain::ExchangePeer> ExchangeService::RetryNow(const app::Actor& actor,
                                                             domain::PeerId id) {
    return store_.Write([&](Repositories& repos) -> core::Result<domain::ExchangePeer> {
        UNGCUU_RETURN_IF_ERROR(Done(CheckAdmin(repos, actor)));
        UNGCUU_RETURN_IF_ERROR(Done(repos.exchange.GetPeer(id)));
        UNGCUU_RETURN_IF_ERROR(repos.exchange.RetryNow(id, clock_.Now()));
        return repos.exchange.GetPeer(id);
    });
}

core::Result<app::ExchangeOverview> ExchangeService::RotateKey(const app::Actor& actor) {
    const auto now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(top, CheckAdmin(repos, actor));
        UNGCUU_ASSIGN_OR_RETURN(self, EnsureIdentity(repos));
        const auto fresh = GenerateKeyPair();
        const std::string fresh_id = KeyId(fresh.public_key);
        // Peers learn the new key from an envelope signed by the old one, which they accept
        // until the overlap ends; what is queued already keeps its old signature.
        UNGCUU_ASSIGN_OR_RETURN(peers, repos.exchange.Peers());
        for (const auto& peer : peers) {
            UNGCUU_RETURN_IF_ERROR(
                Done(QueueEnvelope(repos, self, self.key, peer, "key",
                                   json::object{{"key_id", fresh_id},
                                                {"public_key", PublicKeyText(fresh.public_key)}})));
        }
        UNGCUU_RETURN_IF_ERROR(repos.exchange.EndOwnKey(self.key_id, now + options_.overlap));
        UNGCUU_RETURN_IF_ERROR(
            repos.exchange.AddOwnKey({fresh_id, PublicKeyText(fresh.public_key),
                                      SecretKeyText(fresh.secret_key), now, std::nullopt}));
        return app::WriteAudit(
            repos, actor, now,
            {"exchange.rotate", "unit", top.id.value(), &top,
             core::FieldSnapshot().Add("key_id", std::string_view(self.key_id)).ToJson(),
             core::FieldSnapshot().Add("key_id", std::string_view(fresh_id)).ToJson()});
    }));
    return Overview(actor);
}

// ---- what travels ------------------------------------------------------------------------------

core::Result<std::string> ExchangeService::QueueEnvelope(Repositories& repos,
                                                         const Self& self,
                                                         const KeyPair& key,
                                                         const domain::ExchangePeer& peer,
                                                         std::string type,
                                                         json::value body) {
    const auto now = clock_.Now();
    Envelope envelope;
    envelope.id = NewEnvelopeId();
    envelope.sender = self.identity.node;
    envelope.recipient = peer.node;
    envelope.type = type;
    envelope.created = now;
    envelope.expires = now + options_.lifetime;
    envelope.body = std::move(body);
    UNGCUU_ASSIGN_OR_RETURN(text, Seal(envelope, key));
    domain::OutgoingEnvelope out;
    out.peer = peer.id;
    out.envelope_id = envelope.id;
    out.type = std::move(type);
    out.text = std::move(text);
    out.created_at = now;
    out.next_attempt_at = now;
    UNGCUU_RETURN_IF_ERROR(repos.exchange.Queue(out));
    return envelope.id;
}

std::map<std::int64_t, app::RenderedDocument> ExchangeService::RenderReports() {
    std::map<std::int64_t, app::RenderedDocument> out;
    auto pending =
        store_.Read([&](Repositories& repos)
                        -> core::Result<std::vector<std::pair<std::int64_t, std::int64_t>>> {
            UNGCUU_ASSIGN_OR_RETURN(candidates, repos.exchange.ReportsToSend(100));
            std::vector<std::pair<std::int64_t, std::int64_t>> ids;  // report, incident
            for (const auto& c : candidates) {
                UNGCUU_ASSIGN_OR_RETURN(report,
                                        repos.incidents.GetReport(domain::ReportId{c.local_id}));
                ids.emplace_back(report.id.value(), report.incident_id.value());
            }
            return ids;
        });
    if (!pending.ok()) {
        return out;  // the reports then travel without their documents
    }
    for (const auto& [report, incident] : *pending) {
        auto rendered = documents_.Render(app::Actor::Cli(), domain::IncidentId{incident},
                                          domain::ReportId{report}, app::DocumentFormat::kPdf);
        if (rendered.ok() && rendered->bytes.size() <= kMaxInlineDocument) {
            out.emplace(report, std::move(rendered).value());
        }
    }
    return out;
}

core::Result<int> ExchangeService::Collect() {
    // Rendering reads on its own, so the documents are made before the transaction.
    auto documents = RenderReports();
    return store_.Write([&](Repositories& repos) -> core::Result<int> {
        UNGCUU_ASSIGN_OR_RETURN(identity, repos.exchange.Identity());
        if (!identity) {
            return 0;  // no peer can exist before the identity
        }
        UNGCUU_ASSIGN_OR_RETURN(self, EnsureIdentity(repos));
        std::map<std::int64_t, domain::ExchangePeer> peers;
        UNGCUU_ASSIGN_OR_RETURN(all, repos.exchange.Peers());
        for (auto& peer : all) {
            peers.emplace(peer.id.value(), std::move(peer));
        }
        int queued = 0;
        UNGCUU_ASSIGN_OR_RETURN(warnings, repos.exchange.WarningsToSend(200));
        for (const auto& c : warnings) {
            UNGCUU_ASSIGN_OR_RETURN(warning, repos.warnings.Get(domain::WarningId{c.local_id}));
            UNGCUU_ASSIGN_OR_RETURN(
                id, QueueEnvelope(repos, self, self.key, peers.at(c.peer.value()), "warning",
                                  WarningBody(warning)));
            UNGCUU_RETURN_IF_ERROR(repos.exchange.SaveLink(c.peer, "warning_out", c.local_id, id));
            ++queued;
        }
        UNGCUU_ASSIGN_OR_RETURN(answers, repos.exchange.AnswersToSend(200));
        for (const auto& c : answers) {
            UNGCUU_ASSIGN_OR_RETURN(item,
                                    repos.warnings.GetItem(domain::WarningItemId{c.local_id}));
            if (!item.answer || !item.answered_at) {
                continue;
            }
            UNGCUU_RETURN_IF_ERROR(Done(
                QueueEnvelope(repos, self, self.key, peers.at(c.peer.value()), "answer",
                              json::object{{"warning", c.remote_id},
                                           {"answer", domain::WarningAnswerCode(*item.answer)},
                                           {"evidence", item.evidence},
                                           {"answered_at", core::FormatRfc3339(*item.answered_at)},
                                           {"answered_by", item.answered_by}})));
            UNGCUU_RETURN_IF_ERROR(
                repos.exchange.SaveLink(c.peer, "answer_out", c.local_id,
                                        std::to_string(core::ToUnixMillis(*item.answered_at))));
            ++queued;
        }
        UNGCUU_ASSIGN_OR_RETURN(reports, repos.exchange.ReportsToSend(100));
        for (const auto& c : reports) {
            UNGCUU_ASSIGN_OR_RETURN(report,
                                    repos.incidents.GetReport(domain::ReportId{c.local_id}));
            UNGCUU_ASSIGN_OR_RETURN(incident, repos.incidents.Get(report.incident_id));
            UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(report.unit_id));
            // The systems by name: the parent's registry does not hold the child's.
            std::string affected = incident.affected_text;
            for (const auto system_id : incident.system_ids) {
                UNGCUU_ASSIGN_OR_RETURN(system, repos.systems.Get(system_id));
                affected += fmt::format("{}{} — {}", affected.empty() ? "" : "; ", system.code,
                                        system.name_vi);
            }
            json::object body{
                {"unit", json::object{{"code", unit.code}, {"name", unit.name_vi}}},
                {"incident",
                 json::object{{"id", std::to_string(incident.id.value())},
                              {"code", incident.code},
                              {"title", incident.title},
                              {"description", incident.description},
                              {"detected_at", core::FormatRfc3339(incident.detected_at)},
                              {"scenarios", StringArray(incident.scenarios)},
                              {"affected", affected},
                              {"handled", incident.handled ? json::value(*incident.handled)
                                                           : json::value(nullptr)},
                              {"detection_methods", StringArray(incident.detection_methods)},
                              {"notified_parties", StringArray(incident.notified_parties)},
                              {"proposals", incident.proposals},
                              {"reporter", PartyJson(incident.reporter)},
                              {"contact", PartyJson(incident.contact)}}},
                {"report",
                 json::object{
                     {"id", std::to_string(report.id.value())},
                     {"type", report.type},
                     {"number", report.number},
                     {"summary", report.summary},
                     {"result", report.result},
                     {"requested_help", report.requested_help},
                     {"signer_name", report.signer_name},
                     {"signer_title", report.signer_title},
                     {"issued_at", core::FormatRfc3339(report.issued_at.value_or(clock_.Now()))}}}};
            // The issued document itself, as the parent's archive keeps it.
            if (const auto found = documents.find(c.local_id); found != documents.end()) {
                const auto& document = found->second;
                body["document"] = json::object{{"name", document.file_name},
                                                {"content_type", document.content_type},
                                                {"data", core::Base64Encode(document.bytes)}};
            }
            UNGCUU_ASSIGN_OR_RETURN(
                id, QueueEnvelope(repos, self, self.key, peers.at(c.peer.value()), "report",
                                  std::move(body)));
            UNGCUU_RETURN_IF_ERROR(repos.exchange.SaveLink(c.peer, "report_out", c.local_id, id));
            ++queued;
        }
        UNGCUU_ASSIGN_OR_RETURN(more, CollectNetwork(repos, self, peers));
        return queued + more;
    });
}

core::Result<int> ExchangeService::Deliver() {
    UNGCUU_ASSIGN_OR_RETURN(
        state,
        store_.Read(
            [&](Repositories& repos)
                -> core::Result<std::pair<std::optional<Self>, std::vector<domain::ExchangePeer>>> {
                UNGCUU_ASSIGN_OR_RETURN(identity, repos.exchange.Identity());
                if (!identity) {
                    return std::pair<std::optional<Self>, std::vector<domain::ExchangePeer>>{};
                }
                UNGCUU_ASSIGN_OR_RETURN(self, EnsureIdentity(repos));
                UNGCUU_ASSIGN_OR_RETURN(peers, repos.exchange.Peers());
                return std::pair{std::optional<Self>(std::move(self)), std::move(peers)};
            }));
    if (!state.first) {
        return 0;
    }
    int delivered = 0;
    for (const auto& peer : state.second) {
        if (!peer.suspended && !peer.url.empty() && peer.queued > 0) {
            delivered += DeliverTo(*state.first, peer);
        }
    }
    return delivered;
}

int ExchangeService::DeliverTo(const Self& self, const domain::ExchangePeer& peer) {
    int delivered = 0;
    for (int round = 0; round < options_.batches_per_round; ++round) {
        const auto now = clock_.Now();
        auto due = store_.Read(
            [&](Repositories& repos) { return repos.exchange.Due(peer.id, now, options_.batch); });
        if (!due.ok() || due->empty()) {
            break;
        }
        // One request stays under the receiver's body limit: envelopes up to kMaxRequestBytes,
        // at least one (each is at most kMaxEnvelopeBytes).
        std::string body = "{\"envelopes\":[";
        std::size_t fit = 0;
        for (; fit < due->size(); ++fit) {
            auto text = json::serialize(json::value((*due)[fit].text));
            if (fit > 0 && body.size() + text.size() > kMaxRequestBytes) {
                break;
            }
            body += fit == 0 ? "" : ",";
            body += text;
        }
        body += "]}";
        due->resize(fit);
        auto answer =
            transport_.Post(peer.url + std::string(kEnvelopesPath), self.identity.node, body);
        const auto& head = due->front();
        if (!answer.ok()) {
            const auto why = answer.error().message_en;
            (void)store_.Write([&](Repositories& repos) {
                return repos.exchange.MarkAttempt(head.seq, head.attempts + 1,
                                                  domain::NextAttempt(now, head.attempts + 1), why);
            });
            break;
        }
        auto parsed = ParseObject(*answer);
        const json::array* results = nullptr;
        if (parsed.ok()) {
            if (const auto* value = parsed->if_contains("results")) {
                results = value->if_array();
            }
        }
        if (results == nullptr) {
            (void)store_.Write([&](Repositories& repos) {
                return repos.exchange.MarkAttempt(head.seq, head.attempts + 1,
                                                  domain::NextAttempt(now, head.attempts + 1),
                                                  "malformed answer");
            });
            break;
        }
        bool stop = results->size() < due->size();
        const auto written = store_.Write([&](Repositories& repos) -> core::Status {
            for (std::size_t i = 0; i < results->size() && i < due->size(); ++i) {
                const auto& envelope = (*due)[i];
                const auto* result = (*results)[i].if_object();
                const auto status =
                    result != nullptr ? TextField(*result, "status", 20) : FieldError("status");
                const auto id = result != nullptr ? TextField(*result, "id", 64) : FieldError("id");
                if (!status.ok() || !id.ok() || *id != envelope.envelope_id) {
                    stop = true;
                    break;
                }
                if (*status == "applied" || *status == "duplicate") {
                    UNGCUU_RETURN_IF_ERROR(repos.exchange.MarkDelivered(envelope.seq, now));
                    ++delivered;
                    continue;
                }
                const auto code = ValueOr(TextField(*result, "code", 40, false), "refused");
                const auto reason = ValueOr(TextField(*result, "reason", 1000, false), "");
                const auto why = fmt::format("{}: {}", code, reason);
                if (domain::RefusalIsFinal(code)) {
                    UNGCUU_RETURN_IF_ERROR(repos.exchange.MarkFailed(envelope.seq, now, why));
                    continue;
                }
                UNGCUU_RETURN_IF_ERROR(repos.exchange.MarkAttempt(
                    envelope.seq, envelope.attempts + 1,
                    domain::NextAttempt(now, envelope.attempts + 1), why));
                stop = true;
                break;
            }
            return core::Ok();
        });
        if (!written.ok() || stop) {
            break;
        }
    }
    return delivered;
}

// ---- the receiving side ----------------------------------------------------------------------

bool ExchangeService::Admits(std::string_view node) {
    if (!IsNode(node)) {
        return false;
    }
    auto peer = store_.Read([&](Repositories& repos) { return repos.exchange.PeerByNode(node); });
    return peer.ok() && peer->has_value() && !(*peer)->suspended;
}

void ExchangeService::Refused(std::string_view remote,
                              std::string_view text,
                              std::string code,
                              std::string_view why_vi,
                              std::string_view why_en) {
    domain::ExchangeRefusal refusal;
    refusal.at = clock_.Now();
    refusal.remote = std::string(core::CutUtf8(remote, 100));
    refusal.code = std::move(code);
    refusal.why_vi = std::string(core::CutUtf8(why_vi, 1000));
    refusal.why_en = std::string(core::CutUtf8(why_en, 1000));
    // What the envelope claims, for the administrator: never trusted, cut short.
    if (!text.empty() && text.size() <= kMaxEnvelopeBytes) {
        boost::system::error_code error;
        const auto value = json::parse(text, error);
        const auto* envelope =
            !error && value.is_object() ? ObjectField(value.as_object(), "envelope") : nullptr;
        if (envelope != nullptr) {
            refusal.sender = core::ValidUtf8(ValueOr(TextField(*envelope, "sender", 64), "?"));
            refusal.envelope_id = core::ValidUtf8(ValueOr(TextField(*envelope, "id", 64), "?"));
        }
    }
    (void)store_.Write([&](Repositories& repos) { return repos.exchange.InsertRefusal(refusal); });
}

core::Result<std::string> ExchangeService::Receive(std::string_view body, std::string_view remote) {
    UNGCUU_ASSIGN_OR_RETURN(object, ParseObject(body));
    const auto* value = object.if_contains("envelopes");
    const auto* texts = value != nullptr ? value->if_array() : nullptr;
    if (texts == nullptr || texts->empty() || texts->size() > kMaxBatch) {
        return core::InvalidArgument(
            fmt::format("Cần \"envelopes\": từ 1 đến {} phong bì.", kMaxBatch),
            fmt::format("\"envelopes\" must hold 1 to {} envelopes.", kMaxBatch));
    }
    UNGCUU_ASSIGN_OR_RETURN(
        state,
        store_.Write([&](Repositories& repos)
                         -> core::Result<std::pair<Self, std::vector<domain::ExchangePeer>>> {
            UNGCUU_ASSIGN_OR_RETURN(self, EnsureIdentity(repos));
            UNGCUU_ASSIGN_OR_RETURN(peers, repos.exchange.Peers());
            return std::pair{std::move(self), std::move(peers)};
        }));
    std::map<std::string, domain::ExchangePeer, std::less<>> peers;
    std::map<std::string, Peer, std::less<>> opening;
    const auto load = [&](std::vector<domain::ExchangePeer> list) {
        peers.clear();
        opening.clear();
        for (auto& peer : list) {
            opening[peer.node] = ForOpening(peer);
            peers[peer.node] = std::move(peer);
        }
    };
    load(std::move(state.second));
    const auto find = [&](std::string_view node) -> const Peer* {
        const auto it = opening.find(node);
        return it == opening.end() ? nullptr : &it->second;
    };
    const auto seen = [&](std::string_view sender, std::string_view id) {
        auto received = store_.Read(
            [&](Repositories& repos) { return repos.exchange.WasReceived(sender, id); });
        return !received.ok() || *received;  // a failed read is taken as seen: nothing twice
    };
    OpenOptions options;
    options.self = state.first.identity.node;
    options.skew = options_.skew;
    options.max_bytes = kMaxEnvelopeBytes;
    json::array results;
    // Envelopes opened since the last application, applied together in one transaction (one
    // write to disk for a batch instead of one per envelope); when that fails, one by one, so
    // that only the envelope at fault is refused. A key envelope is applied before the next is
    // opened, since those may be signed with the key it brings.
    std::vector<std::pair<Envelope, std::string_view>> pending;
    const auto apply_one = [&](const Envelope& envelope, std::string_view raw) {
        const auto& peer = peers.at(envelope.sender);
        bool duplicate = false;
        const auto applied = store_.Write([&](Repositories& repos) -> core::Status {
            UNGCUU_ASSIGN_OR_RETURN(fresh, repos.exchange.RecordReceived(
                                               peer.id, envelope.id, envelope.type, clock_.Now()));
            if (!fresh) {
                duplicate = true;
                return core::Ok();
            }
            return Apply(repos, peer, envelope);
        });
        if (!applied.ok()) {
            Refused(remote, raw, "not_applied", applied.error().message_vi,
                    applied.error().message_en);
            results.push_back(json::object{
                {"id", envelope.id},
                {"status", "refused"},
                {"code", "not_applied"},
                {"reason", applied.error().message_vi + " / " + applied.error().message_en}});
            return;
        }
        results.push_back(
            json::object{{"id", envelope.id}, {"status", duplicate ? "duplicate" : "applied"}});
    };
    const auto flush = [&] {
        if (pending.empty()) {
            return;
        }
        std::vector<bool> duplicates(pending.size(), false);
        const auto together = store_.Write([&](Repositories& repos) -> core::Status {
            for (std::size_t i = 0; i < pending.size(); ++i) {
                const auto& envelope = pending[i].first;
                const auto& peer = peers.at(envelope.sender);
                UNGCUU_ASSIGN_OR_RETURN(
                    fresh, repos.exchange.RecordReceived(peer.id, envelope.id, envelope.type,
                                                         clock_.Now()));
                duplicates[i] = !fresh;
                if (fresh) {
                    UNGCUU_RETURN_IF_ERROR(Apply(repos, peer, envelope));
                }
            }
            return core::Ok();
        });
        if (together.ok()) {
            for (std::size_t i = 0; i < pending.size(); ++i) {
                results.push_back(
                    json::object{{"id", pending[i].first.id},
                                 {"status", duplicates[i] ? "duplicate" : "applied"}});
            }
        } else {
            for (const auto& [envelope, raw] : pending) {
                apply_one(envelope, raw);
            }
        }
        const bool keys = std::any_of(pending.begin(), pending.end(),
                                      [](const auto& p) { return p.first.type == "key"; });
        pending.clear();
        if (keys) {
            auto reloaded =
                store_.Read([&](Repositories& repos) { return repos.exchange.Peers(); });
            if (reloaded.ok()) {
                load(std::move(*reloaded));
            }
        }
    };
    std::set<std::pair<std::string, std::string>> in_batch;  // a replay inside one batch
    for (const auto& item : *texts) {
        const auto* text = item.if_string();
        options.now = clock_.Now();
        auto opened = text != nullptr
                          ? Open(*text, find, seen, options)
                          : Opened{std::nullopt, Refusal::kMalformed, "Phong bì không phải chuỗi.",
                                   "The envelope is not a string."};
        const std::string_view raw = text != nullptr ? std::string_view(*text) : "";
        if (opened.ok() &&
            !in_batch.insert({opened.envelope->sender, opened.envelope->id}).second) {
            opened = Opened{std::nullopt, Refusal::kReplay, "Phong bì lặp lại trong cùng lô.",
                            "The envelope is repeated in the batch."};
        }
        if (!opened.ok()) {
            flush();
            const std::string code(RefusalCode(opened.refusal));
            Refused(remote, raw, code, opened.why_vi, opened.why_en);
            std::string id = "?";
            if (auto claimed = ParseObject(raw); claimed.ok()) {
                if (const auto* envelope = ObjectField(*claimed, "envelope")) {
                    id = ValueOr(TextField(*envelope, "id", 64), "?");
                }
            }
            if (opened.refusal == Refusal::kReplay) {
                results.push_back(json::object{{"id", id}, {"status", "duplicate"}});
                continue;
            }
            results.push_back(json::object{{"id", id},
                                           {"status", "refused"},
                                           {"code", code},
                                           {"reason", opened.why_vi + " / " + opened.why_en}});
            if (!domain::RefusalIsFinal(code)) {
                break;  // the rest waits, so that order holds
            }
            continue;
        }
        const bool key = opened.envelope->type == "key";
        pending.emplace_back(std::move(*opened.envelope), raw);
        if (key) {
            flush();
        }
    }
    flush();
    return json::serialize(json::object{{"results", std::move(results)}});
}

core::Status ExchangeService::Apply(Repositories& repos,
                                    const domain::ExchangePeer& peer,
                                    const Envelope& envelope) {
    if (!envelope.body.is_object()) {
        return FieldError("body");
    }
    if (envelope.type == "key") {
        return ApplyKey(repos, peer, envelope);
    }
    if (envelope.type == "warning") {
        return ApplyWarning(repos, peer, envelope);
    }
    if (envelope.type == "answer") {
        return ApplyAnswer(repos, peer, envelope);
    }
    if (envelope.type == "report") {
        return ApplyReport(repos, peer, envelope);
    }
    if (envelope.type == "order") {
        return ApplyOrder(repos, peer, envelope);
    }
    if (envelope.type == "task_answer") {
        return ApplyTaskAnswer(repos, peer, envelope);
    }
    if (envelope.type == "withdrawal") {
        return ApplyWithdrawal(repos, peer, envelope);
    }
    if (envelope.type == "periodic") {
        return ApplyPeriodic(repos, peer, envelope);
    }
    if (envelope.type == "review") {
        return ApplyReview(repos, peer, envelope);
    }
    if (envelope.type == "ack") {
        return ApplyAcknowledgement(repos, peer, envelope);
    }
    if (envelope.type == "share") {
        return ApplyShare(repos, peer, envelope);
    }
    return core::InvalidArgument(
        fmt::format("Loại phong bì \"{}\" không được hỗ trợ.", envelope.type),
        fmt::format("Envelope type \"{}\" is not supported.", envelope.type));
}

core::Status ExchangeService::ApplyKey(Repositories& repos,
                                       const domain::ExchangePeer& peer,
                                       const Envelope& envelope) {
    const auto& body = envelope.body.as_object();
    UNGCUU_ASSIGN_OR_RETURN(key_id, TextField(body, "key_id", 32));
    UNGCUU_ASSIGN_OR_RETURN(key_text, TextField(body, "public_key", 64));
    const auto key = ParsePublicKey(key_text);
    if (!key || KeyId(*key) != key_id) {
        return FieldError("public_key");
    }
    for (const auto& old : peer.keys) {
        if (!old.valid_until && old.key_id != key_id) {
            UNGCUU_RETURN_IF_ERROR(repos.exchange.EndPeerKey(peer.id, old.key_id,
                                                             envelope.created + options_.overlap));
        }
    }
    UNGCUU_RETURN_IF_ERROR(
        repos.exchange.AddPeerKey(peer.id, {key_id, key_text, "", envelope.created, std::nullopt}));
    UNGCUU_ASSIGN_OR_RETURN(top, app::TopUnit(repos));
    return app::WriteAudit(repos, PeerActor(peer), clock_.Now(),
                           {"exchange.peer_key", "unit", top.id.value(), &top, "{}",
                            core::FieldSnapshot()
                                .Add("peer", std::string_view(peer.name))
                                .Add("key_id", std::string_view(key_id))
                                .ToJson()});
}

core::Status ExchangeService::ApplyWarning(Repositories& repos,
                                           const domain::ExchangePeer& peer,
                                           const Envelope& envelope) {
    UNGCUU_RETURN_IF_ERROR(FromRelation(peer, domain::PeerRelation::kParent, "gửi cảnh báo xuống",
                                        "sends warnings down"));
    const auto& body = envelope.body.as_object();
    UNGCUU_ASSIGN_OR_RETURN(remote_id, TextField(body, "id", 32));
    domain::Warning w;
    UNGCUU_ASSIGN_OR_RETURN(title, TextField(body, "title", 500));
    UNGCUU_ASSIGN_OR_RETURN(severity, TextField(body, "severity", 20));
    UNGCUU_ASSIGN_OR_RETURN(description, TextField(body, "description", 20000, false));
    UNGCUU_ASSIGN_OR_RETURN(actions, TextField(body, "actions", 20000));
    UNGCUU_ASSIGN_OR_RETURN(deadline, TimeField(body, "deadline"));
    UNGCUU_ASSIGN_OR_RETURN(issued_at, TimeField(body, "issued_at"));
    UNGCUU_ASSIGN_OR_RETURN(tlp, TextField(body, "tlp", 10));
    UNGCUU_ASSIGN_OR_RETURN(issuer, TextField(body, "issuer", 300, false));
    UNGCUU_ASSIGN_OR_RETURN(references,
                            TextsField(body, "references", domain::kMaxWarningReferences, 500));
    // Run here only where the recipients consent (checked by the detection that runs them).
    UNGCUU_ASSIGN_OR_RETURN(sigma_rules,
                            TextField(body, "sigma_rules", domain::kMaxWarningRulesBytes, false));
    w.sigma_rules = std::move(sigma_rules);
    w.title = std::move(title);
    w.description = std::move(description);
    w.actions = std::move(actions);
    w.deadline = deadline;
    w.issued_at = issued_at;
    w.issued_by = fmt::format("{} ({})", issuer.empty() ? peer.name : issuer, peer.name);
    w.references = std::move(references);
    const auto parsed_severity = domain::ParseWarningSeverity(severity);
    const auto parsed_tlp = domain::ParseTlp(tlp);
    if (!parsed_severity || !parsed_tlp) {
        return FieldError(parsed_severity ? "tlp" : "severity");
    }
    w.severity = *parsed_severity;
    w.tlp = *parsed_tlp;
    UNGCUU_ASSIGN_OR_RETURN(indicators, IndicatorsField(body, "indicators"));
    for (auto& [kind, value] : indicators) {
        w.indicators.push_back({kind, std::move(value)});
    }
    w.origin_peer = peer.id;
    w.origin_name = peer.name;
    UNGCUU_ASSIGN_OR_RETURN(top, app::TopUnit(repos));
    UNGCUU_ASSIGN_OR_RETURN(created,
                            warnings_.Receive(repos, PeerActor(peer), std::move(w), top.id));
    return repos.exchange.SaveLink(peer.id, "warning_in", created.id.value(), remote_id);
}

core::Status ExchangeService::ApplyAnswer(Repositories& repos,
                                          const domain::ExchangePeer& peer,
                                          const Envelope& envelope) {
    UNGCUU_RETURN_IF_ERROR(
        FromRelation(peer, domain::PeerRelation::kChild, "trả lời cảnh báo", "answers warnings"));
    const auto& body = envelope.body.as_object();
    UNGCUU_ASSIGN_OR_RETURN(id, IdField(body, "warning"));
    UNGCUU_ASSIGN_OR_RETURN(answer_code, TextField(body, "answer", 20));
    UNGCUU_ASSIGN_OR_RETURN(evidence, TextField(body, "evidence", 20000, false));
    UNGCUU_ASSIGN_OR_RETURN(answered_at, TimeField(body, "answered_at"));
    UNGCUU_ASSIGN_OR_RETURN(answered_by, TextField(body, "answered_by", 200, false));
    const auto answer = domain::ParseWarningAnswer(answer_code);
    if (!answer) {
        return FieldError("answer");
    }
    const domain::SystemAnswer taken{*peer.unit, std::nullopt, *answer, evidence, answered_at};
    return warnings_.TakeRemoteAnswer(repos, PeerActor(peer), domain::WarningId{id}, *peer.unit,
                                      taken, fmt::format("{} ({})", answered_by, peer.name));
}

core::Status ExchangeService::ApplyReport(Repositories& repos,
                                          const domain::ExchangePeer& peer,
                                          const Envelope& envelope) {
    UNGCUU_RETURN_IF_ERROR(
        FromRelation(peer, domain::PeerRelation::kChild, "gửi báo cáo lên", "sends reports up"));
    const auto& body = envelope.body.as_object();
    const auto* incident_json = ObjectField(body, "incident");
    const auto* report_json = ObjectField(body, "report");
    if (incident_json == nullptr || report_json == nullptr) {
        return FieldError(incident_json == nullptr ? "incident" : "report");
    }
    UNGCUU_ASSIGN_OR_RETURN(remote_id, TextField(*incident_json, "id", 32));
    UNGCUU_ASSIGN_OR_RETURN(remote_code, TextField(*incident_json, "code", 64));
    UNGCUU_ASSIGN_OR_RETURN(number, TextField(*report_json, "number", 100, false));
    UNGCUU_ASSIGN_OR_RETURN(type, TextField(*report_json, "type", 40));
    UNGCUU_ASSIGN_OR_RETURN(summary, TextField(*report_json, "summary", 20000, false));
    UNGCUU_ASSIGN_OR_RETURN(result, TextField(*report_json, "result", 20000, false));
    UNGCUU_ASSIGN_OR_RETURN(help, TextField(*report_json, "requested_help", 20000, false));
    UNGCUU_ASSIGN_OR_RETURN(signer, TextField(*report_json, "signer_name", 200, false));
    UNGCUU_ASSIGN_OR_RETURN(existing, repos.exchange.LocalOf(peer.id, "incident_in", remote_id));
    const auto actor = PeerActor(peer);
    domain::IncidentId incident_id;
    if (existing) {
        incident_id = domain::IncidentId{*existing};
    } else {
        UNGCUU_ASSIGN_OR_RETURN(title, TextField(*incident_json, "title", 500));
        UNGCUU_ASSIGN_OR_RETURN(description,
                                TextField(*incident_json, "description", 20000, false));
        UNGCUU_ASSIGN_OR_RETURN(detected_at, TimeField(*incident_json, "detected_at"));
        UNGCUU_ASSIGN_OR_RETURN(affected, TextField(*incident_json, "affected", 2000, false));
        UNGCUU_ASSIGN_OR_RETURN(scenarios, TextsField(*incident_json, "scenarios", 20, 40));
        app::NewIncident request;
        UNGCUU_ASSIGN_OR_RETURN(reporter, PartyFrom(*incident_json, "reporter"));
        UNGCUU_ASSIGN_OR_RETURN(contact, PartyFrom(*incident_json, "contact"));
        UNGCUU_ASSIGN_OR_RETURN(methods, TextsField(*incident_json, "detection_methods", 10, 40));
        UNGCUU_ASSIGN_OR_RETURN(notified, TextsField(*incident_json, "notified_parties", 10, 40));
        UNGCUU_ASSIGN_OR_RETURN(proposals, TextField(*incident_json, "proposals", 20000, false));
        const auto* handled = incident_json->if_contains("handled");
        if (handled != nullptr && handled->is_bool()) {
            request.fields.handled = handled->as_bool();
        }
        request.fields.detection_methods = std::move(methods);
        request.fields.notified_parties = std::move(notified);
        request.fields.proposals = std::move(proposals);
        request.fields.source = domain::IncidentSource::kApi;
        request.fields.source_ref = fmt::format("{}:{}", peer.node, remote_code);
        request.fields.title = std::move(title);
        request.fields.description = description.empty() ? summary : std::move(description);
        request.fields.detected_at = std::min(detected_at, clock_.Now());
        request.fields.affected_text = std::move(affected);
        request.fields.scenarios = std::move(scenarios);
        request.fields.reporter = std::move(reporter);
        request.fields.contact = std::move(contact);
        if (request.fields.reporter.name.empty()) {
            request.fields.reporter.name = peer.name;
        }
        request.unit_id = peer.unit;
        UNGCUU_ASSIGN_OR_RETURN(created, incidents_.CreateIn(repos, actor, std::move(request)));
        incident_id = created.details.incident.id;
        UNGCUU_RETURN_IF_ERROR(
            repos.exchange.SaveLink(peer.id, "incident_in", incident_id.value(), remote_id));
    }
    if (const auto* document = ObjectField(body, "document")) {
        UNGCUU_RETURN_IF_ERROR(KeepDocument(repos, peer, incident_id, *document));
    }
    std::string note = fmt::format("Nhận báo cáo {} số {} (sự cố {}) từ hệ thống \"{}\"{}.\n{}{}{}",
                                   type, number.empty() ? "?" : number, remote_code, peer.name,
                                   signer.empty() ? "" : fmt::format(", người ký {}", signer),
                                   summary, result.empty() ? "" : "\nKết quả xử lý: " + result,
                                   help.empty() ? "" : "\nĐề nghị hỗ trợ: " + help);
    return repos.incidents.AddEvent(
        domain::IncidentEvent{.incident_id = incident_id,
                              .at = clock_.Now(),
                              .kind = "note",
                              .actor = actor.login,
                              .note = std::string(core::CutUtf8(note, 20000))});
}

core::Status ExchangeService::KeepDocument(Repositories& repos,
                                           const domain::ExchangePeer& peer,
                                           domain::IncidentId incident,
                                           const json::object& document) {
    UNGCUU_ASSIGN_OR_RETURN(given, TextField(document, "name", 200));
    UNGCUU_ASSIGN_OR_RETURN(bytes, Base64Field(document, "data", kMaxInlineDocument));
    // The checks of every upload: a plain name, and a type told from the bytes that an issued
    // report may be.
    std::string type;
    UNGCUU_ASSIGN_OR_RETURN(name, app::CheckUpload(given, bytes, kReportDocument, detector_, type));
    UNGCUU_ASSIGN_OR_RETURN(digest, uploads_.Put(bytes));
    const auto now = clock_.Now();
    const auto login = PeerActor(peer).login;
    UNGCUU_RETURN_IF_ERROR(
        repos.incidents.InsertAttachment({.incident_id = incident,
                                          .name = name,
                                          .content_type = type,
                                          .size = static_cast<std::int64_t>(bytes.size()),
                                          .sha256 = digest,
                                          .uploaded_by = login,
                                          .uploaded_at = now}));
    return repos.incidents.AddEvent(domain::IncidentEvent{
        .incident_id = incident, .at = now, .kind = "attachment", .actor = login, .note = name});
}

}  // namespace ungcuu::federation
