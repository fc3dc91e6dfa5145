// MISP event JSON (the format MISP instances import and export): a warning as an event — its
// title as `info`, severity as `threat_level_id`, the TLP label as a `tlp:` tag, indicators as
// attributes marked for detection (`to_ids`), CVE ids as `vulnerability` and advisories as `link`
// attributes, description and required actions as `comment` attributes — and events read back as
// warnings, bounded in size and count, with what could not be taken counted. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/warning.hpp"
#include "federation/stix.hpp"

namespace ungcuu::federation {

std::string ExportMisp(const StixProducer& producer, const domain::Warning& warning);

struct MispImport {
    std::string producer;  // the first event's creating organisation
    std::vector<domain::Warning> warnings;
    int skipped = 0;  // attributes of types that are not indicators or references
};

inline constexpr std::size_t kMaxMispEvents = 1000;
inline constexpr std::size_t kMaxMispAttributes = 20000;

/// One event ({"Event": …}), a list of them, or MISP's search answer ({"response": [...]}).
core::Result<MispImport> ImportMisp(std::string_view text);

}  // namespace ungcuu::federation
