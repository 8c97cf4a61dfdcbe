// C3 linearisation: repeatedly take the first head of the remaining sequences that appears in
// no other sequence's tail. The sequences are the bases' MROs followed by the list of bases.
#include "runtime/mro.hpp"

#include <string>
#include <vector>

#include "runtime/exceptions.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/type_object.hpp"
#include "runtime/types/tuple.hpp"

namespace gilpy::runtime {

namespace {

using Sequence = std::vector<TypeObject*>;

bool in_tail(const Sequence& s, size_t start, const TypeObject* t) {
    for (size_t i = start + 1; i < s.size(); ++i) {
        if (s[i] == t) return true;
    }
    return false;
}

}  // namespace

Ref<TupleObject> compute_mro(ThreadState& ts, TypeObject* type, TupleObject* bases) {
    const int64_t nbases = bases->length;
    for (int64_t i = 0; i < nbases; ++i) {
        for (int64_t j = i + 1; j < nbases; ++j) {
            if (bases->items[i].is(bases->items[j])) {
                return raisef(ts, &kTypeErrorType, "duplicate base class {}",
                              bases->items[i].as<TypeObject>()->name);
            }
        }
    }
    std::vector<Sequence> seqs;
    for (int64_t i = 0; i < nbases; ++i) {
        TupleObject* m = bases->items[i].as<TypeObject>()->mro;
        Sequence s;
        for (int64_t k = 0; k < m->length; ++k) s.push_back(m->items[k].as<TypeObject>());
        seqs.push_back(std::move(s));
    }
    Sequence direct;
    for (int64_t i = 0; i < nbases; ++i) direct.push_back(bases->items[i].as<TypeObject>());
    seqs.push_back(direct);
    std::vector<size_t> pos(seqs.size(), 0);

    Sequence result{type};
    for (;;) {
        bool empty = true;
        TypeObject* chosen = nullptr;
        for (size_t i = 0; i < seqs.size() && !chosen; ++i) {
            if (pos[i] >= seqs[i].size()) continue;
            empty = false;
            TypeObject* head = seqs[i][pos[i]];
            bool blocked = false;
            for (size_t j = 0; j < seqs.size() && !blocked; ++j) {
                blocked = in_tail(seqs[j], pos[j], head);
            }
            if (!blocked) chosen = head;
        }
        if (empty) break;
        if (!chosen) {
            // CPython names the classes still waiting to be placed, in base order, once each.
            std::string names;
            Sequence seen;
            for (size_t i = 0; i + 1 < seqs.size(); ++i) {
                if (pos[i] >= seqs[i].size()) continue;
                TypeObject* head = seqs[i][pos[i]];
                bool dup = false;
                for (TypeObject* s : seen) dup = dup || s == head;
                if (dup) continue;
                seen.push_back(head);
                if (!names.empty()) names += ", ";
                names += head->name;
            }
            return raisef(ts, &kTypeErrorType,
                          "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                          names);
        }
        result.push_back(chosen);
        for (size_t i = 0; i < seqs.size(); ++i) {
            if (pos[i] < seqs[i].size() && seqs[i][pos[i]] == chosen) ++pos[i];
        }
    }
    Ref<TupleObject> mro = new_tuple(static_cast<int64_t>(result.size()));
    for (size_t i = 0; i < result.size(); ++i) {
        mro->items[i] = Value::from_object(result[i]);
        incref(result[i]);
    }
    return mro;
}

}  // namespace gilpy::runtime
