# Event, Condition and Barrier shared with child processes: an Event set by a child wakes the
# parent, wait(timeout) returns False when nothing sets it; a Condition with wait_for and
# notify_all hands a shared counter between processes; a Barrier of the parent and two children,
# its wait() indexes, and a broken barrier. Expected output is python3 3.11's.
import multiprocessing
import threading


def setter(event):
    event.set()


def waiter(cond, box, out, who):
    with cond:
        ok = cond.wait_for(lambda: box.value >= 3, timeout=10)
        out.put((who, ok, box.value))


def party(barrier, out, who):
    index = barrier.wait(timeout=10)
    out.put(("index", index))
    barrier.wait(timeout=10)  # a second round: the barrier resets itself


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    event = ctx.Event()
    print("event:", event.is_set(), "wait(0.1):", event.wait(0.1))
    p = ctx.Process(target=setter, args=(event,))
    p.start()
    print("wait(10) after child sets:", event.wait(10), event.is_set())
    p.join()
    event.clear()
    print("cleared:", event.is_set())

    cond, out = ctx.Condition(), ctx.Queue()
    box = ctx.Value("i", 0, lock=False)  # guarded by cond's lock
    children = [ctx.Process(target=waiter, args=(cond, box, out, w)) for w in ("a", "b")]
    for c in children:
        c.start()
    for step in range(3):
        with cond:
            box.value += 1
            cond.notify_all()
    print("waiters:", sorted(out.get(timeout=10) for _ in children))
    for c in children:
        c.join()
    with cond:
        print("wait with no notifier:", cond.wait(timeout=0.1))

    barrier = ctx.Barrier(3)
    print("barrier:", barrier.parties, barrier.n_waiting, barrier.broken)
    children = [ctx.Process(target=party, args=(barrier, out, w)) for w in range(2)]
    for c in children:
        c.start()
    mine = barrier.wait(timeout=10)
    barrier.wait(timeout=10)
    indexes = sorted([mine] + [out.get(timeout=10)[1] for _ in children])
    print("indexes of the three parties:", indexes)
    for c in children:
        c.join()
    lonely = ctx.Barrier(2)
    try:
        lonely.wait(timeout=0.1)
    except threading.BrokenBarrierError as e:
        print("timed out:", type(e).__name__, "broken:", lonely.broken)
    lonely.reset()
    print("after reset broken:", lonely.broken)
    assert multiprocessing.active_children() == []
    print("no children left")
