// File intake: log sources of kind "file" read a file on the server — once to its end (an
// import), or following it as it grows, through rotation by rename (the rest of the old file is
// read before the new one) and by truncation (read again from the start). Whole lines only; the
// position reached is committed with the events read, so a restart neither loses nor repeats a
// line. Only files inside the folders the server's administrator allowed are opened, checked
// again with symbolic links resolved each time a file is opened.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string_view>
#include <thread>

#include "ingest/pipeline.hpp"

namespace ungcuu::ingest {

struct FileFollowerOptions {
    std::chrono::milliseconds poll{1000};           // how often files are looked at for new lines
    std::size_t max_line = std::size_t{64} * 1024;  // longer lines are refused (counted)
    std::size_t chunk_lines = 2000;                 // lines per durable submission
    std::size_t read_bytes = 1 << 20;               // bytes per read
};

class FileFollower {
public:
    FileFollower(EventPipeline& pipeline,
                 app::RawEventStore& store,
                 app::DetectionSetupService& service,
                 const core::Clock& clock,
                 FileFollowerOptions options = {});
    ~FileFollower();
    FileFollower(const FileFollower&) = delete;
    FileFollower& operator=(const FileFollower&) = delete;

    void Start();
    void Stop();
    /// Looks at the files now instead of at the next poll (a source was added or changed).
    void Wake();
    /// One pass over every active file source: reads what is new.
    void PollOnce();

private:
    struct Followed {
        app::LogSource source;
        int fd = -1;
        bool loaded = false;         // `position` read from the store
        app::FilePosition position;  // committed
    };

    void Follow(Followed& f);
    /// When the file read before was renamed while nobody watched (rotated during a stop), reads
    /// the rest of it under its new name in the same folder, before the file now at the path.
    void ReadRotatedRest(Followed& f);
    bool Open(Followed& f);
    /// Reads and submits every whole line up to the end; false when it had to stop early.
    bool ReadToEnd(Followed& f);
    struct ReadState;
    /// One line into the batch (CR dropped, blank lines skipped, long or invalid ones refused).
    void Take(const Followed& f, ReadState& r, std::string_view line) const;
    /// The complete lines of the buffer into batches; false when a batch could not be stored.
    bool TakeLines(Followed& f, ReadState& r);
    /// Stores the batch with the position after it; false when it could not be stored.
    bool Submit(Followed& f, ReadState& r);
    void SetError(Followed& f, std::string message);
    bool stopping() const;

    EventPipeline& pipeline_;
    app::RawEventStore& store_;
    app::DetectionSetupService& service_;
    const core::Clock& clock_;
    FileFollowerOptions options_;
    std::map<std::int64_t, Followed> files_;  // by source id; used by the polling thread only

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;  // guarded by mutex_
    bool woken_ = false;     // guarded by mutex_
    std::thread thread_;
};

}  // namespace ungcuu::ingest
