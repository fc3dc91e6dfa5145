#include "storage/sql.hpp"

namespace ungcuu::storage {

namespace {
const std::string kEmpty;
}  // namespace

bool Row::IsNull(std::size_t column) const {
    return std::holds_alternative<std::nullptr_t>(values_.at(column));
}

std::int64_t Row::Int(std::size_t column) const {
    const Value& value = values_.at(column);
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
        return *number;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return std::stoll(*text);  // PostgreSQL returns numbers as text
    }
    return 0;
}

const std::string& Row::Text(std::size_t column) const {
    const Value& value = values_.at(column);
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    return kEmpty;
}

}  // namespace ungcuu::storage
