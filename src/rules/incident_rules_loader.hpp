// Reads rules/<rule set>/incidents.json: the deadlines (clocks), report types with their
// recipients and mandatory fields, the mandatory intake fields of Mẫu 03 and the severity
// criteria of one legal regime. Strict like the other rule files: unknown fields and codes are
// reported with their place and nothing is returned.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "domain/incident.hpp"

namespace ungcuu::rules {

core::Result<domain::IncidentRuleSet> ParseIncidentRules(std::string_view json_text);

}  // namespace ungcuu::rules
