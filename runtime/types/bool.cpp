// bool: the int subclass of True and False (tagged Tag::Bool immediates). It shares int's
// arithmetic, except that & | ^ of two bools give a bool.
#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/str.hpp"

namespace gilpy::runtime {

namespace {

Owned bool_repr(ThreadState&, Value v) {
    return new_str(v.as_bool() ? "True" : "False");
}

int bool_truth(ThreadState&, Value v) {
    return v.as_bool();
}

int64_t bool_hash(ThreadState&, Value v) {
    return v.as_bool() ? 1 : 0;
}

Owned bool_compare(ThreadState& ts, Value a, Value b, CompareOp op) {
    return kIntType.compare(ts, a, b, op);
}

Owned bool_new(ThreadState& ts, TypeObject*, CallArgs args) {
    if (!check_no_keywords(ts, args, "bool()")) return nullptr;
    if (args.nargs > 1) {
        return raisef(ts, &kTypeErrorType, "bool expected at most 1 argument, got {}", args.nargs);
    }
    if (args.nargs == 0) return Owned::from_bool(false);
    int t = truth(ts, args[0]);
    if (t < 0) return nullptr;
    return Owned::from_bool(t != 0);
}

template <BinaryOp kOp>
Owned bool_bitwise(ThreadState& ts, Value a, Value b) {
    if (a.is_bool() && b.is_bool()) {
        bool x = a.as_bool(), y = b.as_bool();
        return Owned::from_bool(kOp == BinaryOp::And  ? (x && y)
                                : kOp == BinaryOp::Or ? (x || y)
                                                      : (x != y));
    }
    return int_number_slots()->binary[static_cast<int>(kOp)](ts, a, b);
}

const NumberSlots kBoolNumber = [] {
    NumberSlots n = *int_number_slots();
    n.binary[static_cast<int>(BinaryOp::And)] = bool_bitwise<BinaryOp::And>;
    n.binary[static_cast<int>(BinaryOp::Or)] = bool_bitwise<BinaryOp::Or>;
    n.binary[static_cast<int>(BinaryOp::Xor)] = bool_bitwise<BinaryOp::Xor>;
    return n;
}();

}  // namespace

// Not subclassable, as in CPython.
constinit TypeObject kBoolType("bool", &kIntType, kTypeIntSubclass,
                               {
                                   .repr = bool_repr,
                                   .hash = bool_hash,
                                   .compare = bool_compare,
                                   .truth = bool_truth,
                                   .new_ = bool_new,
                                   .number = &kBoolNumber,
                               });

}  // namespace gilpy::runtime
