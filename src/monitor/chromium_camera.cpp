#include "monitor/chromium_camera.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace ungcuu::monitor {

namespace {

constexpr std::size_t kMaxPicture = std::size_t{20} << 20;

std::string EscapeAttribute(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "&quot;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

/// The page with `<base href>` right after its <head> (or first), so relative links resolve,
/// and a policy before anything else that runs none of its scripts (the browser's own switch
/// for that also stops its screenshot).
std::string WithBase(std::string_view html, std::string_view url) {
    const std::string base = fmt::format(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; "
        "object-src 'none'\"><base href=\"{}\">",
        EscapeAttribute(url));
    std::string lower(html.substr(0, std::min<std::size_t>(html.size(), 65536)));
    for (auto& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const auto head = lower.find("<head");
    if (head != std::string::npos) {
        const auto close = lower.find('>', head);
        if (close != std::string::npos) {
            return std::string(html.substr(0, close + 1)) + base +
                   std::string(html.substr(close + 1));
        }
    }
    return base + std::string(html);
}

}  // namespace

bool ChromiumCamera::available() const { return access(options_.chromium.c_str(), X_OK) == 0; }

core::Result<std::string> ChromiumCamera::Picture(std::string_view html, std::string_view url) {
    std::string pattern = (std::filesystem::temp_directory_path() / "ungcuu-anh-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        return core::Unavailable("Không tạo được thư mục tạm để chụp trang.",
                                 "Cannot create a folder for the picture.");
    }
    const std::filesystem::path folder(pattern);

    struct Cleanup {
        std::filesystem::path folder;

        ~Cleanup() {
            std::error_code ignored;
            std::filesystem::remove_all(folder, ignored);
        }
    } cleanup{folder};

    {
        std::ofstream page(folder / "trang.html", std::ios::binary);
        page << WithBase(html, url);
    }
    const auto shot = folder / "anh.png";
    std::vector<std::string> args = {
        options_.chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--mute-audio",
        "--hide-scrollbars",
        "--user-data-dir=" + (folder / "profile").string(),
        fmt::format("--window-size={},{}", options_.width, options_.height),
        "--screenshot=" + shot.string()};
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
    args.push_back("file://" + (folder / "trang.html").string());
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // Its own process group, so that the browser's helpers go with it when it is killed.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = 0;
    const int spawned =
        posix_spawn(&pid, options_.chromium.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) {
        return core::Unavailable("Không chạy được trình duyệt Chromium để chụp trang.",
                                 "Cannot start Chromium for the picture.");
    }
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    int status = 0;
    bool finished = false;
    while (std::chrono::steady_clock::now() < deadline) {
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            finished = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(-pid, SIGKILL);  // the helpers left behind, or all of it past the budget
    if (!finished) {
        waitpid(pid, &status, 0);
        return core::Unavailable(
            fmt::format("Chụp trang quá {} giây, đã dừng.", options_.timeout.count()),
            fmt::format("The picture took more than {} s.", options_.timeout.count()));
    }
    std::error_code error;
    const auto size = std::filesystem::file_size(shot, error);
    if (error || size == 0 || size > kMaxPicture) {
        return core::Unavailable("Trình duyệt không tạo được ảnh trang.",
                                 "The browser made no picture.");
    }
    std::ifstream in(shot, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace ungcuu::monitor
