#include "reporting/official_renderer.hpp"

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>
#include <zip.h>

#include <algorithm>
#include <memory>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace ungcuu::reporting {

namespace {

// The PDF is laid out with Liberation Serif (metric-compatible with Times New Roman, in Debian);
// the DOCX names Times New Roman, which office PCs have and LibreOffice substitutes.
constexpr const char* kFont = "Liberation Serif";
constexpr const char* kDocxFont = "Times New Roman";

/// A cell that holds a number as the forms write it ("1.250.000", "12", "-"), right-aligned.
bool IsNumber(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-';
    });
}

// ---- DOCX ---------------------------------------------------------------------------------

class Body {
public:
    explicit Body(pugi::xml_node body) : body_(body) {}

    /// The page: A4 portrait; margins top and bottom 20 mm, left 30 mm, right 20 mm; the page
    /// number in the header from page 2 (the first page's header is empty).
    void Page() {
        auto sect = body_.append_child("w:sectPr");
        for (const auto& [type, id] : std::initializer_list<std::pair<const char*, const char*>>{
                 {"default", "rIdNumbered"}, {"first", "rIdFirst"}}) {
            auto header = sect.append_child("w:headerReference");
            header.append_attribute("w:type") = type;
            header.append_attribute("r:id") = id;
        }
        auto size = sect.append_child("w:pgSz");
        size.append_attribute("w:w") = "11906";
        size.append_attribute("w:h") = "16838";
        auto margins = sect.append_child("w:pgMar");
        for (const auto& [name, value] :
             std::initializer_list<std::pair<const char*, const char*>>{{"w:top", "1134"},
                                                                        {"w:bottom", "1134"},
                                                                        {"w:left", "1701"},
                                                                        {"w:right", "1134"},
                                                                        {"w:header", "567"},
                                                                        {"w:footer", "567"},
                                                                        {"w:gutter", "0"}}) {
            margins.append_attribute(name) = value;
        }
        sect.append_child("w:titlePg");
    }

    /// A paragraph: centred or justified, bold/italic, size in half-points.
    void Paragraph(std::string_view text,
                   bool center = false,
                   bool bold = false,
                   bool italic = false,
                   int half_points = 26) {
        Append(text,
               {.bold = bold, .italic = italic, .half_points = half_points, .center = center});
    }

    /// A paragraph of the body: justified, its first line indented 1 cm (Nghị định 30/2020
    /// Phụ lục I: "lùi vào từ 1 cm đến 1,27 cm").
    void BodyText(std::string_view text) {
        auto ppr = Append(text, {.center = false});
        ppr.append_child("w:ind").append_attribute("w:firstLine") = "567";
    }

private:
    struct Style {
        bool bold = false;
        bool italic = false;
        int half_points = 26;
        bool center = true;
    };

