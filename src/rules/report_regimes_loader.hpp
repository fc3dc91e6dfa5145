// Reads rules/reporting/regimes.json: the periodic report regimes (who files, for which period,
// due when, to whom). Strict like the other rule files: unknown fields, unknown codes, a day that
// does not exist and a kind filing at two tiers are reported with their place, nothing returned.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "domain/periodic.hpp"

namespace ungcuu::rules {

core::Result<domain::RegimeBook> ParseReportRegimes(std::string_view json_text);

}  // namespace ungcuu::rules
