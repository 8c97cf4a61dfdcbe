# multiprocessing.Pool's synchronous calls: map with and without chunksize (order kept), map on
# an empty iterable, starmap, imap with chunksize and next(timeout), imap_unordered (sorted),
# apply with args and kwargs, workers named ForkPoolWorker-N and daemonic, all in a `with`
# block that terminates the pool. Expected output is python3 3.11's.
import multiprocessing
import os


def square(x):
    return x * x


def shout(word):
    return word.upper() + "!"


def power(base, exp=2, *, offset=0):
    return base ** exp + offset


def who(_):
    me = multiprocessing.current_process()
    return me.name.startswith("ForkPoolWorker-"), me.daemon, os.getppid() == parent_pid


if __name__ == "__main__":
    parent_pid = os.getpid()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes=3) as pool:
        print("map:", pool.map(square, range(10)))
        print("map chunksize=4:", pool.map(square, range(10), chunksize=4))
        print("map of strings:", pool.map(shout, ["a", "bc", "def"], 1))
        print("map empty:", pool.map(square, []))
        print("starmap:", pool.starmap(power, [(2, 10), (3, 3), (10, 0)]))
        print("starmap chunksize=2:", pool.starmap(divmod, [(7, 2), (9, 3), (-7, 2)], 2))
        print("imap:", list(pool.imap(square, range(6))))
        print("imap chunksize=4:", list(pool.imap(square, range(100, 106), chunksize=4)))
        it = pool.imap(square, range(100, 104))
        print("imap next:", next(it), it.next(timeout=10), list(it))
        print("imap_unordered:", sorted(pool.imap_unordered(square, range(8))))
        print("imap_unordered chunksize=3:",
              sorted(pool.imap_unordered(square, range(8), chunksize=3)))
        print("apply:", pool.apply(power, (3,)), pool.apply(power, (2, 5), {"offset": 1}))
        print("apply kwargs only:", pool.apply(power, kwds={"base": 4, "exp": 3}))
        print("workers:", set(pool.map(who, range(12))))
        print("big result:", len(pool.apply(bytes, (1 << 20,))))
    assert multiprocessing.active_children() == []
    print("no children left")
