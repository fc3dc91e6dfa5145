// A periodic report as a document: the administrative layout of Nghị định 30/2020 around Mẫu 05's
// table 1 (TT 20/2017: incidents by attack type and how each was handled, estimated damage), the
// helping organisations (parts 2 and 3), the unit's narrative and proposals, and — for a unit
// that compiles — where each of its filers stands. The same figures as the report's page.
#include <fmt/format.h>

#include <array>

#include "app/network/periodic_service.hpp"

namespace ungcuu::app {

namespace {

std::string_view AssignmentStatusVi(domain::AssignmentStatus status) {
    switch (status) {
        case domain::AssignmentStatus::kNotStarted:
            return "Chưa bắt đầu";
        case domain::AssignmentStatus::kInProgress:
            return "Đang thực hiện";
        case domain::AssignmentStatus::kDone:
            return "Hoàn thành";
        case domain::AssignmentStatus::kNotApplicable:
            return "Không áp dụng";
    }
    return "";
}

/// The unit's own plan tasks as they stand on `today`: task, plan, due day, status, result.
OfficialDocument::Table OwnTasks(const std::vector<AssignmentRow>& rows, core::Date today) {
    OfficialDocument::Table table;
    table.header = {"Nhiệm vụ", "Kế hoạch", "Thời hạn", "Tình trạng", "Kết quả"};
    table.widths = {1700, 1000, 600, 700, 1000};
    for (const auto& row : rows) {
        const auto s = domain::StandingOf(row.assignment, row.frame, today, row.plan_to);
        std::string state(AssignmentStatusVi(s.status));
        if (s.status == domain::AssignmentStatus::kInProgress) {
            state += fmt::format(" ({}%)", s.progress);
        }
        if (s.overdue) {
            state += " — quá hạn";
        }
        table.rows.push_back({row.task_item.empty()
                                  ? row.task_content
                                  : fmt::format("{}. {}", row.task_item, row.task_content),
                              row.plan_number.empty() ? row.plan_title : row.plan_number,
                              s.due_on ? core::FormatDayVi(*s.due_on) : row.frame.LabelVi(), state,
                              row.assignment.evidence});
    }
    return table;
}

/// 1250000 → "1.250.000" (the Vietnamese grouping).
std::string Grouped(std::int64_t value) {
    const bool negative = value < 0;
    std::string digits = std::to_string(negative ? -value : value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out.push_back('.');
        }
        out.push_back(digits[i]);
    }
    return negative ? "-" + out : out;
}

std::int64_t FigureOf(const domain::Figures& figures, const std::string& key) {
    const auto it = figures.find(key);
    return it == figures.end() ? 0 : it->second;
}

std::string_view StatusVi(domain::FilingStatus status) {
    switch (status) {
        case domain::FilingStatus::kNotStarted:
            return "Chưa lập";
        case domain::FilingStatus::kDraft:
            return "Đang soạn";
        case domain::FilingStatus::kSubmitted:
            return "Đã gửi, chờ tiếp nhận";
        case domain::FilingStatus::kReturned:
            return "Bị trả lại";
        case domain::FilingStatus::kAccepted:
            return "Đã tiếp nhận";
    }
    return "";
}

/// Lines of a newline-joined list, or one dash when empty.
std::vector<std::string> ListOrNone(const std::string& joined) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from <= joined.size()) {
        const auto nl = joined.find('\n', from);
        auto line = joined.substr(from, nl == std::string::npos ? std::string::npos : nl - from);
        if (!line.empty()) {
            out.push_back("- " + line);
        }
        if (nl == std::string::npos) {
            break;
        }
        from = nl + 1;
    }
    if (out.empty()) {
        out.emplace_back("Không có.");
    }
    return out;
}

}  // namespace

