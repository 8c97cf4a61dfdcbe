# Pool lifetime: initializer/initargs run once in each worker before its tasks; maxtasksperchild
# replaces workers (every task of a chunksize=1 map with maxtasksperchild=1 runs in a new
# process) and results stay right; close() then join(); join() of a running pool and work
# submitted to a closed or terminated pool raise ValueError; terminate() stops a pool whose
# task would run forever. Expected output is python3 3.11's.
import multiprocessing
import os
import time

setting = "unset"
init_calls = 0


def init(prefix, suffix):
    global setting, init_calls
    setting = prefix + suffix
    init_calls += 1


def configured(x):
    return "%s:%d:calls=%d" % (setting, x, init_calls)


def pid_and_square(x):
    return os.getpid(), x * x


def forever(_):
    while True:
        time.sleep(0.05)


def attempt(label, fn):
    try:
        print(label, "->", fn())
    except ValueError as e:
        print(label, "->", type(e).__name__, e)


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    pool = ctx.Pool(2, initializer=init, initargs=("cfg", "-1"))
    print("initializer:", pool.map(configured, range(4)), "parent still:", setting)
    attempt("join while running", pool.join)
    pool.close()
    attempt("apply after close", lambda: pool.apply(configured, (1,)))
    attempt("map after close", lambda: pool.map(configured, [1]))
    pool.join()
    print("closed and joined:", multiprocessing.active_children())

    pool = ctx.Pool(2, maxtasksperchild=1)
    pairs = pool.map(pid_and_square, range(6), chunksize=1)
    print("maxtasksperchild=1:", [sq for _, sq in pairs], "distinct workers:",
          len({pid for pid, _ in pairs}))
    pool.close()
    pool.join()
    with ctx.Pool(2, maxtasksperchild=3) as pool:
        print("maxtasksperchild=3:", pool.map(pid_and_square, range(20), chunksize=1)[-1][1],
              sum(sq for _, sq in pool.imap(pid_and_square, range(20))))

    pool = ctx.Pool(2)
    stuck = pool.apply_async(forever, (0,))
    print("stuck task ready:", stuck.ready())
    pool.terminate()
    pool.join()
    print("terminated:", multiprocessing.active_children())
    attempt("apply after terminate", lambda: pool.apply_async(configured, (1,)))
    assert multiprocessing.active_children() == []
    print("no children left")
