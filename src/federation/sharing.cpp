// Sharing with tools outside ungcuu: warnings and incidents as STIX 2.1 bundles, bundles read
// back as received warnings, and the read-only TAXII 2.1 collections (one per TLP label but RED)
// of the warnings the caller sees.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "app/unit_access.hpp"
#include "core/text.hpp"
#include "federation/exchange_service.hpp"
#include "federation/misp.hpp"

namespace ungcuu::federation {

namespace {

constexpr std::array<domain::Tlp, 3> kShared = {domain::Tlp::kClear, domain::Tlp::kGreen,
                                                domain::Tlp::kAmber};
constexpr std::string_view kCollectionNamespace = "9f1e6c2a-4b7d-4e83-a5c0-2d8f7b13e946";

std::string CollectionId(std::string_view node, domain::Tlp tlp) {
    const auto id = StixId("x", kCollectionNamespace, fmt::format("{}|{}", node, TlpCode(tlp)));
    return id.substr(3);
}

/// A report from outside as a warning ungcuu can hold: the texts it needs, references and
/// indicators that are valid, each once, within the bounds.
domain::Warning Fitted(domain::Warning w, core::TimePoint now, int& skipped) {
    if (w.issued_at == core::TimePoint() || w.issued_at > now) {
        w.issued_at = now;
    }
    if (w.deadline <= w.issued_at || w.deadline <= now) {
        w.deadline = now + std::chrono::hours(24 * 7);
    }
    if (w.actions.empty()) {
        w.actions = "Rà soát các chỉ báo trong hệ thống của đơn vị và báo lại kết quả.";
    }
    if (w.title.size() > 500) {
        w.title = std::string(core::CutUtf8(w.title, 500));
    }
    std::vector<std::string> references;
    std::set<std::string> folded;  // as the warning's own check compares them
    for (auto& reference : w.references) {
        if (domain::IsWarningReference(reference) &&
            references.size() < domain::kMaxWarningReferences &&
            folded.insert(core::FoldForSearch(reference)).second) {
            references.push_back(std::move(reference));
        } else {
            ++skipped;
        }
    }
    w.references = std::move(references);
    std::set<std::pair<domain::ObservableKind, std::string>> seen;
    std::vector<domain::Indicator> indicators;
    for (auto& indicator : w.indicators) {
        if (indicators.size() >= domain::kMaxWarningIndicators ||
            !seen.insert({indicator.kind, indicator.value}).second) {
            ++skipped;
            continue;
        }
        indicators.push_back(std::move(indicator));
    }
    w.indicators = std::move(indicators);
    return w;
}

}  // namespace

core::Result<StixProducer> ExchangeService::Producer() {
    return store_.Write([&](app::Repositories& repos) -> core::Result<StixProducer> {
        UNGCUU_ASSIGN_OR_RETURN(self, EnsureIdentity(repos));
        return StixProducer{self.identity.node, self.identity.name};
    });
}

core::Result<std::string> ExchangeService::WarningStix(const app::Actor& actor,
                                                       domain::WarningId id) {
    UNGCUU_ASSIGN_OR_RETURN(view, warnings_.Get(actor, id));
    UNGCUU_ASSIGN_OR_RETURN(producer, Producer());
    return ExportStix(producer, {view.warning}, {});
}

core::Result<std::string> ExchangeService::IncidentStix(const app::Actor& actor,
                                                        domain::IncidentId id) {
    UNGCUU_ASSIGN_OR_RETURN(details, incidents_.Get(actor, id));
    UNGCUU_ASSIGN_OR_RETURN(producer, Producer());
    return ExportStix(producer, {}, {{details.incident, details.observables}});
}

core::Result<app::ImportedWarnings> ExchangeService::ImportStix(const app::Actor& actor,
                                                                domain::UnitId unit,
                                                                std::string_view bundle) {
    UNGCUU_ASSIGN_OR_RETURN(imported, federation::ImportStix(bundle));
    return ReceiveForeign(actor, unit, imported.producer.empty() ? "STIX" : imported.producer,
                          "STIX", std::move(imported.warnings), std::move(imported.indicators),
                          imported.skipped + static_cast<int>(imported.incidents.size()));
}

core::Result<std::string> ExchangeService::WarningMisp(const app::Actor& actor,
                                                       domain::WarningId id) {
    UNGCUU_ASSIGN_OR_RETURN(view, warnings_.Get(actor, id));
    UNGCUU_ASSIGN_OR_RETURN(producer, Producer());
    return ExportMisp(producer, view.warning);
}

core::Result<app::ImportedWarnings> ExchangeService::ImportMisp(const app::Actor& actor,
                                                                domain::UnitId unit,
                                                                std::string_view events) {
    UNGCUU_ASSIGN_OR_RETURN(imported, federation::ImportMisp(events));
    return ReceiveForeign(actor, unit, imported.producer.empty() ? "MISP" : imported.producer,
                          "MISP", std::move(imported.warnings), {}, imported.skipped);
}

core::Result<app::ImportedWarnings> ExchangeService::ReceiveForeign(
    const app::Actor& actor,
    domain::UnitId unit,
    std::string producer,
    std::string_view format,
    std::vector<domain::Warning> warnings,
    std::vector<domain::Indicator> loose,
    int skipped) {
    const auto now = clock_.Now();
    app::ImportedWarnings out;
    out.producer = std::move(producer);
    out.skipped = skipped;
    out.indicators = static_cast<int>(loose.size());
    std::vector<domain::Warning> fitted;
    fitted.reserve(warnings.size() + 1);
    for (auto& w : warnings) {
        fitted.push_back(Fitted(std::move(w), now, out.skipped));
    }
    if (!loose.empty()) {
        domain::Warning gathered;
        gathered.title =
            fmt::format("Chỉ báo từ {} / indicators from {}", out.producer, out.producer);
        gathered.description =
            fmt::format("{} chỉ báo không thuộc báo cáo nào trong gói đã nhận.", loose.size());
        gathered.indicators = std::move(loose);
        fitted.push_back(Fitted(std::move(gathered), now, out.skipped));
    }
    if (fitted.empty()) {
        return core::InvalidArgument("Không có báo cáo, sự kiện hay chỉ báo nào nhận được.",
                                     "There is no report, event or indicator that could be taken.");
    }
    for (auto& w : fitted) {
        w.origin_name = fmt::format("{} ({})", out.producer, format);
        w.issued_by = actor.login;
    }
    UNGCUU_ASSIGN_OR_RETURN(ids, warnings_.ReceiveAll(actor, unit, std::move(fitted)));
    out.warnings = std::move(ids);
    return out;
}

core::Result<std::vector<app::TaxiiCollection>> ExchangeService::TaxiiCollections(
    const app::Actor& /*actor*/) {
    UNGCUU_ASSIGN_OR_RETURN(producer, Producer());
    std::vector<app::TaxiiCollection> out;
    out.reserve(kShared.size());
    for (const auto tlp : kShared) {
        out.push_back(
            {CollectionId(producer.node, tlp),
             fmt::format("Cảnh báo {} / warnings {}", domain::TlpLabel(tlp), domain::TlpLabel(tlp)),
             fmt::format("Cảnh báo mang nhãn {} mà tài khoản được xem, kèm chỉ báo. / "
                         "Warnings labelled {} the account sees, with their indicators.",
                         domain::TlpLabel(tlp), domain::TlpLabel(tlp))});
    }
    return out;
}

core::Result<app::TaxiiPage> ExchangeService::TaxiiObjects(
    const app::Actor& actor,
    std::string_view collection,
    int limit,
    std::string_view next,
    std::optional<core::TimePoint> added_after) {
    UNGCUU_ASSIGN_OR_RETURN(producer, Producer());
    std::optional<domain::Tlp> label;
    for (const auto tlp : kShared) {
        if (CollectionId(producer.node, tlp) == collection) {
            label = tlp;
        }
    }
    if (!label) {
        return core::NotFound("Không có bộ sưu tập này.", "No such collection.");
    }
    std::size_t offset = 0;
    if (!next.empty()) {
        char* end = nullptr;
        const std::string text(next);
        const auto parsed = std::strtoull(text.c_str(), &end, 10);
        if (end == text.c_str() || *end != '\0' || parsed > 10'000'000) {
            return core::InvalidArgument("Tham số next không hợp lệ.", "Invalid next.");
        }
        offset = parsed;
    }
    UNGCUU_ASSIGN_OR_RETURN(list, warnings_.List(actor));
    std::vector<domain::Warning> shared;
    for (const auto& summary : list.warnings) {
        const auto& w = summary.warning;
        if (w.tlp != *label || w.withdrawn_at || (added_after && w.issued_at <= *added_after)) {
            continue;
        }
        UNGCUU_ASSIGN_OR_RETURN(view, warnings_.Get(actor, w.id));
        shared.push_back(std::move(view.warning));
    }
    // Oldest first, so that paging with added_after moves forward.
    std::sort(shared.begin(), shared.end(),
              [](const auto& a, const auto& b) { return a.id.value() < b.id.value(); });
    auto objects = shared.empty() ? std::vector<std::string>{} : StixObjects(producer, shared, {});
    app::TaxiiPage page;
    const auto size = static_cast<std::size_t>(std::clamp(limit, 1, 1000));
    for (std::size_t i = offset; i < objects.size() && page.objects.size() < size; ++i) {
        page.objects.push_back(std::move(objects[i]));
    }
    page.more = offset + page.objects.size() < objects.size();
    if (page.more) {
        page.next = std::to_string(offset + page.objects.size());
    }
    return page;
}

}  // namespace ungcuu::federation
