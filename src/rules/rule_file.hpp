// Internal to the rules module: what every rule file shares — its header (id, version, titles
// and a note) — read the same way by each loader.
#pragma once

#include <string>
#include <string_view>

#include "jsonio/object_reader.hpp"

namespace ungcuu::rules {

struct RuleFileHeader {
    std::string id;
    std::string version;
};

/// Reads `id_field` and "version" (required) and the optional "title_vi", "title_en", "note".
inline RuleFileHeader ReadHeader(jsonio::ObjectReader& root, std::string_view id_field) {
    RuleFileHeader header{root.String(id_field), root.String("version")};
    (void)root.OptString("title_vi");
    (void)root.OptString("title_en");
    (void)root.OptString("note");
    return header;
}

}  // namespace ungcuu::rules
