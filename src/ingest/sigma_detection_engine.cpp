#include "ingest/sigma_detection_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "assets/embedded.hpp"
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
                std::string& out) {
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
                    ? logformats::SyslogToJson(body, context)
                    : logformats::AccessLogToJson(body, context);
    if (!json) {
        return false;
    }
    out.append(*json);
    return true;
}

}  // namespace

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

app::ProcessStats SigmaDetectionEngine::Process(std::span<const app::IngestedEvent> batch,
                                                std::vector<app::DetectionHit>& hits) {
    app::ProcessStats stats;
    stats.events = batch.size();
    text_.clear();
    for (const auto& event : batch) {
        const logformats::ParseContext context{event.received_at};
        if (!ToJsonLine(event, context, text_)) {
            ++stats.unreadable;
        }
        text_ += '\n';
    }
    text_.reserve(text_.size() + sigma::Engine::kPadding);
    const bool correlating = shape_->size() > 0;
    const auto on_match = [&](std::size_t index, std::uint32_t r, std::string_view json) {
        const auto& event = batch[index];
        if (!correlating || shape_->Reports(r)) {
            hits.push_back({index, engine_.rule(r).id, {}, 1, event.received_at});
        }
        if (correlating && shape_->Uses(r)) {
            auto& correlator = CorrelatorOf(event.unit_id.value());
            correlator.Feed(
                r, static_cast<std::size_t>(event.seq), json, Seconds(event.received_at),
                [&](const sigma::CorrelationMatch& m) {
                    hits.push_back({index, correlator.rule(m.correlation).id, GroupKey(m),
                                    static_cast<std::int64_t>(m.event_count), event.received_at});
                });
        }
    };
    const auto seen = engine_.MatchText(
        scratch_, text_, on_match,
        correlating ? sigma::Engine::EventText::kPass : sigma::Engine::EventText::kOmit);
    // A line the parser accepted but that is not JSON (a JSON source sending other text).
    stats.unreadable += seen.bad;
    return stats;
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
    const logformats::ParseContext context{now};
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
