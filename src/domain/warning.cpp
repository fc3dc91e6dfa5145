#include "domain/warning.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/text.hpp"
#include "domain/code_table.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

bool Contains(std::string_view haystack, std::string_view needle) {
    return core::FoldForSearch(haystack).find(core::FoldForSearch(needle)) != std::string::npos;
}

/// "CVE-2026-1234": the year and at least four digits.
bool IsCveId(std::string_view text) {
    if (text.size() < 13 || text.size() > 30 || !core::FoldForSearch(text).starts_with("cve-") ||
        text[8] != '-') {
        return false;
    }
    const auto digits = [](std::string_view part) {
        return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        });
    };
    return digits(text.substr(4, 4)) && digits(text.substr(9)) && text.size() - 9 >= 4;
}

bool IsWebAddress(std::string_view text) {
    return NormaliseObservable(ObservableKind::kUrl, text).ok();
}

/// The host of a normalised URL ("https://a.b/c" → "a.b"; a port is left out).
std::string_view HostOf(std::string_view url) {
    const auto start = url.find("://");
    if (start == std::string_view::npos) {
        return {};
    }
    auto host = url.substr(start + 3);
    host = host.substr(0, host.find_first_of("/?#"));
    return host.substr(0, host.find(':'));
}

}  // namespace

std::string_view TlpCode(Tlp tlp) { return kTlpCodes[static_cast<int>(tlp)]; }

std::optional<Tlp> ParseTlp(std::string_view code) { return ParseListedCode<Tlp>(kTlpCodes, code); }

