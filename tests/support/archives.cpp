#include "support/archives.hpp"

#include <openssl/evp.h>
#include <zip.h>
#include <zlib.h>

#include <cstdio>

#include "core/text.hpp"

namespace ungcuu::testing {

std::string ZipOf(const std::vector<std::pair<std::string, std::string>>& members) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_source_keep(out);
    zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error);
    for (const auto& [name, bytes] : members) {
        zip_source_t* src = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
        zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    }
    zip_close(archive);
    zip_source_open(out);
    zip_source_seek(out, 0, SEEK_END);
    const auto size = zip_source_tell(out);
    zip_source_seek(out, 0, SEEK_SET);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    zip_source_read(out, bytes.data(), static_cast<zip_uint64_t>(size));
    zip_source_close(out);
    zip_source_free(out);
    zip_error_fini(&error);
    return bytes;
}

std::string GzipOf(std::string_view bytes) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, bytes.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

namespace {

std::string DigestHex(std::string_view bytes, const EVP_MD* md) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &size, md, nullptr);
    return core::HexEncode({reinterpret_cast<const char*>(digest), size});
}

}  // namespace

std::string Md5Hex(std::string_view bytes) { return DigestHex(bytes, EVP_md5()); }

std::string Sha256Hex(std::string_view bytes) { return DigestHex(bytes, EVP_sha256()); }

}  // namespace ungcuu::testing
