#include "bin/wiring.hpp"

#include "http/embedded_assets.hpp"
#include "rules/level_rules_loader.hpp"

namespace ungcuu::bin {

core::Result<std::unique_ptr<System>> System::Open(const WiringOptions& options) {
    auto url = storage::ParseDatabaseUrl(options.db_url);
    if (!url.ok()) {
        return std::move(url).error();
    }
    // The rule files ship inside the binary (cmake/EmbedAssets.cmake).
    const auto* level_file = http::FindEmbeddedAsset("rules/vn-2017/levels.json");
    if (level_file == nullptr) {
        return core::Internal("the level rule file is not embedded in this build");
    }
    auto level_rules = rules::ParseLevelRules(
        std::string_view(reinterpret_cast<const char*>(level_file->data), level_file->size));
    if (!level_rules.ok()) {
        return std::move(level_rules).error();
    }
    auto store = storage::SqlStore::Open(*url);
    if (!store.ok()) {
        return std::move(store).error();
    }
    static const core::SystemClock kSystemClock;
    const core::Clock& clock = options.clock != nullptr ? *options.clock : kSystemClock;
    return std::unique_ptr<System>(
        new System(std::move(store).value(), clock, options, std::move(level_rules).value()));
}

System::System(std::unique_ptr<storage::SqlStore> store,
               const core::Clock& clock,
               const WiringOptions& options,
               domain::LevelRuleSet level_rules)
    : store_(std::move(store)),
      clock_(clock),
      crypto_(options.hash_cost),
      units_(*store_, clock_, epoch_, options.units),
      people_(*store_, clock_),
      users_(*store_, clock_, crypto_, epoch_),
      auth_(*store_, clock_, crypto_, random_, epoch_),
      audit_(*store_),
      levels_(std::move(level_rules)) {}

}  // namespace ungcuu::bin
