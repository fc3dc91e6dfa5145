// What a watched web page shows and what counts as a finding on a government site (seeds 001
// §II.5b, 002 §II.4–5, 003 §II.2: monitoring of the province's portals; scenario A5, defacement):
// the page's visible text, title, links, scripts and frames as the monitor reads them, compared
// with the approved baseline — known defacement markers, a replaced title, visible text changed
// beyond a threshold, injected gambling and betting spam (the terms are data), new external
// scripts or frames, links hidden from readers. Pure rules, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ungcuu::domain {

/// The words that give a page away, as data (rules/monitor/page-markers.json): spam terms and
/// defacement markers, lower-case, matched as written (a term is listed with and without
/// diacritics where spammers write both).
struct PageMarkers {
    std::string version;
    std::vector<std::string> spam_terms;
    std::vector<std::string> defacement_markers;
    /// Distinct spam terms on a page before it is a finding (one word can be news).
    int min_spam_terms = 2;
};

/// A page as read: bounded lists, texts with whitespace folded.
struct PageFacts {
    std::string title;
    std::string text;                       // visible text
    std::string hidden_text;                // text inside elements hidden from readers
    std::vector<std::string> links;         // href of every link
    std::vector<std::string> hidden_links;  // links inside hidden elements
    std::vector<std::string> scripts;       // src of every script
    std::vector<std::string> iframes;       // src of every frame
};

enum class PageFindingKind {
    kDefacementMarker,  // "hacked by" …
    kTitleReplaced,     // nothing of the baseline's title is left
    kTextChanged,       // the visible text changed beyond the threshold
    kSpam,              // gambling and betting terms, visible or hidden
    kHiddenLinks,       // links to other sites hidden from readers
    kNewScript,         // a script from a host the baseline did not load from
    kNewFrame,          // a frame from a host the baseline did not show
};
inline constexpr std::string_view kPageFindingKinds[] = {
    "defacement_marker", "title_replaced", "text_changed", "spam",
    "hidden_links",      "new_script",     "new_frame"};
std::string_view PageFindingKindCode(PageFindingKind kind);

/// One finding with its evidence: what was matched or what is new, and a sentence in Vietnamese.
struct PageFinding {
    PageFindingKind kind = PageFindingKind::kTextChanged;
    std::string summary_vi;
    std::string summary_en;
    std::vector<std::string> evidence;  // the terms, markers, hosts or links (at most 20)
};

/// Whether a finding means the page was defaced or had spam put in (A5), rather than changed.
bool IsDefacement(PageFindingKind kind);

/// The host of an absolute http(s) URL, lower-case, without port; "" for a relative one.
std::string HostOf(std::string_view url);

/// How much of the text changed, 0 (same words) to 1 (no word in common): the share of words,
/// counted with repeats, in one text and not the other.
double TextChange(std::string_view baseline, std::string_view current);

/// The spam terms found in `text` (lower-cased for matching), each once, in list order.
std::vector<std::string> SpamTermsIn(std::string_view text, const PageMarkers& markers);

struct PageCompareOptions {
    double text_change_threshold = 0.3;  // a smaller edit is a normal update
    std::string own_host;                // the watched site's host: its links are not foreign
};

/// The findings of `current` against the approved `baseline`.
std::vector<PageFinding> ComparePage(const PageFacts& baseline,
                                     const PageFacts& current,
                                     const PageMarkers& markers,
                                     const PageCompareOptions& options);

}  // namespace ungcuu::domain
