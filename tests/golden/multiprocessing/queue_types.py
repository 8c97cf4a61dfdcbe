# Every serialisable type crosses a multiprocessing.Queue both ways (parent -> child -> parent):
# None, bools, small and huge ints, floats (inf, nan, -0.0), str, bytes, bytearray, tuples,
# lists, dicts, sets, frozensets, nesting, shared structure (identity kept within one message,
# not across messages), a self-containing list, user-class instances, exceptions, and functions
# and classes sent by name. Expected output is python3 3.11's.
# leaks-cycles: the self-containing list is a reference cycle.
import math
import multiprocessing


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def double(n):
    return 2 * n


def echo(inbox, outbox):
    while True:
        item = inbox.get()
        outbox.put(item)
        if item == "stop":
            break


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    inbox, outbox = multiprocessing.Queue(), multiprocessing.Queue()
    child = multiprocessing.Process(target=echo, args=(inbox, outbox))
    child.start()

    def trip(value):
        inbox.put(value)
        return outbox.get(timeout=10)

    simple = [None, True, False, 0, -7, 2**64, -(3**100), 1.5, -0.0, float("inf"), "",
              "héllo ☃ \x00", b"", bytes(range(256)), bytearray(b"mutable"), (), (1,),
              (1, "two", 3.0), [], [1, [2, [3]]], {}, {"a": 1, 2: "b", (3, 4): [5]},
              set(), {1, 2, 3}, frozenset({"x"}), {"nested": [{"deep": (frozenset({1}),)}]}]
    for value in simple:
        back = trip(value)
        print(type(back).__name__, repr(back)[:60], back == value)
    print("-0.0 sign kept:", math.copysign(1, trip(-0.0)))
    print("nan:", math.isnan(trip(float("nan"))))
    shared = [1, 2]
    a, b, d = trip((shared, shared, {"again": shared}))
    print("shared within a message:", a is b, a is d["again"], a == shared, a is shared)
    first, second = trip(shared), trip(shared)
    print("across messages:", first == second, first is second)
    loop = [0]
    loop.append(loop)
    back = trip(loop)
    print("self-containing list:", back[1] is back, back[0])
    p = trip(Point(3, [4]))
    print("instance:", type(p).__name__, type(p) is Point, sorted(vars(p).items()))
    e = trip(ValueError("bad", 2))
    print("exception:", type(e).__name__, e.args)
    f, cls, builtin = trip((double, Point, len))
    print("by name:", f is double, f(21), cls is Point, builtin is len)
    print("final:", trip("stop"))
    child.join()
    assert multiprocessing.active_children() == []
    print("no children left")
