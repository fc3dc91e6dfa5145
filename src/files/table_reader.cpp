#include "files/table_reader.hpp"

#include "files/xlsx_reader.hpp"

namespace ungcuu::files {

core::Result<std::vector<core::CsvRow>> FileTableReader::Read(std::string_view bytes) {
    if (bytes.empty()) {
        return core::InvalidArgument("Chưa chọn tệp để nhập.", "No file was sent.");
    }
    if (LooksLikeXlsx(bytes)) {
        return ReadXlsxFirstSheet(bytes);
    }
    return core::ParseCsv(bytes);
}

}  // namespace ungcuu::files
