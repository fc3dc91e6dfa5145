#include "http/static_files.hpp"

#include <gtest/gtest.h>

namespace ungcuu::http {
namespace {

TEST(ChooseEncoding, PrefersBrotliThenGzipWhenTheBrowserTakesThem) {
    const std::string_view chromium = "gzip, deflate, br, zstd";
    EXPECT_EQ(ChooseEncoding(chromium, true, true), "br");
    EXPECT_EQ(ChooseEncoding(chromium, false, true), "gzip");
    EXPECT_EQ(ChooseEncoding(chromium, false, false), "");
    // Over plain HTTP some browsers do not offer br.
    EXPECT_EQ(ChooseEncoding("gzip, deflate", true, true), "gzip");
    EXPECT_EQ(ChooseEncoding("", true, true), "");
}

TEST(ChooseEncoding, HonoursRefusalsCaseAndTheWildcard) {
    EXPECT_EQ(ChooseEncoding("br;q=0, gzip", true, true), "gzip");
    EXPECT_EQ(ChooseEncoding("br; q=0.0 , GZIP;q=0.5", true, true), "gzip");
    EXPECT_EQ(ChooseEncoding("BR", true, true), "br");
    EXPECT_EQ(ChooseEncoding("*", true, true), "br");
    EXPECT_EQ(ChooseEncoding("*;q=0", true, true), "");
    EXPECT_EQ(ChooseEncoding("gzip;q=0, *", true, true), "br");
    EXPECT_EQ(ChooseEncoding("br;q=0, *", true, true), "gzip");
    EXPECT_EQ(ChooseEncoding("identity", true, true), "");
}

TEST(ChooseEncoding, ReadsMalformedHeadersWithoutGuessing) {
    EXPECT_EQ(ChooseEncoding(",,;;,", true, true), "");
    EXPECT_EQ(ChooseEncoding("brotli, gzipx", true, true), "");
    EXPECT_EQ(ChooseEncoding(std::string(10000, ','), true, true), "");
    EXPECT_EQ(ChooseEncoding(";q=0,br", true, true), "br");
}

}  // namespace
}  // namespace ungcuu::http
