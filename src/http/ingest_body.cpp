#include "http/ingest_body.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <boost/json.hpp>

#include "core/text.hpp"

namespace ungcuu::http {

namespace {

core::Error TooLarge(std::string vi, std::string en) {
    return core::Error::Make(core::ErrorCode::kPayloadTooLarge, std::move(vi), std::move(en));
}

}  // namespace

core::Result<std::string> InflateGzipBounded(std::string_view bytes, const IngestLimits& limits) {
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        return core::Internal("zlib inflateInit2 failed");
    }
    const std::size_t by_ratio =
        std::max(limits.ratio_floor, bytes.size() * limits.max_ratio);  // no overflow: ≤ 20 MiB
    const std::size_t allowed = std::min(limits.max_inflated, by_ratio);
    constexpr std::size_t kChunk = std::size_t{64} * 1024;
    std::string chunk(kChunk, '\0');  // inflated into; only what came out is kept
    std::string out;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
        stream.avail_out = static_cast<uInt>(kChunk);
        status = inflate(&stream, Z_NO_FLUSH);
        const std::size_t produced = kChunk - stream.avail_out;
        if (out.size() + produced > allowed) {  // refused before it is kept
            inflateEnd(&stream);
            if (allowed == limits.max_inflated) {
                return TooLarge(
                    fmt::format("Dữ liệu giải nén vượt quá {} MiB; chưa nhận dòng nào của lô. Hãy "
                                "gửi thành nhiều lô nhỏ hơn.",
                                limits.max_inflated >> 20),
                    fmt::format("The decompressed body exceeds {} MiB; nothing of the batch was "
                                "taken. Send it in smaller batches.",
                                limits.max_inflated >> 20));
            }
            return TooLarge(
                fmt::format("Dữ liệu nén giãn ra hơn {} lần (nghi là bom nén); chưa nhận dòng nào "
                            "của lô. Hãy gửi không nén hoặc thành nhiều lô nhỏ hơn.",
                            limits.max_ratio),
                fmt::format("The body inflates more than {} times (a likely compression bomb); "
                            "nothing of the batch was taken. Send it uncompressed or in smaller "
                            "batches.",
                            limits.max_ratio));
        }
        out.append(chunk.data(), produced);
        if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
            status = Z_DATA_ERROR;  // input ended before the gzip stream did
        }
        if (status == Z_BUF_ERROR && stream.avail_in == 0) {
            status = Z_DATA_ERROR;
        }
    }
    inflateEnd(&stream);
    if (status != Z_STREAM_END) {
        return core::InvalidArgument("Dữ liệu gzip hỏng hoặc bị cắt.",
                                     "The gzip body is corrupt or truncated.");
    }
    return out;
}

core::Result<std::vector<app::IngestedEvent>> EventsOfBody(std::string_view body,
                                                           const app::LogSource& source,
                                                           core::TimePoint now,
                                                           const IngestLimits& limits,
                                                           const InFormat& in_format,
                                                           BodyNotes* notes) {
    const bool whole_utf8 = core::IsValidUtf8(body);  // the common case, checked at once
    std::vector<app::IngestedEvent> events;
    std::size_t line = 0, at = 0;
    while (at < body.size()) {
        const auto end = body.find('\n', at);
        const std::size_t stop = end == std::string_view::npos ? body.size() : end;
        std::string_view text = body.substr(at, stop - at);
        at = stop + 1;
        ++line;
        while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) {
            text.remove_suffix(1);
        }
        if (text.empty()) {
            continue;
        }
        if (text.size() > limits.max_line) {
            return core::InvalidArgument(
                fmt::format("Dòng {} dài quá {} KiB; chưa nhận dòng nào của lô.", line,
                            limits.max_line >> 10),
                fmt::format("Line {} is longer than {} KiB; nothing of the batch was taken.", line,
                            limits.max_line >> 10));
        }
        if (events.size() >= limits.max_events) {
            return TooLarge(
                fmt::format("Lô có hơn {} dòng; chưa nhận dòng nào của lô. Hãy gửi thành nhiều lô "
                            "nhỏ hơn.",
                            limits.max_events),
                fmt::format("The batch has more than {} lines; nothing of it was taken. Send it "
                            "in smaller batches.",
                            limits.max_events));
        }
        if (!whole_utf8 && !core::IsValidUtf8(text)) {
            return core::InvalidArgument(
                fmt::format("Dòng {} không phải văn bản UTF-8 (hãy chuyển mã tệp sang UTF-8); chưa "
                            "nhận dòng nào của lô.",
                            line),
                fmt::format("Line {} is not UTF-8 text (convert the file to UTF-8); nothing of the "
                            "batch was taken.",
                            line));
        }
        if (notes != nullptr && in_format && source.format != "json" && !in_format(text)) {
            if (++notes->unreadable <= BodyNotes::kMaxLines) {
                notes->unreadable_lines.push_back(line);
            }
        }
        if (source.format == "json") {
            boost::system::error_code ec;
            const auto value = boost::json::parse(text, ec);
            if (ec || !value.is_object()) {
                return core::InvalidArgument(
                    fmt::format("Dòng {} không phải một đối tượng JSON; chưa nhận dòng nào của lô.",
                                line),
                    fmt::format("Line {} is not a JSON object; nothing of the batch was taken.",
                                line));
            }
        }
        app::IngestedEvent event;
        event.received_at = now;
        event.source_id = source.id;
        event.unit_id = source.unit_id;
        event.format = source.format;
        event.body = std::string(text);
        events.push_back(std::move(event));
    }
    return events;
}

}  // namespace ungcuu::http
