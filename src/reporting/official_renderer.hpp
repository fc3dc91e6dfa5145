// Renders official documents: DOCX (WordprocessingML written with pugixml, zipped with libzip)
// and PDF (laid out with Pango on a Cairo PDF surface, so Vietnamese text is shaped properly),
// both in the administrative layout of Nghị định 30/2020/NĐ-CP — issuing unit and national
// title side by side, number and place/date, centred title, body, signature block — in a
// Times-compatible font (Liberation Serif); and XLSX (libxlsxwriter) of the same document, its
// tables as cells with numbers as numbers. Thread-safe.
#pragma once

#include "app/documents.hpp"

namespace ungcuu::reporting {

class OfficialRenderer final : public app::DocumentRenderer {
public:
    core::Result<std::string> Docx(const app::OfficialDocument& document) override;
    core::Result<std::string> Pdf(const app::OfficialDocument& document) override;
    core::Result<std::string> Xlsx(const app::OfficialDocument& document) override;
};

}  // namespace ungcuu::reporting
