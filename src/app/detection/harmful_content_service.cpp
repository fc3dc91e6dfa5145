#include "app/detection/harmful_content_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/audit_writer.hpp"
#include "app/detection/page_capture.hpp"
#include "app/unit_access.hpp"
#include "app/upload_check.hpp"
#include "core/date.hpp"

namespace ungcuu::app {

namespace {

using domain::HarmfulCase;
using domain::HarmfulCaseId;

core::FieldSnapshot CaseSnapshot(const HarmfulCase& c) {
    core::FieldSnapshot s;
    s.Add("location", std::string_view(c.location))
        .Add("platform", domain::ContentPlatformCode(c.platform))
        .Add("category", domain::ContentCategoryCode(c.category))
        .Add("title", std::string_view(c.title))
        .Add("state", domain::CaseStateCode(c.state))
        .Add("unit_id", c.unit_id.value())
        .Add("first_seen", std::string_view(core::FormatRfc3339(c.first_seen)))
        .Add("handed_to", std::string_view(c.handed_to))
        .Add("handover_ref", std::string_view(c.handover_ref));
    return s;
}

core::FieldSnapshot TakedownSnapshot(const domain::Takedown& t) {
    core::FieldSnapshot s;
    s.Add("recipient", std::string_view(t.recipient))
        .Add("channel", std::string_view(t.channel))
        .Add("reference", std::string_view(t.reference))
        .Add("status", domain::TakedownStatusCode(t.status))
        .Add("sent_at", std::string_view(core::FormatRfc3339(t.sent_at)));
    return s;
}

Actor ScannerActor() {
    Actor actor;
    actor.login = "quet-ma-doc";
    actor.address = "scanner";
    actor.unrestricted = true;
    return actor;
}

std::string Day(const std::optional<core::TimePoint>& at) {
    return at ? core::FormatDayVi(core::LocalDate(*at)) : "";
}

}  // namespace

core::Result<CaseList> HarmfulContentService::List(const Actor& actor, const CaseFilter& asked) {
    return ListUpTo(actor, asked, 500);
}

core::Result<CaseList> HarmfulContentService::ListUpTo(const Actor& actor,
                                                       const CaseFilter& asked,
                                                       int most) {
    CaseFilter filter = asked;
    filter.limit = std::clamp(filter.limit, 1, most);
    filter.offset = std::max(filter.offset, 0);
    filter.q = core::FoldForSearch(core::Trim(filter.q));
    return store_.Read([&](Repositories& repos) -> core::Result<CaseList> {
        if (filter.unit_id) {
            UNGCUU_RETURN_IF_ERROR(
                LoadUnitFor(repos, actor, *filter.unit_id, domain::Permission::kUnitRead));
        }
        const auto roots = actor.scope.RootsAllowing(domain::Permission::kUnitRead);
        CaseList list;
        UNGCUU_ASSIGN_OR_RETURN(total, repos.cases.Count(roots, actor.unrestricted, filter));
        list.total = total;
        UNGCUU_ASSIGN_OR_RETURN(rows, repos.cases.List(roots, actor.unrestricted, filter));
        std::vector<HarmfulCaseId> ids;
        ids.reserve(rows.size());
        for (const auto& c : rows) {
            ids.push_back(c.id);
        }
        UNGCUU_ASSIGN_OR_RETURN(takedowns, repos.cases.Takedowns(ids));
        list.rows = std::move(rows);
        list.takedowns = std::move(takedowns);
        return list;
    });
}

core::Result<CaseDetails> HarmfulContentService::Details(Repositories& repos,
                                                         const Actor& actor,
                                                         HarmfulCaseId id) {
    UNGCUU_ASSIGN_OR_RETURN(c, repos.cases.Get(id));
    if (!actor.Authorize(c.unit_path, domain::Permission::kUnitRead).ok()) {
        return core::NotFound("Không tìm thấy vụ việc nội dung xấu độc.", "Case not found.");
    }
    CaseDetails details;
    UNGCUU_ASSIGN_OR_RETURN(evidence, repos.cases.Evidence(id));
    const HarmfulCaseId ids[] = {id};
    UNGCUU_ASSIGN_OR_RETURN(takedowns, repos.cases.Takedowns(ids));
    details.can_edit = actor.Authorize(c.unit_path, domain::Permission::kIncidentReport).ok();
    details.c = std::move(c);
    details.evidence = std::move(evidence);
    details.takedowns = std::move(takedowns);
    return details;
}

core::Result<HarmfulCase> HarmfulContentService::Editable(Repositories& repos,
                                                          const Actor& actor,
                                                          HarmfulCaseId id) {
    UNGCUU_ASSIGN_OR_RETURN(details, Details(repos, actor, id));
    UNGCUU_RETURN_IF_ERROR(
        actor.Authorize(details.c.unit_path, domain::Permission::kIncidentReport));
    return std::move(details.c);
}

core::Result<CaseDetails> HarmfulContentService::Get(const Actor& actor, HarmfulCaseId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<CaseDetails> {
        return Details(repos, actor, id);
    });
}

