// The disk cache of the engine's pattern databases: serialised Hyperscan databases, one per
// field, under a file named by the hash of what they were compiled from. A cache that does not
// read back whole is ignored (and rebuilt); writing it is best-effort.
#include <hs/hs.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "sigma/engine.hpp"
#include "sigma/engine_internal.hpp"

namespace ungcuu::sigma {
bool Engine::Impl::ReadCache(const std::string& file,
                             const std::map<std::uint32_t, std::vector<std::uint32_t>>& by_field) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return false;
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t at = 0;
    std::vector<std::pair<std::uint32_t, hs_database_t*>> loaded;
    const auto fail = [&] {
        for (auto& [field, db] : loaded) {
            hs_free_database(db);
        }
        return false;
    };
    while (at < bytes.size()) {
        std::uint32_t field = 0;
        std::uint64_t length = 0;
        if (bytes.size() - at < sizeof field + sizeof length) {
            return fail();
        }
        std::memcpy(&field, bytes.data() + at, sizeof field);
        std::memcpy(&length, bytes.data() + at + sizeof field, sizeof length);
        at += sizeof field + sizeof length;
        if (bytes.size() - at < length) {
            return fail();
        }
        hs_database_t* db = nullptr;
        if (hs_deserialize_database(bytes.data() + at, length, &db) != HS_SUCCESS) {
            return fail();
        }
        loaded.emplace_back(field, db);
        at += length;
    }
    if (loaded.size() != by_field.size()) {
        return fail();
    }
    for (auto& [field, db] : loaded) {
        if (field != kNoField && field >= field_names.size()) {
            return fail();
        }
    }
    for (auto& [field, db] : loaded) {
        Adopt(field, db);
    }
    return true;
}

void Engine::Impl::WriteCache(const std::string& file,
                              const std::vector<std::pair<std::uint32_t, std::string>>& blobs) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
    const std::string temporary = file + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        for (const auto& [field, blob] : blobs) {
            const std::uint64_t length = blob.size();
            out.write(reinterpret_cast<const char*>(&field), sizeof field);
            out.write(reinterpret_cast<const char*>(&length), sizeof length);
            out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
        }
        if (!out) {
            return;  // the cache is an optimisation: no cache, no harm
        }
    }
    std::filesystem::rename(temporary, file, ec);
}

}  // namespace ungcuu::sigma
