// Matching: an event's fields resolved (engine_fields.hpp), the pattern databases scanned over
// them, and the candidate rules' conditions evaluated; plain text lines likewise.
#include "sigma/engine.hpp"

#include <fmt/format.h>
#include <hs/hs.h>
#include <re2/re2.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unordered_map>

#include "sigma/engine_fields.hpp"
#include "sigma/engine_internal.hpp"
#include "sigma/evaluator.hpp"
#include "sigma/glob.hpp"
#include "sigma/regex_factor.hpp"
#include "sigma/values.hpp"

namespace ungcuu::sigma {

EventSource InferLogsource(std::string_view product,
                           std::string_view category,
                           std::string_view service,
                           std::string_view channel) {
    EventSource out{product, category, service};
    if (channel.empty()) {
        return out;
    }
    if (out.product.empty()) {
        out.product = "windows";
    }
    if (out.service.empty()) {
        // The services of Sigma's Windows taxonomy, by the channel their events are written to.
        static constexpr std::pair<std::string_view, std::string_view> kServices[] = {
            {"Security", "security"},
            {"System", "system"},
            {"Application", "application"},
            {"Microsoft-Windows-Sysmon/Operational", "sysmon"},
            {"Windows PowerShell", "powershell-classic"},
            {"Microsoft-Windows-PowerShell/Operational", "powershell"},
            {"PowerShellCore/Operational", "powershell"},
            {"Microsoft-Windows-WMI-Activity/Operational", "wmi"},
            {"Microsoft-Windows-TaskScheduler/Operational", "taskscheduler"},
            {"Microsoft-Windows-Windows Defender/Operational", "windefend"},
            {"Microsoft-Windows-Windows Firewall With Advanced Security/Firewall", "firewall-as"},
            {"Microsoft-Windows-DNS-Client/Operational", "dns-client"},
            {"DNS Server", "dns-server"},
            {"Microsoft-Windows-Bits-Client/Operational", "bits-client"},
            {"Microsoft-Windows-CodeIntegrity/Operational", "codeintegrity-operational"},
            {"Microsoft-Windows-AppLocker/EXE and DLL", "applocker"},
            {"Microsoft-Windows-AppLocker/MSI and Script", "applocker"},
            {"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
             "terminalservices-localsessionmanager"},
            {"Microsoft-Windows-NTLM/Operational", "ntlm"},
            {"Microsoft-Windows-SMBClient/Security", "smbclient-security"},
            {"Microsoft-Windows-LSA/Operational", "lsa-server"},
            {"OpenSSH/Operational", "openssh"},
        };
        for (const auto& [name, service_name] : kServices) {
            if (channel == name) {
                out.service = service_name;
                break;
            }
        }
    }
    return out;
}

bool LogsourceFits(const Rule& rule,
                   std::string_view product,
                   std::string_view category,
                   std::string_view service) {
    const auto fits = [](const std::string& want, std::string_view have) {
        if (want.empty() || have.empty() || want.size() != have.size()) {
            return want.empty() || have.empty();
        }
        for (std::size_t i = 0; i < want.size(); ++i) {
            const auto a = static_cast<unsigned char>(want[i]);
            const auto b = static_cast<unsigned char>(have[i]);
            if (std::tolower(a) != std::tolower(b)) {
                return false;
            }
        }
        return true;
    };
    return fits(rule.product, product) && fits(rule.category, category) &&
           fits(rule.service, service);
}

namespace {

// "#text" holds an element's content in evtx exports.
dom::element Content(dom::element v) {
    dom::element text;
    return Engine::Scratch::Impl::Child(v, "#text", text) ? text : v;
}

std::optional<Scalar> ScalarOf(dom::element v, char* buffer) {
    switch (v.type()) {
        case dom::element_type::STRING:
            return Scalar{Scalar::Kind::kString, std::string_view(v.get_string().value_unsafe())};
        case dom::element_type::INT64:
            return Scalar{Scalar::Kind::kNumber, IntegerText(v.get_int64().value_unsafe(), buffer)};
        case dom::element_type::UINT64:
            return Scalar{Scalar::Kind::kNumber,
                          UnsignedText(v.get_uint64().value_unsafe(), buffer)};
        case dom::element_type::DOUBLE:
            return Scalar{Scalar::Kind::kNumber, DoubleText(v.get_double().value_unsafe(), buffer)};
        case dom::element_type::BOOL:
            return Scalar{Scalar::Kind::kBool, v.get_bool().value_unsafe() ? "true" : "false"};
        default:
            return std::nullopt;
    }
}

// Each scalar of a field's value: the value itself, or each element of a list.
template <class Fn>
bool AnyScalarOfField(dom::element value, Fn&& fn) {
    char buffer[kNumberTextSize];
    dom::array array;
    if (value.get_array().get(array) == simdjson::SUCCESS) {
        for (const auto element : array) {
            const auto scalar = ScalarOf(Content(element), buffer);
            if (scalar && fn(*scalar)) {
                return true;
            }
        }
        return false;
    }
    const auto scalar = ScalarOf(value, buffer);
    return scalar && fn(*scalar);
}

// Every scalar anywhere in the event (keywords).
template <class Fn>
bool AnyScalarInside(dom::element value, Fn&& fn) {
    switch (value.type()) {
        case dom::element_type::OBJECT: {
            const dom::object object = value.get_object().value_unsafe();
            for (const auto kv : object) {
                if (AnyScalarInside(kv.value, fn)) {
                    return true;
                }
            }
            return false;
        }
        case dom::element_type::ARRAY: {
            const dom::array array = value.get_array().value_unsafe();
            for (const auto element : array) {
                if (AnyScalarInside(element, fn)) {
                    return true;
                }
            }
            return false;
        }
        default: {
            char buffer[kNumberTextSize];
            const auto scalar = ScalarOf(value, buffer);
            return scalar && fn(*scalar);
        }
    }
}

int OnAtom(unsigned int id,
           unsigned long long /*from*/,
           unsigned long long to,
           unsigned int /*flags*/,
           void* context) {
    auto& s = *static_cast<Engine::Scratch::Impl*>(context);
    if (s.atom_epoch[id] == s.epoch || to > s.text_length) {
        return 0;  // found, or in the padding
    }
    const auto& atom = s.engine->atoms[id];
    const bool start_ok = (atom.anchor != Anchor::kStart && atom.anchor != Anchor::kBoth) ||
                          to == atom.literal.size();
    const bool end_ok =
        (atom.anchor != Anchor::kEnd && atom.anchor != Anchor::kBoth) || to == s.text_length;
    if (start_ok && end_ok) {
        s.atom_epoch[id] = s.epoch;
        s.found.push_back(id);
    }
    return 0;
}

// Vectorscan 5.4.9 (Debian 12) with AVX-512 misses a literal lying 8 to 31 bytes before the end
// of a text of 64 bytes or more (its tail is scanned wrongly). Each value is therefore scanned
// with 64 bytes after it that no literal holds, so a literal never lies near the end; the
// padding cannot match and the anchors still count from the value's own end.
constexpr std::size_t kScanPadding = 64;

void Scan(Engine::Scratch::Impl& s, hs_database_t* db, std::string_view text) {
    if (text.empty()) {
        return;  // atoms are never empty
    }
    s.text_length = text.size();
    s.scanned.assign(text);
    s.scanned.append(kScanPadding, s.engine->padding_byte);
    hs_scan(db, s.scanned.data(), static_cast<unsigned>(s.scanned.size()), 0, s.hs, OnAtom, &s);
}

}  // namespace

Engine::Scratch::Scratch(const Engine& engine) : impl_(std::make_unique<Impl>()) {
    const auto& e = *engine.impl_;
    impl_->engine = &e;
    impl_->field_epoch.assign(e.field_names.size(), 0);
    impl_->field_rank.assign(e.field_names.size(), 0);
    impl_->field_value.resize(e.field_names.size());
    impl_->atom_epoch.assign(e.atoms.size(), 0);
    impl_->rule_epoch.assign(e.rules.size(), 0);
    for (const auto& d : e.databases) {
        hs_alloc_scratch(d.db, &impl_->hs);
    }
    if (e.keyword_db != nullptr) {
        hs_alloc_scratch(e.keyword_db, &impl_->hs);
    }
}

Engine::Scratch::Scratch(Scratch&&) noexcept = default;
Engine::Scratch::~Scratch() = default;

std::size_t Engine::size() const { return impl_->rules.size(); }

const Rule& Engine::rule(std::size_t index) const { return impl_->rules[index]; }

const EngineStats& Engine::stats() const { return impl_->stats; }

// ---- matching --------------------------------------------------------------------------------

namespace {

using Route = Engine::Scratch::Impl::Route;

/// The event's log-source class; the rules it fits are computed once per class and thread.
const Route* RouteOf(const Engine::Impl& e, Engine::Scratch::Impl& s) {
    std::string_view channel;
    if (s.Present(e.channel_field)) {
        const auto value = Content(s.field_value[e.channel_field]);
        if (value.is_string()) {
            channel = value.get_string().value_unsafe();
        }
    }
    const auto source = InferLogsource(s.product, s.category, s.service, channel);
    s.product = source.product;
    s.category = source.category;
    s.service = source.service;
    s.route_key.assign(s.product);
    s.route_key += '\x1f';
    s.route_key += s.category;
    s.route_key += '\x1f';
    s.route_key += s.service;
    const auto it = s.route_ids.find(s.route_key);
    if (it != s.route_ids.end()) {
        return &s.routes[it->second];
    }
    if (s.routes.size() >= kMaxRoutes) {
        return nullptr;
    }
    Route fresh;
    fresh.fits.resize(e.rules.size());
    for (std::uint32_t r = 0; r < e.rules.size(); ++r) {
        fresh.fits[r] = LogsourceFits(e.rules[r], s.product, s.category, s.service);
    }
    for (const auto r : e.always) {
        if (fresh.fits[r]) {
            fresh.always.push_back(r);
        }
    }
    for (std::uint32_t r = 0; r < e.rules.size(); ++r) {
        fresh.keywords = fresh.keywords || (fresh.fits[r] && e.rule_has_keywords[r]);
    }
    s.route_ids.emplace(s.route_key, static_cast<std::uint32_t>(s.routes.size()));
    s.routes.push_back(std::move(fresh));
    return &s.routes.back();
}

/// Scans each field the rules have literals for, then every scalar for keyword rules, and
/// gathers the candidates: rules gated by a found atom, and the rules without a gate.
void GatherCandidates(const Engine::Impl& e,
                      Engine::Scratch::Impl& s,
                      dom::element event,
                      const Route* route) {
    for (const auto field : s.touched) {
        const auto index = e.field_database[field];
        if (index < 0) {
            continue;
        }
        hs_database_t* db = e.databases[static_cast<std::size_t>(index)].db;
        const auto value = Content(s.field_value[field]);
        AnyScalarOfField(value, [&](const Scalar& scalar) {
            Scan(s, db, scalar.text);
            return false;
        });
    }
    if (e.keyword_db != nullptr && (route == nullptr || route->keywords)) {
        AnyScalarInside(event, [&](const Scalar& scalar) {
            Scan(s, e.keyword_db, scalar.text);
            return false;
        });
    }
    for (const auto atom : s.found) {
        for (const auto r : e.atom_rules[atom]) {
            if (s.rule_epoch[r] != s.epoch) {
                s.rule_epoch[r] = s.epoch;
                s.candidates.push_back(r);
            }
        }
    }
    const auto& always = route != nullptr ? route->always : e.always;
    s.candidates.insert(s.candidates.end(), always.begin(), always.end());
}

/// A rule's tests on one event, answered from the scan where it can.
class EventTests {
public:
    EventTests(const Engine::Impl& e, Engine::Scratch::Impl& s, dom::element event)
        : e_(e), s_(s), event_(event) {}

