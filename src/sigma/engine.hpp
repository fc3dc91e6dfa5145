// The fast Sigma engine. Rules are compiled once: every literal a value can only match through
// (a `contains`, `startswith`, `endswith` or whole value, after wildcards, windash and encodings
// are expanded) becomes an atom of its field's multi-pattern database (Vectorscan), scanned once
// per field value; a rule is sent to evaluation only when one of the atoms its condition
// cannot match without was found (the cross-rule index), or when its condition can match
// without any literal (a `not`, `neq`, `exists`, `null`, comparison or regular expression).
// Evaluation runs the same compiled tests and condition logic as the plain evaluator
// (evaluator.hpp, the oracle), with atom tests answered from the scan.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sigma/evaluator.hpp"
#include "sigma/rule.hpp"

namespace ungcuu::sigma {

struct EngineOptions {
    /// Send an event only to the rules whose log source fits the event's `product`, `category`
    /// and `service` (a dimension the event does not state does not filter).
    bool route_by_logsource = true;
    /// Where compiled pattern databases are kept between runs, keyed by the hash of their
    /// patterns; empty: compile every time.
    std::string cache_dir;
};

/// What building the engine found and did.
struct EngineStats {
    std::size_t rules = 0;
    std::size_t fields = 0;        // fields with a pattern database (keywords count as one)
    std::size_t atoms = 0;         // distinct literals over all databases
    std::size_t gated_rules = 0;   // rules evaluated only when one of their atoms is found
    std::size_t always_rules = 0;  // rules evaluated on every event they are routed to
    std::vector<Refusal> refused;  // rules whose values cannot be compiled (a regex RE2 refuses…)
    bool from_cache = false;
    double compile_seconds = 0;  // pattern databases: compiled or read from the cache
};

/// An event's log source as far as it is known (empty: unknown, does not filter).
struct EventSource {
    std::string_view product, category, service;
};

/// The event's log source: what its `product`, `category` and `service` fields state, and for
/// Windows events (those with a `Channel`) product `windows` and the service of the channel
/// (Security → security, Microsoft-Windows-Sysmon/Operational → sysmon …). Shared by both
/// evaluators.
EventSource InferLogsource(std::string_view product,
                           std::string_view category,
                           std::string_view service,
                           std::string_view channel);

/// Does a rule's log source fit an event's? Shared by both evaluators.
bool LogsourceFits(const Rule& rule,
                   std::string_view product,
                   std::string_view category,
                   std::string_view service);

/// Each line of a text that holds more than blanks: `fn(line_index, line)` with the 0-based
/// index counting every line and the line without its trailing blanks. Both evaluators read
/// JSON lines through it, so they number events alike.
template <class Fn>
void ForEachTextLine(std::string_view text, Fn&& fn) {
    std::size_t line = 0, at = 0;
    while (at < text.size()) {
        const auto end = text.find('\n', at);
        const std::size_t stop = end == std::string_view::npos ? text.size() : end;
        std::string_view body = text.substr(at, stop - at);
        while (!body.empty() && (body.back() == ' ' || body.back() == '\t' || body.back() == '\r' ||
                                 body.back() == '\v' || body.back() == '\f')) {
            body.remove_suffix(1);
        }
        if (!body.empty()) {
            fn(line, body);
        }
        ++line;
        at = stop + 1;
    }
}

class Engine {
public:
    /// A rule whose values cannot be compiled is left out and listed in stats().refused;
    /// kInternal when the pattern compiler fails.
    static core::Result<Engine> Build(std::vector<Rule> rules, const EngineOptions& options = {});

    Engine(Engine&&) noexcept;
    Engine& operator=(Engine&&) noexcept;
    ~Engine();

    std::size_t size() const;
    const Rule& rule(std::size_t index) const;
    const EngineStats& stats() const;

    /// Per-thread working memory: the JSON parser, scan scratch and per-event marks. Matching
    /// allocates nothing per event once a scratch has seen events of the size at hand.
    class Scratch {
    public:
        explicit Scratch(const Engine& engine);
        Scratch(Scratch&&) noexcept;
        ~Scratch();
        struct Impl;

    private:
        friend class Engine;
        std::unique_ptr<Impl> impl_;
    };

    /// The rules (ascending indexes) firing on one JSON document. kInvalidArgument when the
    /// document is not JSON.
    core::Status Match(Scratch& scratch,
                       std::string_view document,
                       std::vector<std::uint32_t>& out) const;

    /// What MatchText saw.
    struct TextStats {
        std::size_t events = 0;
        bool lines = false;       // read as JSON lines
        std::size_t bad = 0;      // documents that are not JSON, skipped
        std::string first_error;  // Vietnamese, with where it is
        std::string first_error_en;
        bool stopped = false;  // `keep_going` said stop before the last event
    };

    /// Every event of a text: JSON lines (the event's index is its 0-based line), one document
    /// or a JSON array of them, or pretty-printed documents one after another (the index is the
    /// document's place). `on_match(event_index, rule_index, event_json)` for each match, in
    /// event order; `event_json` is the event's text (minified when it came from an array or a
    /// pretty-printed stream; empty there with EventText::kOmit, where writing it out would be
    /// wasted), valid during the call.
    /// The text must be followed by kPadding readable bytes (any content).
    using OnMatch = std::function<void(std::size_t, std::uint32_t, std::string_view)>;
    enum class EventText { kPass, kOmit };
    TextStats MatchText(Scratch& scratch,
                        std::string_view text,
                        const OnMatch& on_match,
                        EventText event_text = EventText::kPass) const;
    static constexpr std::size_t kPadding = 64;
    /// Is the text's first line one whole JSON document (so the text can be cut at lines)?
    static bool StartsWithJsonLine(std::string_view text);

    struct Impl;  // internal

private:
    explicit Engine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// The plain evaluator (the oracle) over the same shapes of input as Engine::MatchText, with the
/// same event indexes: behind `detect --engine plain` and the rule test of the UI. `keep_going`,
/// when given, is asked before each event; false stops the run there (a time budget).
Engine::TextStats MatchPlainText(const std::vector<CompiledRule>& rules,
                                 bool route,
                                 std::string_view text,
                                 const Engine::OnMatch& on_match,
                                 Engine::EventText event_text,
                                 const std::function<bool()>& keep_going = {});

}  // namespace ungcuu::sigma
