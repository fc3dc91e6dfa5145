#include "bin/log_format.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/text.hpp"

namespace ungcuu::bin {

void JsonLogFormatter::format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) {
    const std::string_view text(message.payload.data(), message.payload.size());
    const auto level = spdlog::level::to_string_view(message.level);
    fmt::format_to(
        std::back_inserter(out),
        R"({{"time":"{}","level":"{}","message":"{}","thread":{}}})"
        "\n",
        core::FormatRfc3339(message.time), std::string_view(level.data(), level.size()),
        // A message may quote what a device sent: kept valid UTF-8, so every line
        // stays JSON.
        core::JsonEscape(core::IsValidUtf8(text) ? std::string(text) : core::ValidUtf8(text)),
        message.thread_id);
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const {
    return std::make_unique<JsonLogFormatter>();
}

void UseLogFormat(std::string_view format) {
    if (format == "json") {
        spdlog::set_formatter(std::make_unique<JsonLogFormatter>());
    }
}

}  // namespace ungcuu::bin