    bool operator()(const Item& /*item*/, const Test& t) const {
        const auto& plan = e_.plans[t.slot];
        if (plan.field == kNoField) {  // keywords
            const auto everywhere = [&](auto&& fn) { return AnyScalarInside(event_, fn); };
            if (plan.globs) {
                return GlobsHold(plan, t, everywhere);
            }
            return everywhere([&](const Scalar& v) { return ScalarMatches(t, v); });
        }
        const bool present = s_.Present(plan.field);
        const dom::element value = present ? Content(s_.field_value[plan.field]) : dom::element();
        if (t.kind == Test::Kind::kExists) {
            return present == t.exists;
        }
        if (t.kind == Test::Kind::kNull) {
            return !present || value.is_null();
        }
        if (!present || value.is_null()) {
            return t.negate;
        }
        const bool hit = FieldHolds(plan, t, value);
        return t.negate ? !hit : hit;
    }

private:
    bool FieldHolds(const TestPlan& plan, const Test& t, dom::element value) const {
        if (plan.globs) {
            return GlobsHold(plan, t, [&](auto&& fn) { return AnyScalarOfField(value, fn); });
        }
        if (t.kind == Test::Kind::kFieldRef) {
            char buffer[kNumberTextSize];
            std::optional<Scalar> other;
            if (s_.Present(plan.other_field)) {
                other = ScalarOf(Content(s_.field_value[plan.other_field]), buffer);
            }
            return other && AnyScalarOfField(value, [&](const Scalar& v) {
                       return FieldRefMatches(t, v, *other);
                   });
        }
        if (!plan.filter.empty() && std::none_of(plan.filter.begin(), plan.filter.end(),
                                                 [&](std::uint32_t a) { return s_.Found(a); })) {
            return false;  // a regex without any of the literals its matches contain
        }
        return AnyScalarOfField(value, [&](const Scalar& v) { return ScalarMatches(t, v); });
    }

