// libFuzzer: log batches sent over HTTP. The first byte chooses how the rest is taken: as a gzip
// body as it came (broken, truncated, a bomb), as a text gzipped here and inflated again (a valid
// stream, so that the bounds on inflated bytes and ratio are reached), or as a plain body. Small
// bounds make every limit reachable. Whatever the input: no crash, no read out of bounds, memory
// within the bounds, and any batch that comes back within them (events, line length, UTF-8).
#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "http/ingest_body.hpp"

namespace {

std::string Gzip(std::string_view text) {
    z_stream stream{};
    if (deflateInit2(&stream, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return {};
    }
    std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    using namespace ungcuu;
    http::IngestLimits limits;
    limits.max_inflated = 64 * 1024;
    limits.max_ratio = 20;
    limits.ratio_floor = 1024;
    limits.max_events = 50;
    limits.max_line = 1024;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    app::LogSource source;
    source.id = 7;
    source.format = (data[0] & 4U) != 0 ? "json" : "syslog";
    std::string body;
    switch (data[0] % 3) {
        case 0: {
            auto inflated = http::InflateGzipBounded(rest, limits);
            if (!inflated.ok()) return 0;
            body = std::move(inflated).value();
            break;
        }
        case 1: {
            // Repeated, so that a short input inflates far past its size.
            std::string text;
            for (int i = 0; i < (data[0] >> 5) + 1; ++i) text.append(rest);
            auto inflated = http::InflateGzipBounded(Gzip(text), limits);
            if (!inflated.ok()) return 0;
            if (inflated->size() > limits.max_inflated || *inflated != text) __builtin_trap();
            body = std::move(inflated).value();
            break;
        }
        default:
            body.assign(rest);
    }
    if (body.size() > limits.max_inflated && data[0] % 3 != 2) __builtin_trap();
    auto events = http::EventsOfBody(body, source, core::FromUnixMillis(0), limits);
    if (!events.ok()) return 0;
    if (events->size() > limits.max_events) __builtin_trap();
    for (const auto& event : *events) {
        if (event.body.empty() || event.body.size() > limits.max_line ||
            !core::IsValidUtf8(event.body) || event.source_id != 7) {
            __builtin_trap();
        }
    }
    return 0;
}