core::Result<CaseDetails> HarmfulContentService::Create(const Actor& actor, HarmfulCase draft) {
    const auto now = clock_.Now();
    draft.state = domain::CaseState::kOpen;
    draft.source_incident.reset();
    draft.malware_incident.reset();
    UNGCUU_RETURN_IF_ERROR(domain::CheckCase(draft, now));
    return store_.Write([&](Repositories& repos) -> core::Result<CaseDetails> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, draft.unit_id, domain::Permission::kIncidentReport));
        if (!unit.active) {
            return core::Conflict("Đơn vị đã ngừng hoạt động.", "The unit is inactive.");
        }
        draft.created_by = actor.login;
        draft.created_at = now;
        draft.updated_at = now;
        UNGCUU_ASSIGN_OR_RETURN(stored, repos.cases.Insert(draft));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"case.create", "harmful_case", stored.id.value(), &unit,
                                           "{}", CaseSnapshot(stored).ToJson()}));
        return Details(repos, actor, stored.id);
    });
}

core::Result<CaseDetails> HarmfulContentService::FromReport(const Actor& actor,
                                                            domain::IncidentId report,
                                                            HarmfulCase draft) {
    UNGCUU_ASSIGN_OR_RETURN(incident, incidents_.Get(actor, report));
    const auto& i = incident.incident;
    const auto now = clock_.Now();
    draft.unit_id = i.unit_id;
    if (draft.location.empty()) {
        draft.location = i.affected_text;
    }
    if (draft.title.empty()) {
        draft.title = i.title;
    }
    draft.description = i.description;
    if (!i.reporter.name.empty()) {
        draft.description += fmt::format("\n\nNgười phản ánh: {}{}{}", i.reporter.name,
                                         i.reporter.phone.empty() ? "" : ", " + i.reporter.phone,
                                         i.reporter.email.empty() ? "" : ", " + i.reporter.email);
    }
    draft.first_seen = i.detected_at;
    draft.state = domain::CaseState::kOpen;
    draft.source_incident = report;
    draft.malware_incident.reset();
    UNGCUU_RETURN_IF_ERROR(domain::CheckCase(draft, now));
    auto created = store_.Write([&](Repositories& repos) -> core::Result<CaseDetails> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, draft.unit_id, domain::Permission::kIncidentReport));
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.cases.FromIncident(report));
        if (existing) {
            UNGCUU_ASSIGN_OR_RETURN(found, repos.cases.Get(*existing));
            return core::Conflict(
                fmt::format("Phản ánh này đã được chuyển thành vụ việc {}.",
                            domain::CaseCode(found)),
                fmt::format("This report is case {} already.", domain::CaseCode(found)));
        }
        draft.created_by = actor.login;
        draft.created_at = now;
        draft.updated_at = now;
        UNGCUU_ASSIGN_OR_RETURN(stored, repos.cases.Insert(draft));
        UNGCUU_RETURN_IF_ERROR(repos.incidents.AddEvent(
            domain::IncidentEvent{.incident_id = report,
                                  .at = now,
                                  .kind = "harmful_case",
                                  .actor = actor.login,
                                  .note = fmt::format("Chuyển thành vụ việc nội dung xấu độc {}",
                                                      domain::CaseCode(stored))}));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"case.create", "harmful_case", stored.id.value(), &unit,
                                           "{}", CaseSnapshot(stored).ToJson()}));
        return Details(repos, actor, stored.id);
    });
    return created;
}