    // A glob test: its literal globs from the scan, its other globs on the values.
    template <class ForValues>
    bool GlobsHold(const TestPlan& plan, const Test& t, ForValues&& for_values) const {
        for (const auto a : plan.atoms) {
            if (s_.Found(a)) {
                return true;
            }
        }
        // Which of the other globs may hold: no filter, or one of its spellings found.
        bool any_open = false;
        s_.open.resize(std::max(s_.open.size(), plan.complex.size()));
        for (std::size_t k = 0; k < plan.complex.size(); ++k) {
            const auto& filter = plan.complex[k].filter;
            s_.open[k] =
                filter.empty() || std::any_of(filter.begin(), filter.end(),
                                              [&](std::uint32_t a) { return s_.Found(a); });
            any_open = any_open || s_.open[k];
        }
        if (!any_open) {
            return false;
        }
        return for_values([&](const Scalar& v) {
            std::string_view subject = v.text;
            if (!t.cased) {
                LowerUtf8Into(v.text, s_.lowered);
                subject = s_.lowered;
            }
            for (std::size_t k = 0; k < plan.complex.size(); ++k) {
                if (s_.open[k] && GlobMatch(t.globs[plan.complex[k].glob], subject)) {
                    return true;
                }
            }
            return false;
        });
    }

