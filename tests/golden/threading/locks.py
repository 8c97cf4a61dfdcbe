# Lock and RLock: acquire/release/locked, non-blocking and timed acquires, the context manager,
# argument errors, RLock recursion with owner/count in its repr, and releasing from the wrong
# thread. Expected output is python3 3.11's.
import threading


def attempt(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", r)


def clean(lock):
    # Lock reprs carry the address, and an RLock's the owner's ident.
    r = repr(lock).replace(hex(id(lock)), "ADDR")
    return r.replace(str(threading.get_ident()), "ME")


lock = threading.Lock()
print(clean(lock), lock.locked())
print(lock.acquire(), lock.locked(), clean(lock))
print(lock.acquire(False), lock.acquire(blocking=False), lock.acquire(timeout=0.01))
print(lock.acquire(True, 0))
lock.release()
print(lock.locked())
attempt("release unlocked", lock.release)
with lock:
    print("inside with", lock.locked())
print("after with", lock.locked())
attempt("timeout with non-blocking", lambda: lock.acquire(False, 1))
attempt("negative timeout", lambda: lock.acquire(timeout=-2))
attempt("huge timeout", lambda: lock.acquire(timeout=1e100))
attempt("nan timeout", lambda: lock.acquire(timeout=float("nan")))
attempt("huge non-blocking", lambda: lock.acquire(False, 1e10))
attempt("string timeout", lambda: lock.acquire(timeout="x"))
attempt("too many args", lambda: lock.acquire(True, 1, 2))
print(type(lock).__name__, isinstance(lock, type(threading.Lock())))

# Any thread may release a plain lock.
lock.acquire()
t = threading.Thread(target=lock.release)
t.start()
t.join()
print("released by another thread:", lock.locked())

r = threading.RLock()
print(clean(r))
print(r.acquire(), r.acquire(), r.acquire(blocking=False), clean(r))
print(r._is_owned())
r.release()
print(clean(r))
r.release()
r.release()
print(clean(r), r._is_owned())
attempt("release un-acquired rlock", r.release)
with r:
    with r:
        print("nested", clean(r))
print(clean(r))

# Another thread cannot take an owned RLock, nor release it.
out = []


def other():
    out.append(r.acquire(False))
    out.append(r.acquire(timeout=0.01))
    try:
        r.release()
    except RuntimeError as e:
        out.append(str(e))


r.acquire()
t = threading.Thread(target=other)
t.start()
t.join()
r.release()
print(out)
t = threading.Thread(target=other)
t.start()
t.join()
print(out[3:])
