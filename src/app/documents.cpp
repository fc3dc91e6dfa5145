#include "app/documents.hpp"

#include <fmt/format.h>

namespace ungcuu::app {

std::optional<DocumentFormat> ParseDocumentFormat(std::string_view code) {
    if (code == "docx") {
        return DocumentFormat::kDocx;
    }
    if (code == "pdf") {
        return DocumentFormat::kPdf;
    }
    if (code == "xlsx") {
        return DocumentFormat::kXlsx;
    }
    return std::nullopt;
}

core::Result<RenderedDocument> RenderDocument(DocumentRenderer& renderer,
                                              const OfficialDocument& document,
                                              DocumentFormat format,
                                              std::string_view file_stem) {
    switch (format) {
        case DocumentFormat::kDocx: {
            UNGCUU_ASSIGN_OR_RETURN(bytes, renderer.Docx(document));
            return RenderedDocument{
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                fmt::format("{}.docx", file_stem), std::move(bytes)};
        }
        case DocumentFormat::kPdf: {
            UNGCUU_ASSIGN_OR_RETURN(bytes, renderer.Pdf(document));
            return RenderedDocument{"application/pdf", fmt::format("{}.pdf", file_stem),
                                    std::move(bytes)};
        }
        case DocumentFormat::kXlsx: {
            UNGCUU_ASSIGN_OR_RETURN(bytes, renderer.Xlsx(document));
            return RenderedDocument{
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                fmt::format("{}.xlsx", file_stem), std::move(bytes)};
        }
    }
    return core::Internal("unknown document format");
}

}  // namespace ungcuu::app
