#include "ingest/sigma_detection_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <limits>

#include "assets/embedded.hpp"
#include "core/text.hpp"
#include "logformats/log_parsers.hpp"

namespace ungcuu::ingest {

namespace {

constexpr std::size_t kMaxTestRuleBytes = std::size_t{256} * 1024;
constexpr std::size_t kMaxTestEvents = 10000;
constexpr std::size_t kMaxTestPatternBytes = 32U << 20;
// A rule test runs on the server's worker pool; it gives the pool back after this long.
constexpr std::chrono::seconds kTestBudget{10};

core::Error OverBudget() {
    return core::InvalidArgument(
        fmt::format("Lần thử luật vượt quá {} giây; hãy thử ít sự kiện hoặc ít luật hơn mỗi lần.",
                    kTestBudget.count()),
        fmt::format("The rule test took more than {} seconds; test fewer events or rules at a "
                    "time.",
                    kTestBudget.count()));
}

std::string GroupKey(const sigma::CorrelationMatch& match) {
    std::string key;
    for (const auto& [name, value] : match.group) {
        if (!key.empty()) {
            key += ", ";
        }
        key += name;
        key += '=';
        key += value;
    }
    return key;
}

double Seconds(core::TimePoint time) {
    return std::chrono::duration<double>(time.time_since_epoch()).count();
}

void Append(sigma::RuleSet& into, sigma::RuleSet from) {
    for (auto& rule : from.rules) {
        into.rules.push_back(std::move(rule));
    }
    for (auto& c : from.correlations) {
        into.correlations.push_back(std::move(c));
    }
    for (auto& refusal : from.refused) {
        into.refused.push_back(std::move(refusal));
    }
}

app::DetectionRefusal RefusalOf(const sigma::Refusal& refusal) {
    return {refusal.file, refusal.title.empty() ? refusal.id : refusal.title, refusal.reason};
}

// One event's body as one JSON line (empty when it is not in its format).
bool ToJsonLine(const app::IngestedEvent& event,
                const logformats::ParseContext& context,
                std::string& out,
                logformats::LineNotes& notes) {
    std::string_view body = event.body;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) {
        body.remove_suffix(1);
    }
    auto format = logformats::ParseLogFormat(event.format);
    if (!format) {
        format = logformats::GuessLogFormat(body, context);
    }
    if (*format == logformats::LogFormat::kJson) {
        if (body.find('\n') != std::string_view::npos) {
            return false;  // one event per line
        }
        out.append(body);
        return !body.empty();
    }
    // A message may carry line breaks (octet-counted syslog): one line for the parser, copied
    // only then.
    std::string joined;
    if (body.find('\n') != std::string_view::npos) {
        joined.assign(body);
        std::replace(joined.begin(), joined.end(), '\n', ' ');
        body = joined;
    }
    auto json = *format == logformats::LogFormat::kSyslog
                    ? logformats::SyslogToJson(body, context, &notes)
                    : logformats::AccessLogToJson(body, context, &notes);
    if (!json) {
        return false;
    }
    out.append(*json);
    return true;
}

constexpr std::size_t kHealthSampleBytes = 1024;
constexpr std::size_t kMaxFacts = 20;

// Where events name who did what, in the field names the parsers and common sources use.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kFactFields = {{
    {"ip", "source.ip"},
    {"ip", "c-ip"},
    {"ip", "client.ip"},
    {"ip", "src_ip"},
    {"ip", "IpAddress"},
    {"user", "user.name"},
    {"user", "cs-username"},
    {"user", "TargetUserName"},
    {"user", "User"},
    {"host", "host"},
    {"host", "host.name"},
    {"host", "Computer"},
    {"host", "hostname"},
    {"host", "Hostname"},
}};

std::string_view FactKindOfField(std::string_view field) {
    for (const auto& [kind, name] : kFactFields) {
        if (name == field) {
            return kind;
        }
    }
    return {};
}

