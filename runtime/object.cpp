// destroy_object: the slow path of decref, out of line so incref/decref stay small.
//
// Freeing a deeply nested structure (a list inside a list, 100000 levels down) would recurse
// once per level through dealloc -> decref -> dealloc and overflow the C++ stack. Like CPython's
// "trashcan", deallocation deeper than kMaxDeallocDepth is deferred to a per-thread list and
// finished iteratively by the outermost destroy_object. The list is per OS thread, not per
// interpreter: it only ever holds objects that are already dead, so no interpreter state is
// shared through it.
#include "runtime/object.hpp"

#include <vector>

#include "runtime/type_object.hpp"

namespace gilpy::runtime {

namespace {

constexpr int kMaxDeallocDepth = 50;

struct DeallocState {
    int depth = 0;
    std::vector<Object*> deferred;
};

thread_local DeallocState dealloc_state;

}  // namespace

void destroy_object(Object* o) {
    DeallocState& st = dealloc_state;
    if (st.depth >= kMaxDeallocDepth) {
        st.deferred.push_back(o);
        return;
    }
    ++st.depth;
    o->type->dealloc(o);
    --st.depth;
    if (st.depth == 0) {
        while (!st.deferred.empty()) {
            Object* next = st.deferred.back();
            st.deferred.pop_back();
            ++st.depth;
            next->type->dealloc(next);
            --st.depth;
        }
    }
}

}  // namespace gilpy::runtime
