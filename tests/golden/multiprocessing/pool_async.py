# Pool.apply_async and map_async: ready()/successful() before and after, successful() before
# ready raising ValueError, get(timeout) raising multiprocessing.TimeoutError (not the builtin),
# wait(timeout), callback and error_callback (run in the parent), and map_async with chunksize.
# A task waits on an Event the workers inherit, so "not ready yet" is certain.
# Expected output is python3 3.11's.
import multiprocessing


def gated(x):
    gate.wait()
    return x + 1


def square(x):
    return x * x


def fails(x):
    raise ValueError("bad input %r" % (x,))


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    gate = ctx.Event()  # created before the pool, so the forked workers share it
    seen = []
    with ctx.Pool(2) as pool:
        r = pool.apply_async(gated, (41,), callback=seen.append)
        print("ready:", r.ready())
        try:
            r.successful()
        except ValueError as e:
            print("successful() too early -> ValueError, ends with:", str(e).split()[-2:])
        try:
            r.get(timeout=0.1)
        except multiprocessing.TimeoutError as e:
            print("get(0.1) ->", type(e).__name__, repr(str(e)), isinstance(e, TimeoutError))
        print("wait(0.1):", r.wait(0.1), r.ready())
        gate.set()
        print("get(10):", r.get(timeout=10), r.ready(), r.successful(), "callback got:", seen)
        m = pool.map_async(square, range(7), chunksize=2, callback=seen.append)
        print("map_async:", m.get(timeout=10), m.successful())
        print("callbacks:", seen)
        errors = []
        bad = pool.apply_async(fails, ("x",), callback=seen.append, error_callback=errors.append)
        bad.wait(10)
        print("failed task: ready", bad.ready(), "successful", bad.successful())
        try:
            bad.get(timeout=10)
        except ValueError as e:
            print("get re-raises:", type(e).__name__, e)
        print("error_callback got:", [(type(e).__name__, str(e)) for e in errors])
        bad_map = pool.map_async(fails, [1, 2], error_callback=errors.append)
        bad_map.wait(10)
        print("map_async failed:", bad_map.successful(), len(errors), "callbacks:", len(seen))
        results = [pool.apply_async(square, (n,)) for n in range(5)]
        print("many:", [res.get(timeout=10) for res in results])
    assert multiprocessing.active_children() == []
    print("no children left")
