// STIX 2.1 for tools outside ungcuu (MISP, OpenCTI, a national platform): warnings as `report`
// objects with their `indicator`s (patterns of one comparison, "[ipv4-addr:value = '…']"), TLP
// markings (the predefined TLP marking definitions), CVE ids and advisories as external
// references; incidents as `incident` objects with their observables as `observed-data` over
// cyber-observable objects, linked by a `relationship`; the producing installation as an
// `identity`. Ids are UUIDv5, so the same object exported twice has the same id and a consumer
// updates rather than duplicates it (observables with the namespace STIX gives for them).
// Importing reads the same shapes back — and any bundle's indicators of those pattern forms —
// bounded in size, count and depth, and names what it could not take. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/incident.hpp"
#include "domain/warning.hpp"

namespace ungcuu::federation {

struct StixProducer {
    std::string node;  // the installation's node: ids are derived from it
    std::string name;  // the identity's name
};

struct StixIncident {
    domain::Incident incident;
    std::vector<domain::Observable> observables;
};

/// A bundle of the warnings (with their indicators) and incidents (with their observables).
std::string ExportStix(const StixProducer& producer,
                       const std::vector<domain::Warning>& warnings,
                       const std::vector<StixIncident>& incidents);

/// The objects of a bundle, one at a time (for TAXII, which pages them).
std::vector<std::string> StixObjects(const StixProducer& producer,
                                     const std::vector<domain::Warning>& warnings,
                                     const std::vector<StixIncident>& incidents);

struct StixImport {
    std::string producer;                       // the identity that created the reports, when named
    std::vector<domain::Warning> warnings;      // reports: title, description, actions, references,
                                                // indicators, label, issue time, deadline if given
    std::vector<domain::Indicator> indicators;  // indicators no report refers to
    std::vector<StixIncident> incidents;        // title, description, times, observables
    int skipped = 0;                            // objects of other types or patterns not taken
};

inline constexpr std::size_t kMaxStixBytes = std::size_t{16} * 1024 * 1024;
inline constexpr std::size_t kMaxStixObjects = 20000;

core::Result<StixImport> ImportStix(std::string_view text);

/// The indicator a STIX pattern of one comparison names ("[domain-name:value = 'x.vn']",
/// "[file:hashes.'SHA-256' = '…']"); nullopt for any other pattern.
std::optional<domain::Indicator> IndicatorOfPattern(std::string_view pattern);
std::string PatternOf(const domain::Indicator& indicator);

/// "type--<UUIDv5 of name in namespace>".
std::string StixId(std::string_view type, std::string_view namespace_uuid, std::string_view name);

}  // namespace ungcuu::federation
