#include "app/detection/setup_service.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "app/audit_writer.hpp"
#include "app/unit_access.hpp"
#include "domain/unit.hpp"

namespace ungcuu::app {

namespace {

constexpr std::string_view kLevels[] = {"informational", "low", "medium", "high", "critical"};

core::FieldSnapshot SourceSnapshot(const LogSource& s) {
    core::FieldSnapshot snapshot;
    snapshot.Add("name", std::string_view(s.name))
        .Add("kind", std::string_view(s.kind))
        .Add("format", std::string_view(s.format))
        .Add("address", std::string_view(s.address))
        .Add("path", std::string_view(s.path))
        .Add("follow", s.follow)
        .Add("unit_id", s.unit_id.value())
        .Add("active", s.active)
        .Add("utc_offset_minutes", s.utc_offset_minutes
                                       ? std::optional(std::to_string(*s.utc_offset_minutes))
                                       : std::nullopt)
        .Add("max_skew_seconds", std::int64_t{s.max_skew_seconds});
    return snapshot;
}

// A source keeps the address of its kind only (a sender's IP, a file's path).
void KeepWhereKind(LogSource& source) {
    if (source.kind == "file") {
        source.address.clear();
    } else {
        source.path.clear();
        source.follow = true;
    }
}

core::Status CheckCommonSource(const LogSource& source) {
    if (source.name.empty() || source.name.size() > 200) {
        return core::InvalidArgument("Tên nguồn nhật ký phải có, tối đa 200 ký tự.",
                                     "A log source needs a name of at most 200 characters.");
    }
    if (source.kind != "syslog" && source.kind != "http" && source.kind != "file") {
        return core::InvalidArgument(
            fmt::format("Loại nguồn \"{}\" không có (syslog, http, file).", source.kind),
            fmt::format("Unknown source kind \"{}\" (syslog, http, file).", source.kind));
    }
    if (source.format != "auto" && source.format != "json" && source.format != "syslog" &&
        source.format != "access") {
        return core::InvalidArgument(
            fmt::format("Định dạng \"{}\" không có (auto, json, syslog, access).", source.format),
            fmt::format("Unknown format \"{}\" (auto, json, syslog, access).", source.format));
    }
    // UTC−12:00 … UTC+14:00, the zones in use.
    if (source.utc_offset_minutes &&
        (*source.utc_offset_minutes < -12 * 60 || *source.utc_offset_minutes > 14 * 60)) {
        return core::InvalidArgument(
            "Múi giờ của máy gửi phải từ UTC−12:00 đến UTC+14:00 (utc_offset_minutes từ -720 đến "
            "840).",
            "The sender's time zone is UTC−12:00 to UTC+14:00 (utc_offset_minutes -720 to 840).");
    }
    if (source.max_skew_seconds < 0 || source.max_skew_seconds > 7 * 86400) {
        return core::InvalidArgument(
            "Độ lệch giờ cho phép phải từ 0 (tin giờ của máy gửi) đến 604800 giây (7 ngày).",
            "The allowed clock skew is 0 (trust the sender's times) to 604800 seconds (7 days).");
    }
    if (source.kind == "syslog") {
        // An IPv4 or IPv6 address, as the listener sees the sender.
        const bool plausible =
            !source.address.empty() && source.address.size() <= 45 &&
            std::all_of(source.address.begin(), source.address.end(), [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == ':';
            });
        if (!plausible) {
            return core::InvalidArgument(
                "Nguồn syslog cần địa chỉ IP của máy gửi, ví dụ 10.0.0.5.",
                "A syslog source needs the sender's IP address, e.g. 10.0.0.5.");
        }
    }
    return core::Ok();
}

}  // namespace

bool IsUnderRoot(std::string_view path, const std::vector<std::string>& roots) {
    return std::any_of(roots.begin(), roots.end(), [path](std::string_view root) {
        while (root.size() > 1 && root.back() == '/') {
            root.remove_suffix(1);
        }
        if (!path.starts_with(root)) {
            return false;
        }
        return path.size() == root.size() || root == "/" || path[root.size()] == '/';
    });
}

core::Status DetectionSetupService::CheckSource(const LogSource& source) const {
    UNGCUU_RETURN_IF_ERROR(CheckCommonSource(source));
    if (source.kind != "file") {
        return core::Ok();
    }
    if (file_roots_.empty()) {
        return core::InvalidArgument(
            "Máy chủ chưa cho phép đọc tệp nhật ký; người quản trị máy chủ khởi động ungcuu với "
            "--log-files THƯ_MỤC để cho phép.",
            "This server reads no log files; its administrator allows a folder by starting "
            "ungcuu with --log-files DIR.");
    }
    const std::filesystem::path path(source.path);
    const bool plain = path.is_absolute() && path.lexically_normal() == path &&
                       source.path.size() <= 1024 && !source.path.ends_with('/') &&
                       source.path.find('\0') == std::string::npos;
    if (!plain || !IsUnderRoot(source.path, file_roots_)) {
        return core::InvalidArgument(
            fmt::format("Đường dẫn tệp phải là đường dẫn tuyệt đối tới một tệp trong {}.",
                        fmt::join(file_roots_, ", ")),
            fmt::format("The file path must be an absolute path to a file in {}.",
                        fmt::join(file_roots_, ", ")));
    }
    return core::Ok();
}

int DetectionLevelRank(std::string_view level) {
    for (std::size_t k = 0; k < std::size(kLevels); ++k) {
        if (kLevels[k] == level) {
            return static_cast<int>(k);
        }
    }
    return 2;
}

bool IsDetectionLevel(std::string_view level) {
    return std::find(std::begin(kLevels), std::end(kLevels), level) != std::end(kLevels);
}

core::Result<std::shared_ptr<const DetectionSettingIndex>> DetectionSetupService::Settings(
    Repositories& repos) {
    {
        std::lock_guard lock(mutex_);
        if (settings_) {
            return settings_;
        }
    }
    UNGCUU_ASSIGN_OR_RETURN(all, repos.detection.Settings());
    auto index = std::make_shared<DetectionSettingIndex>();
    for (const auto& setting : all) {
        if (!setting.rule_id.empty() && setting.enabled) {
            index->rules[setting.rule_id].push_back(
                {setting.unit_path, setting.unit_name, *setting.enabled});
        } else if (setting.rule_id.empty()) {
            if (!setting.auto_open_level.empty()) {
                index->auto_open.push_back(
                    {setting.unit_path, setting.unit_name, setting.auto_open_level});
            }
            if (setting.join_minutes) {
                index->join.push_back(
                    {setting.unit_path, setting.unit_name, *setting.join_minutes});
            }
            if (setting.warning_rules) {
                index->warning_rules.push_back(
                    {setting.unit_path, setting.unit_name, *setting.warning_rules});
            }
        }
    }
    std::lock_guard lock(mutex_);
    settings_ = index;
    return std::shared_ptr<const DetectionSettingIndex>(index);
}

void DetectionSetupService::ForgetSettings() {
    std::lock_guard lock(mutex_);
    settings_.reset();
}

void DetectionSetupService::Attach(const DetectionEngine* engine, EventIntake* intake) {
    engine_ = engine;
    intake_ = intake;
    rule_index_.clear();
    if (engine_ != nullptr) {
        for (const auto& rule : engine_->Rules()) {
            rule_index_.emplace(rule.id, &rule);
        }
    }
}

std::optional<DetectionRuleInfo> DetectionSetupService::FindRule(std::string_view id) const {
    if (const auto found = rule_index_.find(id); found != rule_index_.end()) {
        return *found->second;
    }
    if (engine_ != nullptr) {
        if (auto sent = engine_->FindWarningRule(id)) {
            return std::move(sent->info);
        }
    }
    return std::nullopt;
}

core::Result<DetectionRulesView> DetectionSetupService::Rules(const Actor& actor,
                                                              domain::UnitId unit_id) {
    DetectionRulesView view;
    view.unit_id = unit_id;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, unit_id, domain::Permission::kIncidentReport));
        UNGCUU_ASSIGN_OR_RETURN(settings, Settings(repos));
        if (engine_ != nullptr) {
            for (const auto& info : engine_->Rules()) {
                RuleView rule{info, true, {}};
                if (const auto* setting = (settings)->Rule(info.id, unit.path)) {
                    rule.enabled = setting->value;
                    rule.decided_by = setting->unit_name;
                }
                view.rules.push_back(std::move(rule));
            }
            view.refused = engine_->Refused();
            for (auto& sent : engine_->WarningRules()) {
                if (!std::binary_search(sent.units.begin(), sent.units.end(), unit.id.value())) {
                    continue;
                }
                RuleView rule{std::move(sent.info), true, {}, std::move(sent.warnings)};
                if (const auto* setting = settings->Rule(rule.info.id, unit.path)) {
                    rule.enabled = setting->value;
                    rule.decided_by = setting->unit_name;
                }
                view.rules.push_back(std::move(rule));
            }
        }
        view.warning_rules = settings->TakesWarningRules(unit.path);
        if (const auto* chosen =
                DetectionSettingIndex::Deepest(settings->warning_rules, unit.path)) {
            view.warning_rules_set_by = chosen->unit_name;
        }
        const auto* chosen = DetectionSettingIndex::Deepest((settings)->auto_open, unit.path);
        view.auto_open_level = chosen != nullptr ? chosen->value : options_.default_auto_open;
        view.auto_open_set_by = chosen != nullptr ? chosen->unit_name : "";
        const auto* join = DetectionSettingIndex::Deepest((settings)->join, unit.path);
        view.join_minutes = join != nullptr ? join->value : options_.default_join_minutes;
        view.join_set_by = join != nullptr ? join->unit_name : "";
        return core::Ok();
    }));
    return view;
}