void AddFact(std::vector<app::AlertFact>& facts, std::string_view kind, std::string_view value) {
    if (kind.empty() || value.empty() || value == "-" || facts.size() >= kMaxFacts) {
        return;
    }
    // No control characters: a fact is one line of text wherever it is kept.
    std::string clean(core::CutUtf8(value, 256));
    std::replace_if(
        clean.begin(), clean.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; },
        ' ');
    app::AlertFact fact{std::string(kind), std::move(clean)};
    if (std::find(facts.begin(), facts.end(), fact) == facts.end()) {
        facts.push_back(std::move(fact));
    }
}

// The address, user and host an event names (its parsed JSON object).
std::vector<app::AlertFact> FactsOf(std::string_view json_text) {
    std::vector<app::AlertFact> facts;
    boost::system::error_code ec;
    const auto value = boost::json::parse(json_text, ec);
    if (ec || !value.is_object()) {
        return facts;
    }
    for (const auto& [kind, field] : kFactFields) {
        if (const auto* v = value.as_object().if_contains(field); v != nullptr && v->is_string()) {
            AddFact(facts, kind, v->get_string());
        }
    }
    return facts;
}

// A plain rule's natural group: the event's subject (address, else user, else host), named as
// the parsers name the field, so that a correlation grouped by the same field reads alike.
std::string NaturalKey(const std::vector<app::AlertFact>& facts) {
    const auto* subject = app::SubjectFact(facts);
    if (subject == nullptr) {
        return {};
    }
    const std::string_view field = subject->kind == "ip"     ? "source.ip"
                                   : subject->kind == "user" ? "user.name"
                                                             : "host";
    return fmt::format("{}={}", field, subject->value);
}

// A source's lines as the health counters keep them.
void Note(app::SourceHealth& health,
          const app::IngestedEvent& event,
          bool readable,
          const logformats::LineNotes& notes) {
    ++health.events;
    health.last_received = event.received_at;
    const auto sample = [&] { return std::string(core::CutUtf8(event.body, kHealthSampleBytes)); };
    if (!readable) {
        ++health.unreadable;
        health.sample = sample();
        health.sample_problem = "unreadable";
    } else if (!notes.missing.empty()) {
        ++health.missing_fields;
        health.sample = sample();
        health.sample_problem = fmt::format("missing:{}", notes.missing);
    }
    if (notes.skewed) {
        ++health.skewed;
        health.skewed_sample = sample();
    }
}

// Bounds of the rules that come with warnings: those of one warning, those running at once.
constexpr std::size_t kMaxDeployedRules = 500;
constexpr std::size_t kMaxRuleIdBytes = 200;

// A warning's rules compiled for the plain evaluator (a few, on the events of a few units);
// what cannot run goes to `refused` with the reason. Their expanded patterns share one budget.
std::vector<sigma::CompiledRule> CompileWarningRules(std::string_view text,
                                                     const std::string& file,
                                                     std::size_t max_rules,
                                                     std::vector<sigma::Refusal>& refused) {
    auto set = sigma::ParseRules(text, file);
    refused = std::move(set.refused);
    for (const auto& c : set.correlations) {
        refused.push_back({file, c.id, c.title,
                           "luật tương quan không gửi kèm cảnh báo được, chỉ luật đơn (a "
                           "correlation does not travel with a warning: plain rules only)"});
    }
    std::vector<sigma::CompiledRule> out;
    std::vector<std::string_view> ids;
    std::size_t budget = kMaxTestPatternBytes;
    for (const auto& rule : set.rules) {
        const auto refuse = [&](std::string reason) {
            refused.push_back({file, rule.id, rule.title, std::move(reason)});
        };
        if (rule.id.empty() || rule.id.size() > kMaxRuleIdBytes || !core::IsValidUtf8(rule.id)) {
            refuse(
                "luật cần có id (tối đa 200 ký tự) để cảnh báo phát hiện mang tên luật (a rule "
                "needs an id of at most 200 characters)");
            continue;
        }
        if (std::find(ids.begin(), ids.end(), rule.id) != ids.end()) {
            refuse("id đã dùng cho luật khác trong cùng văn bản (the id is used twice)");
            continue;
        }
        if (out.size() >= max_rules) {
            refuse(fmt::format("quá {} luật (more than {} rules)", max_rules, max_rules));
            continue;
        }
        std::size_t bytes = 0;
        auto compiled = sigma::CompiledRule::Compile(rule, &bytes);
        if (!compiled.ok()) {
            refuse(compiled.error().message_vi);
            continue;
        }
        if (bytes > budget) {
            refuse("các luật mở rộng quá 32 MiB mẫu (the rules expand past 32 MiB of patterns)");
            continue;
        }
        budget -= bytes;
        ids.push_back(rule.id);
        out.push_back(std::move(compiled).value());
    }
    return out;
}

