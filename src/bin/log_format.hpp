// How `serve` writes its log: spdlog's text lines, or one JSON object a line (`--log-format
// json`) for a collector (journald's JSON export, Loki, Elasticsearch) to read without parsing
// text: {"time": RFC 3339 UTC, "level", "message", "thread"}.
#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <string_view>

namespace ungcuu::bin {

class JsonLogFormatter final : public spdlog::formatter {
public:
    void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) override;
    std::unique_ptr<spdlog::formatter> clone() const override;
};

/// Sets the default logger's format: "text" (spdlog's lines) or "json".
void UseLogFormat(std::string_view format);

}  // namespace ungcuu::bin
