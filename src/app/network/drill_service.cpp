#include "app/network/drill_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/audit_writer.hpp"
#include "app/organisation/training_service.hpp"
#include "app/unit_access.hpp"
#include "domain/protection.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

namespace {

core::FieldSnapshot DrillSnapshot(const domain::Drill& d) {
    return core::FieldSnapshot()
        .Add("title", std::string_view(d.title))
        .Add("kind", domain::DrillKindCode(d.kind))
        .Add("level", domain::DrillLevelCode(d.level))
        .Add("day", std::string_view(core::FormatDate(d.day)))
        .Add("state", domain::DrillStateCode(d.state));
}

std::string KindVi(domain::DrillKind kind) {
    return kind == domain::DrillKind::kLiveFire ? "Diễn tập thực chiến" : "Diễn tập trên bàn";
}

std::string StateVi(const std::string& state) {
    if (state == "closed") {
        return "đã kết thúc";
    }
    if (state == "received") {
        return "chưa xác nhận";
    }
    return state.empty() ? "chưa chạy" : "đang xử lý";
}

std::string Duration(core::TimePoint from, std::optional<core::TimePoint> to) {
    if (!to) {
        return "—";
    }
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(*to - from).count();
    return fmt::format("{} phút", minutes);
}

}  // namespace

core::Result<domain::Drill> DrillService::DrillFor(Repositories& repos,
                                                   const Actor& actor,
                                                   domain::DrillId id,
                                                   domain::Permission permission) {
    UNGCUU_ASSIGN_OR_RETURN(drill, repos.drills.Get(id));
    // Seen by the organising unit's scope, or by a participating unit's.
    bool seen = actor.Authorize(drill.unit_path, domain::Permission::kUnitRead).ok();
    for (const auto unit : drill.units) {
        if (seen) {
            break;
        }
        const auto loaded = repos.units.Get(unit);
        seen = loaded.ok() && actor.Authorize(loaded->path, domain::Permission::kUnitRead).ok();
    }
    if (!seen) {
        return core::NotFound("Không tìm thấy cuộc diễn tập.", "Drill not found.");
    }
    // Reading is enough for a participant; changing it takes `permission` at the organiser.
    if (permission != domain::Permission::kUnitRead) {
        UNGCUU_RETURN_IF_ERROR(actor.Authorize(drill.unit_path, permission));
    }
    return drill;
}

core::Result<DrillView> DrillService::Load(Repositories& repos,
                                           const Actor& actor,
                                           domain::Drill drill) {
    DrillView view;
    for (const auto unit : drill.units) {
        const auto loaded = repos.units.Get(unit);
        view.unit_names.push_back(loaded.ok() ? loaded->name_vi : "");
    }
    for (const auto system : drill.systems) {
        const auto loaded = repos.systems.Get(system);
        view.system_names.push_back(loaded.ok() ? loaded->code + " — " + loaded->name_vi : "");
    }
    UNGCUU_ASSIGN_OR_RETURN(injects, repos.drills.Injects(drill.id));
    for (auto& inject : injects) {
        InjectView v;
        if (inject.incident_id) {
            const auto incident = repos.incidents.Get(*inject.incident_id);
            if (incident.ok()) {
                v.incident_code = incident->code;
                v.incident_state = std::string(domain::IncidentStateCode(incident->state));
                v.acknowledged_at = incident->acknowledged_at;
                v.closed_at = incident->closed_at;
            }
        }
        v.inject = std::move(inject);
        view.injects.push_back(std::move(v));
    }
    UNGCUU_ASSIGN_OR_RETURN(findings, repos.drills.Findings(drill.id));
    const auto today = core::LocalDate(clock_.Now());
    // Where each finding's fix stands: the follow-up plan's assignments, read once.
    std::vector<AssignmentRow> fixes;
    if (drill.follow_up_plan) {
        const std::vector<domain::ScopeRoot> all = {
            {std::string(domain::TreeRootOf(drill.unit_path)), false}};
        UNGCUU_ASSIGN_OR_RETURN(rows, repos.work_plans.PlanAssignments(*drill.follow_up_plan, all));
        fixes = std::move(rows);
    }
    for (auto& finding : findings) {
        FindingView v;
        for (const auto& row : fixes) {
            if (finding.task_id && row.assignment.task_id == *finding.task_id) {
                const auto standing =
                    domain::StandingOf(row.assignment, row.frame, today, row.plan_to);
                v.status = std::string(domain::AssignmentStatusCode(standing.status));
                v.overdue = standing.overdue;
            }
        }
        v.finding = std::move(finding);
        view.findings.push_back(std::move(v));
    }
    view.can_edit = actor.Authorize(drill.unit_path, domain::Permission::kIncidentHandle).ok();
    view.drill = std::move(drill);
    return view;
}

