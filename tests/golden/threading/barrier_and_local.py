# Barrier (arrival indices, action, parties/n_waiting/broken, abort, reset, timeouts,
# BrokenBarrierError, repr) and threading.local (per-thread attributes, a subclass whose
# __init__ runs again in each thread, errors). Expected output is python3 3.11's.
import threading


def clean(x):
    return repr(x).replace(hex(id(x)), "ADDR")


actions = []
bar = threading.Barrier(3, action=lambda: actions.append("tripped"))
print(clean(bar), bar.parties, bar.n_waiting, bar.broken)
indices = []


def arrive():
    indices.append(bar.wait())


for round_ in range(2):
    ts = [threading.Thread(target=arrive) for _ in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
print(sorted(indices), actions, clean(bar))

# A timed-out wait breaks the barrier for everyone.
b2 = threading.Barrier(2)
try:
    b2.wait(timeout=0.01)
except threading.BrokenBarrierError as e:
    print("timeout:", type(e).__name__, repr(e), b2.broken, clean(b2))
try:
    b2.wait()
except threading.BrokenBarrierError:
    print("still broken")
b2.reset()
print("after reset:", b2.broken, clean(b2))
errors = []


def waiter():
    try:
        b2.wait()
    except threading.BrokenBarrierError:
        errors.append("aborted")


t = threading.Thread(target=waiter)
t.start()
while b2.n_waiting != 1:
    pass
b2.abort()
t.join()
print(errors, b2.broken, issubclass(threading.BrokenBarrierError, RuntimeError))

# A failing action breaks the barrier and reaches the last arrival.
b3 = threading.Barrier(1, action=lambda: 1 / 0)
try:
    b3.wait()
except ZeroDivisionError as e:
    print("action error:", e, b3.broken)

data = threading.local()
data.x = "main"
seen = {}


def worker(name):
    seen[name + " before"] = hasattr(data, "x")
    data.x = name
    seen[name + " after"] = data.x


ts = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(seen.items()), data.x, data.__dict__)
try:
    threading.local(1)
except TypeError as e:
    print("TypeError:", e)
print(getattr(data, "missing", "no attribute"))
del data.x
print(hasattr(data, "x"))


class MyLocal(threading.local):
    initialized = 0

    def __init__(self, color, size=1):
        self.color = color
        self.size = size
        MyLocal.initialized += 1

    @property
    def area(self):
        return self.size * self.size

    def describe(self):
        return f"{self.color}/{self.size}"


ml = MyLocal("red", size=3)
ml.size = 4
out = []


def use():
    out.append((ml.describe(), ml.area))
    ml.size = 10
    out.append(ml.describe())


t = threading.Thread(target=use)
t.start()
t.join()
print(out, ml.describe(), ml.area, MyLocal.initialized, isinstance(ml, threading.local))
