#include "ingest/file_follower.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include "core/text.hpp"

namespace ungcuu::ingest {

namespace {

std::string FileId(const struct stat& st) {
    return fmt::format("{}:{}", static_cast<unsigned long long>(st.st_dev),
                       static_cast<unsigned long long>(st.st_ino));
}

// Whether the byte before `offset` ends a line (a position taken mid-line by a refused long line
// resumes by skipping the rest of that line).
bool AtLineStart(int fd, std::int64_t offset) {
    if (offset <= 0) {
        return true;
    }
    char c = 0;
    return pread(fd, &c, 1, offset - 1) == 1 && c == '\n';
}

std::string CannotOpen(const std::string& path, int error) {
    return fmt::format(
        "Không mở được tệp {}: {}; kiểm tra quyền đọc tệp của tài khoản chạy ungcuu. / Cannot "
        "open {}; check that the account running ungcuu may read it.",
        path, std::strerror(error), path);
}

bool SamePosition(const app::FilePosition& a, const app::FilePosition& b) {
    return a.file_id == b.file_id && a.offset == b.offset && a.size == b.size &&
           a.lines == b.lines && a.refused == b.refused && a.done == b.done && a.error == b.error;
}

void Close(int& fd) {
    if (fd >= 0) {
        ::close(fd);
    }
    fd = -1;
}

}  // namespace

FileFollower::FileFollower(EventPipeline& pipeline,
                           app::RawEventStore& store,
                           app::DetectionSetupService& service,
                           const core::Clock& clock,
                           FileFollowerOptions options)
    : pipeline_(pipeline), store_(store), service_(service), clock_(clock), options_(options) {}

FileFollower::~FileFollower() {
    Stop();
    for (auto& [id, f] : files_) {
        Close(f.fd);
    }
}

void FileFollower::Start() {
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            PollOnce();
            lock.lock();
            wake_.wait_for(lock, options_.poll, [this] { return stopping_ || woken_; });
            woken_ = false;
        }
    });
}

void FileFollower::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void FileFollower::Wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

bool FileFollower::stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
}

void FileFollower::PollOnce() {
    auto sources = service_.ActiveSources("file");
    if (!sources.ok()) {
        spdlog::warn("file sources: {}", sources.error().message_en);
        return;
    }
    std::set<std::int64_t> active;
    for (const auto& source : *sources) {
        active.insert(source.id);
    }
    for (auto it = files_.begin(); it != files_.end();) {
        if (active.count(it->first) == 0) {  // switched off or gone: let the file go
            Close(it->second.fd);
            it = files_.erase(it);
        } else {
            ++it;
        }
    }
    // The committed positions, read only for sources not followed yet (a start, a source added).
    std::map<std::int64_t, app::FilePosition> stored;
    const bool fresh = std::any_of(sources->begin(), sources->end(), [this](const auto& source) {
        return !files_.contains(source.id);
    });
    if (fresh) {
        auto positions = store_.Positions();
        if (!positions.ok()) {
            spdlog::warn("file positions: {}", positions.error().message_en);
            return;
        }
        for (auto& p : *positions) {
            stored[p.source_id] = std::move(p);
        }
    }
    for (const auto& source : *sources) {
        if (stopping()) {
            return;
        }
        auto& f = files_[source.id];
        if (f.loaded && f.source.path != source.path) {  // pointed at another file: start over
            Close(f.fd);
            f.position = {};
            f.position.source_id = source.id;
            (void)store_.SavePosition(f.position);
        } else if (!f.loaded) {
            const auto found = stored.find(source.id);
            if (found != stored.end()) {
                f.position = found->second;
            }
            f.position.source_id = source.id;
        }
        if (source.follow) {
            f.position.done = false;  // an import now followed goes on from there
        }
        f.loaded = true;
        f.source = source;
        if (!f.position.done) {
            Follow(f);
        }
    }
}

