# Thread basics: target with args/kwargs, default names "Thread-N (target)", subclassing run(),
# is_alive/ident/native_id before and after, daemon inheritance, current_thread/main_thread,
# active_count/enumerate while threads run, and reprs with the ident hidden.
# Expected output is python3 3.11's.
import threading


def clean(t):
    # Thread reprs end with the ident, which changes from run to run.
    r = repr(t)
    if t.ident is not None:
        r = r.replace(str(t.ident), "IDENT")
    return r


results = []


def work(a, b, scale=1):
    results.append((a + b) * scale)


t = threading.Thread(target=work, args=(1, 2), kwargs={"scale": 10})
print(t.name, t.ident, t.native_id, t.is_alive(), t.daemon)
print(clean(t))
t.start()
t.join()
print(results, t.is_alive(), type(t.ident).__name__, type(t.native_id).__name__)
print(clean(t))
print(t.ident != threading.get_ident(), t.native_id != threading.get_native_id())


class Callable:
    def __call__(self):
        results.append("callable")


t2 = threading.Thread(target=Callable())
t3 = threading.Thread(target=lambda: results.append("lambda"))
t4 = threading.Thread(name=42)
t5 = threading.Thread(target=work, name="")
print(t2.name, "|", t3.name, "|", t4.name, "|", t5.name)
for x in (t2, t3, t4):
    x.start()
    x.join()
print(results)
t4.name = "renamed"
print(t4.name, clean(t4))

main = threading.main_thread()
print(main.name, main is threading.current_thread(), main.daemon, main.is_alive())
print(clean(main))
print(threading.current_thread().ident == threading.get_ident())

# Threads started by a daemon thread are daemons too.
seen = {}


def parent():
    child = threading.Thread(target=lambda: None)
    seen["child daemon"] = child.daemon
    seen["me"] = threading.current_thread().name
    seen["me is main"] = threading.current_thread() is threading.main_thread()


d = threading.Thread(target=parent, daemon=True, name="parent")
print(clean(d))
d.start()
d.join()
print(sorted(seen.items()))
nd = threading.Thread(target=parent, name="p2")
nd.daemon = True
print(nd.daemon, threading.Thread(target=parent).daemon)
nd.start()
nd.join()
print(seen["child daemon"])

# While workers wait on an event they are alive and enumerated.
go = threading.Event()
ready = threading.Semaphore(0)


def waiter():
    ready.release()
    go.wait()


workers = [threading.Thread(target=waiter, name=f"w{i}") for i in range(3)]
for w in workers:
    w.start()
for w in workers:
    ready.acquire()
print(threading.active_count(), sorted(x.name for x in threading.enumerate()))
print([w.is_alive() for w in workers], [clean(w) for w in workers])
go.set()
for w in workers:
    w.join()
print(threading.active_count(), [w.is_alive() for w in workers])
print([clean(w) for w in workers])


class Counter(threading.Thread):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.total = 0

    def run(self):
        for i in range(self.n):
            self.total += i


cs = [Counter(n) for n in (10, 100, 1000)]
for c in cs:
    c.start()
for c in cs:
    c.join()
print([c.total for c in cs], [c.name for c in cs], clean(cs[0]))
print(threading.get_ident() == main.ident, threading.TIMEOUT_MAX > 1000)
