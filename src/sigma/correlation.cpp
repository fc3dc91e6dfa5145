#include "sigma/correlation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <unordered_map>

#include "core/clock.hpp"
#include "sigma/evaluator.hpp"
#include "sigma/values.hpp"

namespace ungcuu::sigma {

namespace json = boost::json;

namespace {

using Type = CorrelationRule::Type;
using Op = CorrelationRule::Bound::Op;

constexpr double kNone = -std::numeric_limits<double>::infinity();

std::optional<double> Number(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    const std::string copy(text);
    char* end = nullptr;
    const double value = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> TimeOf(const json::value& v) {
    const json::value* value = &v;
    if (value->is_object()) {  // evtx: {"#attributes": {"SystemTime": "…"}}
        const auto& object = value->get_object();
        if (const auto* attributes = object.if_contains("#attributes");
            attributes != nullptr && attributes->is_object()) {
            value = attributes->get_object().if_contains("SystemTime");
        } else {
            value = object.if_contains("SystemTime");
        }
        if (value == nullptr) {
            return std::nullopt;
        }
    }
    if (value->is_number()) {
        const double number = value->to_number<double>();
        return number > 1e11 ? number / 1000 : number;  // milliseconds since the epoch
    }
    if (!value->is_string()) {
        return std::nullopt;
    }
    const std::string_view text = value->get_string();
    auto parsed = core::ParseRfc3339(text);
    if (!parsed) {
        parsed = core::ParseRfc3339(std::string(text) + "Z");  // no zone: UTC
    }
    if (!parsed) {
        const auto number = Number(text);
        if (!number) {
            return std::nullopt;
        }
        return *number > 1e11 ? *number / 1000 : *number;
    }
    return static_cast<double>(core::ToUnixMillis(*parsed)) / 1000;
}

using Lookup = std::function<std::optional<std::string>(std::string_view field)>;

struct Entry {
    double time = 0;
    std::size_t event_index = 0;
    std::uint32_t step = 0;
    std::string value;  // value_count
    double number = 0;  // value_sum, value_avg, value_percentile
};

struct Group {
    std::deque<Entry> entries;
    std::map<std::string, std::size_t, std::less<>> distinct;
    std::vector<std::size_t> step_counts;
    double sum = 0;
    double window_start = kNone;  // windows with an upper bound: where the window began
    double newest = kNone;
    std::vector<std::pair<std::string, std::string>> values;  // group-by name → value
};

// Who uses a rule's matches: this correlation, as its step-th rule.
struct Use {
    std::uint32_t correlation = 0;
    std::uint32_t step = 0;
};

struct Node {
    CorrelationRule rule;
    std::vector<std::vector<std::string>> group_fields;  // [step][group-by entry]
    std::vector<std::string> value_fields;               // [step]
    std::vector<CorrelationRule::Bound> bounds;          // the condition, or "every rule"
    bool rising = true;  // only lower bounds: checked on every entry
    bool reported = true;
    std::unordered_map<std::string, Group> groups;
    std::size_t feeds = 0;
    double newest = kNone;
};

}  // namespace

struct Correlator::Impl {
    std::vector<Node> nodes;
    std::vector<std::vector<Use>> base_uses;  // [base rule]
    std::vector<std::vector<Use>> node_uses;  // [correlation]
    std::vector<bool> base_reports;
    // The last event parsed, so several matches of one event parse it once.
    std::size_t parsed_index = std::numeric_limits<std::size_t>::max();
    json::value parsed;
    bool parsed_ok = false;
    std::optional<double> parsed_time;
    // Online: the receive time of the event being fed (entries expire and windows close by no
    // later than it), and the newest receive time (groups are forgotten by no later than it).
    // Offline both stay +infinity and event times alone decide.
    double received = std::numeric_limits<double>::infinity();
    double clock = std::numeric_limits<double>::infinity();

