// Building the engine: the compiled tests' plans, the atoms each rule is gated by, and one
// Hyperscan pattern database per field (from the disk cache when it holds them).
#include <fmt/format.h>
#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sigma/engine.hpp"
#include "sigma/engine_internal.hpp"
#include "sigma/glob.hpp"
#include "sigma/regex_factor.hpp"
#include "sigma/values.hpp"

namespace ungcuu::sigma {

namespace {

// The texts whose Unicode folding is `run` (already folded), ASCII letters left to the
// pattern matcher's ASCII-only folding: each other character may also be written as any
// character that folds to it (Cyrillic "а" is also "А"). Empty when there would be more than
// `limit`, or when the run holds bytes that are not UTF-8.
std::vector<std::string> FoldVariants(std::string_view run, std::size_t limit) {
    std::vector<std::string> out{""};
    for (std::size_t i = 0; i < run.size();) {
        const auto b = static_cast<unsigned char>(run[i]);
        const std::size_t start = i;
        const char32_t c = NextUtf8(run, i);
        const std::string_view bytes = run.substr(start, i - start);
        if (b < 0x80) {
            for (auto& v : out) {
                v += bytes;
            }
            continue;
        }
        if (i - start == 1 && c == b) {
            return {};  // not UTF-8
        }
        std::vector<std::string> spellings{std::string(bytes)};
        for (const char32_t upper : FoldSources(c)) {
            std::string spelled;
            AppendUtf8(spelled, upper);
            spellings.push_back(std::move(spelled));
        }
        if (out.size() * spellings.size() > limit) {
            return {};
        }
        std::vector<std::string> next;
        for (const auto& v : out) {
            for (const auto& spelled : spellings) {
                next.push_back(v + spelled);
            }
        }
        out = std::move(next);
    }
    return out;
}

constexpr std::size_t kMaxVariants = 8;

// How a glob is found: when it is one literal with wildcards only at its ends, its spellings
// decide it exactly; otherwise the spellings of its best literal run filter it.
struct GlobShape {
    bool simple = false;
    std::vector<std::string> literals;  // empty: no usable literal
    Anchor anchor = Anchor::kNone;
};

GlobShape ShapeOf(std::string_view glob, bool cased) {
    GlobShape shape;
    const auto spell = [&](std::string_view run) {
        return cased ? std::vector<std::string>{std::string(run)} : FoldVariants(run, kMaxVariants);
    };
    const bool lead = !glob.empty() && glob.front() == kStar;
    const bool trail = glob.size() > (lead ? 1U : 0U) && glob.back() == kStar;
    const std::string_view middle =
        glob.substr(lead ? 1 : 0, glob.size() - (lead ? 1 : 0) - (trail ? 1 : 0));
    const bool plain =
        middle.find(kStar) == std::string_view::npos && middle.find(kOne) == std::string_view::npos;
    if (plain && !middle.empty()) {
        auto literals = spell(middle);
        if (!literals.empty()) {
            shape.simple = true;
            shape.literals = std::move(literals);
            shape.anchor = lead ? (trail ? Anchor::kNone : Anchor::kEnd)
                                : (trail ? Anchor::kStart : Anchor::kBoth);
            return shape;
        }
    }
    // The longest run between wildcards with few spellings; when a run has too many, its
    // pieces between characters with other cases.
    std::vector<std::string_view> runs;
    std::size_t at = 0;
    for (std::size_t i = 0; i <= glob.size(); ++i) {
        if (i == glob.size() || glob[i] == kStar || glob[i] == kOne) {
            if (i > at) {
                runs.push_back(glob.substr(at, i - at));
            }
            at = i + 1;
        }
    }
    std::string_view best;
    std::vector<std::string> best_literals;
    const auto consider = [&](std::string_view run) {
        if (run.size() <= best.size()) {
            return;
        }
        auto literals = spell(run);
        if (!literals.empty()) {
            best = run;
            best_literals = std::move(literals);
        }
    };
    for (const auto run : runs) {
        consider(run);
        std::size_t piece = 0;
        for (std::size_t i = 0; i < run.size();) {
            const std::size_t start = i;
            const char32_t c = NextUtf8(run, i);
            if (static_cast<unsigned char>(run[start]) >= 0x80 && !FoldSources(c).empty()) {
                consider(run.substr(piece, start - piece));
                piece = i;
            }
        }
        consider(run.substr(piece));
    }
    shape.literals = std::move(best_literals);
    return shape;
}

std::uint64_t Fnv1a(std::string_view bytes, std::uint64_t h = 1469598103934665603ULL) {
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

}  // namespace

std::uint32_t Engine::Impl::FieldId(const std::string& name) {
    const auto it = field_ids.find(name);
    if (it != field_ids.end()) {
        return it->second;
    }
    const auto id = static_cast<std::uint32_t>(field_names.size());
    field_names.push_back(name);
    field_ids.emplace(name, id);
    for (std::size_t dot = name.find('.'); dot != std::string::npos;
         dot = name.find('.', dot + 1)) {
        dotted_prefixes.emplace(name.substr(0, dot), true);
    }
    return id;
}

std::uint32_t Engine::Impl::AtomId(Atom atom, std::map<std::string, std::uint32_t>& seen) {
    const std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}", atom.field, atom.caseless,
                                        static_cast<int>(atom.anchor), atom.literal);
    const auto it = seen.find(key);
    if (it != seen.end()) {
        return it->second;
    }
    const auto id = static_cast<std::uint32_t>(atoms.size());
    atoms.push_back(std::move(atom));
    seen.emplace(key, id);
    return id;
}

