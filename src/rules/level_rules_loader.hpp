// Reads the level-determination rule file (rules/<rule set>/levels.json) into a
// domain::LevelRuleSet. The file is strict: unknown fields, unknown codes, wrong types and
// impossible levels are all reported with their place in the file, and nothing is returned.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "domain/levels.hpp"

namespace ungcuu::rules {

core::Result<domain::LevelRuleSet> ParseLevelRules(std::string_view json_text);

}  // namespace ungcuu::rules
