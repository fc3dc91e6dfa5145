#include "app/detection/monitor_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/audit_writer.hpp"
#include "app/detection/page_capture.hpp"
#include "app/unit_access.hpp"
#include "core/date.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

namespace {

using domain::MonitorTargetId;
using namespace std::chrono_literals;

/// The monitor as an actor: it opens incidents and records events for every unit.
Actor MonitorActor() {
    Actor actor;
    actor.login = "giam-sat-web";
    actor.address = "monitor";
    actor.unrestricted = true;
    return actor;
}

core::FieldSnapshot TargetSnapshot(const domain::MonitorTarget& target) {
    core::FieldSnapshot snapshot;
    snapshot.Add("url", std::string_view(target.url))
        .Add("name", std::string_view(target.name))
        .Add("unit_id", target.unit_id.value())
        .Add("interval_seconds", std::int64_t{target.interval_seconds})
        .Add("enabled", target.enabled)
        .Add("public_status", target.public_status);
    if (target.system_id) {
        snapshot.Add("system_id", target.system_id->value());
    }
    return snapshot;
}

core::FieldSnapshot EventSnapshot(const domain::MonitorEvent& event) {
    core::FieldSnapshot snapshot;
    snapshot.Add("kind", domain::MonitorEventKindCode(event.kind))
        .Add("summary", std::string_view(event.summary_vi));
    return snapshot;
}

/// For file names: 2026-12-07T02:05:09.123Z -> 20261207T020509Z.
std::optional<domain::IncidentId> IncidentOf(const domain::MonitorStatus& status,
                                             domain::SiteIncidentKind kind) {
    return kind == domain::SiteIncidentKind::kOutage ? status.outage_incident
                                                     : status.content_incident;
}

}  // namespace

core::Result<MonitorList> MonitorService::List(const Actor& actor, const MonitorFilter& asked) {
    MonitorFilter filter = asked;
    filter.limit = std::clamp(filter.limit, 1, 500);
    filter.offset = std::max(filter.offset, 0);
    const auto now = clock_.Now();
    return store_.Read([&](Repositories& repos) -> core::Result<MonitorList> {
        if (filter.unit_id) {
            UNGCUU_RETURN_IF_ERROR(
                LoadUnitFor(repos, actor, *filter.unit_id, domain::Permission::kUnitRead));
        }
        const auto roots = actor.scope.RootsAllowing(domain::Permission::kUnitRead);
        MonitorList list;
        UNGCUU_ASSIGN_OR_RETURN(counts, repos.monitors.Count(roots, actor.unrestricted, filter));
        list.counts = counts;
        UNGCUU_ASSIGN_OR_RETURN(sites, repos.monitors.List(roots, actor.unrestricted, filter));
        std::vector<MonitorTargetId> ids;
        ids.reserve(sites.size());
        for (const auto& site : sites) {
            ids.push_back(site.target.id);
        }
        UNGCUU_ASSIGN_OR_RETURN(day, repos.monitors.Uptime(ids, now - 24h));
        UNGCUU_ASSIGN_OR_RETURN(month, repos.monitors.Uptime(ids, now - 30 * 24h));
        std::map<MonitorTargetId, MonitorUptime> by_day(day.begin(), day.end());
        std::map<MonitorTargetId, MonitorUptime> by_month(month.begin(), month.end());
        for (auto& site : sites) {
            const auto id = site.target.id;
            list.rows.push_back(MonitorRow{std::move(site), by_day[id], by_month[id]});
        }
        return list;
    });
}

core::Result<MonitorDetails> MonitorService::Details(Repositories& repos,
                                                     const Actor& actor,
                                                     MonitorTargetId id) {
    const auto now = clock_.Now();
    UNGCUU_ASSIGN_OR_RETURN(site, repos.monitors.Get(id));
    if (!actor.Authorize(site.target.unit_path, domain::Permission::kUnitRead).ok()) {
        // Outside the caller's scope is answered as absent.
        return core::NotFound("Không tìm thấy trang được theo dõi.", "Watched site not found.");
    }
    MonitorDetails details;
    UNGCUU_ASSIGN_OR_RETURN(hours, repos.monitors.Hours(id, now - 7 * 24h));
    details.hours = std::move(hours);
    UNGCUU_ASSIGN_OR_RETURN(day, repos.monitors.Uptime({id}, now - 24h));
    UNGCUU_ASSIGN_OR_RETURN(month, repos.monitors.Uptime({id}, now - 30 * 24h));
    UNGCUU_ASSIGN_OR_RETURN(events, repos.monitors.Events(id, kMaxEvents));
    details.events = std::move(events);
    details.can_edit =
        actor.Authorize(site.target.unit_path, domain::Permission::kSystemWrite).ok();
    site.pending.reset();  // what a reader needs is the findings, not the page's words
    site.target.baseline = {};
    details.row = MonitorRow{std::move(site), day.empty() ? MonitorUptime{} : day[0].second,
                             month.empty() ? MonitorUptime{} : month[0].second};
    return details;
}

