// NoneType: the type of the None immediate (Tag::None).
#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

namespace {

Owned none_repr(ThreadState&, Value) {
    return new_str("None");
}
int none_truth(ThreadState&, Value) {
    return 0;
}
int64_t none_hash(ThreadState&, Value) {
    return 0xFCA86420;
}  // any constant: None is unique

Owned none_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (args.nargs || args.keyword_count()) {
        return raise(ts, &kTypeErrorType, "NoneType takes no arguments");
    }
    return Owned::none();
}

}  // namespace

constinit TypeObject kNoneType("NoneType", &kObjectType, 0,
                               {
                                   .repr = none_repr,
                                   .hash = none_hash,
                                   .truth = none_truth,
                                   .new_ = none_new,
                               });

}  // namespace gilpy::runtime
