# Forking while other threads of the parent run: two threads spin taking a threading.Lock and
# one holds another lock across the fork. The child is not deadlocked: it prints, allocates,
# makes its own threading.Lock, starts and joins a thread of its own, and sees only one thread;
# the runtime's own locks (stdout, allocator, imports) work. Expected output is python3 3.11's.
import multiprocessing
import threading

spin_lock, held_lock = threading.Lock(), threading.Lock()
stop = threading.Event()
spins = [0, 0]


def spinner(slot):
    while not stop.is_set():
        with spin_lock:
            spins[slot] += 1


def holder(taken):
    with held_lock:
        taken.set()
        stop.wait()


def child_body(out):
    print("child: threads at start", threading.active_count(),
          threading.current_thread() is threading.main_thread(), flush=True)
    mine = threading.Lock()
    got = []

    def helper():
        with mine:
            got.append(sum(range(1000)) + len(str([{"k": i} for i in range(100)])))

    t = threading.Thread(target=helper)
    t.start()
    t.join()
    import json  # an import in the child
    print("child: helper thread computed", got, json.dumps({"ok": True}), flush=True)
    # A user's lock held by another thread at the fork stays locked: that thread is gone.
    print("child: inherited held lock is locked:", held_lock.locked(), flush=True)
    out.put("child done")


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    taken = threading.Event()
    # Daemon threads, so that a failure below cannot leave the script hanging.
    threads = [threading.Thread(target=spinner, args=(i,), daemon=True) for i in range(2)]
    threads.append(threading.Thread(target=holder, args=(taken,), daemon=True))
    for t in threads:
        t.start()
    taken.wait()
    out = ctx.Queue()
    children = []
    for _ in range(5):  # several forks, each at a random point of the spinners' loops
        p = ctx.Process(target=child_body, args=(out,))
        p.start()
        p.join(timeout=30)
        children.append(p)
        print("parent: child exitcode", p.exitcode, "result", out.get(timeout=10), flush=True)
    stop.set()
    for t in threads:
        t.join()
    print("parent: spinners ran:", all(n > 0 for n in spins))
    assert multiprocessing.active_children() == []
    print("no children left")
