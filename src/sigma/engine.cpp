#include "sigma/engine.hpp"

#include <fmt/format.h>
#include <hs/hs.h>
#include <re2/re2.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unordered_map>

#include "sigma/evaluator.hpp"
#include "sigma/glob.hpp"
#include "sigma/regex_factor.hpp"
#include "sigma/values.hpp"

namespace ungcuu::sigma {

namespace dom = simdjson::dom;

namespace {

constexpr std::uint32_t kNoField = 0xFFFFFFFF;

enum class Anchor : std::uint8_t { kNone, kStart, kEnd, kBoth };

struct Atom {
    std::uint32_t field = 0;  // a field id, or the keyword pseudo-field
    std::string literal;
    bool caseless = true;
    Anchor anchor = Anchor::kNone;
};

// How the fast path decides one compiled test. A glob test holds when one of its globs does: a
// glob that is one literal holds exactly when its atom was found; another glob is matched on the
// value, and only when its filter atom (its longest literal run) was found, if it has one.
struct TestPlan {
    bool globs = false;              // a glob test; otherwise evaluated on the values
    std::uint32_t field = kNoField;  // kNoField: keywords
    std::uint32_t other_field = kNoField;
    std::vector<std::uint32_t> atoms;  // the literal globs' atoms

    struct Complex {
        std::vector<std::uint32_t> filter;  // empty: none
        std::uint32_t glob = 0;             // index in Test::globs
    };

    std::vector<Complex> complex;
    // A regex test: the literals every match contains (empty: none known); the regex runs only
    // when one of them was found.
    std::vector<std::uint32_t> filter;
    bool gated = false;  // the test cannot hold without one of its atoms
};

struct HashString {
    using is_transparent = void;

    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

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
constexpr std::size_t kMaxRoutes = 64;  // log-source classes remembered per thread

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

// A set of atoms a condition cannot be true without; nullopt: it can.
using Gate = std::optional<std::vector<std::uint32_t>>;

struct Database {
    std::uint32_t field = 0;
    hs_database_t* db = nullptr;
};

std::uint64_t Fnv1a(std::string_view bytes, std::uint64_t h = 1469598103934665603ULL) {
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

}  // namespace

EventSource InferLogsource(std::string_view product,
                           std::string_view category,
                           std::string_view service,
                           std::string_view channel) {
    EventSource out{product, category, service};
    if (channel.empty()) {
        return out;
    }
    if (out.product.empty()) {
        out.product = "windows";
    }
    if (out.service.empty()) {
        // The services of Sigma's Windows taxonomy, by the channel their events are written to.
        static constexpr std::pair<std::string_view, std::string_view> kServices[] = {
            {"Security", "security"},
            {"System", "system"},
            {"Application", "application"},
            {"Microsoft-Windows-Sysmon/Operational", "sysmon"},
            {"Windows PowerShell", "powershell-classic"},
            {"Microsoft-Windows-PowerShell/Operational", "powershell"},
            {"PowerShellCore/Operational", "powershell"},
            {"Microsoft-Windows-WMI-Activity/Operational", "wmi"},
            {"Microsoft-Windows-TaskScheduler/Operational", "taskscheduler"},
            {"Microsoft-Windows-Windows Defender/Operational", "windefend"},
            {"Microsoft-Windows-Windows Firewall With Advanced Security/Firewall", "firewall-as"},
            {"Microsoft-Windows-DNS-Client/Operational", "dns-client"},
            {"DNS Server", "dns-server"},
            {"Microsoft-Windows-Bits-Client/Operational", "bits-client"},
            {"Microsoft-Windows-CodeIntegrity/Operational", "codeintegrity-operational"},
            {"Microsoft-Windows-AppLocker/EXE and DLL", "applocker"},
            {"Microsoft-Windows-AppLocker/MSI and Script", "applocker"},
            {"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
             "terminalservices-localsessionmanager"},
            {"Microsoft-Windows-NTLM/Operational", "ntlm"},
            {"Microsoft-Windows-SMBClient/Security", "smbclient-security"},
            {"Microsoft-Windows-LSA/Operational", "lsa-server"},
            {"OpenSSH/Operational", "openssh"},
        };
        for (const auto& [name, service_name] : kServices) {
            if (channel == name) {
                out.service = service_name;
                break;
            }
        }
    }
    return out;
}

bool LogsourceFits(const Rule& rule,
                   std::string_view product,
                   std::string_view category,
                   std::string_view service) {
    const auto fits = [](const std::string& want, std::string_view have) {
        if (want.empty() || have.empty() || want.size() != have.size()) {
            return want.empty() || have.empty();
        }
        for (std::size_t i = 0; i < want.size(); ++i) {
            const auto a = static_cast<unsigned char>(want[i]);
            const auto b = static_cast<unsigned char>(have[i]);
            if (std::tolower(a) != std::tolower(b)) {
                return false;
            }
        }
        return true;
    };
    return fits(rule.product, product) && fits(rule.category, category) &&
           fits(rule.service, service);
}

// ---- the engine ------------------------------------------------------------------------------

struct Engine::Impl {
    EngineOptions options;
    EngineStats stats;
    std::vector<Rule> rules;
    std::vector<CompiledDetections> detections;  // per rule; each Test's slot indexes `plans`
    std::vector<std::vector<CompiledCondition>> conditions;  // per rule, over `detections`
    std::vector<TestPlan> plans;
    std::vector<Atom> atoms;
    std::vector<std::vector<std::uint32_t>> atom_rules;  // atom → rules gated by it
    std::vector<std::uint32_t> always;                   // rules without a gate
    std::vector<std::uint8_t> rule_has_keywords;

