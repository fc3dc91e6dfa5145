// Reads rules/monitor/page-markers.json: the gambling and betting terms and the defacement
// markers the website monitor looks for. Strict like the other rule files: unknown fields, terms
// not in lower case or duplicated are reported with their place, nothing returned.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "domain/website.hpp"

namespace ungcuu::rules {

core::Result<domain::PageMarkers> ParsePageMarkers(std::string_view json_text);

}  // namespace ungcuu::rules
