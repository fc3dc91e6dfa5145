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
#include <optional>
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

namespace {

using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

/// One `ungcuu detect` run: rules loaded once, events streamed through the engine (or the plain
/// evaluator), matches written as NDJSON, a summary on `err`.
class DetectRun {
public:
    DetectRun(const DetectCommand& command, std::ostream& err) : command_(command), err_(err) {}

    core::Status Load();
    core::Status Open();
    void Scan();
    int Summarise();

private:
    void Prefixes();
    void OnFire(const sigma::CorrelationMatch& m);
    void OnMatch(std::size_t index, std::uint32_t r, std::string_view event);
    std::string_view AsJson(std::string_view chunk);
    void ScanChunks(sigma::Engine::Scratch& scratch);
    void ReadAll(bool more);

    static constexpr std::size_t kChunk = 32U << 20;

    const DetectCommand& command_;
    std::ostream& err_;
    // What the engine calls for each match: OnMatch of this run.
    sigma::Engine::OnMatch on_match_ = [this](std::size_t index,
                                              std::uint32_t r,
                                              std::string_view event) { OnMatch(index, r, event); };
    std::vector<sigma::CompiledRule> plain_;  // the plain evaluator, to cross-check the engine
    std::optional<sigma::Engine> engine_;
    std::vector<const sigma::Rule*> rules_;
    std::optional<sigma::Correlator> correlator_;
    std::size_t refused_ = 0;
    double load_seconds_ = 0;
    FilePtr input_{nullptr, [](std::FILE* f) { return std::fclose(f); }};
    FilePtr output_{nullptr, [](std::FILE* f) { return std::fclose(f); }};
    std::FILE* in_ = nullptr;
    std::FILE* out_ = nullptr;
    std::vector<std::string> prefixes_;  // each rule's line up to the event index
    std::size_t matches_ = 0;
    std::size_t line_base_ = 0;
    std::string buffer_;
    std::string line_;
    std::string converted_;
    double now_ = 0;  // events that state no time are taken at the start of the run
    sigma::Engine::EventText event_text_ = sigma::Engine::EventText::kOmit;
    logformats::ParseContext context_{core::SystemClock().Now()};
    logformats::LogFormat format_ = logformats::LogFormat::kJson;
    logformats::ConvertStats converted_total_;
    sigma::Engine::TextStats total_;
    double seconds_ = 0;
};

core::Status DetectRun::Load() {
    const auto load_started = Clock::now();
    UNGCUU_ASSIGN_OR_RETURN(set, LoadAll(command_.rules, command_.placeholders));
    if (command_.plain) {
        for (const auto& rule : set.rules) {
            auto compiled = sigma::CompiledRule::Compile(rule);
            if (!compiled.ok()) {
                set.refused.push_back(
                    {rule.file, rule.id, rule.title, compiled.error().message_vi});
                continue;
            }
            plain_.push_back(std::move(compiled).value());
        }
        set.rules.clear();
    }
    sigma::EngineOptions options;
    options.route_by_logsource = command_.route;
    options.cache_dir = command_.cache_dir;
    UNGCUU_ASSIGN_OR_RETURN(engine, sigma::Engine::Build(std::move(set.rules), options));
    engine_.emplace(std::move(engine));
    for (const auto& compiled : plain_) {
        rules_.push_back(&compiled.rule());
    }
    for (std::size_t r = 0; r < engine_->size(); ++r) {
        rules_.push_back(&engine_->rule(r));
    }
    for (const auto& refusal : engine_->stats().refused) {
        set.refused.push_back(refusal);
    }
    correlator_.emplace(sigma::Correlator::Build(std::move(set.correlations), rules_, set.refused));
    for (const auto& refusal : set.refused) {
        err_ << fmt::format("từ chối/refused {}: {}\n", refusal.file, refusal.reason);
    }
    refused_ = set.refused.size();
    load_seconds_ = Seconds(load_started);
    // The events' text is needed only by correlations.
    event_text_ =
        correlator_->size() > 0 ? sigma::Engine::EventText::kPass : sigma::Engine::EventText::kOmit;
    Prefixes();
    return core::Ok();
}

void DetectRun::Prefixes() {
    for (const auto* rule : rules_) {
        prefixes_.push_back(
            fmt::format(R"({{"rule_id":{},"rule_title":{},"level":{},"event_index":)",
                        boost::json::serialize(boost::json::string(rule->id)),
                        boost::json::serialize(boost::json::string(rule->title)),
                        boost::json::serialize(boost::json::string(rule->level))));
    }
}

core::Status DetectRun::Open() {
    in_ = command_.input == "-" ? stdin : std::fopen(command_.input.c_str(), "rb");
    if (in_ == nullptr) {
        return core::NotFound(fmt::format("Không mở được tệp sự kiện \"{}\".", command_.input),
                              fmt::format("Cannot open the event file \"{}\".", command_.input));
    }
    input_.reset(in_ == stdin ? nullptr : in_);
    out_ = command_.output == "-" ? stdout : std::fopen(command_.output.c_str(), "wb");
    if (out_ == nullptr) {
        return core::InvalidArgument(
            fmt::format("Không ghi được tệp kết quả \"{}\".", command_.output),
            fmt::format("Cannot write the output file \"{}\".", command_.output));
    }
    output_.reset(out_ == stdout ? nullptr : out_);
    return core::Ok();
}

void DetectRun::OnFire(const sigma::CorrelationMatch& m) {
    ++matches_;
    const auto& rule = correlator_->rule(m.correlation);
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
    line_ = boost::json::serialize(record);
    line_ += '\n';
    std::fwrite(line_.data(), 1, line_.size(), out_);
}

void DetectRun::OnMatch(std::size_t index, std::uint32_t r, std::string_view event) {
    if (correlator_->Reports(r)) {
        ++matches_;
        line_.assign(prefixes_[r]);
        fmt::format_to(std::back_inserter(line_), "{}}}\n", line_base_ + index);
        std::fwrite(line_.data(), 1, line_.size(), out_);
    }
    correlator_->Feed(r, line_base_ + index, event, now_,
                      [this](const sigma::CorrelationMatch& m) { OnFire(m); });
}

// Log lines become JSON lines, one for one, so event indexes stay the input's lines.
std::string_view DetectRun::AsJson(std::string_view chunk) {
    if (format_ == logformats::LogFormat::kJson) {
        return chunk;
    }
    converted_.clear();
    const auto seen = logformats::ConvertLines(chunk, format_, context_, converted_);
    if (converted_total_.bad == 0 && seen.bad > 0) {
        converted_total_.first_bad_line = line_base_ + seen.first_bad_line;
    }
    converted_total_.lines += seen.lines;
    converted_total_.bad += seen.bad;
    converted_.reserve(converted_.size() + sigma::Engine::kPadding);
    return converted_;
}

void DetectRun::ReadAll(bool more) {
    while (more) {
        more = ReadMore(in_, buffer_, kChunk);
    }
}

// JSON lines, read in chunks cut at line ends.
void DetectRun::ScanChunks(sigma::Engine::Scratch& scratch) {
    bool more = true;
    while (!buffer_.empty()) {
        if (more) {
            more = ReadMore(in_, buffer_, kChunk);
        }
        std::size_t cut = buffer_.size();
        if (more) {
            const auto last = buffer_.rfind('\n');
            cut = last == std::string::npos ? buffer_.size() : last + 1;
        }
        const std::string_view chunk(buffer_.data(), cut);
        const auto stats = engine_->MatchText(scratch, AsJson(chunk), on_match_, event_text_);
        total_.events += stats.events;
        total_.bad += stats.bad;
        if (total_.first_error.empty() && !stats.first_error.empty()) {
            total_.first_error = stats.first_error;
            total_.first_error_en = stats.first_error_en;
            // Lines are counted from the chunk: report the file's line.
            total_.first_error += fmt::format(" (sau {} dòng trước đó)", line_base_);
            total_.first_error_en += fmt::format(" (after {} earlier lines)", line_base_);
        }
        line_base_ += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
        buffer_.erase(0, cut);
        if (!more && buffer_.empty()) {
            break;
        }
    }
}

void DetectRun::Scan() {
    now_ = std::chrono::duration<double>(core::SystemClock().Now().time_since_epoch()).count();
    sigma::Engine::Scratch scratch(*engine_);
    const auto started = Clock::now();
    const bool more = ReadMore(in_, buffer_, kChunk);
    format_ =
        command_.format == "auto"
            ? logformats::GuessLogFormat(buffer_, context_)
            : logformats::ParseLogFormat(command_.format).value_or(logformats::LogFormat::kJson);
    if (command_.plain) {
        ReadAll(more);
        total_ =
            sigma::MatchPlainText(plain_, command_.route, AsJson(buffer_), on_match_, event_text_);
    } else if (more && (format_ != logformats::LogFormat::kJson ||
                        sigma::Engine::StartsWithJsonLine(buffer_))) {
        ScanChunks(scratch);
    } else {
        ReadAll(more);
        buffer_.reserve(buffer_.size() + sigma::Engine::kPadding);
        total_ = engine_->MatchText(scratch, std::string_view(buffer_), on_match_, event_text_);
    }
    correlator_->Finish([this](const sigma::CorrelationMatch& m) { OnFire(m); });
    std::fflush(out_);
    seconds_ = Seconds(started);
}

int DetectRun::Summarise() {
    auto stats = engine_->stats();
    stats.rules = rules_.size() + correlator_->size();
    const double rate = seconds_ > 0 ? static_cast<double>(total_.events) / seconds_ : 0.0;
    err_ << fmt::format(
        "Luật: {} nạp, {} từ chối; nạp luật {:.2f} s (cơ sở mẫu {} trong {:.2f} s). "
        "Sự kiện: {}, khớp: {}, {:.0f} sự kiện/giây.\n"
        "Rules: {} loaded, {} refused; rule load {:.2f} s (pattern databases {} in {:.2f} s). "
        "Events: {}, matches: {}, {:.0f} events/s.\n",
        stats.rules, refused_, load_seconds_,
        command_.plain     ? "không cần (bộ đánh giá đơn giản)"
        : stats.from_cache ? "đọc từ bộ đệm"
                           : "biên dịch",
        stats.compile_seconds, total_.events, matches_, rate, stats.rules, refused_, load_seconds_,
        command_.plain     ? "not needed (plain evaluator)"
        : stats.from_cache ? "read from cache"
                           : "compiled",
        stats.compile_seconds, total_.events, matches_, rate);
    err_ << fmt::format(
        "Chỉ mục: {} mẫu trên {} trường; {} luật chỉ chạy khi gặp mẫu, {} luật chạy mọi sự kiện. "
        "/ Index: {} patterns over {} fields; {} rules gated by patterns, {} always run.\n",
        stats.atoms, stats.fields, stats.gated_rules, stats.always_rules, stats.atoms, stats.fields,
        stats.gated_rules, stats.always_rules);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    err_ << fmt::format("Bộ nhớ cao nhất: {} MiB. / Peak memory: {} MiB.\n", usage.ru_maxrss / 1024,
                        usage.ru_maxrss / 1024);
    if (converted_total_.bad > 0) {
        const auto name = logformats::LogFormatName(format_);
        err_ << fmt::format(
            "{} trong {} dòng không đọc được theo định dạng {} và đã bị bỏ qua; đầu tiên: dòng "
            "{}.\n{} of {} lines are not in the {} format and were skipped; the first: line "
            "{}.\n",
            converted_total_.bad, converted_total_.lines, name, converted_total_.first_bad_line,
            converted_total_.bad, converted_total_.lines, name, converted_total_.first_bad_line);
        return 2;
    }
    if (total_.bad > 0) {
        err_ << fmt::format(
            "{} tài liệu không phải JSON đã bị bỏ qua; đầu tiên: {}.\n"
            "{} documents were not JSON and were skipped; the first: {}.\n",
            total_.bad, total_.first_error, total_.bad, total_.first_error_en);
        return 2;
    }
    return 0;
}

}  // namespace

int RunDetect(const DetectCommand& command, std::ostream& err) {
    DetectRun run(command, err);
    if (auto loaded = run.Load(); !loaded.ok()) {
        return Report(loaded.error(), err);
    }
    if (auto opened = run.Open(); !opened.ok()) {
        return Report(opened.error(), err);
    }
    run.Scan();
    return run.Summarise();
}

}  // namespace ungcuu::cli
