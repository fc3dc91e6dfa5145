// Result<T>: a value or a core::Error. std::expected is not available to both of our compilers
// in C++20, so this is the small subset we need. Accessing the wrong alternative is a
// programmer error and aborts via the standard library's bad_variant_access.
#pragma once

#include <utility>
#include <variant>

#include "core/error.hpp"

namespace ungcuu::core {

template <typename T>
class [[nodiscard]] Result {
public:
    using value_type = T;

    Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT implicit

    Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT implicit

    bool ok() const { return data_.index() == 0; }

    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(data_); }

    const T& value() const& { return std::get<0>(data_); }

    T&& value() && { return std::get<0>(std::move(data_)); }

    T* operator->() { return &value(); }

    const T* operator->() const { return &value(); }

    T& operator*() & { return value(); }

    const T& operator*() const& { return value(); }

    const Error& error() const& { return std::get<1>(data_); }

    Error&& error() && { return std::get<1>(std::move(data_)); }

private:
    std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;

    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT implicit

    bool ok() const { return ok_; }

    explicit operator bool() const { return ok_; }

    const Error& error() const& { return error_; }

    Error&& error() && { return std::move(error_); }

private:
    Error error_;
    bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace ungcuu::core

#define UNGCUU_CONCAT_INNER(a, b) a##b
#define UNGCUU_CONCAT(a, b) UNGCUU_CONCAT_INNER(a, b)

/// Evaluates a Result/Status expression and returns its error from the enclosing function.
/// The temporary is named after the line so that nested uses (a lambda inside a function that
/// also uses the macro) do not shadow each other.
#define UNGCUU_RETURN_IF_ERROR(expr) \
    UNGCUU_RETURN_IF_ERROR_IMPL(UNGCUU_CONCAT(ungcuu_status_, __LINE__), expr)
// `name` declares a variable, so it cannot be wrapped in parentheses.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define UNGCUU_RETURN_IF_ERROR_IMPL(name, expr) \
    do {                                        \
        auto name = (expr);                     \
        if (!name.ok()) {                       \
            return std::move(name).error();     \
        }                                       \
    } while (false)
// NOLINTEND(bugprone-macro-parentheses)

/// Evaluates a Result expression; returns its error, or declares `lhs` with its value.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define UNGCUU_ASSIGN_OR_RETURN(lhs, expr)      \
    auto lhs##_result = (expr);                 \
    if (!lhs##_result.ok()) {                   \
        return std::move(lhs##_result).error(); \
    }                                           \
    auto lhs = std::move(lhs##_result).value()
// NOLINTEND(bugprone-macro-parentheses)
