#include "scan/archive_walk.hpp"

#include <fmt/format.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <memory>

namespace ungcuu::scan {

namespace {

core::Error Bomb(const std::string& vi, const std::string& en) {
    return core::Error::Make(core::ErrorCode::kPayloadTooLarge,
                             "Tệp bị từ chối vì là tệp nén bất thường (zip bomb): " + vi + ".",
                             "The file is refused as an archive bomb: " + en + ".");
}

bool IsZip(std::string_view bytes) {
    return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

bool IsGzip(std::string_view bytes) {
    return bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b && bytes[2] == 8;
}

struct ZipCloser {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};

class Walker {
public:
    Walker(std::size_t file_size,
           const ArchiveLimits& limits,
           std::chrono::steady_clock::time_point deadline,
           const PieceVisitor& visit)
        : limits_(limits),
          allowed_(std::min(limits.max_total,
                            std::max(limits.ratio_floor, file_size * limits.max_ratio))),
          deadline_(deadline),
          visit_(visit) {}

    core::Status Piece(const std::string& path, std::string_view bytes, int depth) {
        if (!Continue()) {
            return core::Ok();
        }
        if (!visit_(path, bytes)) {
            result_.complete = false;
            return core::Ok();
        }
        if (IsZip(bytes) || IsGzip(bytes)) {
            if (depth >= limits_.max_depth) {
                return Bomb(fmt::format("tệp nén lồng nhau quá {} lớp ({})", limits_.max_depth,
                                        path.empty() ? "tệp tải lên" : path),
                            fmt::format("archives nested more than {} deep ({})", limits_.max_depth,
                                        path.empty() ? "the upload" : path));
            }
            return IsZip(bytes) ? Zip(path, bytes, depth + 1) : Gzip(path, bytes, depth + 1);
        }
        return core::Ok();
    }

    WalkResult Result() && { return std::move(result_); }

private:
    bool Continue() {
        if (std::chrono::steady_clock::now() >= deadline_) {
            result_.complete = false;
        }
        return result_.complete;
    }

    static std::string Join(const std::string& parent, std::string_view name) {
        return parent.empty() ? std::string(name) : parent + "/" + std::string(name);
    }

    // The bounds a member of `size` inflated bytes must fit before it is read.
    core::Status Admit(const std::string& path, std::uint64_t size) {
        if (++members_ > limits_.max_members) {
            return Bomb(fmt::format("chứa hơn {} tệp", limits_.max_members),
                        fmt::format("it holds more than {} files", limits_.max_members));
        }
        if (size > limits_.max_member) {
            return Bomb(
                fmt::format("\"{}\" giải nén ra hơn {} MiB", path, limits_.max_member >> 20),
                fmt::format("{} inflates to more than {} MiB", path, limits_.max_member >> 20));
        }
        if (size > allowed_ - std::min(allowed_, used_)) {
            return Bomb(fmt::format("giải nén ra hơn {} MiB, gấp quá {} lần cỡ tệp", allowed_ >> 20,
                                    limits_.max_ratio),
                        fmt::format("it inflates to more than {} MiB, over {} times its size",
                                    allowed_ >> 20, limits_.max_ratio));
        }
        used_ += static_cast<std::size_t>(size);
        return core::Ok();
    }

    core::Status Zip(const std::string& path, std::string_view bytes, int depth) {
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
        std::unique_ptr<zip_t, ZipCloser> archive(
            source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY, &error));
        zip_error_fini(&error);
        if (!archive) {
            if (source != nullptr) {
                zip_source_free(source);
            }
            result_.unreadable.push_back(path.empty() ? "(ZIP)" : path);
            return core::Ok();
        }
        const auto count = zip_get_num_entries(archive.get(), 0);
        if (count > 0 && static_cast<std::size_t>(count) > limits_.max_members - members_) {
            return Bomb(fmt::format("chứa hơn {} tệp", limits_.max_members),
                        fmt::format("it holds more than {} files", limits_.max_members));
        }
        // Every member's declared size is checked before anything is inflated.
        for (zip_int64_t i = 0; i < count; ++i) {
            zip_stat_t stat;
            zip_stat_init(&stat);
            if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &stat) != 0) {
                continue;
            }
            const std::string name = Join(path, stat.name != nullptr ? stat.name : "?");
            if ((stat.valid & ZIP_STAT_SIZE) == 0) {
                result_.unreadable.push_back(name);
                continue;
            }
            UNGCUU_RETURN_IF_ERROR(Admit(name, stat.size));
        }
        for (zip_int64_t i = 0; i < count && Continue(); ++i) {
            zip_stat_t stat;
            zip_stat_init(&stat);
            if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &stat) != 0 ||
                (stat.valid & ZIP_STAT_SIZE) == 0 || stat.size == 0) {
                continue;
            }
            const std::string name = Join(path, stat.name != nullptr ? stat.name : "?");
            std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(
                zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0), &zip_fclose);
            if (!file) {
                result_.unreadable.push_back(name);
                continue;
            }
            // Never more than the declared size is read, whatever the data says.
            std::string member(static_cast<std::size_t>(stat.size), '\0');
            std::size_t done = 0;
            while (done < member.size() && Continue()) {
                const auto n = zip_fread(file.get(), member.data() + done,
                                         std::min<std::size_t>(member.size() - done, 1U << 20));
                if (n <= 0) {
                    break;
                }
                done += static_cast<std::size_t>(n);
            }
            if (!result_.complete) {
                break;
            }
            if (done < member.size()) {
                result_.unreadable.push_back(name);
                continue;
            }
            UNGCUU_RETURN_IF_ERROR(Piece(name, member, depth));
        }
        return core::Ok();
    }

    core::Status Gzip(const std::string& path, std::string_view bytes, int depth) {
        const std::string name = Join(path, "(gzip)");
        z_stream z{};
        if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
            result_.unreadable.push_back(name);
            return core::Ok();
        }
        std::unique_ptr<z_stream, decltype(&inflateEnd)> guard(&z, &inflateEnd);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
        z.avail_in = static_cast<uInt>(std::min<std::size_t>(bytes.size(), UINT32_MAX));
        const std::size_t cap = std::min(limits_.max_member, allowed_ - std::min(allowed_, used_));
        std::string out;
        std::array<char, std::size_t{64} * 1024> chunk{};
        for (;;) {
            if (!Continue()) {
                return core::Ok();
            }
            z.next_out = reinterpret_cast<Bytef*>(chunk.data());
            z.avail_out = static_cast<uInt>(chunk.size());
            const int rc = inflate(&z, Z_NO_FLUSH);
            const std::size_t produced = chunk.size() - z.avail_out;
            if (out.size() + produced > cap) {
                return Admit(name, std::uint64_t{out.size()} + produced + cap);
            }
            out.append(chunk.data(), produced);
            if (rc == Z_STREAM_END) {
                if (z.avail_in == 0) {
                    break;
                }
                inflateReset(&z);  // a file of several gzip members
                continue;
            }
            if (rc != Z_OK) {
                result_.unreadable.push_back(name);
                return core::Ok();
            }
        }
        UNGCUU_RETURN_IF_ERROR(Admit(name, out.size()));
        return Piece(name, out, depth);
    }

    const ArchiveLimits& limits_;
    std::size_t allowed_;
    std::chrono::steady_clock::time_point deadline_;
    const PieceVisitor& visit_;
    std::size_t used_ = 0;
    std::size_t members_ = 0;
    WalkResult result_;
};

}  // namespace

core::Result<WalkResult> WalkArchive(std::string_view bytes,
                                     const ArchiveLimits& limits,
                                     std::chrono::steady_clock::time_point deadline,
                                     const PieceVisitor& visit) {
    Walker walker(bytes.size(), limits, deadline, visit);
    UNGCUU_RETURN_IF_ERROR(walker.Piece("", bytes, 0));
    return std::move(walker).Result();
}

}  // namespace ungcuu::scan