void AddUnits(std::vector<std::int64_t>& into, const std::vector<std::int64_t>& units) {
    into.insert(into.end(), units.begin(), units.end());
    std::sort(into.begin(), into.end());
    into.erase(std::unique(into.begin(), into.end()), into.end());
}

bool HasUnit(const std::vector<std::int64_t>& units, std::int64_t unit) {
    return std::binary_search(units.begin(), units.end(), unit);
}

}  // namespace

/// The rules running because of warnings, compiled; replaced whole by each deployment.
struct SigmaDetectionEngine::SentRules {
    std::vector<sigma::CompiledRule> compiled;
    std::vector<app::WarningRule> rules;  // one per compiled rule
    std::vector<std::int64_t> units;      // of every rule, sorted
};

core::Status SigmaDetectionEngine::CheckWarningRules(std::string_view text) {
    std::vector<sigma::Refusal> refused;
    const auto compiled = CompileWarningRules(text, "", kMaxWarningRules, refused);
    if (!refused.empty()) {
        const auto& first = refused.front();
        const std::string name = !first.title.empty() ? first.title : first.id;
        return core::InvalidArgument(
            name.empty() ? fmt::format("Luật Sigma không dùng được: {}", first.reason)
                         : fmt::format("Luật Sigma \"{}\" không dùng được: {}",
                                       core::CutUtf8(name, 200), first.reason),
            name.empty() ? fmt::format("A Sigma rule cannot run: {}", first.reason)
                         : fmt::format("The Sigma rule \"{}\" cannot run: {}",
                                       core::CutUtf8(name, 200), first.reason));
    }
    if (compiled.empty()) {
        return core::InvalidArgument("Không có luật Sigma nào trong văn bản luật.",
                                     "The rules text holds no Sigma rule.");
    }
    return core::Ok();
}

app::WarningRuleDeployment SigmaDetectionEngine::DeployWarningRules(
    const std::vector<app::WarningRuleSet>& sets) {
    auto next = std::make_shared<SentRules>();
    app::WarningRuleDeployment out;
    std::map<std::string, std::size_t, std::less<>> by_id;
    for (const auto& set : sets) {
        const std::string file = fmt::format("cảnh báo {}", set.warning_id);
        std::vector<sigma::Refusal> refused;
        auto compiled = CompileWarningRules(set.text, file, kMaxWarningRules, refused);
        for (auto& rule : compiled) {
            const std::string& id = rule.rule().id;
            const auto refuse = [&](std::string reason) {
                refused.push_back({file, id, rule.rule().title, std::move(reason)});
            };
            if (std::any_of(infos_.begin(), infos_.end(),
                            [&id](const auto& info) { return info.id == id; })) {
                refuse(
                    "bộ luật của máy chủ đã có luật cùng id, chạy ở mọi đơn vị (the server's "
                    "rule pack has a rule with this id, running for every unit)");
                continue;
            }
            if (const auto found = by_id.find(id); found != by_id.end()) {
                auto& running = next->rules[found->second];
                running.warnings.push_back(set.warning_id);
                AddUnits(running.units, set.units);
                continue;
            }
            if (next->compiled.size() >= kMaxDeployedRules) {
                refuse(
                    fmt::format("đã có {} luật kèm cảnh báo đang chạy (already {} rules sent "
                                "with warnings running)",
                                kMaxDeployedRules, kMaxDeployedRules));
                continue;
            }
            app::WarningRule running{RuleInfoOf(rule.rule(), "rule"), {set.warning_id}, {}};
            running.info.file = file;
            AddUnits(running.units, set.units);
            by_id.emplace(id, next->rules.size());
            next->rules.push_back(std::move(running));
            next->compiled.push_back(std::move(rule));
        }
        for (const auto& refusal : refused) {
            out.refused.push_back(RefusalOf(refusal));
        }
    }
    for (const auto& rule : next->rules) {
        AddUnits(next->units, rule.units);
    }
    out.rules = next->rules;
    std::lock_guard lock(mutex_);
    warning_rules_ = next->compiled.empty() ? nullptr : std::move(next);
    return out;
}