void Engine::Impl::PlanTests(CompiledDetections& dets, std::map<std::string, std::uint32_t>& seen) {
    for (auto& [name, d] : dets) {
        const auto plan_item = [&](Item& item) {
            const std::uint32_t field = item.field.empty() ? kNoField : FieldId(item.field);
            if (item.field.empty()) {
                has_keywords = true;
            }
            for (auto& t : item.tests) {
                TestPlan plan;
                plan.field = field;
                if (t.kind == Test::Kind::kFieldRef) {
                    plan.other_field = FieldId(t.other_field);
                }
                if (t.kind == Test::Kind::kGlob) {
                    plan.globs = true;
                    plan.gated = true;
                    for (std::uint32_t g = 0; g < t.globs.size(); ++g) {
                        auto shape = ShapeOf(t.globs[g], t.cased);
                        std::vector<std::uint32_t> ids;
                        for (auto& literal : shape.literals) {
                            Atom atom;
                            atom.field = field;
                            atom.literal = std::move(literal);
                            atom.caseless = !t.cased;
                            atom.anchor = shape.simple ? shape.anchor : Anchor::kNone;
                            ids.push_back(AtomId(std::move(atom), seen));
                        }
                        if (shape.simple) {
                            plan.atoms.insert(plan.atoms.end(), ids.begin(), ids.end());
                        } else {
                            plan.gated = plan.gated && !ids.empty();
                            plan.complex.push_back({std::move(ids), g});
                        }
                    }
                }
                if (t.kind == Test::Kind::kRegex && field != kNoField) {
                    const auto factors =
                        RequiredLiterals(t.regex->pattern(), t.regex->options().case_sensitive());
                    if (factors) {
                        for (const auto& literal : factors->literals) {
                            Atom atom;
                            atom.field = field;
                            atom.literal = literal;
                            atom.caseless = factors->caseless;
                            plan.filter.push_back(AtomId(std::move(atom), seen));
                        }
                        plan.gated = true;
                    }
                }
                t.slot = static_cast<std::uint32_t>(plans.size());
                plans.push_back(std::move(plan));
            }
        };
        if (d.keywords) {
            plan_item(*d.keywords);
        }
        for (auto& items : d.alternatives) {
            for (auto& item : items) {
                plan_item(item);
            }
        }
    }
}

// ---- gates ----
double Engine::Impl::Cost(const std::vector<std::uint32_t>& gate) const {
    double cost = 0;
    for (const auto a : gate) {
        const auto& atom = atoms[a];
        const auto len = static_cast<double>(atom.literal.size());
        cost += (atom.anchor == Anchor::kBoth ? 0.5 : 1.0) * (1.0 + 8.0 / len);
    }
    return cost;
}

