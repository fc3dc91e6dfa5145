// Sharing with tools outside ungcuu: a warning or an incident as a STIX 2.1 bundle, a bundle
// imported as warnings received at a unit, and a read-only TAXII 2.1 server (discovery at
// /taxii2/, one API root, a collection per TLP label but RED with the warnings the caller sees,
// objects paged by `limit` and `next`, filtered by `added_after`). TAXII clients sign in with an
// API token (Authorization: Bearer).
#include <fmt/format.h>

#include "http/json_views.hpp"
#include "http/routes.hpp"

namespace ungcuu::http {

using bhttp::verb;
using core::Result;

namespace {

constexpr std::string_view kTaxii = "application/taxii+json;version=2.1";
constexpr std::string_view kStix = "application/stix+json;version=2.1";
constexpr std::size_t kStixBodyLimit = std::size_t{16} * 1024 * 1024;

ApiReply Taxii(const json::value& body) {
    ApiReply reply;
    reply.raw_json = json::serialize(body);
    reply.content_type = std::string(kTaxii);
    return reply;
}

json::object CollectionJson(const app::TaxiiCollection& c) {
    return {{"id", c.id},       {"title", c.title},   {"description", c.description},
            {"can_read", true}, {"can_write", false}, {"media_types", json::array{kStix}}};
}

Result<ApiReply> Objects(const Services& s, Call& call) {
    int limit = 100;
    if (const auto text = QueryText(call, "limit"); !text.empty()) {
        char* end = nullptr;
        const auto parsed = std::strtol(text.c_str(), &end, 10);
        if (end == text.c_str() || *end != '\0' || parsed < 1 || parsed > 1000) {
            return core::InvalidArgument("limit từ 1 đến 1000.", "limit is 1 to 1000.");
        }
        limit = static_cast<int>(parsed);
    }
    std::optional<core::TimePoint> added_after;
    if (const auto text = QueryText(call, "added_after"); !text.empty()) {
        added_after = core::ParseRfc3339(text);
        if (!added_after) {
            return core::InvalidArgument("added_after phải là thời điểm RFC 3339.",
                                         "added_after must be an RFC 3339 timestamp.");
        }
    }
    UNGCUU_ASSIGN_OR_RETURN(page, s.exchange.TaxiiObjects(call.actor, call.params.at(0), limit,
                                                          QueryText(call, "next"), added_after));
    json::array objects;
    for (const auto& text : page.objects) {
        objects.push_back(json::parse(text));
    }
    json::object envelope{{"more", page.more}, {"objects", std::move(objects)}};
    if (page.more) {
        envelope["next"] = page.next;
    }
    return Taxii(std::move(envelope));
}

Result<ApiReply> Collection(const Services& s, Call& call) {
    UNGCUU_ASSIGN_OR_RETURN(collections, s.exchange.TaxiiCollections(call.actor));
    for (const auto& c : collections) {
        if (c.id == call.params.at(0)) {
            return Taxii(CollectionJson(c));
        }
    }
    return core::NotFound("Không có bộ sưu tập này.", "No such collection.");
}

Result<ApiReply> Import(const Services& s, Call& call, bool misp) {
    UNGCUU_ASSIGN_OR_RETURN(unit, OptUnitQuery(call));
    if (!unit) {
        return core::InvalidArgument("Cần unit_id: đơn vị nhận các cảnh báo.",
                                     "unit_id is required: the unit receiving the warnings.");
    }
    UNGCUU_ASSIGN_OR_RETURN(imported, misp ? s.exchange.ImportMisp(call.actor, *unit, call.body())
                                           : s.exchange.ImportStix(call.actor, *unit, call.body()));
    json::array ids;
    for (const auto id : imported.warnings) {
        ids.emplace_back(id.value());
    }
    return Ok(json::object{{"producer", imported.producer},
                           {"warnings", std::move(ids)},
                           {"indicators", imported.indicators},
                           {"skipped", imported.skipped}},
              bhttp::status::created);
}

}  // namespace

void AddSharingRoutes(RouteTable& table, Services s) {
    table.Add(verb::get, "/api/v1/warnings/{}/stix", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(
                      bundle, s.exchange.WarningStix(call.actor, domain::WarningId{id}));
                  return OkFile(std::string(kStix), fmt::format("canh-bao-{}.stix.json", id),
                                std::move(bundle));
              });
    table.Add(verb::get, "/api/v1/incidents/{}/stix", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(
                      bundle, s.exchange.IncidentStix(call.actor, domain::IncidentId{id}));
                  return OkFile(std::string(kStix), fmt::format("su-co-{}.stix.json", id),
                                std::move(bundle));
              });
    for (const bool misp : {false, true}) {
        auto& import = table.AddRaw(
            verb::post, misp ? "/api/v1/warnings/import-misp" : "/api/v1/warnings/import-stix",
            Access::kSignedIn, [s, misp](Call& call) { return Import(s, call, misp); });
        import.body_limit = kStixBodyLimit;
        import.precheck = NeedsSomewhere(domain::Permission::kIncidentHandle);
    }
    table.Add(verb::get, "/api/v1/warnings/{}/misp", Access::kSignedIn,
              [s](Call& call) -> Result<ApiReply> {
                  UNGCUU_ASSIGN_OR_RETURN(id, IdParam(call, 0));
                  UNGCUU_ASSIGN_OR_RETURN(
                      event, s.exchange.WarningMisp(call.actor, domain::WarningId{id}));
                  return OkFile("application/json", fmt::format("canh-bao-{}.misp.json", id),
                                std::move(event));
              });

    table.Add(verb::get, "/taxii2/", Access::kSignedIn, [](Call&) -> Result<ApiReply> {
        return Taxii(json::object{{"title", "ungcuu"},
                                  {"description", "Cảnh báo an toàn thông tin / security warnings"},
                                  {"default", "/taxii2/api/"},
                                  {"api_roots", json::array{"/taxii2/api/"}}});
    });
    table.Add(verb::get, "/taxii2/api/", Access::kSignedIn, [](Call&) -> Result<ApiReply> {
        return Taxii(json::object{
            {"title", "ungcuu"}, {"versions", json::array{kTaxii}}, {"max_content_length", 0}});
    });
    table.Add(
        verb::get, "/taxii2/api/collections/", Access::kSignedIn,
        [s](Call& call) -> Result<ApiReply> {
            UNGCUU_ASSIGN_OR_RETURN(collections, s.exchange.TaxiiCollections(call.actor));
            return Taxii(json::object{{"collections", ArrayJson(collections, CollectionJson)}});
        });
    table.Add(verb::get, "/taxii2/api/collections/{}/", Access::kSignedIn,
              [s](Call& call) { return Collection(s, call); });
    table.Add(verb::get, "/taxii2/api/collections/{}/objects/", Access::kSignedIn,
              [s](Call& call) { return Objects(s, call); });
}

}  // namespace ungcuu::http
