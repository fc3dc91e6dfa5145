// The TableReader port over the XLSX reader and core's CSV parser.
#pragma once

#include "app/ports.hpp"

namespace ungcuu::files {

class FileTableReader final : public app::TableReader {
public:
    core::Result<std::vector<core::CsvRow>> Read(std::string_view bytes) override;
};

}  // namespace ungcuu::files