    pugi::xml_node Append(std::string_view text, Style style) {
        auto p = body_.append_child("w:p");
        auto ppr = p.append_child("w:pPr");
        ppr.append_child("w:jc").append_attribute("w:val") = style.center ? "center" : "both";
        auto spacing = ppr.append_child("w:spacing");
        spacing.append_attribute("w:after") = "60";
        Run(p, text, style.bold, style.italic, style.half_points);
        return ppr;
    }

public:
    /// The two-column heading: governing body and issuing unit in capitals, a short rule under
    /// the unit, the number | national title, motto with a rule under it, place and date in
    /// italics (Nghị định 30/2020 Phụ lục I).
    void Heading(const app::OfficialDocument& doc) {
        auto row = Table(/*cant_split=*/false);
        auto left = Cell(row, 2000);
        if (!doc.parent_unit.empty()) {
            Line(left, core::UpperVietnamese(doc.parent_unit), {.half_points = 24});
        }
        Line(left, core::UpperVietnamese(doc.issuing_unit), {.bold = true, .half_points = 24});
        Rule(left, 1000);
        Line(left, doc.number, {});
        auto right = Cell(row, 3000);
        Line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {.bold = true, .half_points = 24});
        Line(right, "Độc lập - Tự do - Hạnh phúc", {.bold = true});
        Rule(right, 1300);
        Line(right, doc.place_date, {.italic = true});
    }

    /// "Nơi nhận:" bottom left, level with the signature block on the right; one table row that
    /// may not split across pages, so the block stays together.
    void Closing(const app::OfficialDocument& doc) {
        auto row = Table(/*cant_split=*/true);
        auto left = Cell(row, 2200);
        Line(left, "Nơi nhận:", {.bold = true, .italic = true, .half_points = 24, .center = false});
        for (const auto& recipient : doc.recipients) {
            Line(left, "- " + recipient + ";", {.half_points = 22, .center = false});
        }
        Line(left, "- Lưu: VT.", {.half_points = 22, .center = false});
        auto right = Cell(row, 2800);
        Line(right, core::UpperVietnamese(doc.signer_title), {.bold = true});
        Line(right, "(Ký, ghi rõ họ tên và đóng dấu hoặc ký số)",
             {.italic = true, .half_points = 24});
        for (int i = 0; i < 3; ++i) {
            Line(right, "", {});
        }
        Line(right, doc.signer_name, {.bold = true});
    }

    /// A bordered grid (the forms' tables): a bold header row repeated on every page, rows
    /// that do not split, numbers right-aligned as written.
    void Grid(const app::OfficialDocument::Table& grid) {
        auto table = FullWidthTable(/*ruled=*/true);
        const auto row = [&](const std::vector<std::string>& cells, bool header, bool bold) {
            auto tr = table.append_child("w:tr");
            auto trpr = tr.append_child("w:trPr");
            trpr.append_child("w:cantSplit");
            if (header) {
                trpr.append_child("w:tblHeader");
            }
            for (std::size_t i = 0; i < cells.size(); ++i) {
                const int share =
                    i < grid.widths.size() ? grid.widths[i] : 5000 / static_cast<int>(cells.size());
                auto cell = Cell(tr, share);
                const bool number = !header && i > 0 && IsNumber(cells[i]);
                auto p = cell.append_child("w:p");
                auto ppr = p.append_child("w:pPr");
                auto spacing = ppr.append_child("w:spacing");
                spacing.append_attribute("w:before") = "20";
                spacing.append_attribute("w:after") = "20";
                ppr.append_child("w:jc").append_attribute("w:val") =
                    header ? "center" : (number ? "right" : "left");
                Run(p, cells[i], header || bold, false, 22);
            }
        };
        row(grid.header, true, true);
        for (std::size_t r = 0; r < grid.rows.size(); ++r) {
            row(grid.rows[r], false, r >= grid.bold_rows_from);
        }
        Paragraph("");
    }