core::Result<MonitorDetails> MonitorService::Get(const Actor& actor, MonitorTargetId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<MonitorDetails> {
        return Details(repos, actor, id);
    });
}

core::Status MonitorService::CheckSystem(Repositories& repos,
                                         const domain::Unit& unit,
                                         const std::optional<domain::SystemId>& system) {
    if (!system) {
        return core::Ok();
    }
    auto found = repos.systems.Get(*system);
    if (!found.ok() || !domain::IsWithin(found->owner_path, unit.path)) {
        domain::FieldErrors errors;
        errors.Add("system_id", "Hệ thống không thuộc đơn vị này hoặc các đơn vị trực thuộc.",
                   "The system is not one of this unit's subtree.");
        return errors.ToStatus();
    }
    return core::Ok();
}

core::Result<MonitorDetails> MonitorService::Create(const Actor& actor,
                                                    domain::MonitorTarget draft) {
    UNGCUU_RETURN_IF_ERROR(domain::CheckTarget(draft));
    const auto now = clock_.Now();
    auto result = store_.Write([&](Repositories& repos) -> core::Result<MonitorDetails> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, draft.unit_id, domain::Permission::kSystemWrite));
        if (!unit.active) {
            return core::Conflict("Đơn vị đã ngừng hoạt động.", "The unit is inactive.");
        }
        UNGCUU_RETURN_IF_ERROR(CheckSystem(repos, unit, draft.system_id));
        UNGCUU_ASSIGN_OR_RETURN(counts, repos.monitors.Count({}, true, MonitorFilter{}));
        if (counts.total >= kMaxTargets) {
            return core::Conflict(
                fmt::format("Đã theo dõi {} trang, mức tối đa của máy chủ.", kMaxTargets),
                fmt::format("{} sites are watched, the server's maximum.", kMaxTargets));
        }
        draft.created_at = now;
        draft.created_by = actor.login;
        draft.baseline_at.reset();
        UNGCUU_ASSIGN_OR_RETURN(stored, repos.monitors.Insert(draft));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"monitor.create", "monitor", stored.id.value(), &unit,
                                           "{}", TargetSnapshot(stored).ToJson()}));
        return Details(repos, actor, stored.id);
    });
    if (result.ok()) {
        version_ += 1;
    }
    return result;
}

core::Result<MonitorDetails> MonitorService::Update(const Actor& actor,
                                                    MonitorTargetId id,
                                                    const domain::MonitorTarget& settings) {
    UNGCUU_RETURN_IF_ERROR(domain::CheckTarget(settings));
    const auto now = clock_.Now();
    auto result = store_.Write([&](Repositories& repos) -> core::Result<MonitorDetails> {
        UNGCUU_ASSIGN_OR_RETURN(site, Details(repos, actor, id));
        auto& target = site.row.site.target;
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, target.unit_id, domain::Permission::kSystemWrite));
        UNGCUU_RETURN_IF_ERROR(CheckSystem(repos, unit, settings.system_id));
        const auto before = TargetSnapshot(target).ToJson();
        const bool moved = target.url != settings.url;
        target.system_id = settings.system_id;
        target.url = settings.url;
        target.name = settings.name;
        target.interval_seconds = settings.interval_seconds;
        target.enabled = settings.enabled;
        target.public_status = settings.public_status;
        UNGCUU_RETURN_IF_ERROR(repos.monitors.Update(target));
        if (moved) {
            // Another page: what was known of the old one no longer applies.
            UNGCUU_RETURN_IF_ERROR(repos.monitors.SaveStatus(id, domain::MonitorStatus{}));
            UNGCUU_RETURN_IF_ERROR(repos.monitors.ClearBaseline(id));
        }
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"monitor.update", "monitor", id.value(), &unit, before,
                                           TargetSnapshot(target).ToJson()}));
        return Details(repos, actor, id);
    });
    if (result.ok()) {
        version_ += 1;
    }
    return result;
}