    const Engine::Impl& e_;
    Engine::Scratch::Impl& s_;
    dom::element event_;
};

void MatchEvent(const Engine::Impl& e,
                Engine::Scratch::Impl& s,
                dom::element event,
                std::vector<std::uint32_t>& out) {
    s.Next();
    s.Resolve(event);
    const Route* route = e.options.route_by_logsource ? RouteOf(e, s) : nullptr;
    GatherCandidates(e, s, event, route);
    const EventTests test(e, s, event);
    for (const auto r : s.candidates) {
        const auto& rule = e.rules[r];
        if (route != nullptr ? route->fits[r] == 0
                             : e.options.route_by_logsource &&
                                   !LogsourceFits(rule, s.product, s.category, s.service)) {
            continue;
        }
        const bool fires = RuleMatches(
            e.conditions[r], [&](const CompiledDetection& d) { return DetectionMatches(d, test); });
        if (fires) {
            out.push_back(r);
        }
    }
    std::sort(out.begin(), out.end());
}

}  // namespace

core::Status Engine::Match(Scratch& scratch,
                           std::string_view document,
                           std::vector<std::uint32_t>& out) const {
    auto& s = *scratch.impl_;
    out.clear();
    s.padded.assign(document);
    s.padded.append(simdjson::SIMDJSON_PADDING, '\0');
    dom::element event;
    const auto error = s.parser.parse(s.padded.data(), document.size(), false).get(event);
    if (error != simdjson::SUCCESS) {
        return core::InvalidArgument(
            fmt::format("Sự kiện không phải JSON hợp lệ ({}).", simdjson::error_message(error)),
            fmt::format("The event is not valid JSON ({}).", simdjson::error_message(error)));
    }
    MatchEvent(*impl_, s, event, out);
    return core::Ok();
}

bool Engine::StartsWithJsonLine(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) {
        ++start;
    }
    if (start == text.size() || text[start] == '[') {
        return false;
    }
    const auto end = text.find('\n', start);
    const std::string_view line =
        text.substr(start, (end == std::string_view::npos ? text.size() : end) - start);
    dom::parser parser;
    dom::element first;
    return parser.parse(std::string(line)).get(first) == simdjson::SUCCESS;
}

