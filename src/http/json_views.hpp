// JSON views of domain objects for API responses. Units are written straight to text with
// JsonWriter (the hottest list); the rest are Boost.JSON values.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/detection/ports.hpp"
#include "app/organisation/auth_service.hpp"
#include "app/organisation/people_service.hpp"
#include "core/date.hpp"
#include "domain/dossier.hpp"
#include "domain/file_scan.hpp"
#include "domain/people.hpp"
#include "domain/training.hpp"
#include "domain/unit.hpp"
#include "domain/user.hpp"
#include "http/json_writer.hpp"

namespace ungcuu::http {

/// An RFC 3339 time, or null.
boost::json::value OptTimeJson(const std::optional<core::TimePoint>& time);
boost::json::array StringsJson(const std::vector<std::string>& items);
/// The malware scan of a stored file, or null when it was never scanned.
boost::json::value FileScanJson(const std::optional<domain::FileScan>& scan);
/// Rules that could not run, each with its file (or warning), title and reason.
boost::json::array RefusalsJson(const std::vector<app::DetectionRefusal>& refused);

/// Every item of `items` through `view`, in order.
template <class Range, class View>
boost::json::array ArrayJson(const Range& items, View view) {
    boost::json::array out;
    out.reserve(std::size(items));
    for (const auto& item : items) {
        out.push_back(view(item));
    }
    return out;
}

/// A "YYYY-MM-DD" date, or null.
boost::json::value DateJson(const std::optional<core::Date>& date);
void WriteUnit(JsonWriter& out, const domain::Unit& unit);
std::string UnitJson(const domain::Unit& unit);
boost::json::object AssignmentJson(const domain::RoleAssignment& a);
boost::json::object UserJson(const domain::User& user);
boost::json::object PersonJson(const domain::Person& person);
boost::json::object ContactJson(const app::ContactView& view);
boost::json::object AuditJson(const domain::AuditEntry& e);
/// A unit's training coverage: officials, trained, trained_percent, specialists, certified.
boost::json::object CoverageJson(const domain::Coverage& c);
/// The user with their role assignments, as returned by sign-in and GET /session.
boost::json::object PrincipalJson(const app::Principal& principal);
boost::json::object SystemJson(const domain::InformationSystem& system);
/// {"items": [{id, code, kind, name_vi, name_en}…]}: units offered as choices in a form.
boost::json::object UnitChoicesJson(const std::vector<domain::Unit>& units);
/// `now` decides the "overdue" flag.
boost::json::object DossierJson(const domain::LevelDossier& dossier, core::TimePoint now);
/// {"items": [...], "next_cursor": "…" | null}
boost::json::object Page(boost::json::array items, std::int64_t next_cursor);

}  // namespace ungcuu::http