std::vector<app::WarningRule> SigmaDetectionEngine::WarningRules() const {
    std::lock_guard lock(mutex_);
    return warning_rules_ ? warning_rules_->rules : std::vector<app::WarningRule>{};
}

std::optional<app::WarningRule> SigmaDetectionEngine::FindWarningRule(std::string_view id) const {
    std::shared_ptr<const SentRules> running;
    {
        std::lock_guard lock(mutex_);
        running = warning_rules_;
    }
    if (running) {
        for (const auto& rule : running->rules) {
            if (rule.info.id == id) {
                return rule;
            }
        }
    }
    return std::nullopt;
}

sigma::RuleSet SigmaDetectionEngine::EmbeddedPack() {
    sigma::RuleSet set;
    for (const auto* asset : assets::RuleFiles("sigma", ".yml")) {
        Append(set, sigma::ParseRules(asset->text(), asset->path));
    }
    return set;
}

sigma::RuleSet SigmaDetectionEngine::FromPaths(const std::vector<std::string>& paths) {
    sigma::RuleSet set;
    for (const auto& path : paths) {
        Append(set, sigma::LoadRules(path));
    }
    return set;
}

core::Result<std::unique_ptr<SigmaDetectionEngine>> SigmaDetectionEngine::Build(
    sigma::RuleSet rules, const sigma::EngineOptions& options) {
    auto engine = sigma::Engine::Build(std::move(rules.rules), options);
    if (!engine.ok()) {
        return std::move(engine).error();
    }
    for (const auto& refusal : engine->stats().refused) {
        rules.refused.push_back(refusal);
    }
    return std::unique_ptr<SigmaDetectionEngine>(new SigmaDetectionEngine(
        std::move(engine).value(), std::move(rules.correlations), rules.refused));
}

SigmaDetectionEngine::SigmaDetectionEngine(sigma::Engine engine,
                                           std::vector<sigma::CorrelationRule> correlations,
                                           const std::vector<sigma::Refusal>& refused)
    : engine_(std::move(engine)), scratch_(engine_) {
    for (std::size_t r = 0; r < engine_.size(); ++r) {
        base_.push_back(&engine_.rule(r));
        infos_.push_back(RuleInfoOf(engine_.rule(r), "rule"));
    }
    // Resolve once to learn which correlations stand; each unit then gets its own copy.
    std::vector<sigma::Refusal> correlation_refusals;
    shape_.emplace(sigma::Correlator::Build(correlations, base_, correlation_refusals));
    for (std::size_t c = 0; c < shape_->size(); ++c) {
        const auto& rule = shape_->rule(c);
        infos_.push_back(RuleInfoOf(rule, std::string(sigma::CorrelationTypeName(rule.type))));
    }
    correlations_ = std::move(correlations);
    for (const auto& refusal : refused) {
        refused_.push_back(RefusalOf(refusal));
    }
    for (const auto& refusal : correlation_refusals) {
        refused_.push_back(RefusalOf(refusal));
    }
}

