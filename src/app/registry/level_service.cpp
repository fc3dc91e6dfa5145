#include "app/registry/level_service.hpp"

#include "domain/validation.hpp"

namespace ungcuu::app {

core::Result<domain::LevelProposal> LevelService::Propose(const domain::SystemFacts& facts) const {
    domain::FieldErrors errors;
    if (facts.user_count < 0) {
        errors.Add("user_count", "không được âm", "must not be negative");
    }
    if (facts.online_service_level < 0 || facts.online_service_level > 4) {
        errors.Add("online_service_level", "mức độ dịch vụ công trực tuyến chỉ từ 0 đến 4",
                   "the online public service level is 0 to 4");
    }
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    return domain::ProposeLevel(rules_, facts);
}

}  // namespace ungcuu::app