core::Status MonitorService::Delete(const Actor& actor, MonitorTargetId id) {
    const auto now = clock_.Now();
    auto result = store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(site, Details(repos, actor, id));
        const auto& target = site.row.site.target;
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, target.unit_id, domain::Permission::kSystemWrite));
        UNGCUU_RETURN_IF_ERROR(repos.monitors.Delete(id));
        return WriteAudit(repos, actor, now,
                          {"monitor.delete", "monitor", id.value(), &unit,
                           TargetSnapshot(target).ToJson(), "{}"});
    });
    if (result.ok()) {
        version_ += 1;
    }
    return result;
}

core::Result<MonitorDetails> MonitorService::ApproveBaseline(const Actor& actor,
                                                             MonitorTargetId id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<MonitorDetails> {
        UNGCUU_ASSIGN_OR_RETURN(site, repos.monitors.Get(id));
        UNGCUU_ASSIGN_OR_RETURN(site_unit, LoadUnitFor(repos, actor, site.target.unit_id,
                                                       domain::Permission::kUnitRead));
        UNGCUU_RETURN_IF_ERROR(actor.Authorize(site_unit.path, domain::Permission::kSystemWrite));
        domain::MonitorEvent event{.target = id,
                                   .at = now,
                                   .kind = domain::MonitorEventKind::kBaseline,
                                   .actor = actor.login};
        if (site.pending) {
            UNGCUU_RETURN_IF_ERROR(
                repos.monitors.SaveBaseline(id, *site.pending, now, actor.login));
            event.summary_vi = fmt::format(
                "{} duyệt trang đọc được lúc {} làm bản chuẩn mới.", actor.login,
                site.status.last_check ? core::FormatLocalDateTime(*site.status.last_check) : "");
            event.summary_en = "The page last read was approved as the new baseline.";
        } else {
            // No differing page kept: the next check's page becomes the baseline.
            UNGCUU_RETURN_IF_ERROR(repos.monitors.ClearBaseline(id));
            event.summary_vi = fmt::format(
                "{} yêu cầu lấy trang ở lần kiểm tra tới làm bản chuẩn mới.", actor.login);
            event.summary_en = "The page of the next check becomes the baseline.";
        }
        auto status = site.status;
        std::erase(status.findings, std::string("content"));
        UNGCUU_RETURN_IF_ERROR(repos.monitors.SaveStatus(id, status));
        UNGCUU_RETURN_IF_ERROR(repos.monitors.InsertEvent(event));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"monitor.baseline", "monitor", id.value(), &site_unit,
                                           "{}", EventSnapshot(event).ToJson()}));
        return Details(repos, actor, id);
    });
}

core::Result<std::vector<MonitorProposal>> MonitorService::Proposals(const Actor& actor,
                                                                     domain::UnitId unit_id) {
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<MonitorProposal>> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, unit_id, domain::Permission::kSystemWrite));
        UNGCUU_ASSIGN_OR_RETURN(watched, repos.monitors.WatchedUrls(unit.id));
        std::set<std::string> taken;
        for (const auto& [owner, url] : watched) {
            taken.insert(domain::HostOf(url));
        }
        SystemFilter filter;
        filter.unrestricted = true;
        filter.owner_unit_id = unit.id;
        filter.active = true;
        filter.limit = 5000;
        UNGCUU_ASSIGN_OR_RETURN(systems, repos.systems.List(filter));
        std::map<domain::UnitId, std::string> names;
        std::vector<MonitorProposal> proposals;
        for (const auto& system : systems) {
            for (const auto& url : domain::UrlsOfSystem(system)) {
                if (!taken.insert(domain::HostOf(url)).second) {
                    continue;
                }
                auto& name = names[system.owner_unit_id];
                if (name.empty()) {
                    auto owner = repos.units.Get(system.owner_unit_id);
                    name = owner.ok() ? owner->name_vi : "";
                }
                proposals.push_back({system.id, system.name_vi, system.owner_unit_id, name, url});
            }
        }
        return proposals;
    });
}

