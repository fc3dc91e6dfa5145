// Reads rules/<rule set>/registry.json (dossier authorities and time limits, document slots,
// periodic duties) and rules/calendar/*.json (holidays and make-up working days). Strict like
// the level rules: unknown fields and codes are reported with their place, nothing is returned.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/calendar.hpp"
#include "domain/protection.hpp"
#include "domain/registry_rules.hpp"

namespace ungcuu::rules {

core::Result<domain::RegistryRuleSet> ParseRegistryRules(std::string_view json_text);
core::Result<std::vector<domain::CalendarDay>> ParseCalendar(std::string_view json_text);
/// rules/taxonomy/scenarios.json: incident scenario groups and scenarios with their mappings.
core::Result<domain::Taxonomy> ParseTaxonomy(std::string_view json_text);

}  // namespace ungcuu::rules