    /// Feeds one event (parsed once for all its matches); `received` set when online.
    bool Feed(std::uint32_t base_rule,
              std::size_t event_index,
              std::string_view event_json,
              double now,
              const std::optional<Received>& receipt,
              const OnFire& on_fire);

    /// Places the ordered correlations as nodes and links each reference to its node or rule.
    void Wire(const std::vector<const Rule*>& base,
              const std::vector<std::vector<std::int64_t>>& targets,
              const std::vector<std::uint32_t>& order,
              std::vector<CorrelationRule>& correlations);
    double Measure(const Node& node, const Group& g) const;
    bool Holds(const Node& node, double measure) const;
    void Add(std::uint32_t c,
             std::uint32_t step,
             std::size_t event_index,
             double time,
             const Lookup& lookup,
             const OnFire& on_fire);
    void Fire(std::uint32_t c,
              Group& g,
              double measure,
              std::size_t event_index,
              double time,
              const OnFire& on_fire);
    void Sweep(std::uint32_t c, double now, const OnFire& on_fire);
};

std::string_view CorrelationTypeName(CorrelationRule::Type type) {
    switch (type) {
        case Type::kEventCount:
            return "event_count";
        case Type::kValueCount:
            return "value_count";
        case Type::kTemporal:
            return "temporal";
        case Type::kTemporalOrdered:
            return "temporal_ordered";
        case Type::kValueSum:
            return "value_sum";
        case Type::kValueAvg:
            return "value_avg";
        case Type::kValuePercentile:
            return "value_percentile";
    }
    return "";
}

std::optional<double> EventTime(const json::value& event) {
    for (const char* field :
         {"@timestamp", "timestamp", "TimeCreated", "UtcTime", "EventTime", "time", "date"}) {
        if (const auto* v = FindField(event, field)) {
            if (auto time = TimeOf(*v)) {
                return time;
            }
        }
    }
    return std::nullopt;
}

double Correlator::Impl::Measure(const Node& node, const Group& g) const {
    switch (node.rule.type) {
        case Type::kEventCount:
            return static_cast<double>(g.entries.size());
        case Type::kValueCount:
            return static_cast<double>(g.distinct.size());
        case Type::kValueSum:
            return g.sum;
        case Type::kValueAvg:
            return g.entries.empty() ? 0 : g.sum / static_cast<double>(g.entries.size());
        case Type::kValuePercentile: {
            if (g.entries.empty()) {
                return 0;
            }
            std::vector<double> numbers;
            numbers.reserve(g.entries.size());
            for (const auto& e : g.entries) {
                numbers.push_back(e.number);
            }
            std::sort(numbers.begin(), numbers.end());
            // Nearest rank: the smallest value with at least p% of the values at or below it.
            const auto n = static_cast<double>(numbers.size());
            const auto rank = std::clamp(std::ceil(node.rule.percentile / 100 * n), 1.0, n);
            return numbers[static_cast<std::size_t>(rank) - 1];
        }
        case Type::kTemporal:
            return static_cast<double>(std::count_if(g.step_counts.begin(), g.step_counts.end(),
                                                     [](std::size_t n) { return n > 0; }));
        case Type::kTemporalOrdered: {
            // The longest prefix of the rules seen in their order: best[k] is the latest start
            // of a chain of the first k rules.
            std::vector<double> best(node.rule.rules.size() + 1, kNone);
            for (const auto& e : g.entries) {
                if (e.step == 0) {
                    best[1] = std::max(best[1], e.time);
                } else if (best[e.step] != kNone) {
                    best[e.step + 1] = std::max(best[e.step + 1], best[e.step]);
                }
            }
            std::size_t k = 0;
            while (k + 1 < best.size() && best[k + 1] != kNone) {
                ++k;
            }
            return static_cast<double>(k);
        }
    }
    return 0;
}

bool Correlator::Impl::Holds(const Node& node, double measure) const {
    return std::all_of(node.bounds.begin(), node.bounds.end(), [&](const auto& b) {
        switch (b.op) {
            case Op::kGt:
                return measure > b.value;
            case Op::kGte:
                return measure >= b.value;
            case Op::kLt:
                return measure < b.value;
            case Op::kLte:
                return measure <= b.value;
            case Op::kEq:
                return measure == b.value;
        }
        return false;
    });
}

void Correlator::Impl::Fire(std::uint32_t c,
                            Group& g,
                            double measure,
                            std::size_t event_index,
                            double time,
                            const OnFire& on_fire) {
    CorrelationMatch match;
    match.correlation = c;
    match.event_index = event_index;
    match.value = measure;
    match.group = g.values;
    match.event_count = g.entries.size();
    for (const auto& e : g.entries) {
        if (match.events.size() == CorrelationMatch::kMaxEvents) {
            break;
        }
        match.events.push_back(e.event_index);
    }
    // The group starts again empty: one firing per burst.
    g.entries.clear();
    g.distinct.clear();
    std::fill(g.step_counts.begin(), g.step_counts.end(), 0);
    g.sum = 0;
    g.window_start = kNone;
    if (nodes[c].reported) {
        on_fire(match);
    }
    // Chains: the firing is an event of the correlations that refer to this one, its fields
    // the group-by values.
    const auto values = match.group;
    const Lookup lookup = [&values](std::string_view field) -> std::optional<std::string> {
        for (const auto& [name, value] : values) {
            if (name == field) {
                return value;
            }
        }
        return std::nullopt;
    };
    for (const auto& use : node_uses[c]) {
        Add(use.correlation, use.step, event_index, time, lookup, on_fire);
    }
}

void Correlator::Impl::Add(std::uint32_t c,
                           std::uint32_t step,
                           std::size_t event_index,
                           double time,
                           const Lookup& lookup,
                           const OnFire& on_fire) {
    auto& node = nodes[c];
    const auto span = static_cast<double>(node.rule.timespan.count());
    Entry entry{time, event_index, step, {}, 0};
    if (node.rule.type != Type::kEventCount && node.rule.type != Type::kTemporal &&
        node.rule.type != Type::kTemporalOrdered) {
        auto value = lookup(node.value_fields[step]);
        if (!value) {
            return;  // the field is not there: nothing to count
        }
        if (node.rule.type != Type::kValueCount) {
            const auto number = Number(*value);
            if (!number) {
                return;
            }
            entry.number = *number;
        }
        entry.value = std::move(*value);
    }
    std::string key;
    std::vector<std::pair<std::string, std::string>> values;
    for (std::size_t k = 0; k < node.rule.group_by.size(); ++k) {
        auto value = lookup(node.group_fields[step][k]).value_or("");
        key += value;
        key += '\x1f';
        values.emplace_back(node.rule.group_by[k], std::move(value));
    }
    auto [it, fresh] = node.groups.try_emplace(key);
    Group& g = it->second;
    if (fresh) {
        g.values = std::move(values);
        g.step_counts.assign(node.rule.rules.size(), 0);
    }
    const auto remove_front = [&] {
        const auto& e = g.entries.front();
        g.sum -= e.number;
        --g.step_counts[e.step];
        if (node.rule.type == Type::kValueCount) {
            const auto d = g.distinct.find(e.value);
            if (--d->second == 0) {
                g.distinct.erase(d);
            }
        }
        g.entries.pop_front();
    };
    // Time moves no further than the receipt (online): an event from the future counts, but
    // does not expire the entries or close the window of the group it joins.
    const double reach = std::min(time, received);
    if (node.rising) {
        while (!g.entries.empty() && g.entries.front().time < reach - span) {
            remove_front();
        }
    } else if (g.window_start != kNone && reach - g.window_start > span) {
        const auto& last = g.entries.back();
        const double measure = Measure(node, g);
        if (Holds(node, measure)) {
            Fire(c, g, measure, last.event_index, last.time, on_fire);
        } else {
            while (!g.entries.empty()) {
                remove_front();
            }
            g.window_start = kNone;
        }
    }
    if (g.window_start == kNone) {
        g.window_start = time;
    }
    g.newest = std::max(g.newest, time);
    node.newest = std::max(node.newest, time);
    ++g.step_counts[step];
    g.sum += entry.number;
    if (node.rule.type == Type::kValueCount) {
        ++g.distinct[entry.value];
    }
    g.entries.push_back(std::move(entry));
    if (node.rising) {
        const double measure = Measure(node, g);
        if (Holds(node, measure)) {
            Fire(c, g, measure, event_index, time, on_fire);
        }
    }
    if (++node.feeds % 1024 == 0) {
        Sweep(c, std::min(node.newest, clock), on_fire);
    }
}

// Forgets groups whose window has passed, closing the upper-bounded ones first.
void Correlator::Impl::Sweep(std::uint32_t c, double now, const OnFire& on_fire) {
    auto& node = nodes[c];
    const auto span = static_cast<double>(node.rule.timespan.count());
    std::vector<std::string> stale;
    for (auto& [key, g] : node.groups) {
        if (!node.rising && g.window_start != kNone && now - g.window_start > span) {
            const double measure = Measure(node, g);
            if (Holds(node, measure)) {
                const auto last = g.entries.back();
                Fire(c, g, measure, last.event_index, last.time, on_fire);
            }
            stale.push_back(key);
        } else if (node.rising && now - g.newest > span) {
            stale.push_back(key);
        }
    }
    for (const auto& key : stale) {
        node.groups.erase(key);
    }
}

namespace {

/// What each reference of each correlation names: a base rule (>= 0) or a correlation (encoded
/// as -1 - index); the reason when one names nothing loaded.
struct References {
    std::vector<std::vector<std::int64_t>> targets;
    std::vector<std::string> reason;
};

References ResolveReferences(const std::vector<CorrelationRule>& correlations,
                             const std::vector<const Rule*>& base) {
    const std::size_t n = correlations.size();
    std::map<std::string, std::int64_t, std::less<>> by_name;
    for (std::size_t c = 0; c < n; ++c) {
        for (const auto* key : {&correlations[c].name, &correlations[c].id}) {
            if (!key->empty()) {
                by_name.emplace(*key, -1 - static_cast<std::int64_t>(c));
            }
        }
    }
    for (std::size_t b = 0; b < base.size(); ++b) {
        for (const auto* key : {&base[b]->name, &base[b]->id}) {
            if (!key->empty()) {
                by_name.emplace(*key, static_cast<std::int64_t>(b));
            }
        }
    }
    References refs{std::vector<std::vector<std::int64_t>>(n), std::vector<std::string>(n)};
    for (std::size_t c = 0; c < n; ++c) {
        for (const auto& reference : correlations[c].rules) {
            const auto it = by_name.find(reference);
            if (it == by_name.end()) {
                refs.reason[c] = fmt::format(
                    "Luật tương quan dùng luật \"{}\" không được nạp (the correlation refers to "
                    "\"{}\", which is not a loaded rule)",
                    reference, reference);
                break;
            }
            refs.targets[c].push_back(it->second);
        }
    }
    return refs;
}

/// The correlations ordered so those referred to come first; what is left is a cycle or
/// depends on a refused correlation, and is refused.
std::vector<std::uint32_t> OrderCorrelations(const std::vector<CorrelationRule>& correlations,
                                             References& refs,
                                             std::vector<Refusal>& refused) {
    const std::size_t n = correlations.size();
    std::vector<int> state(n, 0);  // 0 open, 1 placed, 2 refused
    for (std::size_t c = 0; c < n; ++c) {
        if (!refs.reason[c].empty()) {
            state[c] = 2;
        }
    }
    std::vector<std::uint32_t> order;
    for (bool progress = true; progress;) {
        progress = false;
        for (std::size_t c = 0; c < n; ++c) {
            if (state[c] != 0) {
                continue;
            }
            bool ready = true;
            for (const auto t : refs.targets[c]) {
                if (t >= 0) {
                    continue;
                }
                const auto other = static_cast<std::size_t>(-1 - t);
                if (state[other] == 2) {
                    refs.reason[c] = fmt::format(
                        "Luật tương quan dùng luật tương quan bị từ chối \"{}\" (the correlation "
                        "refers to the refused correlation \"{}\")",
                        correlations[other].title, correlations[other].title);
                    state[c] = 2;
                    progress = true;
                    ready = false;
                    break;
                }
                ready = ready && state[other] == 1;
            }
            if (ready && state[c] == 0) {
                state[c] = 1;
                order.push_back(static_cast<std::uint32_t>(c));
                progress = true;
            }
        }
    }
    for (std::size_t c = 0; c < n; ++c) {
        if (state[c] == 0) {
            refs.reason[c] =
                "Luật tương quan dùng chính nó qua một vòng (the correlation refers to itself "
                "through a cycle)";
        }
        if (state[c] != 1) {
            refused.push_back(
                {correlations[c].file, correlations[c].id, correlations[c].title, refs.reason[c]});
        }
    }
    return order;
}

/// An alias names, per referred rule (by name or id), the field that stands for `field`.
std::string AliasedField(const CorrelationRule& rule,
                         const std::string& field,
                         const std::string& name,
                         const std::string& id) {
    const auto alias = rule.aliases.find(field);
    if (alias == rule.aliases.end()) {
        return field;
    }
    for (const auto& key : {name, id}) {
        if (key.empty()) {
            continue;
        }
        if (const auto f = alias->second.find(key); f != alias->second.end()) {
            return f->second;
        }
    }
    return field;
}

}  // namespace

void Correlator::Impl::Wire(const std::vector<const Rule*>& base,
                            const std::vector<std::vector<std::int64_t>>& targets,
                            const std::vector<std::uint32_t>& order,
                            std::vector<CorrelationRule>& correlations) {
    std::vector<std::int64_t> placed(correlations.size(), -1);
    for (const auto c : order) {
        placed[c] = static_cast<std::int64_t>(nodes.size());
        nodes.push_back({});
        nodes.back().rule = std::move(correlations[c]);
    }
    base_uses.resize(base.size());
    node_uses.resize(nodes.size());
    base_reports.assign(base.size(), false);
    std::vector<bool> used_base(base.size(), false), node_reports(nodes.size(), false),
        used_node(nodes.size(), false);
    for (std::size_t k = 0; k < order.size(); ++k) {
        auto& node = nodes[k];
        const auto& rule = node.rule;
        for (std::size_t step = 0; step < targets[order[k]].size(); ++step) {
            const auto t = targets[order[k]][step];
            const Use use{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(step)};
            const std::string* name = nullptr;  // the referred rule's name and id
            const std::string* id = nullptr;
            if (t >= 0) {
                const auto b = static_cast<std::size_t>(t);
                base_uses[b].push_back(use);
                used_base[b] = true;
                base_reports[b] = base_reports[b] || rule.generate;
                name = &base[b]->name;
                id = &base[b]->id;
            } else {
                const auto other =
                    static_cast<std::size_t>(placed[static_cast<std::size_t>(-1 - t)]);
                node_uses[other].push_back(use);
                used_node[other] = true;
                node_reports[other] = node_reports[other] || rule.generate;
                name = &nodes[other].rule.name;
                id = &nodes[other].rule.id;
            }
            std::vector<std::string> fields;
            for (const auto& g : rule.group_by) {
                fields.push_back(AliasedField(rule, g, *name, *id));
            }
            node.group_fields.push_back(std::move(fields));
            node.value_fields.push_back(AliasedField(rule, rule.field, *name, *id));
        }
        node.bounds = rule.condition;
        if (node.bounds.empty()) {  // temporal kinds without a condition: every rule appears
            node.bounds.push_back({Op::kGte, static_cast<double>(rule.rules.size())});
        }
        node.rising = std::all_of(node.bounds.begin(), node.bounds.end(), [](const auto& b) {
            return b.op == Op::kGt || b.op == Op::kGte;
        });
    }
    for (std::size_t b = 0; b < base.size(); ++b) {
        if (!used_base[b]) {
            base_reports[b] = true;
        }
    }
    for (std::size_t k = 0; k < nodes.size(); ++k) {
        nodes[k].reported = !used_node[k] || node_reports[k];
    }
}

Correlator Correlator::Build(std::vector<CorrelationRule> correlations,
                             const std::vector<const Rule*>& base,
                             std::vector<Refusal>& refused) {
    auto impl = std::make_unique<Impl>();
    auto refs = ResolveReferences(correlations, base);
    const auto order = OrderCorrelations(correlations, refs, refused);
    impl->Wire(base, refs.targets, order, correlations);
    return Correlator(std::move(impl));
}

Correlator::Correlator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Correlator::Correlator(Correlator&&) noexcept = default;
Correlator& Correlator::operator=(Correlator&&) noexcept = default;
Correlator::~Correlator() = default;

std::size_t Correlator::size() const { return impl_->nodes.size(); }

const CorrelationRule& Correlator::rule(std::size_t index) const {
    return impl_->nodes[index].rule;
}

bool Correlator::Uses(std::uint32_t base_rule) const {
    return base_rule < impl_->base_uses.size() && !impl_->base_uses[base_rule].empty();
}

bool Correlator::Reports(std::uint32_t base_rule) const {
    return base_rule >= impl_->base_reports.size() || impl_->base_reports[base_rule];
}

void Correlator::Feed(std::uint32_t base_rule,
                      std::size_t event_index,
                      std::string_view event_json,
                      double now,
                      const OnFire& on_fire) {
    if (Uses(base_rule)) {
        (void)impl_->Feed(base_rule, event_index, event_json, now, std::nullopt, on_fire);
    }
}

bool Correlator::Feed(std::uint32_t base_rule,
                      std::size_t event_index,
                      std::string_view event_json,
                      const Received& received,
                      const OnFire& on_fire) {
    return Uses(base_rule) &&
           impl_->Feed(base_rule, event_index, event_json, received.at, received, on_fire);
}

bool Correlator::Impl::Feed(std::uint32_t base_rule,
                            std::size_t event_index,
                            std::string_view event_json,
                            double now,
                            const std::optional<Received>& receipt,
                            const OnFire& on_fire) {
    auto& s = *this;
    if (s.parsed_index != event_index) {
        s.parsed_index = event_index;
        boost::system::error_code ec;
        s.parsed = json::parse(event_json, ec);
        s.parsed_ok = !ec && s.parsed.is_object();
        s.parsed_time = s.parsed_ok ? EventTime(s.parsed) : std::nullopt;
    }
    if (!s.parsed_ok) {
        return false;
    }
    double time = s.parsed_time.value_or(now);
    bool skewed = false;
    if (receipt) {
        if (std::abs(time - receipt->at) > receipt->max_skew) {
            time = receipt->at;
            skewed = true;
        }
        s.received = receipt->at;
        s.clock = s.clock == std::numeric_limits<double>::infinity()
                      ? receipt->at
                      : std::max(s.clock, receipt->at);
    }
    const Lookup lookup = [&s](std::string_view field) { return FieldText(s.parsed, field); };
    for (const auto& use : s.base_uses[base_rule]) {
        s.Add(use.correlation, use.step, event_index, time, lookup, on_fire);
    }
    return skewed;
}

void Correlator::Finish(const OnFire& on_fire) {
    auto& s = *impl_;
    // Nodes are in order, the referred ones first, so a chain's firing reaches a correlation
    // before that one is closed.
    for (std::uint32_t c = 0; c < s.nodes.size(); ++c) {
        s.Sweep(c, std::numeric_limits<double>::infinity(), on_fire);
    }
}

}  // namespace ungcuu::sigma
