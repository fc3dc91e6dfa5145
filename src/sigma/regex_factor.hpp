#pragma once
// Literals a regular expression cannot match without: the fast engine looks for them with the
// pattern databases and runs the regex (RE2) only on values holding one of them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ungcuu::sigma {

struct RegexFactors {
    /// Any match of the regex contains one of these (ASCII letters in any case when `caseless`).
    std::vector<std::string> literals;
    bool caseless = false;
};

/// The cheapest set of literals one of which every match of `pattern` (RE2 syntax, as RE2
/// compiled it) contains; nullopt when no such set of literals of at least two bytes is known,
/// or when the pattern holds syntax this analysis does not read (then the regex runs on every
/// value, as before). `case_sensitive` is RE2's option; an `i` flag inside the pattern makes
/// it caseless too. Under case folding, only ASCII characters other than k and s (which Unicode
/// folds with U+212A and U+017F) are taken into literals; the literals are then lower case.
std::optional<RegexFactors> RequiredLiterals(std::string_view pattern, bool case_sensitive);

}  // namespace ungcuu::sigma
