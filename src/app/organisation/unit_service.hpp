// Use cases of the unit tree: list, read, create, edit, move, deactivate and CSV import.
// Thread-safe: holds only references to thread-safe collaborators.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/access_epoch.hpp"
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

struct UnitServiceOptions {
    /// How long a rendered unit list page is reused (0 turns the cache off). Unit changes made
    /// through this process drop it at once; another server's changes show after at most this.
    std::chrono::milliseconds list_cache_ttl{2000};
};

struct ImportReport {
    std::int64_t created = 0;
};

class UnitService {
public:
    UnitService(Store& store,
                const core::Clock& clock,
                AccessEpoch& epoch,
                UnitServiceOptions options = {})
        : store_(store), clock_(clock), epoch_(epoch), options_(options) {}

    core::Result<UnitPage> List(const Actor& actor, const UnitQuery& query);
    /// List() rendered by `render` (e.g. to JSON). The text is cached per visible scope and
    /// query, since the unit list is what every screen of the UI loads first.
    core::Result<std::string> ListRendered(
        const Actor& actor,
        const UnitQuery& query,
        const std::function<std::string(const UnitPage&)>& render);
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
    struct CachedPage {
        std::string text;
        core::TimePoint rendered_at;
        std::uint64_t version = 0;
    };

    /// Every committed unit change bumps the version, dropping cached pages.
    void Changed();

    Store& store_;
    const core::Clock& clock_;
    AccessEpoch& epoch_;  // bumped by moves, which change the paths role scopes are built on
    UnitServiceOptions options_;
    AccessEpoch version_;  // unit data version, for the page cache
    std::mutex cache_mutex_;
    std::map<std::string, CachedPage, std::less<>> cache_;  // guarded by cache_mutex_
};

}  // namespace ungcuu::app
