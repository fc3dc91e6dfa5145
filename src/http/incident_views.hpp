// JSON views of incidents, their clocks, reports and deliveries, shared by the incident, report,
// outbox and public routes.
#pragma once

#include <boost/json.hpp>
#include <string_view>

#include "app/incidents/incident_service.hpp"
#include "app/incidents/outbox_service.hpp"

namespace ungcuu::http {

boost::json::object IncidentJson(const domain::Incident& i, std::string_view unit_name);
boost::json::object ClockJson(const domain::IncidentClock& c);
boost::json::object ReportJson(const domain::IncidentReport& r,
                               const domain::IncidentRuleSet* rules);
boost::json::object DeliveryJson(const domain::Delivery& d);
boost::json::object DetailsJson(const app::IncidentDetails& d);

}  // namespace ungcuu::http
