# An exception raised in a Pool worker is re-raised in the caller with its type, message and
# args: builtin and user-defined exception classes, through apply, map (the only failing item),
# starmap, imap (items before the failure still arrive) and apply_async; the pool keeps working
# afterwards. Expected output is python3 3.11's.
import multiprocessing


class Custom(Exception):
    def __init__(self, code, text):
        super().__init__(code, text)
        self.code = code


def risky(x):
    if x == 3:
        raise ZeroDivisionError("item %d" % x)
    if x == "custom":
        raise Custom(7, "custom failure")
    if x == "key":
        return {}["missing"]
    return x * 10


def show(label, fn):
    try:
        print(label, "->", fn())
    except Exception as e:
        print(label, "raised", type(e).__name__, repr(str(e)), e.args,
              getattr(e, "code", None))


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        show("apply", lambda: pool.apply(risky, (3,)))
        show("apply custom", lambda: pool.apply(risky, ("custom",)))
        show("apply KeyError", lambda: pool.apply(risky, ("key",)))
        show("map", lambda: pool.map(risky, range(6)))
        show("map chunksize=2", lambda: pool.map(risky, range(6), chunksize=2))
        show("starmap", lambda: pool.starmap(divmod, [(1, 1), (1, 0)]))
        it = pool.imap(risky, range(5))
        print("imap before the failure:", next(it), next(it), next(it))
        show("imap failing item", lambda: next(it))
        print("imap goes on:", next(it))
        show("apply_async get", lambda: pool.apply_async(risky, ("custom",)).get(timeout=10))
        show("unordered", lambda: sorted(pool.imap_unordered(risky, [1, 3])))
        show("after the errors", lambda: pool.map(risky, [0, 1, 2]))
    assert multiprocessing.active_children() == []
    print("no children left")
