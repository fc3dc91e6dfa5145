#include "storage/sql.hpp"

namespace ungcuu::storage {

Row::Row(const RowView& view) {
    values_.reserve(view.size());
    for (std::size_t i = 0; i < view.size(); ++i) {
        if (view.IsNull(i)) {
            values_.emplace_back(nullptr);
        } else {
            values_.emplace_back(std::string(view.Text(i)));
        }
    }
}

core::Result<std::vector<Row>> Connection::Query(std::string_view sql,
                                                 std::span<const Value> params) {
    std::vector<Row> rows;
    auto status = QueryEach(sql, params, [&rows](const RowView& row) { rows.emplace_back(row); });
    if (!status.ok()) {
        return std::move(status).error();
    }
    return rows;
}

bool Row::IsNull(std::size_t column) const {
    return std::holds_alternative<std::nullptr_t>(values_.at(column));
}

std::int64_t Row::Int(std::size_t column) const {
    const Value& value = values_.at(column);
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
        return *number;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return std::stoll(*text);  // numbers kept as text
    }
    return 0;
}

std::string_view Row::Text(std::size_t column) const {
    const Value& value = values_.at(column);
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    return {};
}

}  // namespace ungcuu::storage
