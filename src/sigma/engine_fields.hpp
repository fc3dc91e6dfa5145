// Internal to sigma/: the per-thread state of matching (Engine::Scratch) and field resolution —
// every field the rules name, found in one event where the plain evaluator's FindField looks.
// Header-only so that the matching loop in engine.cpp inlines it.
#pragma once

#include <hs/hs.h>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sigma/engine_internal.hpp"

namespace ungcuu::sigma {

namespace dom = simdjson::dom;

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
            ResolveEvtx(evtx);
        }
        if (has_winlog) {
            ResolveWinlog(winlog);
        }
    }

    // Windows events as XML converted to JSON: Event.EventData, Event.UserData, Event.System.
    void ResolveEvtx(dom::element evtx) {
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
            if (Child(system, "Provider", provider) && Child(provider, "#attributes", attributes) &&
                Child(attributes, "Name", name)) {
                Offer("Provider_Name", name, 7);
            }
        }
    }

    // Winlogbeat's layout: winlog.event_data and the event's id, channel and provider.
    void ResolveWinlog(dom::element winlog) {
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
};

}  // namespace ungcuu::sigma