private:
    static void Run(pugi::xml_node p, std::string_view text, bool bold, bool italic, int size) {
        auto r = p.append_child("w:r");
        auto rpr = r.append_child("w:rPr");
        auto fonts = rpr.append_child("w:rFonts");
        fonts.append_attribute("w:ascii") = kDocxFont;
        fonts.append_attribute("w:hAnsi") = kDocxFont;
        fonts.append_attribute("w:cs") = kDocxFont;
        if (bold) {
            rpr.append_child("w:b");
        }
        if (italic) {
            rpr.append_child("w:i");
        }
        rpr.append_child("w:sz").append_attribute("w:val") = size;
        // Line breaks inside a value become <w:br/>.
        std::string_view rest = text;
        while (true) {
            const auto nl = rest.find('\n');
            auto t = r.append_child("w:t");
            t.append_attribute("xml:space") = "preserve";
            t.text().set(std::string(rest.substr(0, nl)).c_str());
            if (nl == std::string_view::npos) {
                break;
            }
            r.append_child("w:br");
            rest.remove_prefix(nl + 1);
        }
    }

    /// A table across the page; `ruled`: thin black lines around and between cells, else none.
    pugi::xml_node FullWidthTable(bool ruled) {
        auto table = body_.append_child("w:tbl");
        auto tblpr = table.append_child("w:tblPr");
        auto width = tblpr.append_child("w:tblW");
        width.append_attribute("w:w") = "5000";
        width.append_attribute("w:type") = "pct";
        auto borders = tblpr.append_child("w:tblBorders");
        for (const char* side :
             {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
            auto border = borders.append_child(side);
            border.append_attribute("w:val") = ruled ? "single" : "nil";
            if (ruled) {
                border.append_attribute("w:sz") = "4";
                border.append_attribute("w:color") = "000000";
            }
        }
        return table;
    }

    pugi::xml_node Table(bool cant_split) {
        auto table = FullWidthTable(/*ruled=*/false);
        auto row = table.append_child("w:tr");
        if (cant_split) {
            row.append_child("w:trPr").append_child("w:cantSplit");
        }
        return row;
    }

    /// A cell of `fiftieths` of the width (5000 = the whole table).
    static pugi::xml_node Cell(pugi::xml_node row, int fiftieths) {
        auto cell = row.append_child("w:tc");
        auto width = cell.append_child("w:tcPr").append_child("w:tcW");
        width.append_attribute("w:w") = fiftieths;
        width.append_attribute("w:type") = "pct";
        return cell;
    }

    static void Line(pugi::xml_node cell, std::string_view text, Style style) {
        auto p = cell.append_child("w:p");
        auto ppr = p.append_child("w:pPr");
        ppr.append_child("w:keepNext");
        auto spacing = ppr.append_child("w:spacing");
        spacing.append_attribute("w:before") = "0";
        spacing.append_attribute("w:after") = "0";
        ppr.append_child("w:jc").append_attribute("w:val") = style.center ? "center" : "left";
        if (!text.empty()) {
            Run(p, text, style.bold, style.italic, style.half_points);
        }
    }

    /// A short solid rule: an empty paragraph with a bottom border, indented `indent` twips on
    /// both sides so that it stands centred under the line above.
    static void Rule(pugi::xml_node cell, int indent) {
        auto p = cell.append_child("w:p");
        auto ppr = p.append_child("w:pPr");
        auto border = ppr.append_child("w:pBdr").append_child("w:bottom");
        border.append_attribute("w:val") = "single";
        border.append_attribute("w:sz") = "6";
        border.append_attribute("w:space") = "1";
        border.append_attribute("w:color") = "000000";
        auto spacing = ppr.append_child("w:spacing");
        spacing.append_attribute("w:before") = "0";
        spacing.append_attribute("w:after") = "120";
        spacing.append_attribute("w:line") = "60";
        spacing.append_attribute("w:lineRule") = "exact";
        auto ind = ppr.append_child("w:ind");
        ind.append_attribute("w:left") = indent;
        ind.append_attribute("w:right") = indent;
    }

    pugi::xml_node body_;
};

std::string DocumentXml(const app::OfficialDocument& doc) {
    pugi::xml_document xml;
    auto decl = xml.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    decl.append_attribute("standalone") = "yes";
    auto root = xml.append_child("w:document");
    root.append_attribute("xmlns:w") =
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    root.append_attribute("xmlns:r") =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    Body body(root.append_child("w:body"));
    body.Heading(doc);
    body.Paragraph("");
    body.Paragraph(core::UpperVietnamese(doc.title), true, true, false, 28);
    if (!doc.subtitle.empty()) {
        const bool note = doc.subtitle.starts_with("(");
        body.Paragraph(doc.subtitle, true, !note, note);
    }
    if (!doc.recipients.empty()) {
        body.Paragraph("Kính gửi: " + doc.recipients.front(), true);
        for (std::size_t i = 1; i < doc.recipients.size(); ++i) {
            body.Paragraph("- " + doc.recipients[i], true);
        }
    }
    for (const auto& section : doc.sections) {
        body.Paragraph(section.heading, false, true);
        for (const auto& field : section.fields) {
            body.BodyText(field.label + ": " + field.value);
        }
        for (const auto& paragraph : section.paragraphs) {
            body.BodyText(paragraph);
        }
        for (const auto& grid : section.tables) {
            body.Grid(grid);
        }
    }
    body.Paragraph("");
    body.Closing(doc);
    body.Page();
    std::ostringstream out;
    xml.save(out, "", pugi::format_raw);
    return out.str();
}

