// `ungcuu detect` and `ungcuu rules check`: the Sigma engine for analysts and for checks, with
// no database.
#include <fmt/format.h>
#include <sys/resource.h>

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <utility>

#include "cli/cli.hpp"
#include "core/clock.hpp"
#include "logformats/log_parsers.hpp"
#include "sigma/correlation.hpp"
#include "sigma/engine.hpp"
#include "sigma/evaluator.hpp"
#include "sigma/values.hpp"

namespace ungcuu::cli {

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

// The rules of every path, their `expand` placeholders replaced by the values of `placeholders`
// (a YAML file; empty: none, and rules using expand are refused saying so).
core::Result<sigma::RuleSet> LoadAll(const std::vector<std::string>& paths,
                                     const std::string& placeholders) {
    for (const auto& path : paths) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            return core::NotFound(fmt::format("Không có tệp hoặc thư mục luật \"{}\".", path),
                                  fmt::format("No rule file or folder \"{}\".", path));
        }
    }
    sigma::Placeholders values;
    if (!placeholders.empty()) {
        UNGCUU_ASSIGN_OR_RETURN(loaded, sigma::LoadPlaceholders(placeholders));
        values = std::move(loaded);
    }
    sigma::RuleSet all;
    for (const auto& path : paths) {
        auto set = sigma::LoadRules(path);
        for (auto& rule : set.rules) {
            all.rules.push_back(std::move(rule));
        }
        for (auto& c : set.correlations) {
            all.correlations.push_back(std::move(c));
        }
        for (auto& refusal : set.refused) {
            all.refused.push_back(std::move(refusal));
        }
    }
    sigma::ExpandPlaceholders(all, values);
    return all;
}

// Reads up to `want` more bytes of `in` onto the end of `buffer`; false at the end.
bool ReadMore(std::FILE* in, std::string& buffer, std::size_t want) {
    const std::size_t old = buffer.size();
    buffer.resize(old + want + sigma::Engine::kPadding);
    const std::size_t got = std::fread(buffer.data() + old, 1, want, in);
    buffer.resize(old + got);
    return got > 0;
}

// Whole measures (counts) as integers, others as they are.
boost::json::value Number(double value) {
    if (std::abs(value) < 1e15 && value == std::floor(value)) {
        return static_cast<std::int64_t>(value);
    }
    return value;
}

}  // namespace

std::string DefaultCacheDir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::string(xdg) + "/ungcuu";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return std::string(home) + "/.cache/ungcuu";
    }
    return {};
}

int RunRulesCheck(const RulesCheckCommand& command, std::ostream& out, std::ostream& err) {
    auto read = LoadAll(command.paths, command.placeholders);
    if (!read.ok()) {
        return Report(read.error(), err);
    }
    auto set = std::move(read).value();
    // A rule that loads but whose values cannot be compiled is refused too.
    std::size_t compiled = 0;
    std::vector<const sigma::Rule*> loaded;
    for (const auto& rule : set.rules) {
        auto engine_check = sigma::CompileDetections(rule);
        if (!engine_check.ok()) {
            set.refused.push_back(
                {rule.file, rule.id, rule.title, engine_check.error().message_vi});
            continue;
        }
        ++compiled;
        loaded.push_back(&rule);
        if (command.verbose) {
            out << fmt::format("nạp/loaded  {}  {}  [{}]  {}\n", rule.id, rule.title, rule.level,
                               rule.file);
        }
    }
    const auto correlator =
        sigma::Correlator::Build(std::move(set.correlations), loaded, set.refused);
    compiled += correlator.size();
    if (command.verbose) {
        for (std::size_t c = 0; c < correlator.size(); ++c) {
            const auto& rule = correlator.rule(c);
            out << fmt::format("nạp/loaded  {}  {}  [{}, {}]  {}\n", rule.id, rule.title,
                               sigma::CorrelationTypeName(rule.type), rule.level, rule.file);
        }
    }
    for (const auto& refusal : set.refused) {
        out << fmt::format("từ chối/refused  {}  {}\n    lý do/reason: {}\n", refusal.file,
                           refusal.title.empty() ? refusal.id : refusal.title, refusal.reason);
    }
    out << fmt::format("{} luật nạp được, {} luật bị từ chối. / {} rules loaded, {} refused.\n",
                       compiled, set.refused.size(), compiled, set.refused.size());
    return 0;
}