core::Result<std::vector<PublicSite>> MonitorService::PublicSites() {
    const auto now = clock_.Now();
    const auto version = version_.load();
    std::lock_guard lock(public_mutex_);
    if (public_ && public_->version == version && now >= public_->read_at &&
        now - public_->read_at < kPublicFor) {
        return public_->sites;
    }
    auto read = store_.Read([&](Repositories& repos) -> core::Result<std::vector<PublicSite>> {
        UNGCUU_ASSIGN_OR_RETURN(sites, repos.monitors.Public(500));
        std::vector<MonitorTargetId> ids;
        ids.reserve(sites.size());
        for (const auto& site : sites) {
            ids.push_back(site.target.id);
        }
        UNGCUU_ASSIGN_OR_RETURN(month, repos.monitors.Uptime(ids, now - 30 * 24h));
        std::map<MonitorTargetId, MonitorUptime> by_month(month.begin(), month.end());
        std::vector<PublicSite> out;
        for (const auto& site : sites) {
            // A first failed check is not news yet: shown as up until it is confirmed.
            const auto state = site.status.state == domain::SiteState::kSuspect
                                   ? domain::SiteState::kUp
                                   : site.status.state;
            out.push_back(
                {site.target.name.empty() ? domain::HostOf(site.target.url) : site.target.name,
                 site.target.unit_name, state, site.status.since, by_month[site.target.id]});
        }
        return out;
    });
    if (read.ok()) {
        public_ = PublicAnswer{now, version, *read};
    }
    return read;
}

core::Result<domain::UnitId> MonitorService::TopUnit() {
    return store_.Read([](Repositories& repos) -> core::Result<domain::UnitId> {
        UNGCUU_ASSIGN_OR_RETURN(top, app::TopUnit(repos));
        return top.id;
    });
}

core::Result<std::vector<MonitorSchedule>> MonitorService::Schedule() {
    return store_.Read([&](Repositories& repos) { return repos.monitors.Enabled(kMaxTargets); });
}