core::Result<std::vector<domain::Drill>> DrillService::Drills(const Actor& actor) {
    return store_.Read([&](Repositories& repos) {
        return repos.drills.List(actor.scope.VisibleRoots(), actor.unrestricted, 500);
    });
}

core::Result<DrillView> DrillService::Drill(const Actor& actor, domain::DrillId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<DrillView> {
        UNGCUU_ASSIGN_OR_RETURN(drill, DrillFor(repos, actor, id, domain::Permission::kUnitRead));
        return Load(repos, actor, std::move(drill));
    });
}

core::Result<DrillView> DrillService::Create(const Actor& actor, domain::Drill drill) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateDrill(drill));
    const auto now = clock_.Now();
    drill.state = domain::DrillState::kPlanned;
    drill.created_at = now;
    drill.created_by = actor.login;
    return store_.Write([&](Repositories& repos) -> core::Result<DrillView> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, drill.unit_id, domain::Permission::kIncidentHandle));
        domain::FieldErrors errors;
        std::vector<domain::UnitId> units;
        for (const auto id : drill.units) {
            const auto loaded = repos.units.Get(id);
            if (!loaded.ok() ||
                !actor.Authorize(loaded->path, domain::Permission::kUnitRead).ok()) {
                errors.Add("units", fmt::format("không có đơn vị #{}", id.value()),
                           fmt::format("no unit #{}", id.value()));
            } else if (id != unit.id && std::find(units.begin(), units.end(), id) == units.end()) {
                units.push_back(id);
            }
        }
        drill.units = std::move(units);
        for (const auto id : drill.systems) {
            const auto system = repos.systems.Get(id);
            if (!system.ok() || !domain::TakesPart(drill, system->owner_unit_id)) {
                errors.Add("systems",
                           fmt::format("hệ thống #{} không thuộc đơn vị tham gia", id.value()),
                           fmt::format("system #{} belongs to no participating unit", id.value()));
            }
        }
        UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
        UNGCUU_ASSIGN_OR_RETURN(created, repos.drills.Insert(drill));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"drill.create", "drill", created.id.value(), &unit, "{}",
                                           DrillSnapshot(created).ToJson()}));
        UNGCUU_ASSIGN_OR_RETURN(loaded, repos.drills.Get(created.id));
        return Load(repos, actor, std::move(loaded));
    });
}

core::Result<DrillView> DrillService::AddInject(const Actor& actor, domain::Inject inject) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateInject(inject));
    return store_.Write([&](Repositories& repos) -> core::Result<DrillView> {
        UNGCUU_ASSIGN_OR_RETURN(
            drill, DrillFor(repos, actor, inject.drill_id, domain::Permission::kIncidentHandle));
        if (drill.state == domain::DrillState::kDone) {
            return core::Conflict("Cuộc diễn tập đã kết thúc.", "The drill has ended.");
        }
        if (!domain::TakesPart(drill, inject.unit_id)) {
            return core::InvalidArgument("Tình huống được giao cho một đơn vị tham gia diễn tập.",
                                         "An inject is played at a unit taking part in the drill.");
        }
        UNGCUU_ASSIGN_OR_RETURN(injects, repos.drills.Injects(drill.id));
        if (injects.size() >= kMaxInjects) {
            return core::InvalidArgument(
                fmt::format("Một cuộc diễn tập có tối đa {} tình huống.", kMaxInjects),
                fmt::format("A drill has at most {} injects.", kMaxInjects));
        }
        UNGCUU_ASSIGN_OR_RETURN(added, repos.drills.InsertInject(inject));
        return Load(repos, actor, std::move(drill));
    });
}