sigma::Correlator& SigmaDetectionEngine::CorrelatorOf(std::int64_t unit) {
    auto found = by_unit_.find(unit);
    if (found == by_unit_.end()) {
        std::vector<sigma::Refusal> ignored;  // the same as shape_'s, reported once
        found =
            by_unit_.emplace(unit, sigma::Correlator::Build(correlations_, base_, ignored)).first;
    }
    return found->second;
}

void SigmaDetectionEngine::SetSources(const std::vector<app::LogSource>& sources) {
    auto times = std::make_shared<std::map<std::int64_t, SourceTime>>();
    for (const auto& source : sources) {
        SourceTime time;
        if (source.utc_offset_minutes) {
            time.utc_offset = std::chrono::minutes(*source.utc_offset_minutes);
        }
        time.max_skew = source.max_skew_seconds > 0
                            ? std::optional(std::chrono::seconds(source.max_skew_seconds))
                            : std::nullopt;
        (*times)[source.id] = time;
    }
    std::lock_guard lock(mutex_);
    times_ = std::move(times);
}

std::vector<app::SourceHealth> SigmaDetectionEngine::Health() const {
    std::lock_guard lock(mutex_);
    std::vector<app::SourceHealth> out;
    out.reserve(health_.size());
    for (const auto& [id, health] : health_) {
        out.push_back(health);
    }
    return out;
}

bool SigmaDetectionEngine::InFormat(std::string_view line, std::string_view format) const {
    // Read as detection will read it (the time does not change whether a line reads).
    const logformats::ParseContext context{};
    auto chosen = logformats::ParseLogFormat(format);
    if (!chosen) {
        chosen = logformats::GuessLogFormat(line, context);
    }
    switch (*chosen) {
        case logformats::LogFormat::kSyslog:
            return logformats::SyslogToJson(line, context).has_value();
        case logformats::LogFormat::kAccess:
            return logformats::AccessLogToJson(line, context).has_value();
        case logformats::LogFormat::kJson:
            break;
    }
    boost::system::error_code ec;
    const auto value = boost::json::parse(line, ec);
    return !ec && value.is_object();
}

app::ProcessStats SigmaDetectionEngine::Process(std::span<const app::IngestedEvent> batch,
                                                std::vector<app::DetectionHit>& hits) {
    return Match(batch, hits, true);
}

void SigmaDetectionEngine::Replay(std::span<const app::IngestedEvent> batch) {
    std::vector<app::DetectionHit> dropped;
    (void)Match(batch, dropped, false);
}

