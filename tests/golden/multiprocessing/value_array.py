# Value and Array live in shared memory: changes a child makes are seen by the parent. Typecodes
# i, d, c, b, q, l with C wrap-around; lock=True (the default) gives get_lock()/get_obj(), a
# lock passed in is used as is, lock=False gives a plain object; Array indexing, negative
# indexes, slicing, slice assignment, len, iteration, a 'c' array's value/raw; RawValue/RawArray;
# and the errors for bad indexes and sizes. Expected output is python3 3.11's.
import multiprocessing


def child_writes(values, arr, chars, raw):
    for v in values:
        v.value = v.value * 2 if not isinstance(v.value, bytes) else v.value.upper()
    arr[0] = 100
    arr[-1] = -100
    arr[1:3] = [7, 8]
    chars.value = b"hi"
    raw[2] = 3.25


def attempt(label, fn):
    try:
        print(label, "->", fn())
    except (IndexError, ValueError, TypeError) as e:
        print(label, "->", type(e).__name__, e)


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    values = [ctx.Value(code, init) for code, init in
              [("i", -5), ("d", 2.5), ("c", b"x"), ("b", -64), ("q", 2**62 - 1), ("l", 10**15)]]
    print("initial:", [v.value for v in values], "default:", ctx.Value("i").value)
    arr, chars = ctx.Array("i", range(5)), ctx.Array("c", b"hello")
    raw = ctx.RawArray("d", 4)
    p = ctx.Process(target=child_writes, args=(values, arr, chars, raw))
    p.start()
    p.join()
    print("after the child:", [v.value for v in values])
    print("array:", arr[:], len(arr), list(arr), arr[-2], arr[::2], arr[1:-1])
    print("chars:", chars.value, chars.raw, chars[0], chars[:3])
    print("raw array:", raw[:], len(raw), hasattr(raw, "get_lock"))
    small, big = ctx.Value("b", 127), ctx.Value("i", 2**31 - 1)
    small.value += 1
    big.value += 1
    print("wrap-around:", small.value, big.value)
    v = ctx.Value("d", 1.0)
    print("get_obj().value:", v.get_obj().value, "lock works:", v.get_lock().acquire(timeout=1))
    v.get_lock().release()
    with v.get_lock():
        v.value += 0.5
    print("with get_lock():", v.value)
    lock = ctx.Lock()
    print("given lock kept:", ctx.Value("i", 1, lock=lock).get_lock() is lock,
          ctx.Array("i", 3, lock=lock).get_lock() is lock)
    plain, rv = ctx.Value("i", 3, lock=False), ctx.RawValue("q", -1)
    plain.value += 1
    print("lock=False:", plain.value, hasattr(plain, "get_lock"), "RawValue:", rv.value)
    print("Array lock=False:", ctx.Array("d", [0.5, 1.5], lock=False)[:])
    attempt("index 5", lambda: arr[5])
    attempt("index -6", lambda: arr[-6])
    attempt("slice of wrong size", lambda: arr.__setitem__(slice(0, 2), [1]))
    attempt("str into 'i'", lambda: ctx.Value("i", "x"))
    assert multiprocessing.active_children() == []
    print("no children left")