core::Result<DrillView> DrillService::Start(const Actor& actor, domain::DrillId id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<DrillView> {
        UNGCUU_ASSIGN_OR_RETURN(drill,
                                DrillFor(repos, actor, id, domain::Permission::kIncidentHandle));
        if (drill.state != domain::DrillState::kPlanned) {
            return core::Conflict("Cuộc diễn tập đã bắt đầu.", "The drill has started already.");
        }
        drill.state = domain::DrillState::kRunning;
        drill.started_at = now;
        UNGCUU_RETURN_IF_ERROR(repos.drills.Update(drill));
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(drill.unit_id));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"drill.start", "drill", drill.id.value(), &unit, "{}",
                                           DrillSnapshot(drill).ToJson()}));
        return Load(repos, actor, std::move(drill));
    });
}

core::Result<DrillView> DrillService::RunInject(const Actor& actor,
                                                domain::DrillId id,
                                                domain::InjectId inject_id) {
    UNGCUU_ASSIGN_OR_RETURN(
        inject, store_.Read([&](Repositories& repos) -> core::Result<domain::Inject> {
            UNGCUU_ASSIGN_OR_RETURN(
                drill, DrillFor(repos, actor, id, domain::Permission::kIncidentHandle));
            UNGCUU_ASSIGN_OR_RETURN(found, repos.drills.GetInject(inject_id));
            if (found.drill_id != drill.id) {
                return core::NotFound("Không tìm thấy tình huống.", "Inject not found.");
            }
            if (drill.state != domain::DrillState::kRunning) {
                return core::Conflict("Chỉ chạy tình huống khi cuộc diễn tập đang diễn ra.",
                                      "Injects run while the drill is running.");
            }
            if (found.incident_id) {
                return core::Conflict("Tình huống này đã chạy.", "This inject has run already.");
            }
            return found;
        }));
    // The exercise incident is filed through the incident procedure's own intake.
    UNGCUU_ASSIGN_OR_RETURN(incident, intake_.Open(actor, id, inject.unit_id, inject.title,
                                                   inject.description, inject.scenario));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<DrillView> {
        UNGCUU_ASSIGN_OR_RETURN(drill, repos.drills.Get(id));
        UNGCUU_ASSIGN_OR_RETURN(first, repos.drills.MarkRun(inject_id, incident, now));
        if (!first) {
            return core::Conflict("Tình huống này đã chạy.", "This inject has run already.");
        }
        return Load(repos, actor, std::move(drill));
    });
}

