// Archives and digests tests build their inputs with: ZIP (libzip) and gzip (zlib) in memory,
// the MD5 a ClamAV hash signature names and the SHA-256 evidence is kept by.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ungcuu::testing {

/// A ZIP archive of the named members (deflated).
std::string ZipOf(const std::vector<std::pair<std::string, std::string>>& members);

/// One gzip stream of the bytes.
std::string GzipOf(std::string_view bytes);

/// Lower-case hex MD5 of the bytes.
std::string Md5Hex(std::string_view bytes);

/// Lower-case hex SHA-256 of the bytes.
std::string Sha256Hex(std::string_view bytes);

}  // namespace ungcuu::testing