    std::vector<std::string> field_names;
    std::unordered_map<std::string, std::uint32_t, HashString, std::equal_to<>> field_ids;
    std::unordered_map<std::string, bool, HashString, std::equal_to<>> dotted_prefixes;
    std::vector<Database> databases;           // per field with atoms
    std::vector<std::int32_t> field_database;  // field → index in databases, or -1
    hs_database_t* keyword_db = nullptr;
    bool has_keywords = false;
    std::uint32_t channel_field = 0;
    char padding_byte = '\0';  // a byte no atom holds in any case (see Scan)

    ~Impl() {
        for (auto& d : databases) {
            hs_free_database(d.db);
        }
        if (keyword_db != nullptr) {
            hs_free_database(keyword_db);
        }
    }

    std::uint32_t FieldId(const std::string& name) {
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

    std::uint32_t AtomId(Atom atom, std::map<std::string, std::uint32_t>& seen) {
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

    void PlanTests(CompiledDetections& dets, std::map<std::string, std::uint32_t>& seen) {
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
                        const auto factors = RequiredLiterals(t.regex->pattern(),
                                                              t.regex->options().case_sensitive());
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
    double Cost(const std::vector<std::uint32_t>& gate) const {
        double cost = 0;
        for (const auto a : gate) {
            const auto& atom = atoms[a];
            const double len = static_cast<double>(atom.literal.size());
            cost += (atom.anchor == Anchor::kBoth ? 0.5 : 1.0) * (1.0 + 8.0 / len);
        }
        return cost;
    }

    static Gate Union(const std::vector<Gate>& gates) {
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

    Gate Best(const std::vector<Gate>& gates) const {
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

    Gate GateOf(const Test& t) const {
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

    Gate GateOf(const Item& item) const {
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

    Gate GateOf(const CompiledDetection& d) const {
        if (d.keywords) {
            return GateOf(*d.keywords);
        }
        std::vector<Gate> alternatives;
        for (const auto& items : d.alternatives) {
            std::vector<Gate> gates;
            for (const auto& item : items) {
                gates.push_back(GateOf(item));
            }
            alternatives.push_back(Best(gates));
        }
        return Union(alternatives);
    }

    Gate GateOf(const Condition& c, const CompiledDetections& dets) const {
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
    void ChoosePaddingByte() {
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

    core::Status CompileDatabases() {
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
                                         static_cast<unsigned>(ids.size()), HS_MODE_BLOCK, nullptr,
                                         &db, &error) != HS_SUCCESS) {
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

    void Adopt(std::uint32_t field, hs_database_t* db) {
        if (field == kNoField) {
            keyword_db = db;
            return;
        }
        field_database[field] = static_cast<std::int32_t>(databases.size());
        databases.push_back({field, db});
    }

    bool ReadCache(const std::string& file,
                   const std::map<std::uint32_t, std::vector<std::uint32_t>>& by_field) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            return false;
        }
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::size_t at = 0;
        std::vector<std::pair<std::uint32_t, hs_database_t*>> loaded;
        const auto fail = [&] {
            for (auto& [field, db] : loaded) {
                hs_free_database(db);
            }
            return false;
        };
        while (at < bytes.size()) {
            std::uint32_t field = 0;
            std::uint64_t length = 0;
            if (bytes.size() - at < sizeof field + sizeof length) {
                return fail();
            }
            std::memcpy(&field, bytes.data() + at, sizeof field);
            std::memcpy(&length, bytes.data() + at + sizeof field, sizeof length);
            at += sizeof field + sizeof length;
            if (bytes.size() - at < length) {
                return fail();
            }
            hs_database_t* db = nullptr;
            if (hs_deserialize_database(bytes.data() + at, length, &db) != HS_SUCCESS) {
                return fail();
            }
            loaded.emplace_back(field, db);
            at += length;
        }
        if (loaded.size() != by_field.size()) {
            return fail();
        }
        for (auto& [field, db] : loaded) {
            if (field != kNoField && field >= field_names.size()) {
                return fail();
            }
        }
        for (auto& [field, db] : loaded) {
            Adopt(field, db);
        }
        return true;
    }

    static void WriteCache(const std::string& file,
                           const std::vector<std::pair<std::uint32_t, std::string>>& blobs) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
        const std::string temporary = file + ".tmp";
        {
            std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
            for (const auto& [field, blob] : blobs) {
                const std::uint64_t length = blob.size();
                out.write(reinterpret_cast<const char*>(&field), sizeof field);
                out.write(reinterpret_cast<const char*>(&length), sizeof length);
                out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
            }
            if (!out) {
                return;  // the cache is an optimisation: no cache, no harm
            }
        }
        std::filesystem::rename(temporary, file, ec);
    }
};

// ---- per-thread state ------------------------------------------------------------------------

struct Engine::Scratch::Impl {
    dom::parser parser;
    std::string padded;  // a copy of a document with room for the parser's padding
    hs_scratch_t* hs = nullptr;
    std::uint32_t epoch = 0;
    // Fields of the current event: the value found, with the rank of where it was found (the
    // order FindField looks in).
    std::vector<std::uint32_t> field_epoch;
    std::vector<std::uint8_t> field_rank;
    std::vector<dom::element> field_value;
    std::vector<std::uint32_t> touched;
    std::vector<std::uint32_t> atom_epoch;
    std::vector<std::uint32_t> found;  // atoms found in this event
    std::vector<std::uint32_t> rule_epoch;
    std::vector<std::uint32_t> candidates;
    std::string path;     // dotted path being walked
    std::string lowered;  // a value folded to lower case

    // Log-source classes seen by this thread: which rules each is routed to.
    struct Route {
        std::vector<std::uint8_t> fits;     // per rule
        std::vector<std::uint32_t> always;  // the rules without a gate that fit
        bool keywords = false;              // a rule that fits has keywords
    };

    std::unordered_map<std::string, std::uint32_t, HashString, std::equal_to<>> route_ids;
    std::vector<Route> routes;
    std::string route_key;
    std::vector<std::uint8_t> open;  // a glob test's globs that may hold
    dom::element root;
    std::string_view product, category, service;
    // The atom being scanned against (callback context).
    std::size_t text_length = 0;
    std::string scanned;  // a value with the scan padding after it
    const Engine::Impl* engine = nullptr;

    ~Impl() {
        if (hs != nullptr) {
            hs_free_scratch(hs);
        }
    }

    void Next() {
        if (++epoch == 0) {  // wrapped: forget every mark
            std::fill(field_epoch.begin(), field_epoch.end(), 0);
            std::fill(atom_epoch.begin(), atom_epoch.end(), 0);
            std::fill(rule_epoch.begin(), rule_epoch.end(), 0);
            epoch = 1;
        }
        touched.clear();
        found.clear();
        candidates.clear();
        product = category = service = {};
    }

    bool Present(std::uint32_t field) const { return field_epoch[field] == epoch; }

    bool Found(std::uint32_t atom) const { return atom_epoch[atom] == epoch; }

    void Offer(std::string_view name, dom::element value, std::uint8_t rank) {
        const auto it = engine->field_ids.find(name);
        if (it == engine->field_ids.end()) {
            return;
        }
        const auto id = it->second;
        if (field_epoch[id] != epoch) {
            field_epoch[id] = epoch;
            field_rank[id] = rank;
            field_value[id] = value;
            touched.push_back(id);
        } else if (rank <= field_rank[id]) {
            // A key written twice in one object: the last one counts, as for the plain
            // evaluator's parser.
            field_rank[id] = rank;
            field_value[id] = value;
        }
    }

    void WalkDotted(dom::object object) {
        for (const auto kv : object) {
            if (kv.key.find('.') != std::string_view::npos) {
                continue;  // paths split at dots
            }
            const std::size_t mark = path.size();
            path += '.';
            path += kv.key;
            Offer(path, kv.value, 1);
            dom::object child;
            if (kv.value.get_object().get(child) == simdjson::SUCCESS &&
                engine->dotted_prefixes.count(path) != 0) {
                WalkDotted(child);
            }
            path.resize(mark);
        }
    }

    // The last value of `key` (simdjson's lookup would give the first).
    static bool Child(dom::element parent, std::string_view key, dom::element& out) {
        dom::object object;
        if (parent.get_object().get(object) != simdjson::SUCCESS) {
            return false;
        }
        bool found = false;
        for (const auto kv : object) {
            if (kv.key == key) {
                out = kv.value;
                found = true;
            }
        }
        return found;
    }

    // Every field the rules name, found where the plain evaluator's FindField looks, in its
    // order (lower rank first).
    void Resolve(dom::element event) {
        root = event;
        dom::object object;
        if (event.get_object().get(object) != simdjson::SUCCESS) {
            return;
        }
        dom::element evtx, winlog;
        bool has_evtx = false, has_winlog = false;
        for (const auto kv : object) {
            Offer(kv.key, kv.value, 0);
            dom::object child;
            if (kv.key.find('.') == std::string_view::npos &&
                kv.value.get_object().get(child) == simdjson::SUCCESS &&
                engine->dotted_prefixes.count(kv.key) != 0) {
                path.assign(kv.key);
                WalkDotted(child);
            }
            if (kv.key == "Event") {
                has_evtx = true;
                evtx = kv.value;
            } else if (kv.key == "winlog") {
                has_winlog = true;
                winlog = kv.value;
            } else if (kv.key == "product" || kv.key == "category" || kv.key == "service") {
                std::string_view text;
                if (kv.value.get_string().get(text) == simdjson::SUCCESS) {
                    (kv.key == "product"    ? product
                     : kv.key == "category" ? category
                                            : service) = text;
                }
            }
        }
        if (has_evtx) {
            dom::element data, user, system;
            dom::object data_object, user_object;
            if (Child(evtx, "EventData", data) &&
                data.get_object().get(data_object) == simdjson::SUCCESS) {
                for (const auto kv : data_object) {
                    Offer(kv.key, kv.value, 2);
                }
                for (const auto kv : data_object) {
                    if (kv.key.find(' ') == std::string_view::npos) {
                        continue;
                    }
                    path.clear();
                    for (const char c : kv.key) {
                        if (c != ' ') {
                            path += c;
                        }
                    }
                    Offer(path, kv.value, 3);
                }
            }
            if (Child(evtx, "UserData", user) &&
                user.get_object().get(user_object) == simdjson::SUCCESS) {
                for (const auto kv : user_object) {
                    Offer(kv.key, kv.value, 4);
                }
                for (const auto kv : user_object) {
                    dom::object inner;
                    if (kv.value.get_object().get(inner) != simdjson::SUCCESS) {
                        continue;
                    }
                    for (const auto inner_kv : inner) {
                        Offer(inner_kv.key, inner_kv.value, 5);
                    }
                }
            }
            if (Child(evtx, "System", system)) {
                dom::object system_object;
                if (system.get_object().get(system_object) == simdjson::SUCCESS) {
                    for (const auto kv : system_object) {
                        Offer(kv.key, kv.value, 6);
                    }
                }
                dom::element provider, attributes, name;
                if (Child(system, "Provider", provider) &&
                    Child(provider, "#attributes", attributes) && Child(attributes, "Name", name)) {
                    Offer("Provider_Name", name, 7);
                }
            }
        }
        if (has_winlog) {
            dom::element data, value;
            dom::object data_object;
            if (Child(winlog, "event_data", data) &&
                data.get_object().get(data_object) == simdjson::SUCCESS) {
                for (const auto kv : data_object) {
                    Offer(kv.key, kv.value, 8);
                }
            }
            if (Child(winlog, "event_id", value)) {
                Offer("EventID", value, 9);
            }
            if (Child(winlog, "channel", value)) {
                Offer("Channel", value, 9);
            }
            if (Child(winlog, "provider_name", value)) {
                Offer("Provider_Name", value, 9);
            }
        }
    }
};

namespace {

// "#text" holds an element's content in evtx exports.
dom::element Content(dom::element v) {
    dom::element text;
    return Engine::Scratch::Impl::Child(v, "#text", text) ? text : v;
}

std::optional<Scalar> ScalarOf(dom::element v, char* buffer) {
    switch (v.type()) {
        case dom::element_type::STRING:
            return Scalar{Scalar::Kind::kString, std::string_view(v.get_string().value_unsafe())};
        case dom::element_type::INT64:
            return Scalar{Scalar::Kind::kNumber, IntegerText(v.get_int64().value_unsafe(), buffer)};
        case dom::element_type::UINT64:
            return Scalar{Scalar::Kind::kNumber,
                          UnsignedText(v.get_uint64().value_unsafe(), buffer)};
        case dom::element_type::DOUBLE:
            return Scalar{Scalar::Kind::kNumber, DoubleText(v.get_double().value_unsafe(), buffer)};
        case dom::element_type::BOOL:
            return Scalar{Scalar::Kind::kBool, v.get_bool().value_unsafe() ? "true" : "false"};
        default:
            return std::nullopt;
    }
}

// Each scalar of a field's value: the value itself, or each element of a list.
template <class Fn>
bool AnyScalarOfField(dom::element value, Fn&& fn) {
    char buffer[kNumberTextSize];
    dom::array array;
    if (value.get_array().get(array) == simdjson::SUCCESS) {
        for (const auto element : array) {
            const auto scalar = ScalarOf(Content(element), buffer);
            if (scalar && fn(*scalar)) {
                return true;
            }
        }
        return false;
    }
    const auto scalar = ScalarOf(value, buffer);
    return scalar && fn(*scalar);
}

// Every scalar anywhere in the event (keywords).
template <class Fn>
bool AnyScalarInside(dom::element value, Fn&& fn) {
    switch (value.type()) {
        case dom::element_type::OBJECT: {
            const dom::object object = value.get_object().value_unsafe();
            for (const auto kv : object) {
                if (AnyScalarInside(kv.value, fn)) {
                    return true;
                }
            }
            return false;
        }
        case dom::element_type::ARRAY: {
            const dom::array array = value.get_array().value_unsafe();
            for (const auto element : array) {
                if (AnyScalarInside(element, fn)) {
                    return true;
                }
            }
            return false;
        }
        default: {
            char buffer[kNumberTextSize];
            const auto scalar = ScalarOf(value, buffer);
            return scalar && fn(*scalar);
        }
    }
}

int OnAtom(unsigned int id,
           unsigned long long /*from*/,
           unsigned long long to,
           unsigned int /*flags*/,
           void* context) {
    auto& s = *static_cast<Engine::Scratch::Impl*>(context);
    if (s.atom_epoch[id] == s.epoch || to > s.text_length) {
        return 0;  // found, or in the padding
    }
    const auto& atom = s.engine->atoms[id];
    const bool start_ok = (atom.anchor != Anchor::kStart && atom.anchor != Anchor::kBoth) ||
                          to == atom.literal.size();
    const bool end_ok =
        (atom.anchor != Anchor::kEnd && atom.anchor != Anchor::kBoth) || to == s.text_length;
    if (start_ok && end_ok) {
        s.atom_epoch[id] = s.epoch;
        s.found.push_back(id);
    }
    return 0;
}

// Vectorscan 5.4.9 (Debian 12) with AVX-512 misses a literal lying 8 to 31 bytes before the end
// of a text of 64 bytes or more (its tail is scanned wrongly). Each value is therefore scanned
// with 64 bytes after it that no literal holds, so a literal never lies near the end; the
// padding cannot match and the anchors still count from the value's own end.
constexpr std::size_t kScanPadding = 64;

void Scan(Engine::Scratch::Impl& s, hs_database_t* db, std::string_view text) {
    if (text.empty()) {
        return;  // atoms are never empty
    }
    s.text_length = text.size();
    s.scanned.assign(text);
    s.scanned.append(kScanPadding, s.engine->padding_byte);
    hs_scan(db, s.scanned.data(), static_cast<unsigned>(s.scanned.size()), 0, s.hs, OnAtom, &s);
}

}  // namespace

Engine::Scratch::Scratch(const Engine& engine) : impl_(std::make_unique<Impl>()) {
    const auto& e = *engine.impl_;
    impl_->engine = &e;
    impl_->field_epoch.assign(e.field_names.size(), 0);
    impl_->field_rank.assign(e.field_names.size(), 0);
    impl_->field_value.resize(e.field_names.size());
    impl_->atom_epoch.assign(e.atoms.size(), 0);
    impl_->rule_epoch.assign(e.rules.size(), 0);
    for (const auto& d : e.databases) {
        hs_alloc_scratch(d.db, &impl_->hs);
    }
    if (e.keyword_db != nullptr) {
        hs_alloc_scratch(e.keyword_db, &impl_->hs);
    }
}

Engine::Scratch::Scratch(Scratch&&) noexcept = default;
Engine::Scratch::~Scratch() = default;

// ---- building --------------------------------------------------------------------------------

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

std::size_t Engine::size() const { return impl_->rules.size(); }

const Rule& Engine::rule(std::size_t index) const { return impl_->rules[index]; }

const EngineStats& Engine::stats() const { return impl_->stats; }

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

// ---- matching --------------------------------------------------------------------------------

namespace {

void MatchEvent(const Engine::Impl& e,
                Engine::Scratch::Impl& s,
                dom::element event,
                std::vector<std::uint32_t>& out) {
    s.Next();
    s.Resolve(event);
    // The event's log-source class; the rules it fits are computed once per class.
    const Engine::Scratch::Impl::Route* route = nullptr;
    if (e.options.route_by_logsource) {
        std::string_view channel;
        if (s.Present(e.channel_field)) {
            const auto value = Content(s.field_value[e.channel_field]);
            if (value.is_string()) {
                channel = value.get_string().value_unsafe();
            }
        }
        const auto source = InferLogsource(s.product, s.category, s.service, channel);
        s.product = source.product;
        s.category = source.category;
        s.service = source.service;
        s.route_key.assign(s.product);
        s.route_key += '\x1f';
        s.route_key += s.category;
        s.route_key += '\x1f';
        s.route_key += s.service;
        const auto it = s.route_ids.find(s.route_key);
        if (it != s.route_ids.end()) {
            route = &s.routes[it->second];
        } else if (s.routes.size() < kMaxRoutes) {
            Engine::Scratch::Impl::Route fresh;
            fresh.fits.resize(e.rules.size());
            for (std::uint32_t r = 0; r < e.rules.size(); ++r) {
                fresh.fits[r] = LogsourceFits(e.rules[r], s.product, s.category, s.service);
            }
            for (const auto r : e.always) {
                if (fresh.fits[r]) {
                    fresh.always.push_back(r);
                }
            }
            for (std::uint32_t r = 0; r < e.rules.size(); ++r) {
                fresh.keywords = fresh.keywords || (fresh.fits[r] && e.rule_has_keywords[r]);
            }
            s.route_ids.emplace(s.route_key, static_cast<std::uint32_t>(s.routes.size()));
            s.routes.push_back(std::move(fresh));
            route = &s.routes.back();
        }
    }
    // Scan each field the rules have literals for, then every scalar for keyword rules.
    for (const auto field : s.touched) {
        const auto index = e.field_database[field];
        if (index < 0) {
            continue;
        }
        hs_database_t* db = e.databases[static_cast<std::size_t>(index)].db;
        const auto value = Content(s.field_value[field]);
        AnyScalarOfField(value, [&](const Scalar& scalar) {
            Scan(s, db, scalar.text);
            return false;
        });
    }
    if (e.keyword_db != nullptr && (route == nullptr || route->keywords)) {
        AnyScalarInside(event, [&](const Scalar& scalar) {
            Scan(s, e.keyword_db, scalar.text);
            return false;
        });
    }
    // The candidates: rules gated by a found atom, and the rules without a gate.
    for (const auto atom : s.found) {
        for (const auto r : e.atom_rules[atom]) {
            if (s.rule_epoch[r] != s.epoch) {
                s.rule_epoch[r] = s.epoch;
                s.candidates.push_back(r);
            }
        }
    }
    const auto& always = route != nullptr ? route->always : e.always;
    s.candidates.insert(s.candidates.end(), always.begin(), always.end());

    // A glob test: its literal globs from the scan, its other globs on the values.
    const auto globs_hold = [&](const TestPlan& plan, const Test& t, auto&& for_values) {
        for (const auto a : plan.atoms) {
            if (s.Found(a)) {
                return true;
            }
        }
        // Which of the other globs may hold: no filter, or one of its spellings found.
        bool any_open = false;
        s.open.resize(std::max(s.open.size(), plan.complex.size()));
        for (std::size_t k = 0; k < plan.complex.size(); ++k) {
            const auto& filter = plan.complex[k].filter;
            s.open[k] = filter.empty() || std::any_of(filter.begin(), filter.end(),
                                                      [&](std::uint32_t a) { return s.Found(a); });
            any_open = any_open || s.open[k];
        }
        if (!any_open) {
            return false;
        }
        return for_values([&](const Scalar& v) {
            std::string_view subject = v.text;
            if (!t.cased) {
                LowerUtf8Into(v.text, s.lowered);
                subject = s.lowered;
            }
            for (std::size_t k = 0; k < plan.complex.size(); ++k) {
                if (s.open[k] && GlobMatch(t.globs[plan.complex[k].glob], subject)) {
                    return true;
                }
            }
            return false;
        });
    };
    const auto test = [&](const Item& /*item*/, const Test& t) {
        const auto& plan = e.plans[t.slot];
        if (plan.field == kNoField) {  // keywords
            const auto everywhere = [&](auto&& fn) { return AnyScalarInside(event, fn); };
            if (plan.globs) {
                return globs_hold(plan, t, everywhere);
            }
            return everywhere([&](const Scalar& v) { return ScalarMatches(t, v); });
        }
        const bool present = s.Present(plan.field);
        const dom::element value = present ? Content(s.field_value[plan.field]) : dom::element();
        if (t.kind == Test::Kind::kExists) {
            return present == t.exists;
        }
        if (t.kind == Test::Kind::kNull) {
            return !present || value.is_null();
        }
        if (!present || value.is_null()) {
            return t.negate;
        }
        bool hit = false;
        if (plan.globs) {
            hit = globs_hold(plan, t, [&](auto&& fn) { return AnyScalarOfField(value, fn); });
        } else if (t.kind == Test::Kind::kFieldRef) {
            char buffer[kNumberTextSize];
            std::optional<Scalar> other;
            if (s.Present(plan.other_field)) {
                other = ScalarOf(Content(s.field_value[plan.other_field]), buffer);
            }
            hit = other && AnyScalarOfField(value, [&](const Scalar& v) {
                      return FieldRefMatches(t, v, *other);
                  });
        } else if (!plan.filter.empty() &&
                   std::none_of(plan.filter.begin(), plan.filter.end(),
                                [&](std::uint32_t a) { return s.Found(a); })) {
            hit = false;  // a regex without any of the literals its matches contain
        } else {
            hit = AnyScalarOfField(value, [&](const Scalar& v) { return ScalarMatches(t, v); });
        }
        return t.negate ? !hit : hit;
    };
    for (const auto r : s.candidates) {
        const auto& rule = e.rules[r];
        if (route != nullptr ? route->fits[r] == 0
                             : e.options.route_by_logsource &&
                                   !LogsourceFits(rule, s.product, s.category, s.service)) {
            continue;
        }
        const bool fires = RuleMatches(
            e.conditions[r], [&](const CompiledDetection& d) { return DetectionMatches(d, test); });
        if (fires) {
            out.push_back(r);
        }
    }
    std::sort(out.begin(), out.end());
}

}  // namespace

core::Status Engine::Match(Scratch& scratch,
                           std::string_view document,
                           std::vector<std::uint32_t>& out) const {
    auto& s = *scratch.impl_;
    out.clear();
    s.padded.assign(document);
    s.padded.append(simdjson::SIMDJSON_PADDING, '\0');
    dom::element event;
    const auto error = s.parser.parse(s.padded.data(), document.size(), false).get(event);
    if (error != simdjson::SUCCESS) {
        return core::InvalidArgument(
            fmt::format("Sự kiện không phải JSON hợp lệ ({}).", simdjson::error_message(error)),
            fmt::format("The event is not valid JSON ({}).", simdjson::error_message(error)));
    }
    MatchEvent(*impl_, s, event, out);
    return core::Ok();
}

bool Engine::StartsWithJsonLine(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) {
        ++start;
    }
    if (start == text.size() || text[start] == '[') {
        return false;
    }
    const auto end = text.find('\n', start);
    const std::string_view line =
        text.substr(start, (end == std::string_view::npos ? text.size() : end) - start);
    dom::parser parser;
    dom::element first;
    return parser.parse(std::string(line)).get(first) == simdjson::SUCCESS;
}

Engine::TextStats Engine::MatchText(Scratch& scratch,
                                    std::string_view text,
                                    const OnMatch& on_match,
                                    EventText event_text) const {
    auto& s = *scratch.impl_;
    TextStats stats;
    std::vector<std::uint32_t> matches;
    std::string minified;
    // `body`: the event's line, or empty when it must be written out from the element.
    const auto emit = [&](std::size_t index, dom::element event, std::string_view body) {
        ++stats.events;
        matches.clear();
        MatchEvent(*impl_, s, event, matches);
        if (matches.empty()) {
            return;
        }
        if (body.empty() && event_text == EventText::kPass) {
            minified = simdjson::minify(event);
            body = minified;
        }
        for (const auto r : matches) {
            on_match(index, r, body);
        }
    };
    const auto bad = [&](std::string_view where_vi, std::string_view where_en,
                         simdjson::error_code error) {
        ++stats.bad;
        if (stats.first_error.empty()) {
            stats.first_error = fmt::format("{}: không phải JSON hợp lệ ({})", where_vi,
                                            simdjson::error_message(error));
            stats.first_error_en =
                fmt::format("{}: not valid JSON ({})", where_en, simdjson::error_message(error));
        }
    };
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) {
        ++start;
    }
    if (start == text.size()) {
        return stats;
    }

    // JSON lines: the first line is a whole document.
    const auto first_end = text.find('\n', start);
    const std::size_t first_len =
        (first_end == std::string_view::npos ? text.size() : first_end) - start;
    dom::element first;
    const bool lines =
        text[start] != '[' &&
        s.parser.parse(text.data() + start, first_len, false).get(first) == simdjson::SUCCESS;
    stats.lines = lines;
    if (lines) {
        ForEachTextLine(text, [&](std::size_t line, std::string_view body) {
            dom::element event;
            const auto error = s.parser.parse(body.data(), body.size(), false).get(event);
            if (error == simdjson::SUCCESS) {
                emit(line, event, body);
            } else {
                bad(fmt::format("dòng {}", line + 1), fmt::format("line {}", line + 1), error);
            }
        });
        return stats;
    }
    // One document (an array of events, or one event), or documents one after another.
    dom::document_stream stream;
    if (s.parser
            .parse_many(text.data() + start, text.size() - start,
                        std::max<std::size_t>(text.size() - start, 1U << 20))
            .get(stream) != simdjson::SUCCESS) {
        bad("dữ liệu", "input", simdjson::TAPE_ERROR);
        return stats;
    }
    std::size_t index = 0;
    bool single_array = false;
    for (auto it = stream.begin(); it != stream.end(); ++it) {
        dom::element document;
        const auto error = (*it).get(document);
        if (error != simdjson::SUCCESS) {
            bad(fmt::format("byte {}", start + it.current_index()),
                fmt::format("byte {}", start + it.current_index()), error);
            break;  // the stream cannot resynchronise after a broken document
        }
        dom::array array;
        if (index == 0 && text[start] == '[' &&
            document.get_array().get(array) == simdjson::SUCCESS) {
            single_array = true;
            for (const auto element : array) {
                emit(index++, element, {});
            }
            continue;
        }
        if (single_array) {  // an array followed by more documents: the array was one event
            bad(fmt::format("byte {}", start + it.current_index()),
                fmt::format("byte {}", start + it.current_index()), simdjson::TAPE_ERROR);
            break;
        }
        emit(index++, document, {});
    }
    return stats;
}

Engine::TextStats MatchPlainText(const std::vector<CompiledRule>& rules,
                                 bool route,
                                 std::string_view text,
                                 const Engine::OnMatch& on_match,
                                 Engine::EventText event_text,
                                 const std::function<bool()>& keep_going) {
    Engine::TextStats stats;
    const auto match = [&](std::size_t index, const boost::json::value& event) {
        if (stats.stopped || (keep_going && !keep_going())) {
            stats.stopped = true;
            return;
        }
        ++stats.events;
        std::string written;  // the event's text, written out on its first match
        std::string_view source[3];
        if (const auto* object = event.if_object()) {
            const char* keys[3] = {"product", "category", "service"};
            for (int k = 0; k < 3; ++k) {
                const auto* v = object->if_contains(keys[k]);
                if (v != nullptr && v->is_string()) {
                    source[k] = v->get_string();
                }
            }
        }
        std::string_view channel;
        if (const auto* v = FindField(event, "Channel")) {
            if (v->is_object()) {
                if (const auto* inner = v->get_object().if_contains("#text")) {
                    v = inner;
                }
            }
            if (v->is_string()) {
                channel = v->get_string();
            }
        }
        const auto inferred = InferLogsource(source[0], source[1], source[2], channel);
        for (std::uint32_t r = 0; r < rules.size(); ++r) {
            if (route && !LogsourceFits(rules[r].rule(), inferred.product, inferred.category,
                                        inferred.service)) {
                continue;
            }
            if (rules[r].Matches(event)) {
                if (written.empty() && event_text == Engine::EventText::kPass) {
                    written = boost::json::serialize(event);
                }
                on_match(index, r, written);
            }
        }
    };
    if (Engine::StartsWithJsonLine(text)) {
        stats.lines = true;
        ForEachTextLine(text, [&](std::size_t line, std::string_view body) {
            boost::system::error_code ec;
            const auto event = boost::json::parse(body, ec);
            if (!ec) {
                match(line, event);
            } else if (++stats.bad == 1) {
                stats.first_error = fmt::format("dòng {}: không phải JSON hợp lệ", line + 1);
                stats.first_error_en = fmt::format("line {}: not valid JSON", line + 1);
            }
        });
        return stats;
    }
    auto events = ParseEvents(text);
    if (!events.ok()) {
        stats.bad = 1;
        stats.first_error = events.error().message_vi;
        stats.first_error_en = events.error().message_en;
        return stats;
    }
    for (std::size_t i = 0; i < events->size(); ++i) {
        match(i, (*events)[i]);
    }
    return stats;
}

}  // namespace ungcuu::sigma
