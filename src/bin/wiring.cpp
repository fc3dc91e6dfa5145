#include "bin/wiring.hpp"

namespace ungcuu::bin {

core::Result<std::unique_ptr<System>> System::Open(const WiringOptions& options) {
    auto url = storage::ParseDatabaseUrl(options.db_url);
    if (!url.ok()) {
        return std::move(url).error();
    }
    auto store = storage::SqlStore::Open(*url);
    if (!store.ok()) {
        return std::move(store).error();
    }
    static const core::SystemClock kSystemClock;
    const core::Clock& clock = options.clock != nullptr ? *options.clock : kSystemClock;
    return std::unique_ptr<System>(new System(std::move(store).value(), clock, options));
}

System::System(std::unique_ptr<storage::SqlStore> store,
               const core::Clock& clock,
               const WiringOptions& options)
    : store_(std::move(store)),
      clock_(clock),
      crypto_(options.hash_cost),
      units_(*store_, clock_, epoch_, options.units),
      people_(*store_, clock_),
      users_(*store_, clock_, crypto_, epoch_),
      auth_(*store_, clock_, crypto_, random_, epoch_),
      audit_(*store_) {}

}  // namespace ungcuu::bin