core::Status DetectionSetupService::SetRuleEnabled(const Actor& actor,
                                                   domain::UnitId unit_id,
                                                   std::string_view rule_id,
                                                   bool enabled) {
    if (!FindRule(rule_id)) {
        return core::NotFound(fmt::format("Không có luật \"{}\".", rule_id),
                              fmt::format("No rule \"{}\".", rule_id));
    }
    DetectionSetting setting;
    setting.unit_id = unit_id;
    setting.rule_id = std::string(rule_id);
    setting.enabled = enabled;
    core::FieldSnapshot after;
    after.Add("rule_id", rule_id).Add("enabled", enabled);
    return PutSetting(actor, setting, "detection.rule.set", after);
}

core::Status DetectionSetupService::SetAutoOpenLevel(const Actor& actor,
                                                     domain::UnitId unit_id,
                                                     std::string_view level) {
    if (!level.empty() && level != "none" && !IsDetectionLevel(level)) {
        return core::InvalidArgument(
            fmt::format("Mức \"{}\" không có (none, informational, low, medium, high, critical).",
                        level),
            fmt::format("Unknown level \"{}\" (none, informational, low, medium, high, critical).",
                        level));
    }
    DetectionSetting setting;
    setting.unit_id = unit_id;
    setting.auto_open_level = std::string(level);
    core::FieldSnapshot after;
    after.Add("auto_open_level", level);
    return PutSetting(
        actor, setting, "detection.auto_open.set", after,
        [&level](DetectionSetting& row) { row.auto_open_level = std::string(level); });
}