// `noticed`: the lines count in their sources' health (not when replayed after a restart).
app::ProcessStats SigmaDetectionEngine::Match(std::span<const app::IngestedEvent> batch,
                                              std::vector<app::DetectionHit>& hits,
                                              bool noticed) {
    app::ProcessStats stats;
    stats.events = batch.size();
    std::shared_ptr<const std::map<std::int64_t, SourceTime>> times;
    std::shared_ptr<const SentRules> warning_rules;
    {
        std::lock_guard lock(mutex_);
        times = times_;
        warning_rules = warning_rules_;
    }
    const SourceTime unknown;  // a sender bound to no source: the server's zone, the default bound
    const auto time_of = [&](std::int64_t source) -> const SourceTime& {
        if (times) {
            if (const auto found = times->find(source); found != times->end()) {
                return found->second;
            }
        }
        return unknown;
    };
    std::map<std::int64_t, app::SourceHealth> health;
    text_.clear();
    line_starts_.clear();
    for (const auto& event : batch) {
        line_starts_.push_back(text_.size());
        const auto& time = time_of(event.source_id);
        const logformats::ParseContext context{event.received_at, time.utc_offset, time.max_skew};
        logformats::LineNotes notes;
        const bool readable = ToJsonLine(event, context, text_, notes);
        stats.unreadable += readable ? 0U : 1U;
        stats.missing_fields += readable && !notes.missing.empty() ? 1U : 0U;
        stats.skewed += notes.skewed ? 1U : 0U;
        auto& noted = health[event.source_id];
        noted.source_id = event.source_id;
        Note(noted, event, readable, notes);
        text_ += '\n';
    }
    text_.reserve(text_.size() + sigma::Engine::kPadding);
    const bool correlating = shape_->size() > 0;
    std::size_t skew_counted = std::numeric_limits<std::size_t>::max();
    const auto on_match = [&](std::size_t index, std::uint32_t r, std::string_view json) {
        const auto& event = batch[index];
        if (!correlating || shape_->Reports(r)) {
            auto facts = FactsOf(json);
            auto key = NaturalKey(facts);
            hits.push_back({index, engine_.rule(r).id, std::move(key), 1, event.received_at,
                            std::nullopt, std::move(facts)});
        }
        if (correlating && shape_->Uses(r)) {
            auto& correlator = CorrelatorOf(event.unit_id.value());
            const auto& time = time_of(event.source_id);
            const sigma::Correlator::Received received{
                Seconds(event.received_at), time.max_skew
                                                ? static_cast<double>(time.max_skew->count())
                                                : std::numeric_limits<double>::infinity()};
            const bool skewed = correlator.Feed(
                r, static_cast<std::size_t>(event.seq), json, received,
                [&](const sigma::CorrelationMatch& m) {
                    std::vector<app::AlertFact> facts;
                    for (const auto& [field, value] : m.group) {
                        AddFact(facts, FactKindOfField(field), value);
                    }
                    for (const auto& fact : FactsOf(json)) {
                        AddFact(facts, fact.kind, fact.value);
                    }
                    hits.push_back({index, correlator.rule(m.correlation).id, GroupKey(m),
                                    static_cast<std::int64_t>(m.event_count), event.received_at,
                                    m.value, std::move(facts)});
                });
            // A JSON event's own time beyond the bound (log lines were dated when parsed).
            if (skewed && skew_counted != index) {
                skew_counted = index;
                ++stats.skewed;
                auto& noted = health[event.source_id];
                ++noted.skewed;
                noted.skewed_sample = std::string(core::CutUtf8(event.body, kHealthSampleBytes));
            }
        }
    };
    const auto seen = engine_.MatchText(
        scratch_, text_, on_match,
        correlating ? sigma::Engine::EventText::kPass : sigma::Engine::EventText::kOmit);
    // A line the parser accepted but that is not JSON (a JSON source sending other text).
    stats.unreadable += seen.bad;
    if (!noticed) {
        return stats;  // warnings' rules are plain: no window to refill
    }
    if (warning_rules) {
        MatchWarningRules(*warning_rules, batch, hits);
    }
    std::lock_guard lock(mutex_);
    for (auto& [id, delta] : health) {
        auto& total = health_[id];
        total.source_id = id;
        total.events += delta.events;
        total.unreadable += delta.unreadable;
        total.missing_fields += delta.missing_fields;
        total.skewed += delta.skewed;
        if (!delta.sample.empty()) {
            total.sample = std::move(delta.sample);
            total.sample_problem = std::move(delta.sample_problem);
        }
        if (!delta.skewed_sample.empty()) {
            total.skewed_sample = std::move(delta.skewed_sample);
        }
        if (delta.last_received) {
            total.last_received = delta.last_received;
        }
    }
    return stats;
}

