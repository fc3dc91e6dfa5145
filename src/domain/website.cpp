#include "domain/website.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/text.hpp"

namespace ungcuu::domain {

namespace {

constexpr std::size_t kMaxEvidence = 20;
constexpr std::size_t kMaxWords = 50000;

std::vector<std::string_view> Words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t at = 0;
    while (at < text.size() && words.size() < kMaxWords) {
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])) != 0) {
            ++at;
        }
        const std::size_t start = at;
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])) == 0) {
            ++at;
        }
        if (at > start) {
            words.push_back(text.substr(start, at - start));
        }
    }
    return words;
}

std::vector<std::string> Cut(std::vector<std::string> items) {
    if (items.size() > kMaxEvidence) {
        items.resize(kMaxEvidence);
    }
    return items;
}

// Hosts of `urls` that are not `own` (nor a subdomain of it) and not in `known`, each once.
std::vector<std::string> NewHosts(const std::vector<std::string>& urls,
                                  const std::set<std::string>& known,
                                  std::string_view own) {
    std::vector<std::string> out;
    for (const auto& url : urls) {
        auto host = HostOf(url);
        if (host.empty() || known.contains(host) || host == own ||
            (!own.empty() && host.ends_with(own) && host.size() > own.size() &&
             host[host.size() - own.size() - 1] == '.')) {
            continue;
        }
        if (std::find(out.begin(), out.end(), host) == out.end()) {
            out.push_back(std::move(host));
        }
    }
    return out;
}

std::set<std::string> HostsOf(const std::vector<std::string>& urls) {
    std::set<std::string> hosts;
    for (const auto& url : urls) {
        if (auto host = HostOf(url); !host.empty()) {
            hosts.insert(std::move(host));
        }
    }
    return hosts;
}

}  // namespace

std::string_view PageFindingKindCode(PageFindingKind kind) {
    return kPageFindingKinds[static_cast<std::size_t>(kind)];
}

bool IsDefacement(PageFindingKind kind) {
    return kind == PageFindingKind::kDefacementMarker || kind == PageFindingKind::kTitleReplaced ||
           kind == PageFindingKind::kSpam || kind == PageFindingKind::kHiddenLinks;
}

std::string HostOf(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) {
        if (!url.starts_with("//")) {
            return {};
        }
        url.remove_prefix(2);
    } else {
        const auto name = core::FoldForSearch(url.substr(0, scheme));
        if (name != "http" && name != "https") {
            return {};
        }
        url.remove_prefix(scheme + 3);
    }
    const auto end = url.find_first_of("/?#");
    auto authority = url.substr(0, end);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
    }
    if (!authority.starts_with('[')) {
        authority = authority.substr(0, authority.find(':'));
    }
    std::string host(authority);
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    while (host.ends_with('.')) {
        host.pop_back();
    }
    return host;
}

double TextChange(std::string_view baseline, std::string_view current) {
    std::map<std::string_view, long> count;
    const auto before = Words(baseline);
    const auto after = Words(current);
    if (before.empty() && after.empty()) {
        return 0.0;
    }
    for (const auto word : before) {
        ++count[word];
    }
    for (const auto word : after) {
        --count[word];
    }
    long differing = 0;
    for (const auto& [word, n] : count) {
        differing += n < 0 ? -n : n;
    }
    return static_cast<double>(differing) / static_cast<double>(before.size() + after.size());
}

std::vector<std::string> SpamTermsIn(std::string_view text, const PageMarkers& markers) {
    const auto lower = core::LowerVietnamese(text);
    std::vector<std::string> found;
    for (const auto& term : markers.spam_terms) {
        if (!term.empty() && lower.find(term) != std::string::npos &&
            std::find(found.begin(), found.end(), term) == found.end()) {
            found.push_back(term);
        }
    }
    return found;
}

