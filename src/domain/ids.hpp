// Identifiers of the domain's objects.
#pragma once

#include "core/ids.hpp"

namespace ungcuu::domain {

using UnitId = core::Id<struct UnitTag>;
using UserId = core::Id<struct UserTag>;
using PersonId = core::Id<struct PersonTag>;
using AssignmentId = core::Id<struct AssignmentTag>;
using TokenId = core::Id<struct TokenTag>;
using AuditId = core::Id<struct AuditTag>;
using PeerId = core::Id<struct PeerTag>;

}  // namespace ungcuu::domain