std::string TlpLabel(Tlp tlp) {
    std::string label = "TLP:";
    for (const char c : TlpCode(tlp)) {
        label += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return label;
}

bool MayPassDown(Tlp tlp) { return tlp != Tlp::kRed; }

std::string_view WarningSeverityCode(WarningSeverity severity) {
    return kWarningSeverities[static_cast<int>(severity)];
}

std::optional<WarningSeverity> ParseWarningSeverity(std::string_view code) {
    return ParseListedCode<WarningSeverity>(kWarningSeverities, code);
}

std::string_view WarningAnswerCode(WarningAnswer answer) {
    return kWarningAnswers[static_cast<int>(answer)];
}

std::optional<WarningAnswer> ParseWarningAnswer(std::string_view code) {
    return ParseListedCode<WarningAnswer>(kWarningAnswers, code);
}

bool IsWarningReference(std::string_view reference) {
    return IsCveId(reference) || IsWebAddress(reference);
}

core::Status ValidateWarning(Warning& warning) {
    FieldErrors errors;
    CheckText(errors, "title", warning.title, Required::kYes, 500);
    CheckText(errors, "description", warning.description, Required::kNo, 20000);
    CheckText(errors, "actions", warning.actions, Required::kYes, 10000);
    if (warning.deadline <= warning.issued_at) {
        errors.Add("deadline", "hạn trả lời phải sau thời điểm ban hành",
                   "the deadline comes after the warning is issued");
    }
    if (warning.references.size() > kMaxWarningReferences) {
        errors.Add("references", fmt::format("tối đa {} tài liệu tham khảo", kMaxWarningReferences),
                   fmt::format("at most {} references", kMaxWarningReferences));
    }
    std::set<std::string> seen_references;
    for (const auto& reference : warning.references) {
        if (!IsWarningReference(reference)) {
            errors.Add("references",
                       fmt::format("\"{}\": ghi mã CVE (CVE-2026-1234) hoặc địa chỉ http(s)",
                                   core::CutUtf8(reference, 80)),
                       fmt::format("\"{}\": a CVE id (CVE-2026-1234) or an http(s) address",
                                   core::CutUtf8(reference, 80)));
        } else if (!seen_references.insert(core::FoldForSearch(reference)).second) {
            errors.Add("references",
                       fmt::format("\"{}\" ghi hai lần", core::CutUtf8(reference, 80)),
                       fmt::format("\"{}\" is listed twice", core::CutUtf8(reference, 80)));
        }
    }
    if (warning.indicators.size() > kMaxWarningIndicators) {
        errors.Add("indicators", fmt::format("tối đa {} dấu hiệu", kMaxWarningIndicators),
                   fmt::format("at most {} indicators", kMaxWarningIndicators));
    } else {
        std::set<std::pair<int, std::string>> seen;
        for (auto& indicator : warning.indicators) {
            if (indicator.kind == ObservableKind::kUser ||
                indicator.kind == ObservableKind::kHost) {
                errors.Add("indicators", "dấu hiệu là IP, tên miền, URL, mã băm hoặc thư điện tử",
                           "an indicator is an IP, domain, URL, hash or e-mail");
                continue;
            }
            auto normal = NormaliseObservable(indicator.kind, indicator.value);
            if (!normal.ok()) {
                errors.Add("indicators", normal.error().message_vi, normal.error().message_en);
                continue;
            }
            indicator.value = std::move(normal).value();
            if (!seen.emplace(static_cast<int>(indicator.kind), indicator.value).second) {
                errors.Add("indicators", fmt::format("\"{}\" ghi hai lần", indicator.value),
                           fmt::format("\"{}\" is listed twice", indicator.value));
            }
        }
    }
    std::erase(warning.sigma_rules, '\r');
    CheckText(errors, "sigma_rules", warning.sigma_rules, Required::kNo, kMaxWarningRulesBytes);
    CheckText(errors, "target.operating_system", warning.target.traits.operating_system,
              Required::kNo, 200);
    CheckText(errors, "target.vendor", warning.target.traits.vendor, Required::kNo, 200);
    if (const auto level = warning.target.traits.min_level; level && (*level < 1 || *level > 5)) {
        errors.Add("target.min_level", "cấp độ là 1–5", "the level is 1–5");
    }
    return errors.ToStatus();
}

bool RulesInForce(const Warning& warning, core::TimePoint now) {
    return !warning.sigma_rules.empty() && !warning.withdrawn_at &&
           now < warning.deadline + kWarningRulesLife;
}

bool HasTraits(const InformationSystem& system, const SystemTraits& traits) {
    if (!traits.operating_system.empty() &&
        !Contains(system.operating_systems, traits.operating_system)) {
        return false;
    }
    if (!traits.vendor.empty() && !Contains(system.vendor, traits.vendor)) {
        return false;
    }
    if (!traits.software.empty() && !Contains(system.name_vi, traits.software) &&
        !Contains(system.description, traits.software) &&
        !Contains(system.vendor, traits.software) &&
        !Contains(system.operating_systems, traits.software)) {
        return false;
    }
    if (!traits.services.empty() &&
        std::none_of(traits.services.begin(), traits.services.end(), [&](const std::string& s) {
            return std::find(system.services.begin(), system.services.end(), s) !=
                   system.services.end();
        })) {
        return false;
    }
    if (traits.min_level &&
        system.approved_level.value_or(system.proposed_level) < *traits.min_level) {
        return false;
    }
    return true;
}

std::vector<const InformationSystem*> AffectedSystems(
    const WarningTarget& target,
    std::string_view root_path,
    const std::vector<InformationSystem>& systems,
    const std::function<std::optional<UnitKind>(UnitId)>& kind_of) {
    std::vector<const InformationSystem*> out;
    for (const auto& system : systems) {
        if (!system.active || !system.owner_path.starts_with(root_path)) {
            continue;
        }
        if (!target.kinds.empty()) {
            const auto kind = kind_of(system.owner_unit_id);
            if (!kind ||
                std::find(target.kinds.begin(), target.kinds.end(), *kind) == target.kinds.end()) {
                continue;
            }
        }
        if (HasTraits(system, target.traits)) {
            out.push_back(&system);
        }
    }
    return out;
}

core::Status CheckPassDown(const Warning& received, Tlp tlp) {
    if (!MayPassDown(received.tlp)) {
        return core::Conflict(
            "Cảnh báo TLP:RED chỉ dành cho đơn vị nhận, không được chuyển tiếp.",
            "A TLP:RED warning is for its recipients only and may not be passed on.");
    }
    if (static_cast<int>(tlp) < static_cast<int>(received.tlp)) {
        return core::InvalidArgument(
            fmt::format("Không được hạ nhãn chia sẻ khi chuyển tiếp: cảnh báo nhận được mang {}.",
                        TlpLabel(received.tlp)),
            fmt::format("A warning passed on keeps its label or a stricter one: it came as {}.",
                        TlpLabel(received.tlp)));
    }
    return core::Ok();
}

std::string_view WarningNoticeKindCode(WarningNoticeKind kind) {
    return kWarningNoticeKinds[static_cast<int>(kind)];
}

std::optional<WarningNoticeKind> ParseWarningNoticeKind(std::string_view code) {
    return ParseListedCode<WarningNoticeKind>(kWarningNoticeKinds, code);
}

core::Status ValidateAnswer(const SystemAnswer& answer) {
    FieldErrors errors;
    const bool needs_evidence = answer.answer != WarningAnswer::kNotAffected;
    CheckText(errors, "evidence", answer.evidence, needs_evidence ? Required::kYes : Required::kNo,
              10000);
    return errors.ToStatus();
}

AnswerRollup RollUp(const std::vector<std::pair<UnitId, std::optional<SystemId>>>& expected,
                    const std::vector<SystemAnswer>& answers,
                    core::TimePoint deadline,
                    core::TimePoint now) {
    // The latest answer of each (unit, system).
    std::map<std::pair<std::int64_t, std::int64_t>, const SystemAnswer*> latest;
    for (const auto& a : answers) {
        const std::pair key{a.unit.value(), a.system ? a.system->value() : 0};
        auto [at, fresh] = latest.emplace(key, &a);
        if (!fresh && at->second->answered_at <= a.answered_at) {
            at->second = &a;
        }
    }
    const bool late = now > deadline;
    AnswerRollup out;
    std::set<std::pair<std::int64_t, std::int64_t>> counted;
    for (const auto& [unit, system] : expected) {
        const std::pair key{unit.value(), system ? system->value() : 0};
        if (!counted.insert(key).second) {
            continue;
        }
        ++out.expected;
        const auto found = latest.find(key);
        if (found == latest.end()) {
            ++out.unanswered;
            out.overdue += late ? 1 : 0;
            continue;
        }
        switch (found->second->answer) {
            case WarningAnswer::kAffected:
                ++out.affected;
                out.overdue += late ? 1 : 0;
                break;
            case WarningAnswer::kNotAffected:
                ++out.not_affected;
                break;
            case WarningAnswer::kFixed:
                ++out.fixed;
                break;
        }
    }
    return out;
}

std::vector<IndicatorHit> MatchIndicators(const std::vector<Indicator>& indicators,
                                          const std::vector<Observable>& observables) {
    std::vector<IndicatorHit> out;
    for (const auto& indicator : indicators) {
        IndicatorHit hit{indicator, {}};
        for (const auto& o : observables) {
            const bool same = o.kind == indicator.kind && o.value == indicator.value;
            const bool host = indicator.kind == ObservableKind::kDomain &&
                              o.kind == ObservableKind::kUrl && HostOf(o.value) == indicator.value;
            if ((same || host) && std::find(hit.incidents.begin(), hit.incidents.end(),
                                            o.incident_id) == hit.incidents.end()) {
                hit.incidents.push_back(o.incident_id);
            }
        }
        if (!hit.incidents.empty()) {
            out.push_back(std::move(hit));
        }
    }
    return out;
}

}  // namespace ungcuu::domain
