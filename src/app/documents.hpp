// Official documents: what a use case lays out (the Vietnamese administrative form of Nghị định
// 30/2020) and the port that renders it as DOCX or PDF. Shared by every context that issues
// documents (incident reports, the network member's profile and registration).
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ungcuu::app {

/// An official document laid out the Vietnamese administrative way (national title and motto,
/// issuing unit, number, place and date, title, recipients, body, signature block).
struct OfficialDocument {
    std::string parent_unit;  // cơ quan chủ quản của đơn vị ban hành (upper line, may be empty)
    std::string issuing_unit;
    std::string number;      // "Số: 12/BC-DLK"
    std::string place_date;  // "Đắk Lắk, ngày 21 tháng 11 năm 2026"
    std::string title;
    std::string subtitle;
    std::vector<std::string> recipients;  // "Kính gửi"

    struct Field {
        std::string label;
        std::string value;
    };

    /// A grid: a header row, the rows, and each column's share of the width (in fiftieths of
    /// a percent, summing to 5000). Numbers are written as text already formatted.
    struct Table {
        std::vector<std::string> header;
        std::vector<std::vector<std::string>> rows;
        std::vector<int> widths;
        std::size_t bold_rows_from =
            std::numeric_limits<std::size_t>::max();  // rows from this index on are bold (a total)
    };

    struct Section {
        std::string heading;
        std::vector<Field> fields;
        std::vector<std::string> paragraphs;
        std::vector<Table> tables{};  // after the fields and paragraphs
    };

    std::vector<Section> sections;
    std::string signer_title;
    std::string signer_name;
};

/// Renders official documents. Thread-safe.
class DocumentRenderer {
public:
    virtual ~DocumentRenderer() = default;
    virtual core::Result<std::string> Docx(const OfficialDocument& document) = 0;
    virtual core::Result<std::string> Pdf(const OfficialDocument& document) = 0;
    /// The same document as a workbook of one sheet (head lines, sections, each table as cells
    /// with numbers as numbers): the tables staff re-use in their own compilations.
    virtual core::Result<std::string> Xlsx(const OfficialDocument& document) = 0;
};

enum class DocumentFormat { kDocx, kPdf, kXlsx };
/// "docx", "pdf", "xlsx"; nullopt for anything else.
std::optional<DocumentFormat> ParseDocumentFormat(std::string_view code);

struct RenderedDocument {
    std::string content_type;
    std::string file_name;
    std::string bytes;
};

/// Renders `document` in `format` named `file_stem` + ".docx" / ".pdf" / ".xlsx".
core::Result<RenderedDocument> RenderDocument(DocumentRenderer& renderer,
                                              const OfficialDocument& document,
                                              DocumentFormat format,
                                              std::string_view file_stem);

}  // namespace ungcuu::app