core::Result<RecordOutcome> MonitorService::Record(std::vector<domain::SiteCheck> checks) {
    RecordOutcome outcome;
    if (checks.empty()) {
        return outcome;
    }
    std::vector<MonitorTargetId> ids;
    ids.reserve(checks.size());
    for (const auto& check : checks) {
        ids.push_back(check.target);
    }
    UNGCUU_ASSIGN_OR_RETURN(
        loaded, store_.Read([&](Repositories& repos) { return repos.monitors.GetMany(ids); }));
    std::map<MonitorTargetId, MonitorSite> sites;
    for (auto& site : loaded) {
        sites.emplace(site.target.id, std::move(site));
    }
    const Actor actor = MonitorActor();
    std::vector<Opened> opened;
    std::vector<std::pair<MonitorTargetId, domain::SiteIncidentNote>> notes;
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        std::map<domain::UnitId, domain::Unit> units;
        for (auto& check : checks) {
            const auto found = sites.find(check.target);
            if (found == sites.end()) {
                continue;  // removed meanwhile
            }
            auto& site = found->second;
            auto judgement = domain::JudgeCheck(site.target, site.status, check, markers_, policy_);
            if (judgement.recheck_soon) {
                outcome.recheck.push_back(site.target.id);
            }
            if (judgement.take_baseline && check.page) {
                UNGCUU_RETURN_IF_ERROR(repos.monitors.SaveBaseline(site.target.id, *check.page,
                                                                   check.at, actor.login));
                site.target.baseline = *check.page;
                site.target.baseline_at = check.at;
            }
            // The page that differs is kept for approval while a content finding stands.
            const bool differs =
                std::find(judgement.status.findings.begin(), judgement.status.findings.end(),
                          "content") != judgement.status.findings.end();
            if (differs && check.page) {
                UNGCUU_RETURN_IF_ERROR(repos.monitors.SavePending(site.target.id, check.page));
            } else if (!differs && site.pending) {
                UNGCUU_RETURN_IF_ERROR(repos.monitors.SavePending(site.target.id, std::nullopt));
            }
            site.pending = differs ? check.page : std::nullopt;
            UNGCUU_RETURN_IF_ERROR(repos.monitors.SaveStatus(site.target.id, judgement.status));
            UNGCUU_RETURN_IF_ERROR(repos.monitors.AddCheck(
                site.target.id, check.at, check.failure == domain::SiteFailure::kNone,
                check.latency_ms));
            site.status = judgement.status;
            std::optional<domain::MonitorEventId> last_event;
            for (auto& event : judgement.events) {
                UNGCUU_RETURN_IF_ERROR(repos.monitors.InsertEvent(event));
                last_event = event.id;
                outcome.events += 1;
                auto unit = units.find(site.target.unit_id);
                if (unit == units.end()) {
                    UNGCUU_ASSIGN_OR_RETURN(loaded_unit, repos.units.Get(site.target.unit_id));
                    unit = units.emplace(site.target.unit_id, std::move(loaded_unit)).first;
                }
                // Audited: the change feed brings it to the pages on screen.
                UNGCUU_RETURN_IF_ERROR(
                    WriteAudit(repos, actor, check.at,
                               {"monitor.event", "monitor", site.target.id.value(), &unit->second,
                                "{}", EventSnapshot(event).ToJson()}));
            }
            for (auto& incident : judgement.incidents) {
                Opened open{.target = site.target.id, .event = last_event};
                if (incident.capture_evidence) {
                    open.body = check.body;
                    open.headers = check.headers;
                    for (const auto& event : judgement.events) {
                        open.evidence.insert(open.evidence.end(), event.evidence.begin(),
                                             event.evidence.end());
                    }
                }
                open.url = check.final_url.empty() ? site.target.url : check.final_url;
                open.incident = std::move(incident);
                opened.push_back(std::move(open));
            }
            for (auto& note : judgement.notes) {
                notes.emplace_back(site.target.id, std::move(note));
            }
        }
        return core::Ok();
    }));
    HoldMassOutages(checks, sites, opened, outcome);
    // Incidents outside the batch's transaction: each is the intake's own write.
    for (const auto& open : opened) {
        auto& site = sites.at(open.target);
        const auto incident = OpenIncident(site, open);
        if (!incident.ok()) {
            outcome.problems.push_back(
                fmt::format("{}: {}", site.target.url, incident.error().message_en));
            continue;
        }
        outcome.incidents += 1;
        auto status = site.status;
        (open.incident.kind == domain::SiteIncidentKind::kOutage ? status.outage_incident
                                                                 : status.content_incident) =
            *incident;
        (void)store_.Write([&](Repositories& repos) -> core::Status {
            UNGCUU_ASSIGN_OR_RETURN(current, repos.monitors.Get(open.target));
            auto now_status = current.status;
            now_status.outage_incident = status.outage_incident;
            now_status.content_incident = status.content_incident;
            UNGCUU_RETURN_IF_ERROR(repos.monitors.SaveStatus(open.target, now_status));
            if (open.event) {
                UNGCUU_RETURN_IF_ERROR(repos.monitors.LinkEvent(*open.event, *incident));
            }
            return core::Ok();
        });
        site.status = status;
    }
    for (const auto& [target, note] : notes) {
        const auto& site = sites.at(target);
        if (const auto incident = IncidentOf(site.status, note.kind)) {
            (void)incidents_.AddNote(actor, *incident, note.text);
        }
    }
    return outcome;
}