core::Status DetectionSetupService::SetJoinWindow(const Actor& actor,
                                                  domain::UnitId unit_id,
                                                  std::optional<std::int32_t> minutes) {
    if (minutes && (*minutes < 0 || *minutes > kMaxJoinMinutes)) {
        return core::InvalidArgument(
            fmt::format("Khoảng gộp cảnh báo phải từ 0 đến {} phút (0: mỗi cảnh báo một sự cố).",
                        kMaxJoinMinutes),
            fmt::format("The alert joining window is 0 to {} minutes (0: one incident per "
                        "alert).",
                        kMaxJoinMinutes));
    }
    DetectionSetting setting;
    setting.unit_id = unit_id;
    setting.join_minutes = minutes;
    core::FieldSnapshot after;
    after.Add("join_minutes", minutes ? std::int64_t{*minutes} : std::int64_t{-1});
    return PutSetting(actor, setting, "detection.join.set", after,
                      [minutes](DetectionSetting& row) { row.join_minutes = minutes; });
}

core::Status DetectionSetupService::SetWarningRules(const Actor& actor,
                                                    domain::UnitId unit_id,
                                                    std::optional<bool> accepted) {
    DetectionSetting setting;
    setting.unit_id = unit_id;
    setting.warning_rules = accepted;
    core::FieldSnapshot after;
    after.Add("warning_rules", accepted ? std::string_view(*accepted ? "yes" : "no")
                                        : std::string_view("inherited"));
    return PutSetting(actor, setting, "detection.warning_rules.set", after,
                      [accepted](DetectionSetting& row) { row.warning_rules = accepted; });
}

core::Status DetectionSetupService::PutSetting(
    const Actor& actor,
    const DetectionSetting& setting,
    std::string_view action,
    const core::FieldSnapshot& after,
    const std::function<void(DetectionSetting&)>& apply) {
    const auto now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, setting.unit_id, domain::Permission::kIncidentHandle));
        DetectionSetting merged = setting;
        if (setting.rule_id.empty() && apply) {
            // The unit's row holds the auto-open level, the joining window and the consent to
            // warnings' rules: the fields not being set are kept.
            UNGCUU_ASSIGN_OR_RETURN(all, repos.detection.Settings());
            for (const auto& existing : all) {
                if (existing.unit_id == setting.unit_id && existing.rule_id.empty()) {
                    merged = existing;
                }
            }
            apply(merged);
        }
        UNGCUU_RETURN_IF_ERROR(repos.detection.PutSetting(merged));
        return WriteAudit(repos, actor, now,
                          {action, "unit", setting.unit_id.value(), &unit, "{}", after.ToJson()});
    }));
    ForgetSettings();
    return core::Ok();
}

core::Result<RuleTestResult> DetectionSetupService::Test(std::string_view rules,
                                                         std::string_view events,
                                                         std::string_view format) const {
    if (engine_ == nullptr) {
        return core::Error::Make(core::ErrorCode::kUnavailable, "Bộ phát hiện chưa chạy.",
                                 "Detection is not running.");
    }
    return engine_->Test(rules, events, format, clock_.Now());
}

