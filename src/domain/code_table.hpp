// Enumerations and their codes, one table read both ways: the codes are what rule files, the
// API and the database use. Internal to the domain module.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace ungcuu::domain {

template <typename Enum, std::size_t N>
using CodeTable = std::array<std::pair<Enum, std::string_view>, N>;

/// The code of `value` ("" when the table lacks it, which a test of each table rules out).
template <typename Enum, std::size_t N>
constexpr std::string_view CodeOf(const CodeTable<Enum, N>& table, Enum value) {
    for (const auto& [entry, code] : table) {
        if (entry == value) {
            return code;
        }
    }
    return "";
}

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> ParseCode(const CodeTable<Enum, N>& table, std::string_view code) {
    for (const auto& [entry, name] : table) {
        if (name == code) {
            return entry;
        }
    }
    return std::nullopt;
}

/// For enumerations whose codes are listed in the enumeration's order: the value of `code`.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> ParseListedCode(const std::string_view (&codes)[N],
                                              std::string_view code) {
    for (std::size_t i = 0; i < N; ++i) {
        if (codes[i] == code) {
            return static_cast<Enum>(i);
        }
    }
    return std::nullopt;
}

}  // namespace ungcuu::domain
