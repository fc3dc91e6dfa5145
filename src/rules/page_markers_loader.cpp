#include "rules/page_markers_loader.hpp"

#include <fmt/format.h>

#include <set>

#include "core/text.hpp"
#include "domain/validation.hpp"
#include "jsonio/object_reader.hpp"
#include "rules/rule_file.hpp"

namespace ungcuu::rules {

namespace {

std::vector<std::string> ReadTerms(jsonio::ObjectReader& root,
                                   std::string_view field,
                                   domain::FieldErrors& errors) {
    auto terms = root.OptStringArray(field, 2000).value_or(std::vector<std::string>{});
    std::set<std::string> seen;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const auto& term = terms[i];
        const std::string where = fmt::format("{}[{}]", field, i);
        if (core::Trim(term).empty() || term.size() > 200) {
            errors.Add(where, "từ phải có, tối đa 200 byte", "a term is 1 to 200 bytes");
        } else if (core::LowerVietnamese(term) != term) {
            errors.Add(where, fmt::format("\"{}\" phải viết thường", term),
                       fmt::format("\"{}\" must be lower case", term));
        } else if (!seen.insert(term).second) {
            errors.Add(where, fmt::format("\"{}\" ghi hai lần", term),
                       fmt::format("\"{}\" is listed twice", term));
        }
    }
    return terms;
}

}  // namespace

core::Result<domain::PageMarkers> ParsePageMarkers(std::string_view json_text) {
    UNGCUU_ASSIGN_OR_RETURN(parsed, jsonio::ObjectReader::Parse(json_text));
    jsonio::ObjectReader& root = parsed;
    domain::FieldErrors errors;
    domain::PageMarkers markers;
    markers.version = ReadHeader(root, "markers_id").version;
    const auto min = root.OptInt("min_spam_terms").value_or(2);
    if (min < 1 || min > 20) {
        errors.Add("min_spam_terms", "từ 1 đến 20", "1 to 20");
    } else {
        markers.min_spam_terms = static_cast<int>(min);
    }
    markers.spam_terms = ReadTerms(root, "spam_terms", errors);
    markers.defacement_markers = ReadTerms(root, "defacement_markers", errors);
    errors.AddAll(root.Finish());
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return markers;
}

}  // namespace ungcuu::rules