// The rules that came with warnings, over the lines of the units that run them.
void SigmaDetectionEngine::MatchWarningRules(const SentRules& running,
                                             std::span<const app::IngestedEvent> batch,
                                             std::vector<app::DetectionHit>& hits) {
    warning_text_.clear();
    warning_events_.clear();
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const std::size_t begin = line_starts_[i];
        const std::size_t end = i + 1 < batch.size() ? line_starts_[i + 1] : text_.size();
        if (end - begin > 1 && HasUnit(running.units, batch[i].unit_id.value())) {
            warning_text_.append(text_, begin, end - begin);
            warning_events_.push_back(i);
        }
    }
    if (warning_events_.empty()) {
        return;
    }
    warning_text_.reserve(warning_text_.size() + sigma::Engine::kPadding);
    const auto on_match = [&](std::size_t line, std::uint32_t r, std::string_view json) {
        const std::size_t index = warning_events_[line];
        const auto& event = batch[index];
        const auto& rule = running.rules[r];
        if (!HasUnit(rule.units, event.unit_id.value())) {
            return;
        }
        auto facts = FactsOf(json);
        auto key = NaturalKey(facts);
        hits.push_back({index, rule.info.id, std::move(key), 1, event.received_at, std::nullopt,
                        std::move(facts)});
    };
    (void)sigma::MatchPlainText(running.compiled, true, warning_text_, on_match,
                                sigma::Engine::EventText::kPass);
}

std::chrono::seconds SigmaDetectionEngine::CorrelationReach() const {
    std::chrono::seconds reach{0};
    for (const auto& c : correlations_) {
        reach = std::max(reach, c.timespan);
    }
    return reach;
}

namespace {

/// The pasted events as JSON lines, in the format asked for (or guessed).
core::Result<std::string> TestEventsAsJson(std::string_view events,
                                           std::string_view format,
                                           const logformats::ParseContext& context) {
    std::optional<logformats::LogFormat> chosen;
    if (format != "auto") {
        chosen = logformats::ParseLogFormat(format);
        if (!chosen) {
            return core::InvalidArgument(
                fmt::format("Định dạng \"{}\" không có (auto, json, syslog, access).", format),
                fmt::format("Unknown format \"{}\" (auto, json, syslog, access).", format));
        }
    } else {
        chosen = logformats::GuessLogFormat(events, context);
    }
    std::string text;
    if (*chosen == logformats::LogFormat::kJson) {
        text.assign(events);
        return text;
    }
    const auto converted = logformats::ConvertLines(events, *chosen, context, text);
    if (converted.bad > 0) {
        return core::InvalidArgument(
            fmt::format("Dòng {} không đọc được theo định dạng {}.", converted.first_bad_line,
                        logformats::LogFormatName(*chosen)),
            fmt::format("Line {} is not in the {} format.", converted.first_bad_line,
                        logformats::LogFormatName(*chosen)));
    }
    return text;
}

/// The pasted rules compiled for the plain evaluator; held together, their expanded patterns
/// share one budget. Refusals go to `set.refused`.
template <class InTime>
core::Result<std::vector<sigma::CompiledRule>> CompileTestRules(sigma::RuleSet& set,
                                                                app::RuleTestResult& result,
                                                                const InTime& in_time) {
    std::vector<sigma::CompiledRule> plain;
    std::size_t budget = kMaxTestPatternBytes;
    for (const auto& rule : set.rules) {
        if (!in_time()) {
            return OverBudget();
        }
        std::size_t bytes = 0;
        auto compiled = sigma::CompiledRule::Compile(rule, &bytes);
        if (!compiled.ok()) {
            set.refused.push_back({rule.file, rule.id, rule.title, compiled.error().message_vi});
            continue;
        }
        if (bytes > budget) {
            set.refused.push_back(
                {rule.file, rule.id, rule.title,
                 "các luật dán vào cùng lúc mở rộng quá 32 MiB mẫu, hãy thử ít luật hơn mỗi lần "
                 "(the pasted rules together expand past 32 MiB of patterns; test fewer at a "
                 "time)"});
            continue;
        }
        budget -= bytes;
        result.rules.push_back(RuleInfoOf(rule, "rule"));
        plain.push_back(std::move(compiled).value());
    }
    return plain;
}

}  // namespace

