#include "reporting/official_renderer.hpp"

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>
#include <zip.h>

#include <memory>
#include <pugixml.hpp>
#include <sstream>

namespace ungcuu::reporting {

namespace {

constexpr const char* kFont = "Liberation Serif";

// ---- DOCX ---------------------------------------------------------------------------------

class Body {
public:
    explicit Body(pugi::xml_node body) : body_(body) {}

    /// A paragraph: centred or justified, bold/italic, size in half-points.
    void Paragraph(std::string_view text,
                   bool center = false,
                   bool bold = false,
                   bool italic = false,
                   int half_points = 26) {
        auto p = body_.append_child("w:p");
        auto ppr = p.append_child("w:pPr");
        ppr.append_child("w:jc").append_attribute("w:val") = center ? "center" : "both";
        auto spacing = ppr.append_child("w:spacing");
        spacing.append_attribute("w:after") = "60";
        Run(p, text, bold, italic, half_points);
    }

    /// The two-column heading: issuing unit | national title and motto.
    void Heading(const app::OfficialDocument& doc) {
        auto table = body_.append_child("w:tbl");
        auto tblpr = table.append_child("w:tblPr");
        auto width = tblpr.append_child("w:tblW");
        width.append_attribute("w:w") = "5000";
        width.append_attribute("w:type") = "pct";
        auto row = table.append_child("w:tr");
        Cell(row, {{doc.parent_unit, false}, {doc.issuing_unit, true}, {doc.number, false}});
        Cell(row, {{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true},
                   {"Độc lập - Tự do - Hạnh phúc", true},
                   {doc.place_date, false}});
    }

private:
    static void Run(pugi::xml_node p, std::string_view text, bool bold, bool italic, int size) {
        auto r = p.append_child("w:r");
        auto rpr = r.append_child("w:rPr");
        auto fonts = rpr.append_child("w:rFonts");
        fonts.append_attribute("w:ascii") = kFont;
        fonts.append_attribute("w:hAnsi") = kFont;
        fonts.append_attribute("w:cs") = kFont;
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

    static void Cell(pugi::xml_node row,
                     std::initializer_list<std::pair<std::string, bool>> lines) {
        auto cell = row.append_child("w:tc");
        auto width = cell.append_child("w:tcPr").append_child("w:tcW");
        width.append_attribute("w:w") = "2500";
        width.append_attribute("w:type") = "pct";
        for (const auto& [text, bold] : lines) {
            auto p = cell.append_child("w:p");
            p.append_child("w:pPr").append_child("w:jc").append_attribute("w:val") = "center";
            if (!text.empty()) {
                Run(p, text, bold, false, 26);
            }
        }
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
    Body body(root.append_child("w:body"));
    body.Heading(doc);
    body.Paragraph("");
    body.Paragraph(doc.title, true, true, false, 28);
    if (!doc.subtitle.empty()) {
        body.Paragraph(doc.subtitle, true, false, true);
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
            body.Paragraph(field.label + ": " + field.value);
        }
        for (const auto& paragraph : section.paragraphs) {
            body.Paragraph(paragraph);
        }
    }
    body.Paragraph("");
    body.Paragraph(doc.signer_title, true, true);
    body.Paragraph("(Ký, ghi rõ họ tên và đóng dấu hoặc ký số)", true, false, true, 24);
    body.Paragraph("");
    body.Paragraph(doc.signer_name, true, true);
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
    R"(</Types>)";

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
                 bool advance = true) {
        PangoLayout* layout = pango_cairo_create_layout(cr_);
        PangoFontDescription* font = pango_font_description_new();
        pango_font_description_set_family(font, kFont);
        pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
        pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_style(font, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
        pango_layout_set_font_description(layout, font);
        pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(layout, align);
        pango_layout_set_justify(layout, align == PANGO_ALIGN_LEFT);
        pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
        int w = 0;
        int h = 0;
        pango_layout_get_size(layout, &w, &h);
        const double height = static_cast<double>(h) / PANGO_SCALE;
        if (advance && y_ + height > kPageHeight - kBottom) {
            cairo_show_page(cr_);
            y_ = kTop;
        }
        cairo_move_to(cr_, x, y_);
        pango_cairo_show_layout(cr_, layout);
        pango_font_description_free(font);
        g_object_unref(layout);
        if (advance) {
            y_ += height + 3;
        }
        return height;
    }

    void Skip(double points) { y_ += points; }

    double y() const { return y_; }

    void SetY(double y) { y_ = y; }

    core::Status Finish() {
        cairo_show_page(cr_);
        cairo_surface_finish(surface_);
        if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
            return core::Internal(
                fmt::format("PDF: {}", cairo_status_to_string(cairo_surface_status(surface_))));
        }
        return core::Ok();
    }

private:
    cairo_surface_t* surface_;
    cairo_t* cr_;
    double y_ = kTop;
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
        {"[Content_Types].xml", kContentTypes}, {"_rels/.rels", kRels}, {"word/document.xml", xml}};
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
        // Left column: parent unit, issuing unit, number; right: national title, motto, date.
        double left_height = 0;
        for (const auto& [text, bold] : std::initializer_list<std::pair<std::string, bool>>{
                 {doc.parent_unit, false}, {doc.issuing_unit, true}, {doc.number, false}}) {
            if (text.empty()) {
                continue;
            }
            pdf.SetY(top + left_height);
            left_height +=
                pdf.Block(text, kLeft, left_width, PANGO_ALIGN_CENTER, bold, false, 12, false) + 4;
        }
        double right_height = 0;
        for (const auto& [text, bold, italic] :
             std::initializer_list<std::tuple<std::string, bool, bool>>{
                 {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false},
                 {"Độc lập - Tự do - Hạnh phúc", true, false},
                 {doc.place_date, false, true}}) {
            pdf.SetY(top + right_height);
            right_height += pdf.Block(text, kLeft + left_width, width - left_width,
                                      PANGO_ALIGN_CENTER, bold, italic, 12, false) +
                            4;
        }
        pdf.SetY(top + std::max(left_height, right_height) + 18);
        pdf.Block(doc.title, kLeft, width, PANGO_ALIGN_CENTER, true, false, 14);
        if (!doc.subtitle.empty()) {
            pdf.Block(doc.subtitle, kLeft, width, PANGO_ALIGN_CENTER, false, true);
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
            for (const auto& field : section.fields) {
                pdf.Block(field.label + ": " + field.value, kLeft, width, PANGO_ALIGN_LEFT);
            }
            for (const auto& paragraph : section.paragraphs) {
                pdf.Block(paragraph, kLeft, width, PANGO_ALIGN_LEFT);
            }
        }
        pdf.Skip(12);
        pdf.Block(doc.signer_title, kLeft + half, half, PANGO_ALIGN_CENTER, true);
        pdf.Block("(Ký, ghi rõ họ tên và đóng dấu hoặc ký số)", kLeft + half, half,
                  PANGO_ALIGN_CENTER, false, true, 12);
        pdf.Skip(48);
        pdf.Block(doc.signer_name, kLeft + half, half, PANGO_ALIGN_CENTER, true);
        UNGCUU_RETURN_IF_ERROR(pdf.Finish());
    }
    return out;
}

}  // namespace ungcuu::reporting