namespace {

/// Events of a text (JSON lines, one document, an array, documents one after another) through
/// MatchEvent, counting events and unreadable documents.
class TextMatcher {
public:
    TextMatcher(const Engine::Impl& e,
                Engine::Scratch::Impl& s,
                const Engine::OnMatch& on_match,
                Engine::EventText event_text)
        : e_(e), s_(s), on_match_(on_match), event_text_(event_text) {}

    // `body`: the event's line, or empty when it must be written out from the element.
    void Emit(std::size_t index, dom::element event, std::string_view body) {
        ++stats.events;
        matches_.clear();
        MatchEvent(e_, s_, event, matches_);
        if (matches_.empty()) {
            return;
        }
        if (body.empty() && event_text_ == Engine::EventText::kPass) {
            minified_ = simdjson::minify(event);
            body = minified_;
        }
        for (const auto r : matches_) {
            on_match_(index, r, body);
        }
    }

    void Bad(std::string_view where_vi, std::string_view where_en, simdjson::error_code error) {
        ++stats.bad;
        if (stats.first_error.empty()) {
            stats.first_error = fmt::format("{}: không phải JSON hợp lệ ({})", where_vi,
                                            simdjson::error_message(error));
            stats.first_error_en =
                fmt::format("{}: not valid JSON ({})", where_en, simdjson::error_message(error));
        }
    }

    void Lines(std::string_view text) {
        ForEachTextLine(text, [&](std::size_t line, std::string_view body) {
            dom::element event;
            const auto error = s_.parser.parse(body.data(), body.size(), false).get(event);
            if (error == simdjson::SUCCESS) {
                Emit(line, event, body);
            } else {
                Bad(fmt::format("dòng {}", line + 1), fmt::format("line {}", line + 1), error);
            }
        });
    }

    // One document (an array of events, or one event), or documents one after another.
    void Documents(std::string_view text, std::size_t start) {
        dom::document_stream stream;
        if (s_.parser
                .parse_many(text.data() + start, text.size() - start,
                            std::max<std::size_t>(text.size() - start, 1U << 20))
                .get(stream) != simdjson::SUCCESS) {
            Bad("dữ liệu", "input", simdjson::TAPE_ERROR);
            return;
        }
        std::size_t index = 0;
        bool single_array = false;
        for (auto it = stream.begin(); it != stream.end(); ++it) {
            const std::string where = fmt::format("byte {}", start + it.current_index());
            dom::element document;
            const auto error = (*it).get(document);
            if (error != simdjson::SUCCESS) {
                Bad(where, where, error);
                break;  // the stream cannot resynchronise after a broken document
            }
            dom::array array;
            if (index == 0 && text[start] == '[' &&
                document.get_array().get(array) == simdjson::SUCCESS) {
                single_array = true;
                for (const auto element : array) {
                    Emit(index++, element, {});
                }
                continue;
            }
            if (single_array) {  // an array followed by more documents: the array was one event
                Bad(where, where, simdjson::TAPE_ERROR);
                break;
            }
            Emit(index++, document, {});
        }
    }