core::Result<app::RuleTestResult> SigmaDetectionEngine::Test(std::string_view rules_text,
                                                             std::string_view events,
                                                             std::string_view format,
                                                             core::TimePoint now) const {
    if (rules_text.size() > kMaxTestRuleBytes) {
        return core::InvalidArgument("Luật dán vào quá dài (tối đa 256 KiB).",
                                     "The pasted rules are too long (256 KiB at most).");
    }
    const auto deadline = std::chrono::steady_clock::now() + kTestBudget;
    const auto in_time = [&deadline] { return std::chrono::steady_clock::now() < deadline; };
    // Pasted lines keep their own times: a test is not a live stream.
    logformats::ParseContext context;
    context.now = now;
    UNGCUU_ASSIGN_OR_RETURN(text, TestEventsAsJson(events, format, context));
    auto set = sigma::ParseRules(rules_text, "luật dán vào");
    if (set.rules.empty() && set.correlations.empty() && set.refused.empty()) {
        return core::InvalidArgument("Không có luật Sigma nào trong văn bản dán vào.",
                                     "The pasted text holds no Sigma rule.");
    }
    app::RuleTestResult result;
    UNGCUU_ASSIGN_OR_RETURN(plain, CompileTestRules(set, result, in_time));
    std::vector<const sigma::Rule*> base;
    base.reserve(plain.size());
    for (const auto& compiled : plain) {
        base.push_back(&compiled.rule());
    }
    auto correlator = sigma::Correlator::Build(std::move(set.correlations), base, set.refused);
    for (std::size_t c = 0; c < correlator.size(); ++c) {
        result.rules.push_back(RuleInfoOf(
            correlator.rule(c), std::string(sigma::CorrelationTypeName(correlator.rule(c).type))));
    }
    for (const auto& refusal : set.refused) {
        result.refused.push_back(RefusalOf(refusal));
    }
    const double now_seconds = Seconds(context.now);
    const auto on_fire = [&](const sigma::CorrelationMatch& m) {
        const auto& rule = correlator.rule(m.correlation);
        result.matches.push_back({m.event_index, rule.id, rule.title,
                                  rule.level.empty() ? "medium" : rule.level, GroupKey(m),
                                  static_cast<std::int64_t>(m.event_count)});
    };
    bool too_many = false;
    const auto on_match = [&](std::size_t index, std::uint32_t r, std::string_view json) {
        if (index >= kMaxTestEvents) {
            too_many = true;
            return;
        }
        const auto& rule = plain[r].rule();
        if (correlator.Reports(r)) {
            result.matches.push_back(
                {index, rule.id, rule.title, rule.level.empty() ? "medium" : rule.level, {}, 1});
        }
        correlator.Feed(r, index, json, now_seconds, on_fire);
    };
    text.reserve(text.size() + sigma::Engine::kPadding);
    // Past the last event a test may hold, or its time, nothing more is matched.
    std::size_t asked = 0;
    const auto keep_going = [&] {
        if (++asked > kMaxTestEvents) {
            too_many = true;
            return false;
        }
        return in_time();
    };
    const auto seen = sigma::MatchPlainText(plain, true, text, on_match,
                                            sigma::Engine::EventText::kPass, keep_going);
    if (seen.stopped && !too_many) {
        return OverBudget();
    }
    correlator.Finish(on_fire);
    if (seen.bad > 0) {
        return core::InvalidArgument(
            fmt::format("Sự kiện không phải JSON hợp lệ: {}.", seen.first_error),
            fmt::format("The events are not valid JSON: {}.", seen.first_error_en));
    }
    if (too_many || seen.events > kMaxTestEvents) {
        return core::InvalidArgument("Tối đa 10.000 sự kiện cho một lần thử.",
                                     "At most 10,000 events per test.");
    }
    result.events = seen.events;
    return result;
}

}  // namespace ungcuu::ingest