void FileFollower::Follow(Followed& f) {
    if (f.fd < 0) {
        if (f.source.follow) {
            ReadRotatedRest(f);
        }
        if (!Open(f)) {
            return;
        }
    }
    if (!ReadToEnd(f) || f.position.done || !f.source.follow) {
        return;
    }

    // Rotated by rename: the path names another file now. The writer may have added lines to
    // the old file after it was read above and before the rename was seen, so it is read to
    // its end once more — now that the rename is seen — before the new one from its start.
    struct stat now {};

    if (::stat(f.source.path.c_str(), &now) == 0 && FileId(now) != f.position.file_id) {
        if (!ReadToEnd(f) || f.fd < 0) {
            return;
        }
        Close(f.fd);
        if (Open(f)) {
            (void)ReadToEnd(f);
        }
    }
}

void FileFollower::ReadRotatedRest(Followed& f) {
    if (f.position.file_id.empty()) {
        return;  // nothing read before
    }

    struct stat st {};

    if (::stat(f.source.path.c_str(), &st) == 0 && FileId(st) == f.position.file_id) {
        return;
    }
    const auto folder = std::filesystem::path(f.source.path).parent_path();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        const auto candidate = entry.path().string();
        if (::lstat(candidate.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
            FileId(st) != f.position.file_id || st.st_size <= f.position.offset) {
            continue;
        }
        char resolved[PATH_MAX];
        if (::realpath(candidate.c_str(), resolved) == nullptr ||
            !app::IsUnderRoot(resolved, service_.file_roots())) {
            return;
        }
        const int fd = ::open(resolved, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0 || ::fstat(fd, &st) != 0 || FileId(st) != f.position.file_id) {
            if (fd >= 0) {
                ::close(fd);
            }
            return;
        }
        spdlog::info("log source {}: {} was rotated to {} meanwhile, reading the rest of it",
                     f.source.id, f.source.path, candidate);
        f.fd = fd;
        (void)ReadToEnd(f);
        Close(f.fd);
        return;
    }
}

bool FileFollower::Open(Followed& f) {
    const auto& path = f.source.path;
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) == nullptr) {
        const int error = errno;
        SetError(
            f, error == ENOENT
                   ? fmt::format("Chưa có tệp {} (đợi tệp được tạo). / No file {} yet.", path, path)
                   : CannotOpen(path, error));
        return false;
    }
    if (!app::IsUnderRoot(resolved, service_.file_roots())) {
        SetError(f, fmt::format("Tệp {} trỏ ra ngoài các thư mục được phép đọc ({}); hãy khai "
                                "báo đường dẫn của chính tệp trong thư mục --log-files. / {} "
                                "points outside the folders allowed; name the file itself, "
                                "inside a --log-files folder.",
                                path, resolved, path));
        return false;
    }
    const int fd = ::open(resolved, O_RDONLY | O_CLOEXEC | O_NOCTTY);

    struct stat st {};

    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const int error = errno;
        if (fd >= 0) {
            ::close(fd);
        }
        SetError(f, fd >= 0 ? fmt::format("{} không phải một tệp thường. / {} is not a regular "
                                          "file.",
                                          path, path)
                            : CannotOpen(path, error));
        return false;
    }
    f.fd = fd;
    const auto id = FileId(st);
    if (id != f.position.file_id) {  // another file than the one read before: from its start
        f.position.file_id = id;
        f.position.offset = 0;
        f.position.lines = 0;
        f.position.refused = 0;
    }
    return true;
}

void FileFollower::SetError(Followed& f, std::string message) {
    if (f.position.error == message) {
        return;
    }
    spdlog::warn("log source {}: {}", f.source.id, message);
    f.position.error = std::move(message);
    f.position.updated_at = clock_.Now();
    (void)store_.SavePosition(f.position);
}

/// A read of a followed file: the position it will reach, the unread bytes and the batch.
struct FileFollower::ReadState {
    app::FilePosition next;
    std::int64_t base = 0;  // the file offset of buffer[0]
    std::string buffer;
    std::vector<app::IngestedEvent> events;
    bool skipping = false;  // inside a refused long line, up to its end
};