constexpr std::string_view kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
    R"(<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>)"
    R"(<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>)"
    R"(</Types>)";

constexpr std::string_view kDocumentRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rIdNumbered" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>)"
    R"(<Relationship Id="rIdFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>)"
    R"(</Relationships>)";

// The page number: centred at the top in Arabic numerals, size 13 (Nghị định 30/2020 Phụ lục I);
// the first page's header (header2) is empty.
constexpr std::string_view kNumberedHeader =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p>)"
    R"(<w:pPr><w:jc w:val="center"/></w:pPr>)"
    R"(<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>)"
    R"(<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>)"
    R"(<w:r><w:fldChar w:fldCharType="separate"/></w:r>)"
    R"(<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="26"/></w:rPr><w:t>2</w:t></w:r>)"
    R"(<w:r><w:fldChar w:fldCharType="end"/></w:r>)"
    R"(</w:p></w:hdr>)";

constexpr std::string_view kFirstHeader =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p/></w:hdr>)";

constexpr std::string_view kRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
    R"(</Relationships>)";

core::Error ZipFailed(std::string_view what) {
    return core::Internal(fmt::format("DOCX: {}", what));
}

// ---- PDF ----------------------------------------------------------------------------------

constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kLeft = 85.0;   // 30 mm left margin (Nghị định 30/2020)
constexpr double kRight = 56.7;  // 20 mm
constexpr double kTop = 56.7;
constexpr double kBottom = 56.7;

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

class PdfWriter {
public:
    explicit PdfWriter(std::string& out)
        : surface_(cairo_pdf_surface_create_for_stream(AppendBytes, &out, kPageWidth, kPageHeight)),
          cr_(cairo_create(surface_)) {}

    ~PdfWriter() {
        cairo_destroy(cr_);
        cairo_surface_destroy(surface_);
    }

    PdfWriter(const PdfWriter&) = delete;
    PdfWriter& operator=(const PdfWriter&) = delete;

    /// Lays out `text` in a box at x of `width`, from the current line; returns its height.
    double Block(std::string_view text,
                 double x,
                 double width,
                 PangoAlignment align,
                 bool bold = false,
                 bool italic = false,
                 double size = 13,
                 bool advance = true,
                 double indent = 0) {
        PangoLayout* layout = Layout(text, width, align, bold, italic, size);
        pango_layout_set_indent(layout, static_cast<int>(indent * PANGO_SCALE));
        const double height = HeightOf(layout);
        if (advance && y_ + height > kPageHeight - kBottom) {
            NewPage();
        }
        cairo_move_to(cr_, x, y_);
        pango_cairo_show_layout(cr_, layout);
        g_object_unref(layout);
        if (advance) {
            y_ += height + 3;
        }
        return height;
    }

    /// The height `text` would take (Block's measure, nothing drawn).
    double Measure(std::string_view text,
                   double width,
                   bool bold = false,
                   bool italic = false,
                   double size = 13) {
        PangoLayout* layout = Layout(text, width, PANGO_ALIGN_LEFT, bold, italic, size);
        const double height = HeightOf(layout);
        g_object_unref(layout);
        return height;
    }

    /// The width `text` takes on one line.
    double WidthOf(std::string_view text, bool bold, double size) {
        PangoLayout* layout = Layout(text, -1, PANGO_ALIGN_LEFT, bold, false, size);
        int w = 0;
        int h = 0;
        pango_layout_get_size(layout, &w, &h);
        g_object_unref(layout);
        return static_cast<double>(w) / PANGO_SCALE;
    }