core::Result<DrillView> DrillService::AddFinding(const Actor& actor, domain::Finding finding) {
    UNGCUU_ASSIGN_OR_RETURN(
        drill, store_.Read([&](Repositories& repos) -> core::Result<domain::Drill> {
            UNGCUU_ASSIGN_OR_RETURN(found, DrillFor(repos, actor, finding.drill_id,
                                                    domain::Permission::kIncidentHandle));
            UNGCUU_ASSIGN_OR_RETURN(findings, repos.drills.Findings(found.id));
            if (findings.size() >= kMaxFindings) {
                return core::InvalidArgument(
                    fmt::format("Một cuộc diễn tập có tối đa {} phát hiện.", kMaxFindings),
                    fmt::format("A drill has at most {} findings.", kMaxFindings));
            }
            return found;
        }));
    UNGCUU_RETURN_IF_ERROR(domain::ValidateFinding(finding, drill.day));
    if (drill.state == domain::DrillState::kPlanned) {
        return core::Conflict("Phát hiện được ghi khi diễn tập đã bắt đầu.",
                              "Findings are recorded once the drill has started.");
    }
    // The fix is a task of the drill's follow-up plan, tracked like every plan task.
    domain::PlanTask task;
    task.content =
        finding.lesson.empty() ? finding.text : finding.text + " — Bài học: " + finding.lesson;
    task.executor_units = {finding.owner_unit};
    task.coordinating = finding.owner;
    task.frame = *domain::ParseTimeFrame(core::FormatDate(finding.due));
    task.expected_output = "Báo cáo kết quả khắc phục";
    PlanView plan;
    if (!drill.follow_up_plan) {
        domain::WorkPlan head;
        head.unit_id = drill.unit_id;
        head.title = "Khắc phục sau diễn tập: " + drill.title;
        head.period_from = drill.day;
        head.period_to = finding.due;
        head.objectives = "Khắc phục các tồn tại phát hiện qua diễn tập.";
        UNGCUU_ASSIGN_OR_RETURN(created, work_plans_.Create(actor, head, {task}));
        plan = std::move(created);
    } else {
        UNGCUU_ASSIGN_OR_RETURN(current, work_plans_.Plan(actor, *drill.follow_up_plan));
        if (current.plan.period_to < finding.due) {
            auto head = current.plan;
            head.period_to = finding.due;
            const auto plan_id = head.id;
            UNGCUU_ASSIGN_OR_RETURN(widened,
                                    work_plans_.UpdatePlan(actor, plan_id, std::move(head)));
        }
        UNGCUU_ASSIGN_OR_RETURN(added, work_plans_.AddTask(actor, *drill.follow_up_plan, task));
        plan = std::move(added);
    }
    if (plan.tasks.empty()) {
        return core::Internal("The follow-up plan has no task.");
    }
    finding.task_id = plan.tasks.back().task.id;
    finding.created_at = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<DrillView> {
        UNGCUU_ASSIGN_OR_RETURN(current, repos.drills.Get(drill.id));
        current.follow_up_plan = plan.plan.id;
        UNGCUU_RETURN_IF_ERROR(repos.drills.Update(current));
        UNGCUU_ASSIGN_OR_RETURN(saved, repos.drills.InsertFinding(finding));
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(current.unit_id));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, finding.created_at,
                       {"drill.finding", "drill", current.id.value(), &unit, "{}",
                        core::FieldSnapshot().Add("text", std::string_view(saved.text)).ToJson()}));
        return Load(repos, actor, std::move(current));
    });
}

core::Result<DrillView> DrillService::Finish(const Actor& actor,
                                             domain::DrillId id,
                                             std::string lessons) {
    domain::FieldErrors errors;
    domain::CheckText(errors, "lessons", lessons, domain::Required::kNo, 10000);
    UNGCUU_RETURN_IF_ERROR(errors.ToStatus());
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<DrillView> {
        UNGCUU_ASSIGN_OR_RETURN(drill,
                                DrillFor(repos, actor, id, domain::Permission::kIncidentHandle));
        if (drill.state != domain::DrillState::kRunning) {
            return core::Conflict("Chỉ kết thúc cuộc diễn tập đang diễn ra.",
                                  "Only a running drill is ended.");
        }
        UNGCUU_ASSIGN_OR_RETURN(injects, repos.drills.Injects(drill.id));
        std::string open;
        for (const auto& inject : injects) {
            if (!inject.incident_id) {
                continue;
            }
            UNGCUU_ASSIGN_OR_RETURN(incident, repos.incidents.Get(*inject.incident_id));
            if (domain::IsOpen(incident.state)) {
                open += (open.empty() ? "" : ", ") + incident.code;
            }
        }
        if (!open.empty()) {
            return core::Conflict(fmt::format("Còn sự cố diễn tập chưa kết thúc: {}.", open),
                                  fmt::format("Exercise incidents are still open: {}.", open));
        }
        drill.state = domain::DrillState::kDone;
        drill.ended_at = now;
        drill.lessons = std::move(lessons);
        UNGCUU_RETURN_IF_ERROR(repos.drills.Update(drill));
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(drill.unit_id));
        // A live-fire drill is each of its systems' yearly drill (Chỉ thị 18/CT-TTg).
        if (drill.kind == domain::DrillKind::kLiveFire) {
            for (const auto system_id : drill.systems) {
                UNGCUU_ASSIGN_OR_RETURN(system, repos.systems.Get(system_id));
                domain::Assessment record;
                record.kind = domain::DueKind::kDrill;
                record.unit_id = system.owner_unit_id;
                record.system_id = system_id;
                record.performed_on = drill.day;
                record.performer =
                    drill.organiser_name.empty() ? unit.name_vi : drill.organiser_name;
                record.findings = "Diễn tập thực chiến: " + drill.title;
                record.recorded_by = actor.login;
                record.created_at = now;
                UNGCUU_ASSIGN_OR_RETURN(saved, repos.protection.InsertAssessment(record));
            }
        }
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"drill.finish", "drill", drill.id.value(), &unit, "{}",
                                           DrillSnapshot(drill).ToJson()}));
        return Load(repos, actor, std::move(drill));
    });
}

