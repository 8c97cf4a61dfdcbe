# Condition (wait, wait_for, notify(n), notify_all, timeouts, errors, repr), Semaphore,
# BoundedSemaphore, Event and Timer: behaviour, errors and reprs (addresses hidden).
# Expected output is python3 3.11's.
import threading


def attempt(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", r)


def clean(x):
    return repr(x).replace(hex(id(x)), "ADDR")


cond = threading.Condition(threading.Lock())
print(repr(cond).replace(hex(id(cond._lock)), "ADDR"))
attempt("wait un-acquired", cond.wait)
attempt("notify un-acquired", cond.notify)
with cond:
    print("wait timeout:", cond.wait(0.01), cond.wait(0))
    print("wait_for timeout:", cond.wait_for(lambda: 0, timeout=0.01))
    print("wait_for true:", cond.wait_for(lambda: "yes"))

# Producer/consumer: items handed over one by one under the condition.
items = []
consumed = []
done = threading.Event()
rcond = threading.Condition()


def consumer():
    while True:
        with rcond:
            rcond.wait_for(lambda: items)
            item = items.pop(0)
        if item is None:
            break
        consumed.append(item * 2)


c = threading.Thread(target=consumer)
c.start()
for i in list(range(5)) + [None]:
    with rcond:
        items.append(i)
        rcond.notify()
c.join()
print("consumed:", consumed)

# notify(n) wakes n waiters; notify_all the rest.
woken = []
started = threading.Semaphore(0)
gate = threading.Condition()
flag = {"go": 0}


def sleeper(i):
    with gate:
        started.release()
        gate.wait_for(lambda: flag["go"] > 0)
        flag["go"] -= 1
        woken.append(i)


ts = [threading.Thread(target=sleeper, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    started.acquire()
with gate:
    print("waiters:", len(gate._waiters))
    flag["go"] = 2
    gate.notify(2)
while True:
    with gate:
        if len(woken) == 2:
            break
with gate:
    flag["go"] = 2
    gate.notify_all()
for t in ts:
    t.join()
print("woken:", sorted(woken))

s = threading.Semaphore(2)
print(clean(s), s.acquire(), s.acquire(), s.acquire(False), s.acquire(timeout=0.01), clean(s))
s.release(2)
print(clean(s))
with s:
    print("with:", clean(s))
attempt("negative initial", lambda: threading.Semaphore(-1))
attempt("non-blocking timeout", lambda: s.acquire(False, 1))
attempt("release 0", lambda: s.release(0))
b = threading.BoundedSemaphore(2)
print(clean(b), b.acquire(), clean(b))
b.release()
attempt("bounded over-release", b.release)
attempt("bounded release 0", lambda: b.release(0))
print(clean(b))

# A semaphore limits concurrency: at most 2 workers inside at once.
sem = threading.BoundedSemaphore(2)
inside = [0]
peak = [0]
mutex = threading.Lock()


def limited():
    with sem:
        with mutex:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        with mutex:
            inside[0] -= 1


ws = [threading.Thread(target=limited) for _ in range(6)]
for w in ws:
    w.start()
for w in ws:
    w.join()
print("peak <= 2:", peak[0] <= 2, inside[0])

e = threading.Event()
print(clean(e), e.is_set(), e.wait(0.01), e.wait(0))
e.set()
print(clean(e), e.is_set(), e.wait(), e.wait(0))
e.clear()
print(e.is_set())
got = []
t = threading.Thread(target=lambda: got.append(e.wait()))
t.start()
e.set()
t.join()
print("event waiter got:", got)

fired = []
tm = threading.Timer(0.01, lambda *a, **k: fired.append((a, k)), args=(1, 2), kwargs={"k": 3})
print(clean(tm).split(",")[0], tm.interval, tm.args, tm.kwargs)
tm.start()
tm.join()
print("fired:", fired, tm.finished.is_set())
tm2 = threading.Timer(10, lambda: fired.append("never"))
tm2.start()
tm2.cancel()
tm2.join()
print("cancelled:", fired)
