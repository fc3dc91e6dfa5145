// The plain evaluator of Sigma rules: every rule against every event, field by field, value by
// value. It is the oracle the fast engine is checked against, so it favours being obviously
// right over being quick. Compiling a rule expands its values once (wildcards, windash,
// encodings, base64 offsets) and compiles its regular expressions with RE2, refusing what RE2
// cannot run in linear time.
#pragma once

#include <boost/json/value.hpp>
#include <memory>

#include "sigma/rule.hpp"
#include "sigma/values.hpp"

namespace ungcuu::sigma {

class CompiledRule {
public:
    /// kInvalidArgument when a value cannot be compiled (a regex RE2 refuses, a bad CIDR).
    /// `expanded_bytes`, when given, receives the bytes of patterns its values expanded to.
    static core::Result<CompiledRule> Compile(const Rule& rule,
                                              std::size_t* expanded_bytes = nullptr);

    CompiledRule(CompiledRule&&) noexcept;
    CompiledRule& operator=(CompiledRule&&) noexcept;
    ~CompiledRule();

    const Rule& rule() const;
    /// Does the rule fire on this event (a JSON object in any of the supported shapes)?
    bool Matches(const boost::json::value& event) const;

private:
    struct Impl;
    explicit CompiledRule(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// The field's value in an event, in the shapes ungcuu reads: flat keys ("Image"), dotted paths
/// ("process.executable"), Windows events exported by evtx tools (`Event.EventData.*`,
/// `Event.System.*`, `#text` and `#attributes`) and Winlogbeat (`winlog.event_data.*`).
const boost::json::value* FindField(const boost::json::value& event, std::string_view field);

/// A field's value as the tests see it (evtx `#text` unwrapped; numbers in their text, booleans
/// as "true"/"false"); nullopt when missing, null or not a scalar.
std::optional<std::string> FieldText(const boost::json::value& event, std::string_view field);

/// The events in a text: one JSON document, a JSON array of them, JSON lines, or pretty-printed
/// documents one after another. kInvalidArgument names the byte where the text stops being JSON.
core::Result<std::vector<boost::json::value>> ParseEvents(std::string_view text);

}  // namespace ungcuu::sigma
