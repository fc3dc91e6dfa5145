// Use cases of the unit tree: list, read, create, edit, move, deactivate and CSV import.
// Thread-safe: holds only references to thread-safe collaborators.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct UnitQuery {
    std::optional<domain::UnitId> parent_id;
    bool roots_only = false;
    std::optional<domain::UnitKind> kind;
    std::optional<bool> active;
    std::string search;
    std::int64_t after_id = 0;
    int limit = 50;
};

struct UnitPage {
    std::vector<domain::Unit> units;
    std::int64_t next_cursor = 0;  // 0 when this is the last page
};

/// Optional fields of an edit; absent fields keep their value.
struct UnitPatch {
    std::optional<std::string> code;
    std::optional<domain::UnitKind> kind;
    std::optional<std::string> name_vi;
    std::optional<std::string> name_en;
    std::optional<std::string> address;
    std::optional<std::string> phone;
    std::optional<std::string> fax;
    std::optional<std::string> email;
    std::optional<std::string> website;
    std::optional<std::string> report_address;
    std::optional<bool> active;
};

struct ImportReport {
    std::int64_t created = 0;
};

class UnitService {
public:
    UnitService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

    core::Result<UnitPage> List(const Actor& actor, const UnitQuery& query);
    core::Result<domain::Unit> Get(const Actor& actor, domain::UnitId id);
    core::Result<domain::Unit> GetByCode(const Actor& actor, std::string_view code);
    /// `unit.parent_id` is required unless the actor is unrestricted.
    core::Result<domain::Unit> Create(const Actor& actor, domain::Unit unit);
    core::Result<domain::Unit> Update(const Actor& actor,
                                      domain::UnitId id,
                                      const UnitPatch& patch);
    core::Result<domain::Unit> Move(const Actor& actor,
                                    domain::UnitId id,
                                    domain::UnitId new_parent_id);
    /// Imports `code,parent_code,kind,name_vi,name_en[,address,phone,fax,email,website,
    /// report_address]`. A parent may be an existing unit or an earlier row. Every bad line is
    /// reported with its number, and nothing is imported when any line is bad.
    core::Result<ImportReport> ImportCsv(const Actor& actor, std::string_view csv_text);

private:
    Store& store_;
    const core::Clock& clock_;
};

}  // namespace ungcuu::app