void MonitorService::HoldMassOutages(const std::vector<domain::SiteCheck>& checks,
                                     std::map<MonitorTargetId, MonitorSite>& sites,
                                     std::vector<Opened>& opened,
                                     RecordOutcome& outcome) {
    std::lock_guard lock(mutex_);
    // The latest result of each site checked within the recheck delay (and a second): when a
    // first failure is confirmed, that window holds the checks made since it — all failed if the
    // monitor's own network is down, a few among many successes if one site is.
    for (const auto& check : checks) {
        recent_[check.target] = {check.at, check.failure != domain::SiteFailure::kNone};
    }
    const auto horizon = clock_.Now() - policy_.recheck - 1s;
    std::erase_if(recent_, [&](const auto& entry) { return entry.second.first < horizon; });
    const bool outages = std::any_of(opened.begin(), opened.end(), [](const Opened& o) {
        return o.incident.kind == domain::SiteIncidentKind::kOutage;
    });
    if (!outages && held_.empty()) {
        return;
    }
    auto counts =
        store_.Read([&](Repositories& repos) { return repos.monitors.Count({}, true, {}); });
    if (!counts.ok()) {
        return;  // cannot tell: open as usual
    }
    const int watched = counts->total - counts->disabled;
    const int seen = static_cast<int>(recent_.size());
    const int failing = static_cast<int>(std::count_if(
        recent_.begin(), recent_.end(), [](const auto& entry) { return entry.second.second; }));
    const bool mass =
        watched >= policy_.mass_outage_min_sites &&
        domain::LooksLikeMonitorOutage(
            std::max(seen, std::min(watched, policy_.mass_outage_min_sites)), failing, policy_);
    if (mass) {
        std::erase_if(opened, [&](Opened& o) {
            if (o.incident.kind != domain::SiteIncidentKind::kOutage) {
                return false;
            }
            held_.insert_or_assign(o.target, std::move(o));
            return true;
        });
        outcome.problems.push_back(fmt::format(
            "{} of the {} sites checked in the last seconds failed: outage incidents wait (the "
            "monitor's own network?)",
            failing, seen));
        return;
    }
    // Over: the held sites still down get their incidents now; the others came back.
    if (held_.empty()) {
        return;
    }
    std::vector<MonitorTargetId> ids;
    for (const auto& [id, _] : held_) {
        ids.push_back(id);
    }
    auto current = store_.Read([&](Repositories& repos) { return repos.monitors.GetMany(ids); });
    if (!current.ok()) {
        return;
    }
    for (auto& site : *current) {
        auto held = held_.find(site.target.id);
        if (site.status.state == domain::SiteState::kDown && !site.status.outage_incident) {
            opened.push_back(std::move(held->second));
            sites.insert_or_assign(site.target.id, std::move(site));
        }
    }
    held_.clear();
}

core::Result<domain::IncidentId> MonitorService::OpenIncident(const MonitorSite& site,
                                                              const Opened& open) {
    const Actor actor = MonitorActor();
    NewIncident request;
    auto& fields = request.fields;
    fields.source = domain::IncidentSource::kMonitor;
    fields.source_ref =
        fmt::format("site:{}:{}", site.target.id.value(),
                    open.incident.kind == domain::SiteIncidentKind::kOutage ? "outage" : "content");
    fields.title = open.incident.title_vi;
    fields.description = open.incident.description_vi;
    fields.detected_at = clock_.Now();
    fields.detection_methods = {"other"};
    fields.detection_note = "Hệ thống giám sát trang web của ungcuu";
    fields.affected_text = site.target.url;
    fields.scenarios = {open.incident.scenario};
    if (site.target.system_id) {
        fields.system_ids = {*site.target.system_id};
    }
    request.unit_id = site.target.unit_id;
    auto created = incidents_.Create(actor, std::move(request));
    if (!created.ok()) {
        return std::move(created).error();
    }
    const auto id = created->details.incident.id;
    (void)incidents_.AddObservables(
        actor, id,
        {{domain::ObservableKind::kUrl, site.target.url},
         {domain::ObservableKind::kDomain, domain::HostOf(site.target.url)}});
    if (!created->created || !open.incident.capture_evidence) {
        return id;
    }
    // The evidence, captured at once: the page as served, its headers and a picture of it, each
    // stored by its SHA-256; then a list of them with their digests and the time.
    PageCamera* camera = nullptr;
    {
        std::lock_guard lock(mutex_);
        camera = camera_;
    }
    const auto files = CapturePage({.url = open.url,
                                    .body = open.body,
                                    .headers = open.headers,
                                    .at = clock_.Now(),
                                    .who_vi = "hệ thống giám sát trang web",
                                    .findings = open.evidence},
                                   camera, [this](std::string_view bytes) {
                                       auto digest = incidents_.uploads().Put(bytes);
                                       return digest.ok() ? *digest : std::string();
                                   });
    for (const auto& file : files) {
        (void)incidents_.AddAttachment(actor, id, file.name, file.bytes);
    }
    return id;
}

core::Status MonitorService::Prune() {
    const auto now = clock_.Now();
    {
        std::lock_guard lock(mutex_);
        if (last_prune_ && now - *last_prune_ < 1h) {
            return core::Ok();
        }
        last_prune_ = now;
    }
    const auto before = now - 400 * 24h;
    return store_.Write([&](Repositories& repos) { return repos.monitors.PruneHours(before); });
}

}  // namespace ungcuu::app
