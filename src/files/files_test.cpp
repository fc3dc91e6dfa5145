// Uploaded files and spreadsheets: the content-addressed store, type detection by libmagic, and
// the XLSX reader against workbooks written by an independent writer (libxlsxwriter).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <xlsxwriter.h>
#include <zip.h>

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

TEST(XlsxReader, ADateCellThatHoldsNoDateIsKeptAsWritten) {
    // Found by fuzz_xlsx: a date-formatted cell holding NaN was cast to an integer (undefined).
    ungcuu::testing::TempDir dir;
    const auto bytes = MakeWorkbook(dir, [](lxw_workbook* workbook, lxw_worksheet* sheet) {
        lxw_format* date = workbook_add_format(workbook);
        format_set_num_format(date, "dd/mm/yyyy");
        worksheet_write_string(sheet, 0, 0, "expires_on", nullptr);
        const double values[] = {std::nan(""), INFINITY, -INFINITY, 1e300, -5, 3'000'000, 46'477};
        for (lxw_row_t row = 0; row < std::size(values); ++row) {
            worksheet_write_number(sheet, row + 1, 0, values[row], date);
        }
    });
    auto rows = ReadXlsxFirstSheet(bytes);
    ASSERT_TRUE(rows.ok()) << rows.error().message_en;
    ASSERT_EQ(rows->size(), 8U);
    for (std::size_t i = 1; i <= 6; ++i) {
        const auto& cell = (*rows)[i].cells.at(0);
        EXPECT_FALSE(cell.empty()) << i;
        EXPECT_FALSE(cell.size() == 10 && cell[4] == '-' && cell[7] == '-') << cell;
    }
    EXPECT_EQ((*rows)[5].cells.at(0), "-5");
    EXPECT_EQ((*rows)[6].cells.at(0), "3000000");
    EXPECT_EQ((*rows)[7].cells.at(0), "2027-03-31");  // a real date beside them still reads
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

// Writes a ZIP archive with the given parts, as a hostile file would be made by hand.
std::string MakeZip(const ungcuu::testing::TempDir& dir,
                    const std::vector<std::pair<std::string, std::string>>& parts) {
    const auto path = (dir.path() / "hand.xlsx").string();
    std::filesystem::remove(path);
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    EXPECT_NE(archive, nullptr);
    std::vector<std::string> kept;  // libzip reads the buffers at close
    kept.reserve(parts.size());
    for (const auto& [name, text] : parts) {
        kept.push_back(text);
        zip_source_t* source =
            zip_source_buffer(archive, kept.back().data(), kept.back().size(), 0);
        EXPECT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE), 0);
    }
    EXPECT_EQ(zip_close(archive), 0);
    return ReadAll(path);
}

const char* kWorkbook =
    R"(<workbook xmlns:r="r"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>)";

std::string Sheet(const std::string& rows) {
    return "<worksheet><sheetData>" + rows + "</sheetData></worksheet>";
}

TEST(XlsxReader, RefusesACellFarToTheRightBeforeWideningEveryRow) {
    ungcuu::testing::TempDir dir;
    std::string rows;
    for (int r = 1; r <= 2000; ++r) {
        rows += fmt::format(
            R"(<row r="{0}"><c r="XFD{0}" t="inlineStr"><is><t>x</t></is></c></row>)", r);
    }
    const auto bytes =
        MakeZip(dir, {{"xl/workbook.xml", kWorkbook}, {"xl/worksheets/sheet1.xml", Sheet(rows)}});
    auto read = ReadXlsxFirstSheet(bytes);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, core::ErrorCode::kPayloadTooLarge);
    EXPECT_NE(read.error().message_vi.find("200 cột"), std::string::npos)
        << read.error().message_vi;
    EXPECT_NE(read.error().message_vi.find("XFD1"), std::string::npos);
}