core::Result<CaseDetails> HarmfulContentService::Update(const Actor& actor,
                                                        HarmfulCaseId id,
                                                        const HarmfulCase& fields) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<CaseDetails> {
        UNGCUU_ASSIGN_OR_RETURN(c, Editable(repos, actor, id));
        const auto before = CaseSnapshot(c).ToJson();
        c.location = fields.location;
        c.platform = fields.platform;
        c.category = fields.category;
        c.title = fields.title;
        c.description = fields.description;
        c.first_seen = fields.first_seen;
        c.state = fields.state;
        c.handed_to = fields.handed_to;
        c.handed_at = fields.handed_at;
        c.handover_ref = fields.handover_ref;
        c.updated_at = now;
        UNGCUU_RETURN_IF_ERROR(domain::CheckCase(c, now));
        UNGCUU_RETURN_IF_ERROR(repos.cases.Update(c));
        auto unit = repos.units.Get(c.unit_id);
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"case.update", "harmful_case", id.value(), unit.ok() ? &*unit : nullptr,
                        before, CaseSnapshot(c).ToJson()}));
        return Details(repos, actor, id);
    });
}

core::Result<std::optional<domain::FileScan>> HarmfulContentService::StoreEvidence(
    const Actor& actor,
    HarmfulCaseId id,
    std::string_view file_name,
    std::string_view bytes,
    std::string_view source_url) {
    std::string type;
    UNGCUU_ASSIGN_OR_RETURN(
        name, CheckUpload(file_name, bytes, kEvidenceUpload, incidents_.detector(), type));
    UNGCUU_ASSIGN_OR_RETURN(scan, ScanUpload(incidents_.scanner(), bytes, clock_.Now()));
    UNGCUU_ASSIGN_OR_RETURN(digest, incidents_.uploads().Put(bytes));
    const auto now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(c, Editable(repos, actor, id));
        UNGCUU_RETURN_IF_ERROR(
            repos.cases.InsertEvidence({.id = {},
                                        .case_id = id,
                                        .name = name,
                                        .content_type = type,
                                        .size = static_cast<std::int64_t>(bytes.size()),
                                        .sha256 = digest,
                                        .source_url = std::string(source_url),
                                        .added_by = actor.login,
                                        .added_at = now,
                                        .scan = std::nullopt}));
        core::FieldSnapshot snapshot;
        AddUploadFields(snapshot, name, type, bytes.size(), digest);
        UNGCUU_RETURN_IF_ERROR(RecordScan(repos, scan, digest, snapshot));
        auto unit = repos.units.Get(c.unit_id);
        return WriteAudit(repos, actor, now,
                          {"case.evidence", "harmful_case", id.value(),
                           unit.ok() ? &*unit : nullptr, "{}", snapshot.ToJson()});
    }));
    if (scan && scan->verdict == domain::ScanVerdict::kInfected) {
        OpenMalwareIncident(id, name, *scan);
    }
    return scan;
}

void HarmfulContentService::OpenMalwareIncident(HarmfulCaseId id,
                                                std::string_view file_name,
                                                const domain::FileScan& scan) {
    auto c = store_.Read([&](Repositories& repos) { return repos.cases.Get(id); });
    if (!c.ok()) {
        return;
    }
    NewIncident request;
    auto& fields = request.fields;
    fields.source = domain::IncidentSource::kMonitor;
    fields.source_ref = fmt::format("case:{}:malware", id.value());
    fields.title = fmt::format("Mã độc trong bằng chứng của vụ việc {}", domain::CaseCode(*c));
    fields.description = fmt::format(
        "Tệp {} (SHA-256 {}) lưu làm bằng chứng của vụ việc nội dung xấu độc {} ({}) chứa mã "
        "độc: {}. Nội dung tại địa chỉ này có thể phát tán mã độc tới người dân.",
        file_name, scan.sha256, domain::CaseCode(*c), c->location,
        domain::DescribeFindings(scan.findings));
    fields.detected_at = clock_.Now();
    fields.detection_methods = {"other"};
    fields.detection_note = "Quét mã độc bằng chứng (YARA, ClamAV)";
    fields.affected_text = c->location;
    fields.scenarios = {"A3"};
    request.unit_id = c->unit_id;
    const Actor actor = ScannerActor();
    auto created = incidents_.Create(actor, std::move(request));
    if (!created.ok()) {
        return;
    }
    const auto incident = created->details.incident.id;
    (void)incidents_.AddObservables(actor, incident,
                                    {{domain::ObservableKind::kHash, scan.sha256}});
    (void)store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(stored, repos.cases.Get(id));
        if (stored.malware_incident == incident) {
            return core::Ok();
        }
        stored.malware_incident = incident;
        return repos.cases.Update(stored);
    });
}