core::Result<RenderedDocument> DrillService::Report(const Actor& actor,
                                                    domain::DrillId id,
                                                    DocumentFormat format) {
    if (format == DocumentFormat::kXlsx) {
        return core::InvalidArgument("Báo cáo diễn tập có dạng DOCX hoặc PDF.",
                                     "The after-action report is a DOCX or a PDF.");
    }
    UNGCUU_ASSIGN_OR_RETURN(view, Drill(actor, id));
    const auto& d = view.drill;
    OfficialDocument doc;
    doc.issuing_unit = d.unit_name;
    doc.number = "Số: ……/BC";
    doc.place_date = core::UpperFirst(core::FormatVietnameseDate(clock_.Now()));
    doc.title = "BÁO CÁO KẾT QUẢ DIỄN TẬP";
    doc.subtitle = fmt::format("{}: {}", KindVi(d.kind), d.title);
    std::string units;
    for (const auto& name : view.unit_names) {
        units += (units.empty() ? "" : "; ") + name;
    }
    std::string systems;
    for (const auto& name : view.system_names) {
        systems += (systems.empty() ? "" : "; ") + name;
    }
    std::string scenarios;
    for (const auto& code : d.scenarios) {
        scenarios += (scenarios.empty() ? "" : ", ") + code;
    }
    doc.sections.push_back(
        {"I. Thông tin chung",
         {{"Hình thức", KindVi(d.kind)},
          {"Đơn vị tổ chức", d.organiser_name.empty() ? d.unit_name : d.organiser_name},
          {"Thời gian", fmt::format("{} ({} giờ)", core::FormatDayVi(d.day), d.duration_hours)},
          {"Đơn vị tham gia", units.empty() ? d.unit_name : d.unit_name + "; " + units},
          {"Thành phần", d.people},
          {"Kịch bản", scenarios},
          {"Hệ thống sử dụng", systems},
          {"Kinh phí", d.budget ? fmt::format("{} đồng", *d.budget) : std::string("—")}},
         {}});
    OfficialDocument::Table timeline;
    timeline.header = {"Phút",         "Tình huống",   "Đơn vị",    "Sự cố diễn tập",
                       "Xác nhận sau", "Kết thúc sau", "Trạng thái"};
    timeline.widths = {400, 1200, 800, 800, 600, 600, 600};
    for (const auto& v : view.injects) {
        const auto run = v.inject.run_at;
        timeline.rows.push_back(
            {std::to_string(v.inject.minute), v.inject.title, v.inject.unit_name,
             v.incident_code.empty() ? "—" : v.incident_code,
             run ? Duration(*run, v.acknowledged_at) : "—", run ? Duration(*run, v.closed_at) : "—",
             StateVi(v.incident_state)});
    }
    doc.sections.push_back({"II. Diễn biến theo các tình huống", {}, {}, {timeline}});
    OfficialDocument::Table findings;
    findings.header = {"TT", "Tồn tại phát hiện", "Bài học", "Đơn vị khắc phục", "Hạn"};
    findings.widths = {300, 1700, 1300, 1000, 700};
    int n = 0;
    for (const auto& v : view.findings) {
        findings.rows.push_back({std::to_string(++n), v.finding.text, v.finding.lesson,
                                 v.finding.owner.empty()
                                     ? v.finding.owner_unit_name
                                     : v.finding.owner_unit_name + " (" + v.finding.owner + ")",
                                 core::FormatDayVi(v.finding.due)});
    }
    doc.sections.push_back({"III. Tồn tại, bài học và việc khắc phục", {}, {}, {findings}});
    doc.sections.push_back(
        {"IV. Đánh giá chung", {}, {d.lessons.empty() ? std::string("…") : d.lessons}});
    doc.signer_title = "THỦ TRƯỞNG ĐƠN VỊ";
    return RenderDocument(renderer_, doc, format, fmt::format("bao-cao-dien-tap-{}", d.id.value()));
}

