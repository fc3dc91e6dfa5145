// Internal to sigma/: the compiled engine's state, shared by the files that build it (the
// pattern databases in engine_build.cpp, their disk cache in engine_cache.cpp), resolve an
// event's fields per thread (engine_fields.hpp) and match (engine.cpp).
#pragma once

#include <hs/hs.h>
#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sigma/engine.hpp"
#include "sigma/evaluator.hpp"

namespace ungcuu::sigma {

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

constexpr std::size_t kMaxRoutes = 64;  // log-source classes remembered per thread

// A set of atoms a condition cannot be true without; nullopt: it can.
using Gate = std::optional<std::vector<std::uint32_t>>;

struct Database {
    std::uint32_t field = 0;
    hs_database_t* db = nullptr;
};

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

    std::uint32_t FieldId(const std::string& name);
    std::uint32_t AtomId(Atom atom, std::map<std::string, std::uint32_t>& seen);
    void PlanTests(CompiledDetections& dets, std::map<std::string, std::uint32_t>& seen);

    // ---- gates ----
    double Cost(const std::vector<std::uint32_t>& gate) const;
    static Gate Union(const std::vector<Gate>& gates);
    Gate Best(const std::vector<Gate>& gates) const;
    Gate GateOf(const Test& t) const;
    Gate GateOf(const Item& item) const;
    Gate GateOf(const CompiledDetection& d) const;
    Gate GateOf(const Condition& c, const CompiledDetections& dets) const;

    // ---- pattern databases ----
    void ChoosePaddingByte();
    core::Status CompileDatabases();
    void Adopt(std::uint32_t field, hs_database_t* db);
    bool ReadCache(const std::string& file,
                   const std::map<std::uint32_t, std::vector<std::uint32_t>>& by_field);
    static void WriteCache(const std::string& file,
                           const std::vector<std::pair<std::uint32_t, std::string>>& blobs);
};

}  // namespace ungcuu::sigma
