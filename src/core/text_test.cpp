#include "core/text.hpp"

#include <gtest/gtest.h>

namespace ungcuu::core {
namespace {

// Nghị định 30/2020 Phụ lục I sets the issuing bodies in capitals: every Vietnamese letter,
// with its marks, has its capital.
TEST(UpperVietnamese, CapitalisesEveryVietnameseLetterWithItsMarks) {
    EXPECT_EQ(UpperVietnamese("Ủy ban nhân dân xã Hòa Phú"), "ỦY BAN NHÂN DÂN XÃ HÒA PHÚ");
    EXPECT_EQ(UpperVietnamese("sở khoa học và công nghệ đắk lắk"),
              "SỞ KHOA HỌC VÀ CÔNG NGHỆ ĐẮK LẮK");
    EXPECT_EQ(UpperVietnamese("ơ ư ĩ ũ ă đ ỹ ạ ệ ự"), "Ơ Ư Ĩ Ũ Ă Đ Ỹ Ạ Ệ Ự");
    EXPECT_EQ(UpperVietnamese("ĐÃ VIẾT HOA, 2026 & – ÷"), "ĐÃ VIẾT HOA, 2026 & – ÷");
    EXPECT_EQ(UpperFirst("đặc khu Phú Quốc"), "Đặc khu Phú Quốc");
    EXPECT_EQ(UpperFirst(""), "");
}

TEST(LowerVietnamese, LowersEveryVietnameseLetterAndKeepsItsMarks) {
    EXPECT_EQ(LowerVietnamese("NHÀ CÁI Uy Tín, NỔ HŨ, TÀI XỈU"), "nhà cái uy tín, nổ hũ, tài xỉu");
    EXPECT_EQ(LowerVietnamese("Ơ Ư Ĩ Ũ Ă Đ Ỹ Ạ Ệ Ự"), "ơ ư ĩ ũ ă đ ỹ ạ ệ ự");
    // Every capital UpperVietnamese makes comes back.
    const std::string small = "ủy ban nhân dân xã hòa phú, sở khoa học và công nghệ đắk lắk";
    EXPECT_EQ(LowerVietnamese(UpperVietnamese(small)), small);
    EXPECT_EQ(LowerVietnamese("2026 & – ÷ ×"), "2026 & – ÷ ×");
}

TEST(FoldForSearch, StripsVietnameseMarksAndCase) {
    EXPECT_EQ(FoldForSearch("Xã Hòa Thắng"), "xa hoa thang");
    EXPECT_EQ(FoldForSearch("ĐẮK LẮK"), "dak lak");
    EXPECT_EQ(FoldForSearch("Sở Thông tin và Truyền thông"), "so thong tin va truyen thong");
}

TEST(Utf8, RejectsOverlongAndTruncatedSequences) {
    EXPECT_TRUE(IsValidUtf8("Ứng cứu sự cố"));
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));
    EXPECT_FALSE(IsValidUtf8("abc\xE1\xBA"));
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));
}

TEST(Csv, ParsesQuotesNewlinesAndReportsLines) {
    const auto rows = ParseCsv(
        "\xEF\xBB\xBF"
        "a,b\r\n\"x, y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",z\n\nlast,1");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 4u);
    EXPECT_EQ((*rows)[1].cells[0], "x, y");
    EXPECT_EQ((*rows)[1].cells[1], "he said \"hi\"");
    EXPECT_EQ((*rows)[2].cells[0], "multi\nline");
    EXPECT_EQ((*rows)[2].line, 3u);
    EXPECT_EQ((*rows)[3].line, 6u);
    EXPECT_EQ((*rows)[3].cells[1], "1");
}

TEST(Csv, UnterminatedQuoteNamesItsLine) {
    const auto rows = ParseCsv("a,b\nc,\"open\n");
    ASSERT_FALSE(rows.ok());
    EXPECT_NE(rows.error().message_en.find("Line 2"), std::string::npos);
}

TEST(Csv, RejectsInvalidUtf8) { EXPECT_FALSE(ParseCsv("a,b\n\xFF,1\n").ok()); }

TEST(Text, CutUtf8NeverSplitsACharacter) {
    const std::string text = "Hòa Phú";  // "ò" and "ú" are two bytes each
    for (std::size_t max = 0; max <= text.size() + 1; ++max) {
        const auto cut = CutUtf8(text, max);
        EXPECT_LE(cut.size(), max);
        EXPECT_TRUE(IsValidUtf8(cut)) << max;
        EXPECT_EQ(text.substr(0, cut.size()), cut);
    }
    EXPECT_EQ(CutUtf8(text, 2), "H");  // "Hò" would need 3 bytes
    EXPECT_EQ(CutUtf8(text, 3), "Hò");
    EXPECT_EQ(CutUtf8("ệ", 2), "");  // a three-byte letter
    EXPECT_EQ(CutUtf8(text, 100), text);
}

TEST(Encodings, Base64TestVectorsOfRfc4648) {
    const std::pair<const char*, const char*> kVectors[] = {{"", ""},
                                                            {"f", "Zg=="},
                                                            {"fo", "Zm8="},
                                                            {"foo", "Zm9v"},
                                                            {"foob", "Zm9vYg=="},
                                                            {"fooba", "Zm9vYmE="},
                                                            {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : kVectors) {
        EXPECT_EQ(Base64Encode(plain), encoded) << plain;
    }
    EXPECT_EQ(Base64Encode("\xFF\xFE"), "//4=");
}

TEST(Encodings, Base32RoundTripAndKnownVector) {
    EXPECT_EQ(Base32Encode("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    EXPECT_EQ(Base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").value(), "12345678901234567890");
    EXPECT_FALSE(Base32Decode("not*base32").has_value());
    EXPECT_EQ(HexEncode("\x01\xab"), "01ab");
    EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(FieldSnapshot, RendersEscapedJson) {
    FieldSnapshot snapshot;
    snapshot.Add("name", std::string_view("A \"quoted\"\nname"))
        .Add("n", std::int64_t{3})
        .Add("on", true);
    snapshot.Add("missing", std::optional<std::string>{});
    EXPECT_EQ(snapshot.ToJson(), R"({"name":"A \"quoted\"\nname","n":3,"on":true,"missing":null})");
}

TEST(ParseInt64, RejectsJunk) {
    EXPECT_EQ(ParseInt64("42").value(), 42);
    EXPECT_FALSE(ParseInt64("42x").has_value());
    EXPECT_FALSE(ParseInt64("").has_value());
    EXPECT_FALSE(ParseInt64("99999999999999999999").has_value());
}

}  // namespace
}  // namespace ungcuu::core