TEST(XlsxReader, RefusesALongSharedStringAndTextRepeatedPastTheBound) {
    ungcuu::testing::TempDir dir;
    const std::string long_text(200 * 1024, 'a');
    const auto one_long = MakeZip(
        dir,
        {{"xl/workbook.xml", kWorkbook},
         {"xl/sharedStrings.xml", "<sst><si><t>" + long_text + "</t></si></sst>"},
         {"xl/worksheets/sheet1.xml", Sheet(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)")}});
    auto long_read = ReadXlsxFirstSheet(one_long);
    ASSERT_FALSE(long_read.ok());
    EXPECT_EQ(long_read.error().code, core::ErrorCode::kPayloadTooLarge);
    EXPECT_NE(long_read.error().message_en.find("A cell is longer"), std::string::npos)
        << long_read.error().message_en;
    // A 30 KiB text referenced 2,000 times would be 60 MiB of cells from a file of a few KiB.
    std::string rows;
    for (int r = 1; r <= 2000; ++r) {
        rows += fmt::format(R"(<row r="{0}"><c r="A{0}" t="s"><v>0</v></c></row>)", r);
    }
    const auto repeated = MakeZip(
        dir,
        {{"xl/workbook.xml", kWorkbook},
         {"xl/sharedStrings.xml", "<sst><si><t>" + std::string(30 * 1024, 'b') + "</t></si></sst>"},
         {"xl/worksheets/sheet1.xml", Sheet(rows)}});
    auto repeated_read = ReadXlsxFirstSheet(repeated);
    ASSERT_FALSE(repeated_read.ok());
    EXPECT_NE(repeated_read.error().message_en.find("The cells' text exceeds 32 MiB"),
              std::string::npos)
        << repeated_read.error().message_en;
}

TEST(XlsxReader, RefusesPartsThatInflateFarBeyondTheFile) {
    ungcuu::testing::TempDir dir;
    // 6 MiB of blanks compress to a few KiB: past the 4 MiB a small file may inflate to.
    const std::string padded = Sheet(std::string(6U << 20, ' '));
    const auto bomb =
        MakeZip(dir, {{"xl/workbook.xml", kWorkbook}, {"xl/worksheets/sheet1.xml", padded}});
    ASSERT_LT(bomb.size(), 64U * 1024);
    auto read = ReadXlsxFirstSheet(bomb);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, core::ErrorCode::kPayloadTooLarge);
    EXPECT_NE(read.error().message_en.find("times the file's size"), std::string::npos)
        << read.error().message_en;
    // One part past the bound on any part.
    const auto huge =
        MakeZip(dir, {{"xl/workbook.xml", kWorkbook},
                      {"xl/worksheets/sheet1.xml", Sheet(std::string(9U << 20, ' '))}});
    auto huge_read = ReadXlsxFirstSheet(huge);
    ASSERT_FALSE(huge_read.ok());
    EXPECT_NE(huge_read.error().message_en.find("inflates to more than 8 MiB"), std::string::npos)
        << huge_read.error().message_en;
}

TEST(XlsxReader, CountsRowsAndEmptySlotsAgainstTheLimits) {
    ungcuu::testing::TempDir dir;
    std::string rows;
    for (int r = 1; r <= 30; ++r) {
        rows += fmt::format(R"(<row r="{0}"><c r="J{0}"><v>1</v></c></row>)", r);
    }
    const auto bytes =
        MakeZip(dir, {{"xl/workbook.xml", kWorkbook}, {"xl/worksheets/sheet1.xml", Sheet(rows)}});
    XlsxLimits limits;
    limits.table.max_rows = 20;
    auto too_many_rows = ReadXlsxFirstSheet(bytes, limits);
    ASSERT_FALSE(too_many_rows.ok());
    EXPECT_NE(too_many_rows.error().message_en.find("more than 20 rows"), std::string::npos);
    limits = XlsxLimits{};
    limits.table.max_cells = 250;  // 30 rows of 10 slots, nine of them empty
    auto too_many_cells = ReadXlsxFirstSheet(bytes, limits);
    ASSERT_FALSE(too_many_cells.ok());
    EXPECT_NE(too_many_cells.error().message_en.find("more than 250 cells"), std::string::npos);
    EXPECT_TRUE(ReadXlsxFirstSheet(bytes).ok());
}

TEST(Csv, RefusesTablesPastTheirLimitsWithTheLineNamed) {
    core::TableLimits limits;
    limits.max_rows = 3;
    limits.max_columns = 4;
    limits.max_cell_bytes = 10;
    auto wide = core::ParseCsv("a,b\nc,d,e,f,g\n", limits);
    ASSERT_FALSE(wide.ok());
    EXPECT_NE(wide.error().message_en.find("more than 4 columns (line 2)"), std::string::npos)
        << wide.error().message_en;
    auto long_cell = core::ParseCsv("a,b\n\"0123456789ab\",c\n", limits);
    ASSERT_FALSE(long_cell.ok());
    EXPECT_NE(long_cell.error().message_en.find("longer than 10 bytes (line 2)"), std::string::npos)
        << long_cell.error().message_en;
    auto tall = core::ParseCsv("a\nb\nc\nd\n", limits);
    ASSERT_FALSE(tall.ok());
    EXPECT_NE(tall.error().message_en.find("more than 3 rows (line 4)"), std::string::npos)
        << tall.error().message_en;
    // A line of a million commas stops at the column bound, not after a million cells.
    auto commas = core::ParseCsv("a\n" + std::string(1'000'000, ','));
    ASSERT_FALSE(commas.ok());
    EXPECT_EQ(commas.error().code, core::ErrorCode::kPayloadTooLarge);
    EXPECT_TRUE(core::ParseCsv("a,b,c,d\n1,2,3,4\n", limits).ok());
}

}  // namespace
}  // namespace ungcuu::files