Gate Engine::Impl::Union(const std::vector<Gate>& gates) {
    std::vector<std::uint32_t> out;
    for (const auto& g : gates) {
        if (!g) {
            return std::nullopt;
        }
        out.insert(out.end(), g->begin(), g->end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Gate Engine::Impl::Best(const std::vector<Gate>& gates) const {
    Gate best;
    double best_cost = 0;
    for (const auto& g : gates) {
        if (!g) {
            continue;
        }
        const double cost = Cost(*g);
        if (!best || cost < best_cost) {
            best = g;
            best_cost = cost;
        }
    }
    return best;
}

Gate Engine::Impl::GateOf(const Test& t) const {
    const auto& plan = plans[t.slot];
    if (t.negate || !plan.gated) {
        return std::nullopt;
    }
    auto atoms_of = plan.atoms;
    atoms_of.insert(atoms_of.end(), plan.filter.begin(), plan.filter.end());
    for (const auto& c : plan.complex) {
        atoms_of.insert(atoms_of.end(), c.filter.begin(), c.filter.end());
    }
    std::sort(atoms_of.begin(), atoms_of.end());
    return atoms_of;
}

Gate Engine::Impl::GateOf(const Item& item) const {
    std::vector<Gate> gates;
    for (const auto& t : item.tests) {
        gates.push_back(GateOf(t));
    }
    if (item.all) {
        return Best(gates);
    }
    if (gates.empty()) {
        return std::vector<std::uint32_t>{};  // no value: never true
    }
    return Union(gates);
}

Gate Engine::Impl::GateOf(const CompiledDetection& d) const {
    if (d.keywords) {
        return GateOf(*d.keywords);
    }
    std::vector<Gate> alternatives;
    for (const auto& items : d.alternatives) {
        std::vector<Gate> gates;
        gates.reserve(items.size());
        for (const auto& item : items) {
            gates.push_back(GateOf(item));
        }
        alternatives.push_back(Best(gates));
    }
    return Union(alternatives);
}

Gate Engine::Impl::GateOf(const Condition& c, const CompiledDetections& dets) const {
    std::vector<Gate> gates;
    switch (c.kind) {
        case Condition::Kind::kAnd:
            for (const auto& child : c.children) {
                gates.push_back(GateOf(child, dets));
            }
            return Best(gates);
        case Condition::Kind::kOr:
            for (const auto& child : c.children) {
                gates.push_back(GateOf(child, dets));
            }
            return Union(gates);
        case Condition::Kind::kNot:
            return std::nullopt;
        case Condition::Kind::kRef:
            return GateOf(dets.find(c.name)->second);
        case Condition::Kind::kOneOf:
        case Condition::Kind::kAllOf:
            for (const auto& [name, d] : dets) {
                if (ConditionNames(c, name)) {
                    gates.push_back(GateOf(d));
                }
            }
            if (c.kind == Condition::Kind::kAllOf) {
                return gates.empty() ? std::nullopt : Best(gates);  // all of none: true
            }
            return Union(gates);
    }
    return std::nullopt;
}

// ---- pattern databases ----
void Engine::Impl::ChoosePaddingByte() {
    std::array<bool, 256> used{};
    for (const auto& atom : atoms) {
        for (const char c : atom.literal) {
            const auto b = static_cast<unsigned char>(c);
            used[b] = true;
            if (std::isalpha(b) != 0) {  // caseless atoms match either case
                used[static_cast<unsigned char>(std::toupper(b))] = true;
                used[static_cast<unsigned char>(std::tolower(b))] = true;
            }
        }
    }
    // Control bytes first: value text rarely holds them and literals almost never.
    for (int b = 0; b < 256; ++b) {
        if (!used[static_cast<std::size_t>(b)]) {
            padding_byte = static_cast<char>(b);
            return;
        }
    }
    padding_byte = '\0';  // every byte is in some literal: OnAtom drops what ends past it
}

core::Status Engine::Impl::CompileDatabases() {
    const auto started = std::chrono::steady_clock::now();
    std::map<std::uint32_t, std::vector<std::uint32_t>> by_field;  // keywords: kNoField
    for (std::uint32_t id = 0; id < atoms.size(); ++id) {
        by_field[atoms[id].field].push_back(id);
    }
    std::string signature = fmt::format("vectorscan {}\n", hs_version());
    for (const auto& name : field_names) {
        signature += name + '\n';
    }
    for (const auto& atom : atoms) {
        signature += fmt::format(
            "{} {} {} {}:", atom.field == kNoField ? std::string("*") : field_names[atom.field],
            atom.caseless, static_cast<int>(atom.anchor), atom.literal.size());
        signature += atom.literal;
        signature += '\n';
    }
    const std::uint64_t hash = Fnv1a(signature);
    const std::string cache_file = options.cache_dir.empty()
                                       ? std::string()
                                       : (std::filesystem::path(options.cache_dir) /
                                          fmt::format("ungcuu-sigma-{:016x}.hsdb", hash))
                                             .string();
    field_database.assign(field_names.size(), -1);
    if (!cache_file.empty() && ReadCache(cache_file, by_field)) {
        stats.from_cache = true;
    } else {
        std::vector<std::pair<std::uint32_t, std::string>> blobs;
        for (const auto& [field, ids] : by_field) {
            std::vector<const char*> literals;
            std::vector<unsigned> flags;
            std::vector<std::size_t> lens;
            for (const auto id : ids) {
                const auto& atom = atoms[id];
                literals.push_back(atom.literal.data());
                lens.push_back(atom.literal.size());
                unsigned f = atom.caseless ? HS_FLAG_CASELESS : 0U;
                if (atom.anchor != Anchor::kEnd) {
                    f |= HS_FLAG_SINGLEMATCH;
                }
                flags.push_back(f);
            }
            hs_database_t* db = nullptr;
            hs_compile_error_t* error = nullptr;
            if (hs_compile_lit_multi(literals.data(), flags.data(), ids.data(), lens.data(),
                                     static_cast<unsigned>(ids.size()), HS_MODE_BLOCK, nullptr, &db,
                                     &error) != HS_SUCCESS) {
                const std::string message = error != nullptr ? error->message : "?";
                hs_free_compile_error(error);
                return core::Internal(
                    "pattern database for field " +
                    (field == kNoField ? std::string("keywords") : field_names[field]) + ": " +
                    message);
            }
            Adopt(field, db);
            if (!cache_file.empty()) {
                char* bytes = nullptr;
                std::size_t length = 0;
                if (hs_serialize_database(db, &bytes, &length) == HS_SUCCESS) {
                    blobs.emplace_back(field, std::string(bytes, length));
                    std::free(bytes);
                }
            }
        }
        if (!cache_file.empty()) {
            WriteCache(cache_file, blobs);
        }
    }
    stats.compile_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return core::Ok();
}

void Engine::Impl::Adopt(std::uint32_t field, hs_database_t* db) {
    if (field == kNoField) {
        keyword_db = db;
        return;
    }
    field_database[field] = static_cast<std::int32_t>(databases.size());
    databases.push_back({field, db});
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

core::Result<Engine> Engine::Build(std::vector<Rule> rules, const EngineOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    std::map<std::string, std::uint32_t> seen_atoms;
    impl->channel_field = impl->FieldId("Channel");
    for (auto& rule : rules) {
        auto compiled = CompileDetections(rule);
        if (!compiled.ok()) {  // refused with its reason; the other rules still run
            impl->stats.refused.push_back(
                {rule.file, rule.id, rule.title, compiled.error().message_vi});
            continue;
        }
        auto dets = std::move(compiled).value();
        impl->PlanTests(dets, seen_atoms);
        impl->rule_has_keywords.push_back(std::any_of(
            dets.begin(), dets.end(), [](const auto& d) { return d.second.keywords.has_value(); }));
        impl->detections.push_back(std::move(dets));
        impl->rules.push_back(std::move(rule));
    }
    // The detections stay where they are from here on: the conditions point into them.
    for (std::size_t r = 0; r < impl->rules.size(); ++r) {
        impl->conditions.push_back(CompileConditions(impl->rules[r], impl->detections[r]));
    }
    impl->atom_rules.resize(impl->atoms.size());
    for (std::uint32_t r = 0; r < impl->rules.size(); ++r) {
        std::vector<Gate> gates;
        for (const auto& c : impl->rules[r].conditions) {
            gates.push_back(impl->GateOf(c, impl->detections[r]));
        }
        const Gate gate = Impl::Union(gates);
        if (!gate) {
            impl->always.push_back(r);
            continue;
        }
        for (const auto atom : *gate) {
            impl->atom_rules[atom].push_back(r);
        }
    }
    impl->ChoosePaddingByte();
    UNGCUU_RETURN_IF_ERROR(impl->CompileDatabases());
    auto& stats = impl->stats;
    stats.rules = impl->rules.size();
    stats.atoms = impl->atoms.size();
    stats.fields = impl->databases.size() + (impl->keyword_db != nullptr ? 1 : 0);
    stats.always_rules = impl->always.size();
    stats.gated_rules = stats.rules - stats.always_rules;
    return Engine(std::move(impl));
}

}  // namespace ungcuu::sigma