int RunDetect(const DetectCommand& command, std::ostream& err) {
    const auto load_started = Clock::now();
    auto loaded = LoadAll(command.rules, command.placeholders);
    if (!loaded.ok()) {
        return Report(loaded.error(), err);
    }
    auto set = std::move(loaded).value();
    // The plain evaluator, on request, to cross-check the engine.
    std::vector<sigma::CompiledRule> plain;
    if (command.plain) {
        for (const auto& rule : set.rules) {
            auto compiled = sigma::CompiledRule::Compile(rule);
            if (!compiled.ok()) {
                set.refused.push_back(
                    {rule.file, rule.id, rule.title, compiled.error().message_vi});
                continue;
            }
            plain.push_back(std::move(compiled).value());
        }
        set.rules.clear();
    }
    sigma::EngineOptions options;
    options.route_by_logsource = command.route;
    options.cache_dir = command.cache_dir;
    auto engine = sigma::Engine::Build(std::move(set.rules), options);
    if (!engine.ok()) {
        return Report(engine.error(), err);
    }
    std::vector<const sigma::Rule*> rules;
    for (const auto& compiled : plain) {
        rules.push_back(&compiled.rule());
    }
    for (std::size_t r = 0; r < engine->size(); ++r) {
        rules.push_back(&engine->rule(r));
    }
    for (const auto& refusal : engine->stats().refused) {
        set.refused.push_back(refusal);
    }
    auto correlator = sigma::Correlator::Build(std::move(set.correlations), rules, set.refused);
    for (const auto& refusal : set.refused) {
        err << fmt::format("từ chối/refused {}: {}\n", refusal.file, refusal.reason);
    }
    const std::size_t refused = set.refused.size();
    const double load_seconds = Seconds(load_started);

    std::FILE* in = command.input == "-" ? stdin : std::fopen(command.input.c_str(), "rb");
    if (in == nullptr) {
        return Report(
            core::NotFound(fmt::format("Không mở được tệp sự kiện \"{}\".", command.input),
                           fmt::format("Cannot open the event file \"{}\".", command.input)),
            err);
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> input_guard(
        in == stdin ? nullptr : in, [](std::FILE* f) { return std::fclose(f); });
    std::FILE* out = command.output == "-" ? stdout : std::fopen(command.output.c_str(), "wb");
    if (out == nullptr) {
        return Report(core::InvalidArgument(
                          fmt::format("Không ghi được tệp kết quả \"{}\".", command.output),
                          fmt::format("Cannot write the output file \"{}\".", command.output)),
                      err);
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> output_guard(
        out == stdout ? nullptr : out, [](std::FILE* f) { return std::fclose(f); });

    // Each rule's line up to the event index, written once.
    std::vector<std::string> prefixes;
    for (const auto* rule_pointer : rules) {
        const auto& rule = *rule_pointer;
        prefixes.push_back(
            fmt::format(R"({{"rule_id":{},"rule_title":{},"level":{},"event_index":)",
                        boost::json::serialize(boost::json::string(rule.id)),
                        boost::json::serialize(boost::json::string(rule.title)),
                        boost::json::serialize(boost::json::string(rule.level))));
    }
    std::size_t matches = 0, line_base = 0;
    std::string buffer, line;
    // Events that state no time are taken at the start of the run.
    const double now =
        std::chrono::duration<double>(core::SystemClock().Now().time_since_epoch()).count();
    const auto on_fire = [&](const sigma::CorrelationMatch& m) {
        ++matches;
        const auto& rule = correlator.rule(m.correlation);
        boost::json::object group;
        for (const auto& [name, value] : m.group) {
            group[name] = value;
        }
        boost::json::array events(m.events.begin(), m.events.end());
        const boost::json::object record{{"rule_id", rule.id},
                                         {"rule_title", rule.title},
                                         {"level", rule.level},
                                         {"event_index", m.event_index},
                                         {"correlation",
                                          {{"type", sigma::CorrelationTypeName(rule.type)},
                                           {"value", Number(m.value)},
                                           {"group", std::move(group)},
                                           {"event_count", m.event_count},
                                           {"event_indexes", std::move(events)}}}};
        line = boost::json::serialize(record);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), out);
    };
    // The events' text is needed only by correlations.
    const auto event_text =
        correlator.size() > 0 ? sigma::Engine::EventText::kPass : sigma::Engine::EventText::kOmit;
    const auto on_match = [&](std::size_t index, std::uint32_t r, std::string_view event) {
        if (correlator.Reports(r)) {
            ++matches;
            line.assign(prefixes[r]);
            fmt::format_to(std::back_inserter(line), "{}}}\n", line_base + index);
            std::fwrite(line.data(), 1, line.size(), out);
        }
        correlator.Feed(r, line_base + index, event, now, on_fire);
    };

    sigma::Engine::Scratch scratch(*engine);
    const auto started = Clock::now();
    sigma::Engine::TextStats total;
    constexpr std::size_t kChunk = 32U << 20;
    bool more = ReadMore(in, buffer, kChunk);
    const logformats::ParseContext context{core::SystemClock().Now()};
    const auto format =
        command.format == "auto"
            ? logformats::GuessLogFormat(buffer, context)
            : logformats::ParseLogFormat(command.format).value_or(logformats::LogFormat::kJson);
    logformats::ConvertStats converted_total;
    std::string converted;
    // Log lines become JSON lines, one for one, so event indexes stay the input's lines.
    const auto as_json = [&](std::string_view chunk) -> std::string_view {
        if (format == logformats::LogFormat::kJson) {
            return chunk;
        }
        converted.clear();
        const auto seen = logformats::ConvertLines(chunk, format, context, converted);
        if (converted_total.bad == 0 && seen.bad > 0) {
            converted_total.first_bad_line = line_base + seen.first_bad_line;
        }
        converted_total.lines += seen.lines;
        converted_total.bad += seen.bad;
        converted.reserve(converted.size() + sigma::Engine::kPadding);
        return converted;
    };
    if (command.plain) {
        while (more) {
            more = ReadMore(in, buffer, kChunk);
        }
        total = sigma::MatchPlainText(plain, command.route, as_json(buffer), on_match, event_text);
    } else if (more && (format != logformats::LogFormat::kJson ||
                        sigma::Engine::StartsWithJsonLine(buffer))) {
        // JSON lines, read in chunks cut at line ends.
        while (!buffer.empty()) {
            if (more) {
                more = ReadMore(in, buffer, kChunk);
            }
            std::size_t cut = buffer.size();
            if (more) {
                const auto last = buffer.rfind('\n');
                cut = last == std::string::npos ? buffer.size() : last + 1;
            }
            const std::string_view chunk(buffer.data(), cut);
            const auto stats = engine->MatchText(scratch, as_json(chunk), on_match, event_text);
            total.events += stats.events;
            total.bad += stats.bad;
            if (total.first_error.empty() && !stats.first_error.empty()) {
                total.first_error = stats.first_error;
                total.first_error_en = stats.first_error_en;
                // Lines are counted from the chunk: report the file's line.
                total.first_error += fmt::format(" (sau {} dòng trước đó)", line_base);
                total.first_error_en += fmt::format(" (after {} earlier lines)", line_base);
            }
            line_base += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
            buffer.erase(0, cut);
            if (!more && buffer.empty()) {
                break;
            }
        }
    } else {
        while (more) {
            more = ReadMore(in, buffer, kChunk);
        }
        buffer.reserve(buffer.size() + sigma::Engine::kPadding);
        total = engine->MatchText(scratch, std::string_view(buffer), on_match, event_text);
    }
    correlator.Finish(on_fire);
    std::fflush(out);
    const double seconds = Seconds(started);

    auto stats = engine->stats();
    stats.rules = rules.size() + correlator.size();
    err << fmt::format(
        "Luật: {} nạp, {} từ chối; nạp luật {:.2f} s (cơ sở mẫu {} trong {:.2f} s). "
        "Sự kiện: {}, khớp: {}, {:.0f} sự kiện/giây.\n"
        "Rules: {} loaded, {} refused; rule load {:.2f} s (pattern databases {} in {:.2f} s). "
        "Events: {}, matches: {}, {:.0f} events/s.\n",
        stats.rules, refused, load_seconds,
        command.plain      ? "không cần (bộ đánh giá đơn giản)"
        : stats.from_cache ? "đọc từ bộ đệm"
                           : "biên dịch",
        stats.compile_seconds, total.events, matches,
        seconds > 0 ? static_cast<double>(total.events) / seconds : 0.0, stats.rules, refused,
        load_seconds,
        command.plain      ? "not needed (plain evaluator)"
        : stats.from_cache ? "read from cache"
                           : "compiled",
        stats.compile_seconds, total.events, matches,
        seconds > 0 ? static_cast<double>(total.events) / seconds : 0.0);
    err << fmt::format(
        "Chỉ mục: {} mẫu trên {} trường; {} luật chỉ chạy khi gặp mẫu, {} luật chạy mọi sự kiện. "
        "/ Index: {} patterns over {} fields; {} rules gated by patterns, {} always run.\n",
        stats.atoms, stats.fields, stats.gated_rules, stats.always_rules, stats.atoms, stats.fields,
        stats.gated_rules, stats.always_rules);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    err << fmt::format("Bộ nhớ cao nhất: {} MiB. / Peak memory: {} MiB.\n", usage.ru_maxrss / 1024,
                       usage.ru_maxrss / 1024);
    if (converted_total.bad > 0) {
        const auto name = logformats::LogFormatName(format);
        err << fmt::format(
            "{} trong {} dòng không đọc được theo định dạng {} và đã bị bỏ qua; đầu tiên: dòng "
            "{}.\n{} of {} lines are not in the {} format and were skipped; the first: line "
            "{}.\n",
            converted_total.bad, converted_total.lines, name, converted_total.first_bad_line,
            converted_total.bad, converted_total.lines, name, converted_total.first_bad_line);
        return 2;
    }
    if (total.bad > 0) {
        err << fmt::format(
            "{} tài liệu không phải JSON đã bị bỏ qua; đầu tiên: {}.\n"
            "{} documents were not JSON and were skipped; the first: {}.\n",
            total.bad, total.first_error, total.bad, total.first_error_en);
        return 2;
    }
    return 0;
}

}  // namespace ungcuu::cli
