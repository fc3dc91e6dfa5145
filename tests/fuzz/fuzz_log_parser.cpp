// libFuzzer: any bytes as one log line, for the parser this binary is built for (syslog, or
// the access log with UNGCUU_FUZZ_ACCESS_LOG). The parser answers nullopt or a JSON object; it
// never crashes or reads out of bounds, and converting the bytes as a text does the same.
#include <boost/json.hpp>
#include <cstdint>

#include "logformats/log_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ungcuu::logformats;
#ifdef UNGCUU_FUZZ_ACCESS_LOG
    constexpr auto kParse = &AccessLogToJson;
    constexpr auto kFormat = LogFormat::kAccess;
#else
    constexpr auto kParse = &SyslogToJson;
    constexpr auto kFormat = LogFormat::kSyslog;
#endif
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    // With the skew bound on, so that the time bounding runs on what the parser produced.
    const ParseContext context{ungcuu::core::FromUnixMillis(1795248000000),
                               std::chrono::minutes(7 * 60), std::chrono::seconds(600)};
    LineNotes notes;
    if (const auto event = kParse(line, context, &notes)) {
        boost::system::error_code ec;
        const auto parsed = boost::json::parse(*event, ec);
        if (ec || !parsed.is_object()) __builtin_trap();
    }
    std::string out;
    (void)ConvertLines(line, kFormat, context, out);
    return 0;
}