    /// A solid rule of `length` centred on `centre` at height `at`.
    void Rule(double centre, double at, double length) {
        cairo_set_line_width(cr_, 0.6);
        cairo_move_to(cr_, centre - length / 2, at);
        cairo_line_to(cr_, centre + length / 2, at);
        cairo_stroke(cr_);
    }

    /// A bordered grid across `width` from `x`: the header row bold and repeated on each new
    /// page, each row kept on one page, numbers right-aligned.
    void Grid(const app::OfficialDocument::Table& grid, double x, double width) {
        constexpr double kPad = 3;
        constexpr double kSize = 10.5;
        std::vector<double> columns;
        const std::size_t n = grid.header.size();
        for (std::size_t i = 0; i < n; ++i) {
            const int share = i < grid.widths.size() ? grid.widths[i] : 5000 / static_cast<int>(n);
            columns.push_back(width * share / 5000.0);
        }
        const auto height_of = [&](const std::vector<std::string>& cells, bool bold) {
            double h = 0;
            for (std::size_t i = 0; i < cells.size() && i < n; ++i) {
                h = std::max(h, Measure(cells[i], columns[i] - 2 * kPad, bold, false, kSize));
            }
            return h + 2 * kPad;
        };
        const auto draw = [&](const std::vector<std::string>& cells, bool header, bool bold) {
            const double h = height_of(cells, bold);
            double left = x;
            for (std::size_t i = 0; i < cells.size() && i < n; ++i) {
                const bool number = !header && i > 0 && IsNumber(cells[i]);
                const double saved = y_;
                y_ += kPad;
                Block(cells[i], left + kPad, columns[i] - 2 * kPad,
                      header ? PANGO_ALIGN_CENTER : (number ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT),
                      bold, false, kSize, false);
                y_ = saved;
                cairo_set_line_width(cr_, 0.5);
                cairo_rectangle(cr_, left, y_, columns[i], h);
                cairo_stroke(cr_);
                left += columns[i];
            }
            y_ += h;
        };
        justify_ = false;
        const double header_height = height_of(grid.header, true);
        KeepTogether(header_height + (grid.rows.empty() ? 0 : height_of(grid.rows.front(), false)));
        draw(grid.header, true, true);
        for (std::size_t r = 0; r < grid.rows.size(); ++r) {
            const bool bold = r >= grid.bold_rows_from;
            if (y_ + height_of(grid.rows[r], bold) > kPageHeight - kBottom) {
                NewPage();
                draw(grid.header, true, true);
            }
            draw(grid.rows[r], false, bold);
        }
        justify_ = true;
        y_ += 8;
    }

    /// Starts a new page when less than `height` is left on this one.
    void KeepTogether(double height) {
        if (y_ + height > kPageHeight - kBottom) {
            NewPage();
        }
    }

    void Skip(double points) { y_ += points; }

    double y() const { return y_; }

    void SetY(double y) { y_ = y; }

    core::Status Finish() {
        cairo_show_page(cr_);
        return Close();
    }

private:
    /// The next page, numbered at the top centre from page 2 (Nghị định 30/2020 Phụ lục I).
    void NewPage() {
        cairo_show_page(cr_);
        ++page_;
        y_ = kTop / 2 - 6;
        Block(std::to_string(page_), kLeft, kPageWidth - kLeft - kRight, PANGO_ALIGN_CENTER, false,
              false, 13, false);
        y_ = kTop;
    }