core::Result<std::vector<LogSource>> DetectionSetupService::Sources(const Actor& actor) {
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<LogSource>> {
        return repos.detection.Sources(actor.scope.VisibleRoots(), actor.unrestricted);
    });
}

core::Result<LogSource> DetectionSetupService::CreateSource(const Actor& actor, LogSource source) {
    KeepWhereKind(source);
    UNGCUU_RETURN_IF_ERROR(CheckSource(source));
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(out, store_.Write([&](Repositories& repos) -> core::Result<LogSource> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, source.unit_id, domain::Permission::kIncidentHandle));
        source.created_at = now;
        source.active = true;
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.detection.InsertSource(source));
        inserted.unit_path = unit.path;
        inserted.unit_name = unit.name_vi;
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"log_source.create", "log_source", inserted.id, &unit,
                                           "{}", SourceSnapshot(inserted).ToJson()}));
        return inserted;
    }));
    SourcesChanged();
    return out;
}

core::Result<LogSource> DetectionSetupService::UpdateSource(const Actor& actor,
                                                            LogSource source,
                                                            SourceTimesKept keep) {
    KeepWhereKind(source);
    UNGCUU_RETURN_IF_ERROR(CheckSource(source));
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(out, store_.Write([&](Repositories& repos) -> core::Result<LogSource> {
        UNGCUU_ASSIGN_OR_RETURN(current, repos.detection.GetSource(source.id));
        if (!actor.unrestricted && !actor.scope.Sees(current.unit_path)) {
            return core::NotFound("Không tìm thấy nguồn nhật ký.", "Log source not found.");
        }
        if (keep.utc_offset) {
            source.utc_offset_minutes = current.utc_offset_minutes;
        }
        if (keep.max_skew) {
            source.max_skew_seconds = current.max_skew_seconds;
        }
        auto old_unit =
            LoadUnitFor(repos, actor, current.unit_id, domain::Permission::kIncidentHandle);
        if (!old_unit.ok()) {
            return std::move(old_unit).error();
        }
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, source.unit_id, domain::Permission::kIncidentHandle));
        source.created_at = current.created_at;
        UNGCUU_RETURN_IF_ERROR(repos.detection.UpdateSource(source));
        source.unit_path = unit.path;
        source.unit_name = unit.name_vi;
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"log_source.update", "log_source", source.id, &unit,
                        SourceSnapshot(current).ToJson(), SourceSnapshot(source).ToJson()}));
        return source;
    }));
    SourcesChanged();
    return out;
}

core::Result<LogSource> DetectionSetupService::SourceForIngest(const Actor& actor,
                                                               std::int64_t id) {
    return store_.Read([&](Repositories& repos) -> core::Result<LogSource> {
        auto source = repos.detection.GetSource(id);
        if (!source.ok() || (!actor.unrestricted && !actor.scope.Sees(source->unit_path))) {
            return core::NotFound(fmt::format("Không có nguồn nhật ký {}.", id),
                                  fmt::format("No log source {}.", id));
        }
        UNGCUU_RETURN_IF_ERROR(
            actor.Authorize(source->unit_path, domain::Permission::kIncidentReport));
        if (!source->active) {
            return core::Conflict("Nguồn nhật ký đã tắt.", "The log source is switched off.");
        }
        return std::move(source).value();
    });
}

void DetectionSetupService::SourcesChanged() {
    std::function<void()> callback;
    {
        std::lock_guard lock(mutex_);
        syslog_loaded_ = false;
        callback = sources_changed_;
    }
    if (callback) {
        callback();
    }
}

core::Result<std::vector<LogSource>> DetectionSetupService::ActiveSources(std::string_view kind) {
    UNGCUU_ASSIGN_OR_RETURN(all, AllSources());
    std::vector<LogSource> out;
    for (auto& source : all) {
        if ((kind.empty() || source.kind == kind) && source.active) {
            out.push_back(std::move(source));
        }
    }
    return out;
}

core::Result<std::vector<LogSource>> DetectionSetupService::AllSources() {
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<LogSource>> {
        return repos.detection.Sources({}, true);
    });
}

core::Result<std::optional<LogSource>> DetectionSetupService::SyslogSource(
    std::string_view address) {
    std::unique_lock lock(mutex_);
    if (!syslog_loaded_) {
        lock.unlock();
        UNGCUU_ASSIGN_OR_RETURN(loaded, ActiveSources("syslog"));
        lock.lock();
        syslog_sources_ = std::move(loaded);
        syslog_loaded_ = true;
    }
    for (const auto& source : syslog_sources_) {
        if (source.address == address) {
            return std::optional<LogSource>(source);
        }
    }
    return std::optional<LogSource>();
}

}  // namespace ungcuu::app