OfficialDocument PeriodicLayout(const PeriodicView& v,
                                const domain::Taxonomy& taxonomy,
                                const std::string& place,
                                const std::string& parent,
                                core::TimePoint now) {
    const auto& r = v.report;
    OfficialDocument doc;
    doc.parent_unit = parent;
    doc.issuing_unit = v.unit.name_vi;
    doc.number = "Số: ……/BC-……";
    const std::string date = core::FormatVietnameseDate(r.submitted_at.value_or(now));
    doc.place_date = place.empty() ? core::UpperFirst(date) : place + ", " + date;
    doc.title = v.regime.title_vi;
    doc.subtitle = fmt::format("(Kỳ báo cáo: {}, từ ngày {} đến ngày {})", v.period.LabelVi(),
                               core::FormatDayVi(v.period.from), core::FormatDayVi(v.period.to));
    if (v.recipient) {
        doc.recipients.push_back(v.recipient->name_vi);
    } else if (!v.tier.outside_recipient_vi.empty()) {
        doc.recipients.push_back(v.tier.outside_recipient_vi);
    }
    const bool open =
        r.state == domain::PeriodicState::kDraft || r.state == domain::PeriodicState::kReturned;
    OfficialDocument::Section figures{"1. Số lượng sự cố và cách thức xử lý", {}, {}};
    figures.paragraphs.push_back(
        open ? fmt::format("Số liệu tổng hợp từ hệ thống đến {} (dự thảo, chưa gửi).",
                           core::FormatLocalDateTime(v.as_of))
             : "Số liệu tại thời điểm gửi báo cáo.");
    OfficialDocument::Table table;
    table.header = {"Loại tấn công mạng",
                    "Số lượng",
                    "Số sự cố tự xử lý",
                    "Số sự cố có hỗ trợ xử lý từ các tổ chức khác",
                    "Số sự cố có hỗ trợ từ tổ chức nước ngoài",
                    "Số sự cố đề nghị cơ quan điều phối quốc gia hỗ trợ",
                    "Thiệt hại ước tính (đồng)"};
    table.widths = {1150, 450, 550, 700, 700, 750, 700};
    constexpr std::array<std::string_view, 6> kColumns = {
        "count", "self", "domestic_help", "foreign_help", "coordinator_help", "damage"};
    const auto row_of = [&](const std::string& row, std::string label) {
        std::vector<std::string> cells{std::move(label)};
        for (const auto column : kColumns) {
            cells.push_back(Grouped(FigureOf(r.total, fmt::format("mau05.{}.{}", row, column))));
        }
        return cells;
    };
    for (int i = 1; i <= 10; ++i) {
        const std::string code = fmt::format("A{}", i);
        const auto* scenario = taxonomy.Find(code);
        table.rows.push_back(
            row_of(code, fmt::format("{}. {}", i, scenario ? scenario->name_vi : code)));
    }
    table.bold_rows_from = table.rows.size();
    table.rows.push_back(row_of("total", "Tổng số"));
    figures.tables.push_back(std::move(table));
    if (const auto no_mode = FigureOf(r.total, "mau05.no_mode"); no_mode > 0) {
        figures.paragraphs.push_back(
            fmt::format("Ghi chú: {} sự cố do tấn công chưa được ghi cách thức xử lý.", no_mode));
    }
    doc.sections.push_back(std::move(figures));
    doc.sections.push_back(
        {"2. Danh sách tổ chức đã hỗ trợ xử lý sự cố", {}, ListOrNone(r.helpers)});
    doc.sections.push_back({"3. Danh sách tổ chức nước ngoài đã hỗ trợ xử lý sự cố",
                            {},
                            ListOrNone(r.foreign_helpers)});
    // The readiness of the unit's systems when the report was made (a state, not summed).
    constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kReadiness = {{
        {"readiness.units", "Số đơn vị"},
        {"readiness.systems", "Số hệ thống thông tin"},
        {"readiness.systems_unapproved", "Hệ thống chưa được phê duyệt cấp độ"},
        {"readiness.units_layers_incomplete", "Đơn vị chưa đủ 4 lớp bảo vệ"},
        {"readiness.system_assessments_overdue", "Hệ thống quá hạn kiểm tra, đánh giá"},
        {"readiness.scans_overdue", "Hệ thống quá hạn rà quét lỗ hổng"},
        {"readiness.drills_overdue", "Hệ thống quá hạn diễn tập"},
        {"readiness.risks_unreviewed", "Rủi ro chưa được rà soát trong năm"},
    }};
    const auto figure_section = [&](std::string title, const auto& labels) {
        OfficialDocument::Section section{std::move(title), {}, {}};
        for (const auto& [key, label] : labels) {
            if (const auto it = r.total.find(std::string(key)); it != r.total.end()) {
                section.fields.push_back({std::string(label), Grouped(it->second)});
            }
        }
        if (!section.fields.empty()) {
            doc.sections.push_back(std::move(section));
        }
    };
    figure_section("4. Mức độ sẵn sàng bảo đảm an toàn hệ thống thông tin", kReadiness);
    // The plans' tasks of the unit's part of the tree as they stood (a state, not summed).
    constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kPlanTasks = {{
        {"readiness.plan_tasks", "Nhiệm vụ kế hoạch được giao"},
        {"readiness.plan_tasks_done", "Đã hoàn thành"},
        {"readiness.plan_tasks_in_progress", "Đang thực hiện"},
        {"readiness.plan_tasks_not_started", "Chưa bắt đầu"},
        {"readiness.plan_tasks_overdue", "Quá hạn"},
    }};
    if (const auto it = r.total.find("readiness.plan_tasks");
        it != r.total.end() && it->second > 0) {
        figure_section(
            fmt::format("{}. Tiến độ thực hiện nhiệm vụ các kế hoạch", doc.sections.size() + 1),
            kPlanTasks);
        if (!v.own_tasks.empty()) {
            doc.sections.back().paragraphs.emplace_back("Nhiệm vụ đơn vị trực tiếp chủ trì:");
            doc.sections.back().tables.push_back(OwnTasks(v.own_tasks, core::LocalDate(now)));
        }
    }
    const auto next = [&doc] { return doc.sections.size() + 1; };
    doc.sections.push_back({fmt::format("{}. Tình hình, kết quả thực hiện", next()),
                            {},
                            {r.narrative.empty() ? "(Chưa ghi.)" : r.narrative}});
    doc.sections.push_back({fmt::format("{}. Kiến nghị, đề xuất", next()),
                            {},
                            {r.proposals.empty() ? "Không có." : r.proposals}});
    if (!v.children.empty()) {
        OfficialDocument::Section filers{
            fmt::format("{}. Tình hình báo cáo của các đơn vị", next()), {}, {}};
        OfficialDocument::Table list;
        list.header = {"Đơn vị", "Hạn gửi", "Tình trạng", "Thời điểm gửi", "Số sự cố"};
        list.widths = {1900, 700, 1000, 800, 600};
        int in = 0;
        for (const auto& child : v.children) {
            const bool counted = child.status == domain::FilingStatus::kAccepted;
            in += counted ? 1 : 0;
            std::string state(StatusVi(child.status));
            if (child.late) {
                state += child.report && child.report->submitted_at ? " (gửi muộn)" : " (quá hạn)";
            }
            list.rows.push_back(
                {child.unit.name_vi, core::FormatDayVi(core::LocalDate(child.due_at)), state,
                 child.report && child.report->submitted_at
                     ? core::FormatLocalDateTime(*child.report->submitted_at)
                     : "",
                 counted ? Grouped(FigureOf(child.report->total, "mau05.total.count")) : ""});
        }
        filers.paragraphs.push_back(
            fmt::format("{}/{} đơn vị đã được tiếp nhận báo cáo; số liệu trên gồm số liệu của các "
                        "báo cáo đã tiếp nhận.",
                        in, v.children.size()));
        filers.tables.push_back(std::move(list));
        doc.sections.push_back(std::move(filers));
    }
    doc.signer_title = "Thủ trưởng đơn vị";
    return doc;
}

}  // namespace ungcuu::app