core::Result<PracticeReadiness> DrillService::Readiness(const Actor& actor,
                                                        domain::UnitId unit_id) {
    const auto now = clock_.Now();
    const auto today = core::LocalDate(now);
    return store_.Read([&](Repositories& repos) -> core::Result<PracticeReadiness> {
        UNGCUU_ASSIGN_OR_RETURN(unit,
                                LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitRead));
        PracticeReadiness out;
        UNGCUU_ASSIGN_OR_RETURN(on_call, OnCallFor(repos, unit.path, now));
        if (on_call) {
            const auto& team = on_call->team;
            UNGCUU_ASSIGN_OR_RETURN(members, repos.teams.Members(team.id));
            out.team_members = static_cast<int>(
                std::count_if(members.begin(), members.end(),
                              [](const domain::TeamMember& m) { return m.active; }));
            UNGCUU_ASSIGN_OR_RETURN(shifts,
                                    repos.teams.Shifts(team.id, now, now + std::chrono::days(31)));
            out.covered_until = domain::CoveredUntil(shifts, now);
            out.roster_30_days =
                out.covered_until && *out.covered_until >= now + std::chrono::days(30);
            out.team = team;
        }
        const auto year = std::chrono::year_month_day{today}.year();
        UNGCUU_ASSIGN_OR_RETURN(
            drills, repos.drills.DoneIn(unit.path, core::Date{year / std::chrono::January / 1},
                                        core::Date{year / std::chrono::December / 31}));
        out.drills_done = static_cast<int>(drills.size());
        const std::vector<domain::ScopeRoot> subtree = {{unit.path, false}};
        for (const auto& drill : drills) {
            out.live_fire_done += drill.kind == domain::DrillKind::kLiveFire ? 1 : 0;
            if (!drill.follow_up_plan) {
                continue;
            }
            UNGCUU_ASSIGN_OR_RETURN(
                rows, repos.work_plans.PlanAssignments(*drill.follow_up_plan, subtree));
            for (const auto& row : rows) {
                const auto standing =
                    domain::StandingOf(row.assignment, row.frame, today, row.plan_to);
                const bool open = standing.status != domain::AssignmentStatus::kDone &&
                                  standing.status != domain::AssignmentStatus::kNotApplicable;
                out.findings_open += open ? 1 : 0;
                out.findings_overdue += standing.overdue ? 1 : 0;
            }
        }
        UNGCUU_ASSIGN_OR_RETURN(training, CoverageOfUnit(repos, unit, today, true));
        out.training = training;
        UNGCUU_ASSIGN_OR_RETURN(campaigns,
                                repos.training.CampaignsUnder(unit.path, static_cast<int>(year)));
        out.campaigns = static_cast<int>(campaigns.size());
        for (const auto& k : campaigns) {
            out.reach += k.reach;
        }
        return out;
    });
}

}  // namespace ungcuu::app