std::vector<PageFinding> ComparePage(const PageFacts& baseline,
                                     const PageFacts& current,
                                     const PageMarkers& markers,
                                     const PageCompareOptions& options) {
    std::vector<PageFinding> out;
    const auto lower_text = core::LowerVietnamese(current.title + "\n" + current.text);
    const auto lower_baseline = core::LowerVietnamese(baseline.title + "\n" + baseline.text);
    std::vector<std::string> marks;
    for (const auto& marker : markers.defacement_markers) {
        // A marker the approved page already carried (a news item about an attack) is not new.
        if (!marker.empty() && lower_text.find(marker) != std::string::npos &&
            lower_baseline.find(marker) == std::string::npos) {
            marks.push_back(marker);
        }
    }
    if (!marks.empty()) {
        out.push_back({PageFindingKind::kDefacementMarker,
                       fmt::format("Trang có dấu hiệu bị thay đổi giao diện: \"{}\".",
                                   fmt::join(marks, "\", \"")),
                       fmt::format("The page carries defacement markers: \"{}\".",
                                   fmt::join(marks, "\", \"")),
                       Cut(marks)});
    }
    if (!baseline.title.empty() && !current.title.empty() &&
        TextChange(baseline.title, current.title) >= 1.0) {
        out.push_back(
            {PageFindingKind::kTitleReplaced,
             fmt::format("Tiêu đề trang bị thay: \"{}\" thay cho \"{}\".",
                         core::CutUtf8(current.title, 200), core::CutUtf8(baseline.title, 200)),
             fmt::format(R"(The page title was replaced: "{}" instead of "{}".)",
                         core::CutUtf8(current.title, 200), core::CutUtf8(baseline.title, 200)),
             {current.title}});
    }
    // Terms the approved page did not have, in what readers see or in what is hidden from them.
    const auto before_spam =
        SpamTermsIn(baseline.title + "\n" + baseline.text + "\n" + baseline.hidden_text, markers);
    std::vector<std::string> spam;
    for (auto& term :
         SpamTermsIn(current.title + "\n" + current.text + "\n" + current.hidden_text, markers)) {
        if (std::find(before_spam.begin(), before_spam.end(), term) == before_spam.end()) {
            spam.push_back(std::move(term));
        }
    }
    if (static_cast<int>(spam.size()) >= std::max(1, markers.min_spam_terms)) {
        out.push_back({PageFindingKind::kSpam,
                       fmt::format("Trang bị chèn nội dung cờ bạc, cá cược: \"{}\".",
                                   fmt::join(spam, "\", \"")),
                       fmt::format("Gambling or betting content was put in the page: \"{}\".",
                                   fmt::join(spam, "\", \"")),
                       Cut(spam)});
    }
    const auto hidden =
        NewHosts(current.hidden_links, HostsOf(baseline.hidden_links), options.own_host);
    if (!hidden.empty()) {
        out.push_back(
            {PageFindingKind::kHiddenLinks,
             fmt::format("Trang có liên kết ẩn tới trang khác: {}.", fmt::join(hidden, ", ")),
             fmt::format("The page hides links to other sites: {}.", fmt::join(hidden, ", ")),
             Cut(hidden)});
    }
    const double change = TextChange(baseline.text, current.text);
    if (change > options.text_change_threshold) {
        out.push_back(
            {PageFindingKind::kTextChanged,
             fmt::format("Nội dung hiển thị thay đổi {:.0f}% so với bản đã duyệt.", change * 100),
             fmt::format("The visible text changed by {:.0f}% from the approved one.",
                         change * 100),
             {}});
    }
    const auto scripts = NewHosts(current.scripts, HostsOf(baseline.scripts), options.own_host);
    if (!scripts.empty()) {
        out.push_back(
            {PageFindingKind::kNewScript,
             fmt::format("Trang tải mã từ nguồn mới: {}.", fmt::join(scripts, ", ")),
             fmt::format("The page loads scripts from new hosts: {}.", fmt::join(scripts, ", ")),
             Cut(scripts)});
    }
    const auto frames = NewHosts(current.iframes, HostsOf(baseline.iframes), options.own_host);
    if (!frames.empty()) {
        out.push_back(
            {PageFindingKind::kNewFrame,
             fmt::format("Trang nhúng khung từ nguồn mới: {}.", fmt::join(frames, ", ")),
             fmt::format("The page frames content from new hosts: {}.", fmt::join(frames, ", ")),
             Cut(frames)});
    }
    return out;
}

}  // namespace ungcuu::domain
