// Reading the audit log, limited to the units where the caller may read it. Thread-safe.
#pragma once

#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct AuditQuery {
    std::optional<domain::UnitId> unit_id;
    std::string object_type;
    std::int64_t before_id = 0;
    int limit = 50;
};

struct AuditPage {
    std::vector<domain::AuditEntry> entries;
    std::int64_t next_cursor = 0;
};

class AuditService {
public:
    explicit AuditService(Store& store) : store_(store) {}

    /// kPermissionDenied when the caller may read the audit log nowhere.
    core::Result<AuditPage> List(const Actor& actor, const AuditQuery& query);

private:
    Store& store_;
};

}  // namespace ungcuu::app
