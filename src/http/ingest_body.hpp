// The body of a log batch sent over HTTP (POST /api/v1/ingest), turned into events before
// anything is stored: gzip inflated as a stream under bounds (bytes, ratio to the compressed
// size), then one event per line under bounds (events, line length), JSON lines checked when the
// source says JSON. Any bound crossed refuses the whole batch with the limit named and what to
// do. Pure functions of their input; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/detection/ports.hpp"
#include "core/result.hpp"

namespace ungcuu::http {

struct IngestLimits {
    std::size_t max_inflated = 32U << 20;  // bytes after gzip
    /// Inflated bytes per compressed byte, above the first `ratio_floor` bytes (logs compress
    /// 10–30 times; a bomb a thousand).
    std::size_t max_ratio = 200;
    std::size_t ratio_floor = 1U << 20;
    std::size_t max_events = 100'000;  // lines per request
    std::size_t max_line = 64U << 10;
};

/// Inflates a gzip body; kPayloadTooLarge naming the bound crossed, kInvalidArgument for a
/// corrupt or truncated stream. Stops as soon as a bound is crossed (memory stays bounded).
core::Result<std::string> InflateGzipBounded(std::string_view bytes, const IngestLimits& limits);

/// Lines of a batch taken but not in the source's format (stored, counted, matched by no rule):
/// told in the answer so that a sender's misconfiguration is seen at once.
struct BodyNotes {
    std::size_t unreadable = 0;
    std::vector<std::size_t> unreadable_lines;  // the first ten, 1-based
    static constexpr std::size_t kMaxLines = 10;
};

/// Whether a line reads in the source's format.
using InFormat = std::function<bool(std::string_view line)>;

/// The events of a (plain) body: one per non-empty line, for `source`, received `now`. A line
/// that is not UTF-8 refuses the batch with its number; `notes`, when given, receives the lines
/// `in_format` does not read (not asked of a JSON source, whose lines are checked here).
core::Result<std::vector<app::IngestedEvent>> EventsOfBody(std::string_view body,
                                                           const app::LogSource& source,
                                                           core::TimePoint now,
                                                           const IngestLimits& limits,
                                                           const InFormat& in_format = {},
                                                           BodyNotes* notes = nullptr);

}  // namespace ungcuu::http
