#include "app/documents.hpp"

#include <fmt/format.h>

namespace ungcuu::app {

core::Result<RenderedDocument> RenderDocument(DocumentRenderer& renderer,
                                              const OfficialDocument& document,
                                              DocumentFormat format,
                                              std::string_view file_stem) {
    const bool docx = format == DocumentFormat::kDocx;
    UNGCUU_ASSIGN_OR_RETURN(bytes, docx ? renderer.Docx(document) : renderer.Pdf(document));
    return RenderedDocument{
        docx ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
             : "application/pdf",
        fmt::format("{}.{}", file_stem, docx ? "docx" : "pdf"), std::move(bytes)};
}

}  // namespace ungcuu::app