core::Result<CaseDetails> HarmfulContentService::AddEvidence(const Actor& actor,
                                                             HarmfulCaseId id,
                                                             std::string_view file_name,
                                                             std::string_view bytes) {
    // Access first, then the bytes: nothing is scanned or kept for a caller who may not add it.
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        auto c = Editable(repos, actor, id);
        return c.ok() ? core::Ok() : core::Status(std::move(c).error());
    }));
    UNGCUU_RETURN_IF_ERROR(StoreEvidence(actor, id, file_name, bytes, ""));
    return Get(actor, id);
}

core::Result<CaseDetails> HarmfulContentService::Capture(const Actor& actor, HarmfulCaseId id) {
    UNGCUU_ASSIGN_OR_RETURN(
        c, store_.Read([&](Repositories& repos) { return Editable(repos, actor, id); }));
    PageFetcher* fetcher = nullptr;
    PageCamera* camera = nullptr;
    {
        std::lock_guard lock(mutex_);
        fetcher = fetcher_;
        camera = camera_;
    }
    if (fetcher == nullptr) {
        return core::Unavailable("Máy chủ này không thu thập trang web (đã tắt giám sát).",
                                 "This server does not capture pages (the monitor is off).");
    }
    if (!c.location.starts_with("http://") && !c.location.starts_with("https://")) {
        return core::InvalidArgument(
            "Chỉ thu thập được địa chỉ http:// hoặc https://; với tài khoản trên mạng xã hội hãy "
            "tải lên ảnh chụp màn hình.",
            "Only http:// and https:// addresses can be captured; for a social account, upload "
            "screenshots.");
    }
    UNGCUU_ASSIGN_OR_RETURN(page, fetcher->Fetch(c.location));
    const auto files =
        CapturePage({.url = page.url,
                     .body = page.body,
                     .headers = page.headers,
                     .at = clock_.Now(),
                     .who_vi = fmt::format("cán bộ {} qua ungcuu (vụ việc {})", actor.login,
                                           domain::CaseCode(c)),
                     .findings = {fmt::format("Mã trạng thái HTTP {}", page.status)}},
                    camera, [this](std::string_view bytes) {
                        auto digest = incidents_.uploads().Put(bytes);
                        return digest.ok() ? *digest : std::string();
                    });
    for (const auto& file : files) {
        UNGCUU_RETURN_IF_ERROR(StoreEvidence(actor, id, file.name, file.bytes, page.url));
    }
    return Get(actor, id);
}

core::Result<IncidentFile> HarmfulContentService::EvidenceFile(const Actor& actor,
                                                               HarmfulCaseId id,
                                                               domain::CaseEvidenceId evidence) {
    UNGCUU_ASSIGN_OR_RETURN(details, Get(actor, id));
    for (const auto& e : details.evidence) {
        if (e.id == evidence) {
            UNGCUU_ASSIGN_OR_RETURN(bytes, incidents_.uploads().Read(e.sha256));
            return IncidentFile{e.name, e.content_type, std::move(bytes)};
        }
    }
    return core::NotFound("Không tìm thấy tệp bằng chứng.", "Evidence file not found.");
}

core::Result<CaseDetails> HarmfulContentService::AddTakedown(const Actor& actor,
                                                             HarmfulCaseId id,
                                                             domain::Takedown takedown) {
    const auto now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(domain::CheckTakedown(takedown, now));
    return store_.Write([&](Repositories& repos) -> core::Result<CaseDetails> {
        UNGCUU_ASSIGN_OR_RETURN(c, Editable(repos, actor, id));
        takedown.case_id = id;
        takedown.created_by = actor.login;
        UNGCUU_ASSIGN_OR_RETURN(stored, repos.cases.InsertTakedown(takedown));
        auto unit = repos.units.Get(c.unit_id);
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"case.takedown", "harmful_case", id.value(), unit.ok() ? &*unit : nullptr,
                        "{}", TakedownSnapshot(stored).ToJson()}));
        return Details(repos, actor, id);
    });
}

