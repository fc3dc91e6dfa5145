// Strong id types: a UnitId cannot be passed where a UserId is expected.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace ungcuu::core {

template <typename Tag>
class Id {
public:
    constexpr Id() = default;

    constexpr explicit Id(std::int64_t value) : value_(value) {}

    constexpr std::int64_t value() const { return value_; }

    constexpr bool valid() const { return value_ > 0; }

    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted comparison
    auto operator<=>(const Id&) const = default;

private:
    std::int64_t value_ = 0;
};

}  // namespace ungcuu::core

template <typename Tag>
struct std::hash<ungcuu::core::Id<Tag>> {
    std::size_t operator()(const ungcuu::core::Id<Tag>& id) const noexcept {
        return std::hash<std::int64_t>{}(id.value());
    }
};
