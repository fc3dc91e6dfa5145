// The official layout of Nghị định 30/2020 Phụ lục I, checked on the rendered files: A4 pages,
// the two-column header, "Nơi nhận:" on the left level with the signature block on the right,
// and that block kept on one page whatever the length of the body and the number of
// recipients (no name alone on a page, no blank page). Text positions come from Poppler's
// pdftotext (poppler-utils, installed by tools/install-deps.sh test).
#include "reporting/official_renderer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/test_support.hpp"

namespace ungcuu::reporting {
namespace {

struct Word {
    int page = 0;
    double x = 0;
    double y = 0;
    std::string text;
};

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

bool HaveTool(const char* tool) {
    return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

/// Every word of the PDF with its page and top-left corner (pdftotext -bbox).
std::vector<Word> Words(const std::filesystem::path& pdf) {
    const auto html = pdf.string() + ".html";
    EXPECT_EQ(std::system(("pdftotext -bbox -enc UTF-8 " + pdf.string() + " " + html).c_str()), 0);
    const std::string text = ReadFile(html);
    std::vector<Word> words;
    int page = 0;
    const std::regex token(
        R"re(<page |<word xMin="([0-9.]+)" yMin="([0-9.]+)"[^>]*>([^<]*)</word>)re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), token);
         it != std::sregex_iterator(); ++it) {
        if ((*it)[0].str() == "<page ") {
            ++page;
            continue;
        }
        words.push_back({page, std::stod((*it)[1]), std::stod((*it)[2]), (*it)[3]});
    }
    return words;
}

const Word* Find(const std::vector<Word>& words, std::string_view text) {
    for (const auto& word : words) {
        if (word.text == text) {
            return &word;
        }
    }
    return nullptr;
}

app::OfficialDocument Report(int paragraphs, int recipients, const std::string& signer) {
    app::OfficialDocument doc;
    doc.parent_unit = "Ủy ban nhân dân tỉnh Đắk Lắk";
    doc.issuing_unit = "Sở Khoa học và Công nghệ";
    doc.number = "Số: 07/BC-SKHCN";
    doc.place_date = "Đắk Lắk, ngày 05 tháng 12 năm 2026";
    doc.title = "Báo cáo ban đầu sự cố mạng";
    doc.subtitle = "(Mẫu 03, Phụ lục I Thông tư 20/2017/TT-BTTTT)";
    for (int i = 0; i < recipients; ++i) {
        doc.recipients.push_back("Đơn vị nhận số " + std::to_string(i + 1));
    }
    app::OfficialDocument::Section section{"4. Nội dung", {}, {}};
    for (int i = 0; i < paragraphs; ++i) {
        section.paragraphs.push_back("Đoạn " + std::to_string(i + 1) +
                                     ": trang chủ bị thay đổi giao diện, đã cô lập máy chủ.");
    }
    doc.sections.push_back(std::move(section));
    doc.signer_title = "KT. Giám đốc\nPhó Giám đốc";
    doc.signer_name = signer;
    return doc;
}

TEST(OfficialRenderer, PdfKeepsTheClosingTogetherOnA4WithNoBlankPage) {
    if (!HaveTool("pdftotext") || !HaveTool("pdfinfo")) {
        GTEST_SKIP() << "poppler-utils is not installed (tools/install-deps.sh test)";
    }
    ungcuu::testing::TempDir dir;
    OfficialRenderer renderer;
    int pages_seen = 0;
    // Body lengths that put the closing at every height of the first and second pages, with
    // no recipient, one and many, with and without a signer's name.
    for (int paragraphs = 10; paragraphs <= 70; paragraphs += 3) {
        for (const int recipients : {0, 1, 6}) {
            for (const std::string signer : {"Nguyễn Văn An", ""}) {
                const auto pdf = renderer.Pdf(Report(paragraphs, recipients, signer));
                ASSERT_TRUE(pdf.ok());
                const auto path = dir.path() / "r.pdf";
                std::ofstream(path, std::ios::binary) << *pdf;
                const auto words = Words(path);
                const std::string where = std::to_string(paragraphs) + " paragraphs, " +
                                          std::to_string(recipients) + " recipients, signer '" +
                                          signer + "'";
                const auto* received = Find(words, "Nơi");
                const auto* title = Find(words, "GIÁM");
                ASSERT_TRUE(received != nullptr && title != nullptr) << where;
                EXPECT_EQ(received->page, title->page) << where;
                EXPECT_NEAR(received->y, title->y, 3.0) << "level with each other: " << where;
                EXPECT_LT(received->x, 595.28 / 2) << where;
                EXPECT_GT(title->x, 595.28 / 2 - 40) << where;
                const auto* kept = Find(words, "Lưu:");
                ASSERT_NE(kept, nullptr);
                EXPECT_EQ(kept->page, title->page) << where;
                if (!signer.empty()) {
                    const auto* name = Find(words, "Nguyễn");
                    ASSERT_NE(name, nullptr) << where;
                    EXPECT_EQ(name->page, title->page) << "the name with its block: " << where;
                }
                // Every page holds something: the last one is the closing's.
                int last_page = 0;
                for (const auto& word : words) {
                    last_page = std::max(last_page, word.page);
                }
                EXPECT_EQ(last_page, title->page) << "no page after the signature: " << where;
                pages_seen = std::max(pages_seen, last_page);
            }
        }
    }
    EXPECT_GE(pages_seen, 2) << "the bodies were long enough to cross a page";
    const auto path = dir.path() / "r.pdf";
    ASSERT_EQ(std::system(("pdfinfo " + path.string() + " > " + path.string() + ".info").c_str()),
              0);
    EXPECT_NE(ReadFile(path.string() + ".info").find("595.28 x 841.89 pts (A4)"),
              std::string::npos);
    // The header: both bodies in capitals, the national title on one line on the right.
    const auto words = Words(path);
    const auto* national = Find(words, "CỘNG");
    const auto* nam = Find(words, "NAM");
    ASSERT_TRUE(national != nullptr && nam != nullptr);
    EXPECT_NEAR(national->y, nam->y, 1.0) << "the national title on one line";
    EXPECT_GT(national->x, 595.28 * 0.4);
    EXPECT_NE(Find(words, "SỞ"), nullptr);
    EXPECT_NE(Find(words, "ĐẮK"), nullptr) << "the governing body in capitals";
    EXPECT_NE(Find(words, "BÁO"), nullptr) << "the title in capitals";
}

// Page numbers from page 2, centred at the top; none on page 1. Body paragraphs start 1 cm in.
TEST(OfficialRenderer, PdfNumbersPagesFromTheSecondAndIndentsParagraphs) {
    if (!HaveTool("pdftotext")) {
        GTEST_SKIP() << "poppler-utils is not installed (tools/install-deps.sh test)";
    }
    ungcuu::testing::TempDir dir;
    const auto pdf = OfficialRenderer().Pdf(Report(80, 1, "Nguyễn Văn An"));
    ASSERT_TRUE(pdf.ok());
    const auto path = dir.path() / "r.pdf";
    std::ofstream(path, std::ios::binary) << *pdf;
    const auto words = Words(path);
    int last_page = 0;
    for (const auto& word : words) {
        last_page = std::max(last_page, word.page);
    }
    ASSERT_GE(last_page, 3);
    for (int page = 1; page <= last_page; ++page) {
        const Word* top = nullptr;
        for (const auto& word : words) {
            if (word.page == page && (top == nullptr || word.y < top->y)) {
                top = &word;
            }
        }
        ASSERT_NE(top, nullptr);
        if (page == 1) {
            EXPECT_EQ(top->text, "ỦY") << "no number on the first page";
            continue;
        }
        EXPECT_EQ(top->text, std::to_string(page));
        EXPECT_LT(top->y, 56.7) << "in the top margin";
        const double centre = 85.0 + (595.28 - 85.0 - 56.7) / 2;
        EXPECT_NEAR(top->x, centre, 10.0) << "centred";
    }
    // "Đoạn 1:" starts 1 cm right of the left margin; the heading does not.
    const auto* paragraph = Find(words, "Đoạn");
    const auto* heading = Find(words, "4.");
    ASSERT_TRUE(paragraph != nullptr && heading != nullptr);
    EXPECT_NEAR(paragraph->x - heading->x, 28.35, 1.5);
}

TEST(OfficialRenderer, DocxIsA4InTimesNewRomanWithTheClosingInOneRow) {
    if (!HaveTool("unzip")) {
        GTEST_SKIP() << "unzip is not installed (tools/install-deps.sh test)";
    }
    ungcuu::testing::TempDir dir;
    const auto docx = OfficialRenderer().Docx(Report(5, 2, "Nguyễn Văn An"));
    ASSERT_TRUE(docx.ok());
    const auto path = dir.path() / "r.docx";
    std::ofstream(path, std::ios::binary) << *docx;
    ASSERT_EQ(
        std::system(("unzip -p " + path.string() + " word/document.xml > " + path.string() + ".xml")
                        .c_str()),
        0);
    const std::string xml = ReadFile(path.string() + ".xml");
    EXPECT_NE(xml.find(R"(<w:pgSz w:w="11906" w:h="16838"/>)"), std::string::npos) << "A4";
    EXPECT_NE(xml.find(R"(w:left="1701")"), std::string::npos) << "30 mm left margin";
    EXPECT_NE(xml.find(R"(w:ascii="Times New Roman")"), std::string::npos);
    EXPECT_EQ(xml.find("Liberation"), std::string::npos);
    EXPECT_NE(xml.find("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"), std::string::npos);
    EXPECT_NE(xml.find("SỞ KHOA HỌC VÀ CÔNG NGHỆ"), std::string::npos);
    EXPECT_NE(xml.find("BÁO CÁO BAN ĐẦU SỰ CỐ MẠNG"), std::string::npos);
    // The date line in italics.
    const auto date = xml.find("Đắk Lắk, ngày 05 tháng 12 năm 2026");
    ASSERT_NE(date, std::string::npos);
    const auto run = xml.rfind("<w:r>", date);
    EXPECT_NE(xml.substr(run, date - run).find("<w:i/>"), std::string::npos);
    // "Nơi nhận:" and the signature share one row that may not split across pages.
    const auto closing = xml.find("Nơi nhận:");
    ASSERT_NE(closing, std::string::npos);
    const auto row = xml.rfind("<w:tr>", closing);
    ASSERT_NE(row, std::string::npos);
    EXPECT_NE(xml.substr(row, closing - row).find("<w:cantSplit/>"), std::string::npos);
    const auto row_end = xml.find("</w:tr>", closing);
    EXPECT_NE(xml.substr(closing, row_end - closing).find("Nguyễn Văn An"), std::string::npos);
    EXPECT_NE(xml.substr(closing, row_end - closing).find("- Lưu: VT."), std::string::npos);
    // Body paragraphs indented 1 cm on their first line; page numbers from page 2 in the
    // header (a different first page whose header is empty).
    const auto paragraph = xml.find("Đoạn 1:");
    const auto p_start = xml.rfind("<w:p>", paragraph);
    EXPECT_NE(xml.substr(p_start, paragraph - p_start).find(R"(<w:ind w:firstLine="567"/>)"),
              std::string::npos);
    EXPECT_NE(xml.find("<w:titlePg/>"), std::string::npos);
    EXPECT_NE(xml.find(R"(<w:headerReference w:type="first" r:id="rIdFirst"/>)"),
              std::string::npos);
    ASSERT_EQ(std::system(("unzip -p " + path.string() + " word/header1.xml > " + path.string() +
                           ".h1 && unzip -p " + path.string() + " word/_rels/document.xml.rels > " +
                           path.string() + ".rels")
                              .c_str()),
              0);
    EXPECT_NE(ReadFile(path.string() + ".h1").find(" PAGE "), std::string::npos);
    EXPECT_NE(ReadFile(path.string() + ".rels").find(R"(Id="rIdNumbered")"), std::string::npos);
}

}  // namespace
}  // namespace ungcuu::reporting