core::Result<CaseDetails> HarmfulContentService::UpdateTakedown(const Actor& actor,
                                                                HarmfulCaseId id,
                                                                const domain::Takedown& takedown) {
    const auto now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(domain::CheckTakedown(takedown, now));
    return store_.Write([&](Repositories& repos) -> core::Result<CaseDetails> {
        UNGCUU_ASSIGN_OR_RETURN(c, Editable(repos, actor, id));
        const HarmfulCaseId ids[] = {id};
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.cases.Takedowns(ids));
        const auto found = std::find_if(existing.begin(), existing.end(),
                                        [&](const auto& t) { return t.id == takedown.id; });
        if (found == existing.end()) {
            return core::NotFound("Không tìm thấy yêu cầu gỡ bỏ.", "Takedown request not found.");
        }
        domain::Takedown changed = takedown;
        changed.case_id = id;
        changed.created_by = found->created_by;
        UNGCUU_RETURN_IF_ERROR(repos.cases.UpdateTakedown(changed));
        auto unit = repos.units.Get(c.unit_id);
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"case.takedown", "harmful_case", id.value(), unit.ok() ? &*unit : nullptr,
                        TakedownSnapshot(*found).ToJson(), TakedownSnapshot(changed).ToJson()}));
        return Details(repos, actor, id);
    });
}

core::Result<RenderedDocument> HarmfulContentService::Export(const Actor& actor,
                                                             const CaseFilter& asked,
                                                             DocumentFormat format) {
    CaseFilter filter = asked;
    filter.limit = kMaxExport;
    filter.offset = 0;
    UNGCUU_ASSIGN_OR_RETURN(list, ListUpTo(actor, filter, kMaxExport));
    if (list.total > kMaxExport) {
        return core::InvalidArgument(
            fmt::format("Danh sách có {} vụ việc, quá {} vụ việc của một lần xuất; hãy chọn "
                        "khoảng thời gian ngắn hơn.",
                        list.total, kMaxExport),
            fmt::format("{} cases, over the {} one export holds; choose a shorter period.",
                        list.total, kMaxExport));
    }
    std::map<HarmfulCaseId, std::vector<const domain::Takedown*>> requests;
    for (const auto& t : list.takedowns) {
        requests[t.case_id].push_back(&t);
    }
    OfficialDocument doc;
    const auto issuer = store_.Read([&](Repositories& repos) -> core::Result<domain::Unit> {
        const auto roots = actor.scope.RootsAllowing(domain::Permission::kUnitRead);
        if (filter.unit_id) {
            return repos.units.Get(*filter.unit_id);
        }
        if (!roots.empty()) {
            const auto ids = domain::PathIds(roots.front().path);
            if (!ids.empty()) {
                return repos.units.Get(ids.back());
            }
        }
        return TopUnit(repos);
    });
    doc.issuing_unit = issuer.ok() ? core::UpperVietnamese(issuer->name_vi) : "";
    doc.place_date = core::FormatVietnameseDate(clock_.Now());
    doc.title = "DANH SÁCH VỤ VIỆC NỘI DUNG XẤU ĐỘC";
    doc.subtitle =
        filter.seen_from || filter.seen_to
            ? fmt::format(
                  "Phát hiện từ {} đến {}", Day(filter.seen_from),
                  Day(filter.seen_to ? std::optional(*filter.seen_to - std::chrono::milliseconds(1))
                                     : std::nullopt))
            : "Tất cả vụ việc";
    OfficialDocument::Table table;
    table.header = {"STT",        "Số vụ việc",  "Phát hiện",     "Địa chỉ / tài khoản",
                    "Nền tảng",   "Loại",        "Nội dung",      "Đơn vị xử lý",
                    "Chuyển cho", "Ngày chuyển", "Yêu cầu gỡ bỏ", "Tình trạng"};
    table.widths = {200, 450, 350, 700, 300, 400, 700, 450, 400, 350, 400, 300};
    int n = 0;
    for (const auto& c : list.rows) {
        std::string asked_to;
        for (const auto* t : requests[c.id]) {
            asked_to += fmt::format("{}{} ({}: {})", asked_to.empty() ? "" : "; ", t->recipient,
                                    Day(t->sent_at), domain::TakedownStatusLabel(t->status));
        }
        table.rows.push_back({std::to_string(++n), domain::CaseCode(c), Day(c.first_seen),
                              c.location, std::string(domain::ContentPlatformLabel(c.platform)),
                              std::string(domain::ContentCategoryLabel(c.category)), c.title,
                              c.unit_name, c.handed_to, Day(c.handed_at), asked_to,
                              std::string(domain::CaseStateLabel(c.state))});
    }
    OfficialDocument::Section section;
    section.paragraphs = {fmt::format("Tổng số: {} vụ việc.", list.rows.size())};
    section.tables.push_back(std::move(table));
    doc.sections.push_back(std::move(section));
    return RenderDocument(renderer_, doc, format, "danh-sach-noi-dung-xau-doc");
}

}  // namespace ungcuu::app
