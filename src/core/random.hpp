// Randomness is injected so tests can be deterministic. Production uses a CSPRNG adapter
// (auth::SodiumRandom); implementations must be safe to call from any thread.
#pragma once

#include <cstddef>
#include <string>

namespace ungcuu::core {

class Random {
public:
    virtual ~Random() = default;
    /// Returns `count` random bytes.
    virtual std::string Bytes(std::size_t count) = 0;
};

}  // namespace ungcuu::core