    PangoLayout* Layout(std::string_view text,
                        double width,
                        PangoAlignment align,
                        bool bold,
                        bool italic,
                        double size) {
        PangoLayout* layout = pango_cairo_create_layout(cr_);
        PangoFontDescription* font = pango_font_description_new();
        pango_font_description_set_family(font, kFont);
        pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
        pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_style(font, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
        pango_layout_set_font_description(layout, font);
        pango_font_description_free(font);
        pango_layout_set_width(layout, width < 0 ? -1 : static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(layout, align);
        pango_layout_set_justify(layout, justify_ && align == PANGO_ALIGN_LEFT && width >= 0);
        pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
        return layout;
    }

    static double HeightOf(PangoLayout* layout) {
        int w = 0;
        int h = 0;
        pango_layout_get_size(layout, &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }

    core::Status Close() {
        cairo_surface_finish(surface_);
        if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
            return core::Internal(
                fmt::format("PDF: {}", cairo_status_to_string(cairo_surface_status(surface_))));
        }
        return core::Ok();
    }

    cairo_surface_t* surface_;
    cairo_t* cr_;
    double y_ = kTop;
    int page_ = 1;
    bool justify_ = true;  // body text is justified; a table's cells are not
};

}  // namespace

core::Result<std::string> OfficialRenderer::Docx(const app::OfficialDocument& document) {
    const std::string xml = DocumentXml(document);
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (buffer == nullptr) {
        return ZipFailed("buffer");
    }
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (archive == nullptr) {
        zip_source_free(buffer);
        return ZipFailed("open");
    }
    zip_source_keep(buffer);
    const std::pair<const char*, std::string_view> parts[] = {
        {"[Content_Types].xml", kContentTypes},
        {"_rels/.rels", kRels},
        {"word/document.xml", xml},
        {"word/_rels/document.xml.rels", kDocumentRels},
        {"word/header1.xml", kNumberedHeader},
        {"word/header2.xml", kFirstHeader}};
    for (const auto& [name, text] : parts) {
        zip_source_t* source = zip_source_buffer(archive, text.data(), text.size(), 0);
        if (source == nullptr || zip_file_add(archive, name, source, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(source);
            zip_discard(archive);
            zip_source_free(buffer);
            return ZipFailed(name);
        }
    }
    if (zip_close(archive) < 0) {
        zip_discard(archive);
        zip_source_free(buffer);
        return ZipFailed("close");
    }
    std::string bytes;
    if (zip_source_open(buffer) == 0) {
        zip_source_seek(buffer, 0, SEEK_END);
        const auto size = zip_source_tell(buffer);
        zip_source_seek(buffer, 0, SEEK_SET);
        bytes.resize(static_cast<std::size_t>(size));
        zip_source_read(buffer, bytes.data(), static_cast<zip_uint64_t>(size));
        zip_source_close(buffer);
    }
    zip_source_free(buffer);
    if (bytes.empty()) {
        return ZipFailed("read back");
    }
    return bytes;
}

core::Result<std::string> OfficialRenderer::Pdf(const app::OfficialDocument& doc) {
    std::string out;
    {
        PdfWriter pdf(out);
        const double width = kPageWidth - kLeft - kRight;
        const double half = width / 2;
        const double top = pdf.y();
        // The national title needs the wider right column (as in Nghị định 30/2020 Phụ lục I).
        const double left_width = width * 0.4;
        const double right_x = kLeft + left_width;
        const double right_width = width - left_width;
        // Left column: governing body and issuing unit in capitals, a short rule, the number.
        double left_height = 0;
        const auto left_line = [&](const std::string& text, bool bold, double size) {
            pdf.SetY(top + left_height);
            left_height +=
                pdf.Block(text, kLeft, left_width, PANGO_ALIGN_CENTER, bold, false, size, false) +
                2;
        };
        if (!doc.parent_unit.empty()) {
            left_line(core::UpperVietnamese(doc.parent_unit), false, 12);
        }
        left_line(core::UpperVietnamese(doc.issuing_unit), true, 12);
        pdf.Rule(kLeft + left_width / 2, top + left_height + 1, left_width / 3);
        left_height += 8;
        left_line(doc.number, false, 13);
        // Right column: national title, motto with a rule as long as it, place and date.
        double right_height = 0;
        const auto right_line = [&](const std::string& text, bool bold, bool italic, double size) {
            pdf.SetY(top + right_height);
            right_height += pdf.Block(text, right_x, right_width, PANGO_ALIGN_CENTER, bold, italic,
                                      size, false) +
                            2;
        };
        right_line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false, 12);
        const std::string motto = "Độc lập - Tự do - Hạnh phúc";
        right_line(motto, true, false, 13);
        pdf.Rule(right_x + right_width / 2, top + right_height + 1, pdf.WidthOf(motto, true, 13));
        right_height += 8;
        right_line(doc.place_date, false, true, 13);
        pdf.SetY(top + std::max(left_height, right_height) + 18);
        pdf.Block(core::UpperVietnamese(doc.title), kLeft, width, PANGO_ALIGN_CENTER, true, false,
                  14);
        if (!doc.subtitle.empty()) {
            const bool note = doc.subtitle.starts_with("(");
            pdf.Block(doc.subtitle, kLeft, width, PANGO_ALIGN_CENTER, !note, note);
        }
        pdf.Skip(6);
        if (!doc.recipients.empty()) {
            pdf.Block("Kính gửi: " + doc.recipients.front(), kLeft, width, PANGO_ALIGN_CENTER);
            for (std::size_t i = 1; i < doc.recipients.size(); ++i) {
                pdf.Block("- " + doc.recipients[i], kLeft, width, PANGO_ALIGN_CENTER);
            }
            pdf.Skip(6);
        }
        for (const auto& section : doc.sections) {
            pdf.Block(section.heading, kLeft, width, PANGO_ALIGN_LEFT, true);
            // Body paragraphs: first line indented 1 cm.
            constexpr double kIndent = 28.35;
            for (const auto& field : section.fields) {
                pdf.Block(field.label + ": " + field.value, kLeft, width, PANGO_ALIGN_LEFT, false,
                          false, 13, true, kIndent);
            }
            for (const auto& paragraph : section.paragraphs) {
                pdf.Block(paragraph, kLeft, width, PANGO_ALIGN_LEFT, false, false, 13, true,
                          kIndent);
            }
            for (const auto& grid : section.tables) {
                pdf.Grid(grid, kLeft, width);
            }
        }
        // The closing: "Nơi nhận:" on the left, level with the signature block on the right;
        // measured first, and moved whole to a new page when it does not fit on this one.
        pdf.Skip(12);
        const double sign_x = kLeft + half;
        std::vector<std::string> received;
        for (const auto& recipient : doc.recipients) {
            received.push_back("- " + recipient + ";");
        }
        received.emplace_back("- Lưu: VT.");
        const std::string title = core::UpperVietnamese(doc.signer_title);
        const std::string note = "(Ký, ghi rõ họ tên và đóng dấu hoặc ký số)";
        double left_block = pdf.Measure("Nơi nhận:", half, true, true, 12) + 3;
        for (const auto& line : received) {
            left_block += pdf.Measure(line, half - 12, false, false, 11) + 3;
        }
        double right_block =
            pdf.Measure(title, half, true) + pdf.Measure(note, half, false, true, 12) + 54;
        if (!doc.signer_name.empty()) {
            right_block += pdf.Measure(doc.signer_name, half, true) + 3;
        }
        pdf.KeepTogether(std::max(left_block, right_block));
        const double closing = pdf.y();
        pdf.Block("Nơi nhận:", kLeft, half, PANGO_ALIGN_LEFT, true, true, 12);
        for (const auto& line : received) {
            pdf.Block(line, kLeft, half - 12, PANGO_ALIGN_LEFT, false, false, 11);
        }
        const double after_left = pdf.y();
        pdf.SetY(closing);
        pdf.Block(title, sign_x, half, PANGO_ALIGN_CENTER, true);
        pdf.Block(note, sign_x, half, PANGO_ALIGN_CENTER, false, true, 12);
        pdf.Skip(48);
        if (!doc.signer_name.empty()) {
            pdf.Block(doc.signer_name, sign_x, half, PANGO_ALIGN_CENTER, true);
        }
        pdf.SetY(std::max(pdf.y(), after_left));
        UNGCUU_RETURN_IF_ERROR(pdf.Finish());
    }
    return out;
}

}  // namespace ungcuu::reporting
