# The seed page's Lock vs RLock example: with a Lock, public functions call "raw" helpers so the
# lock is never taken twice; with an RLock, the public functions call each other freely. Also the
# page's three differences: a Lock is acquired once, an RLock many times by its owner, and only
# the owner may release an RLock. Expected output is python3 3.11's.
import threading

log = []


def do_something1():
    log.append("something1")


def do_something2():
    log.append("something2")


# Using a Lock: synced and raw versions of each function.
lock = threading.Lock()


def f():
    with lock:
        _g()
        _h()


def g():
    with lock:
        _g()


def _g():
    _h()
    do_something1()


def h():
    with lock:
        _h()


def _h():
    do_something2()


f()
g()
h()
print("Lock:", log)

# Using an RLock: no raw versions needed.
log.clear()
rlock = threading.RLock()


def rf():
    with rlock:
        rg()
        rh()


def rg():
    with rlock:
        rh()
        do_something1()


def rh():
    with rlock:
        do_something2()


threads = [threading.Thread(target=fn) for fn in (rf, rg, rh)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("RLock:", sorted(log))

# A Lock can only be acquired once until released; an RLock many times by the same thread.
print(lock.acquire(), lock.acquire(blocking=False))
lock.release()
print(rlock.acquire(), rlock.acquire(blocking=False), rlock.acquire(blocking=False))
for _ in range(3):
    rlock.release()

# An acquired Lock can be released by any thread; an RLock only by the thread that holds it.
result = {}
lock.acquire()
rlock.acquire()


def release_both():
    lock.release()
    result["lock"] = "released"
    try:
        rlock.release()
    except RuntimeError as e:
        result["rlock"] = f"RuntimeError: {e}"


t = threading.Thread(target=release_both)
t.start()
t.join()
rlock.release()
print(sorted(result.items()), lock.locked())

# The page's two worker threads, made to finish: each runs a bounded loop.
counts = []


def thread_func():
    n = 0
    while n < 1000:
        n += 1
    counts.append(n)


if __name__ == "__main__":
    t1 = threading.Thread(target=thread_func)
    t1.start()
    t2 = threading.Thread(target=thread_func)
    t2.start()
    t1.join()
    t2.join()
    print("thread in", counts)
