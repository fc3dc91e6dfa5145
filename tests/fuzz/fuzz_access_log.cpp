// libFuzzer: any bytes as an access-log line. The parser answers nullopt or a JSON object; it never
// crashes or reads out of bounds.
#include <boost/json.hpp>
#include <cstdint>

#include "logs/log_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    const ungcuu::logs::ParseContext context{ungcuu::core::FromUnixMillis(1795248000000)};
    if (const auto event = ungcuu::logs::AccessLogToJson(line, context)) {
        boost::system::error_code ec;
        const auto parsed = boost::json::parse(*event, ec);
        if (ec || !parsed.is_object()) __builtin_trap();
    }
    std::string out;
    (void)ungcuu::logs::ConvertLines(line, ungcuu::logs::LogFormat::kAccess, context, out);
    return 0;
}