    Engine::TextStats stats;

private:
    const Engine::Impl& e_;
    Engine::Scratch::Impl& s_;
    const Engine::OnMatch& on_match_;
    Engine::EventText event_text_;
    std::vector<std::uint32_t> matches_;
    std::string minified_;
};

}  // namespace

Engine::TextStats Engine::MatchText(Scratch& scratch,
                                    std::string_view text,
                                    const OnMatch& on_match,
                                    EventText event_text) const {
    auto& s = *scratch.impl_;
    TextMatcher matcher(*impl_, s, on_match, event_text);
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) {
        ++start;
    }
    if (start == text.size()) {
        return matcher.stats;
    }
    // JSON lines: the first line is a whole document.
    const auto first_end = text.find('\n', start);
    const std::size_t first_len =
        (first_end == std::string_view::npos ? text.size() : first_end) - start;
    dom::element first;
    const bool lines =
        text[start] != '[' &&
        s.parser.parse(text.data() + start, first_len, false).get(first) == simdjson::SUCCESS;
    matcher.stats.lines = lines;
    if (lines) {
        matcher.Lines(text);
    } else {
        matcher.Documents(text, start);
    }
    return matcher.stats;
}

Engine::TextStats MatchPlainText(const std::vector<CompiledRule>& rules,
                                 bool route,
                                 std::string_view text,
                                 const Engine::OnMatch& on_match,
                                 Engine::EventText event_text,
                                 const std::function<bool()>& keep_going) {
    Engine::TextStats stats;
    const auto match = [&](std::size_t index, const boost::json::value& event) {
        if (stats.stopped || (keep_going && !keep_going())) {
            stats.stopped = true;
            return;
        }
        ++stats.events;
        std::string written;  // the event's text, written out on its first match
        std::string_view source[3];
        if (const auto* object = event.if_object()) {
            const char* keys[3] = {"product", "category", "service"};
            for (int k = 0; k < 3; ++k) {
                const auto* v = object->if_contains(keys[k]);
                if (v != nullptr && v->is_string()) {
                    source[k] = v->get_string();
                }
            }
        }
        std::string_view channel;
        if (const auto* v = FindField(event, "Channel")) {
            if (v->is_object()) {
                if (const auto* inner = v->get_object().if_contains("#text")) {
                    v = inner;
                }
            }
            if (v->is_string()) {
                channel = v->get_string();
            }
        }
        const auto inferred = InferLogsource(source[0], source[1], source[2], channel);
        for (std::uint32_t r = 0; r < rules.size(); ++r) {
            if (route && !LogsourceFits(rules[r].rule(), inferred.product, inferred.category,
                                        inferred.service)) {
                continue;
            }
            if (rules[r].Matches(event)) {
                if (written.empty() && event_text == Engine::EventText::kPass) {
                    written = boost::json::serialize(event);
                }
                on_match(index, r, written);
            }
        }
    };
    if (Engine::StartsWithJsonLine(text)) {
        stats.lines = true;
        ForEachTextLine(text, [&](std::size_t line, std::string_view body) {
            boost::system::error_code ec;
            const auto event = boost::json::parse(body, ec);
            if (!ec) {
                match(line, event);
            } else if (++stats.bad == 1) {
                stats.first_error = fmt::format("dòng {}: không phải JSON hợp lệ", line + 1);
                stats.first_error_en = fmt::format("line {}: not valid JSON", line + 1);
            }
        });
        return stats;
    }
    auto events = ParseEvents(text);
    if (!events.ok()) {
        stats.bad = 1;
        stats.first_error = events.error().message_vi;
        stats.first_error_en = events.error().message_en;
        return stats;
    }
    for (std::size_t i = 0; i < events->size(); ++i) {
        match(i, (*events)[i]);
    }
    return stats;
}

}  // namespace ungcuu::sigma
