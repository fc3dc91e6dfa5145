// Uploaded files and spreadsheets: the content-addressed store, type detection by libmagic, and
// the XLSX reader against workbooks written by an independent writer (libxlsxwriter).
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <fstream>
#include <sstream>

#include "files/upload_store.hpp"
#include "files/xlsx_reader.hpp"
#include "support/test_support.hpp"

namespace ungcuu::files {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

TEST(FileUploadStore, StoresOnceUnderTheSha256AndVerifiesOnRead) {
    ungcuu::testing::TempDir dir;
    auto store = FileUploadStore::Open(dir.path() / "uploads");
    ASSERT_TRUE(store.ok());
    auto digest = (*store)->Put("abc");
    ASSERT_TRUE(digest.ok());
    // FIPS 180-2 test vector for "abc".
    EXPECT_EQ(*digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const auto path = dir.path() / "uploads" / "ba" / *digest;
    EXPECT_EQ(ReadAll(path), "abc");
    EXPECT_EQ(*(*store)->Put("abc"), *digest);
    EXPECT_EQ(*(*store)->Read(*digest), "abc");
    // A file changed on disk is reported, never served.
    std::ofstream(path, std::ios::binary) << "abd";
    auto corrupt = (*store)->Read(*digest);
    ASSERT_FALSE(corrupt.ok());
    EXPECT_EQ(corrupt.error().code, core::ErrorCode::kInternal);
    // Names that are not digests cannot walk the file system.
    EXPECT_EQ((*store)->Read("../../etc/passwd").error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ((*store)->Read(std::string(64, '0')).error().code, core::ErrorCode::kNotFound);
}

TEST(MagicContentTypeDetector, TellsDocumentsFromExecutablesAndPages) {
    auto detector = MagicContentTypeDetector::Open();
    ASSERT_TRUE(detector.ok()) << detector.error().message_en;
    EXPECT_EQ((*detector)->Detect("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"), "application/pdf");
    EXPECT_EQ((*detector)->Detect(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)), "image/png");
    EXPECT_EQ((*detector)->Detect("<!DOCTYPE html><html><script>alert(1)</script></html>"),
              "text/html");
    EXPECT_EQ((*detector)
                  ->Detect(std::string("\x7f"
                                       "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                                       16))
                  .substr(0, 12),
              "application/");
    EXPECT_NE((*detector)->Detect(std::string("\x7f"
                                              "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                                              16)),
              "application/pdf");
}

// Writes a workbook with libxlsxwriter and returns its bytes.
std::string MakeWorkbook(const ungcuu::testing::TempDir& dir,
                         const std::function<void(lxw_workbook*, lxw_worksheet*)>& fill) {
    const auto path = (dir.path() / "book.xlsx").string();
    lxw_workbook* workbook = workbook_new(path.c_str());
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Hệ thống");
    fill(workbook, sheet);
    EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
    return ReadAll(path);
}

TEST(XlsxReader, ReadsStringsNumbersBooleansAndDates) {
    ungcuu::testing::TempDir dir;
    const auto bytes = MakeWorkbook(dir, [](lxw_workbook* workbook, lxw_worksheet* sheet) {
        worksheet_write_string(sheet, 0, 0, "code", nullptr);
        worksheet_write_string(sheet, 0, 1, "name_vi", nullptr);
        worksheet_write_string(sheet, 0, 2, "user_count", nullptr);
        worksheet_write_string(sheet, 0, 3, "requires_24_7", nullptr);
        worksheet_write_string(sheet, 0, 4, "expires_on", nullptr);
        worksheet_write_string(sheet, 1, 0, "DLK-CONG", nullptr);
        worksheet_write_string(sheet, 1, 1, "Cổng thông tin điện tử tỉnh", nullptr);
        worksheet_write_number(sheet, 1, 2, 12000, nullptr);
        worksheet_write_boolean(sheet, 1, 3, 1, nullptr);
        lxw_format* date = workbook_add_format(workbook);
        format_set_num_format(date, "dd/mm/yyyy");
        lxw_datetime when = {2027, 3, 31, 0, 0, 0};
        worksheet_write_datetime(sheet, 1, 4, &when, date);
        // Row 4 (index 3) leaves row 3 empty and skips column B.
        worksheet_write_string(sheet, 3, 0, "DLK-MAIL", nullptr);
        worksheet_write_number(sheet, 3, 2, 0.5, nullptr);
    });
    ASSERT_TRUE(LooksLikeXlsx(bytes));
    auto rows = ReadXlsxFirstSheet(bytes);
    ASSERT_TRUE(rows.ok()) << rows.error().message_en;
    ASSERT_EQ(rows->size(), 3U);
    EXPECT_EQ((*rows)[0].line, 1U);
    EXPECT_EQ((*rows)[1].cells, (std::vector<std::string>{"DLK-CONG", "Cổng thông tin điện tử tỉnh",
                                                          "12000", "true", "2027-03-31"}));
    EXPECT_EQ((*rows)[2].line, 4U);  // the sheet's row number, for error messages
    EXPECT_EQ((*rows)[2].cells, (std::vector<std::string>{"DLK-MAIL", "", "0.5", "", ""}));
}

TEST(XlsxReader, RefusesWhatIsNotAWorkbookAndFormulaErrors) {
    EXPECT_FALSE(LooksLikeXlsx("code,name\n"));
    auto text = ReadXlsxFirstSheet("code,name_vi\nA,B\n");
    ASSERT_FALSE(text.ok());
    EXPECT_NE(text.error().message_vi.find("không phải tệp XLSX"), std::string::npos);
    auto truncated = ReadXlsxFirstSheet(std::string("PK\x03\x04garbage", 11));
    ASSERT_FALSE(truncated.ok());
    ungcuu::testing::TempDir dir;
    const auto bytes = MakeWorkbook(dir, [](lxw_workbook*, lxw_worksheet* sheet) {
        worksheet_write_string(sheet, 0, 0, "code", nullptr);
        worksheet_write_formula_str(sheet, 1, 0, "=1/0", nullptr, "#DIV/0!");
    });
    auto with_error = ReadXlsxFirstSheet(bytes);
    ASSERT_FALSE(with_error.ok());
    EXPECT_NE(with_error.error().message_vi.find("A2"), std::string::npos)
        << with_error.error().message_vi;
}

}  // namespace
}  // namespace ungcuu::files