bool FileFollower::Submit(Followed& f, ReadState& r) {
    r.next.offset = r.base;
    r.next.size = std::max(r.next.size, r.base);
    if (r.events.empty() && SamePosition(r.next, f.position)) {
        return true;
    }
    r.next.updated_at = clock_.Now();
    auto status = pipeline_.SubmitFromFile(std::move(r.events), r.next);
    r.events.clear();
    if (!status.ok()) {  // read again from the committed position next time
        spdlog::warn("log source {}: {}", f.source.id, status.error().message_en);
        return false;
    }
    f.position = r.next;
    return true;
}

void FileFollower::Take(const Followed& f, ReadState& r, std::string_view line) const {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
        return;
    }
    if (line.size() > options_.max_line || !core::IsValidUtf8(line)) {
        ++r.next.refused;
        return;
    }
    ++r.next.lines;
    r.events.push_back(
        {0, clock_.Now(), f.source.id, f.source.unit_id, f.source.format, std::string(line)});
}

bool FileFollower::TakeLines(Followed& f, ReadState& r) {
    std::size_t start = 0;
    for (auto end = r.buffer.find('\n'); end != std::string::npos;
         end = r.buffer.find('\n', start)) {
        const std::string_view line(r.buffer.data() + start, end - start);
        start = end + 1;
        if (r.skipping) {
            r.skipping = false;  // the end of a refused long line
        } else {
            Take(f, r, line);
        }
        if (r.events.size() >= options_.chunk_lines) {
            r.base += static_cast<std::int64_t>(start);
            r.buffer.erase(0, start);
            start = 0;
            if (!Submit(f, r)) {
                return false;
            }
        }
    }
    r.base += static_cast<std::int64_t>(start);
    r.buffer.erase(0, start);
    if (!r.skipping && r.buffer.size() > options_.max_line) {
        ++r.next.refused;  // a line too long: left out up to its end
        r.skipping = true;
    }
    if (r.skipping) {
        r.base += static_cast<std::int64_t>(r.buffer.size());
        r.buffer.clear();
    }
    return true;
}

bool FileFollower::ReadToEnd(Followed& f) {
    struct stat st {};

    if (::fstat(f.fd, &st) != 0) {
        SetError(f, fmt::format("Không đọc được tệp {}: {}. / Cannot read {}.", f.source.path,
                                std::strerror(errno), f.source.path));
        Close(f.fd);
        return false;
    }
    ReadState r;
    r.next = f.position;
    if (st.st_size < r.next.offset) {  // truncated in place (copytruncate): from the start again
        spdlog::info("log source {}: {} was truncated, reading it from the start", f.source.id,
                     f.source.path);
        r.next.offset = 0;
        r.next.lines = 0;
    }
    r.next.size = st.st_size;
    r.next.error.clear();
    r.skipping = !AtLineStart(f.fd, r.next.offset);
    r.base = r.next.offset;
    for (;;) {
        if (stopping()) {
            return false;
        }
        const std::size_t kept = r.buffer.size();
        r.buffer.resize(kept + options_.read_bytes);
        const auto n = ::pread(f.fd, r.buffer.data() + kept, options_.read_bytes,
                               r.base + static_cast<std::int64_t>(kept));
        if (n < 0) {
            if (errno == EINTR) {
                r.buffer.resize(kept);
                continue;
            }
            SetError(f, fmt::format("Không đọc được tệp {}: {}. / Cannot read {}.", f.source.path,
                                    std::strerror(errno), f.source.path));
            Close(f.fd);
            return false;
        }
        r.buffer.resize(kept + static_cast<std::size_t>(n));
        if (!TakeLines(f, r)) {
            return false;
        }
        if (n == 0) {
            break;  // the end of the file for now
        }
    }
    if (!f.source.follow) {  // an import takes a last line without a line break too
        if (!r.skipping) {
            Take(f, r, r.buffer);
        }
        r.base += static_cast<std::int64_t>(r.buffer.size());
        r.next.done = true;
    }
    if (!Submit(f, r)) {
        return false;
    }
    if (r.next.done) {
        Close(f.fd);
    }
    return true;
}

}  // namespace ungcuu::ingest
