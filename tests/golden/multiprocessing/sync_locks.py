# Lock, RLock, Semaphore and BoundedSemaphore shared with child processes: a lock held by the
# parent makes a child's acquire(timeout=0.1) return False and a later blocking acquire succeed
# once it is released; an RLock held in a child keeps the parent out; a Semaphore counts across
# processes; reprs, and the errors for releasing too many times or not owning an RLock.
# Expected output is python3 3.11's.
import multiprocessing


def try_lock(lock, out):
    out.put(("timeout=0.1", lock.acquire(timeout=0.1)))
    out.put(("block=False", lock.acquire(block=False)))
    out.put(("blocking", lock.acquire()))  # waits until the parent releases
    lock.release()


def hold_rlock(rlock, held, done):
    with rlock:
        with rlock:
            held.set()
            done.wait()


def take_semaphore(sem, out):
    out.put(sem.acquire(timeout=0.1))


def attempt(label, fn):
    try:
        print(label, "->", fn())
    except (ValueError, AssertionError) as e:
        print(label, "->", type(e).__name__, e)


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    lock, out = ctx.Lock(), ctx.Queue()
    lock.acquire()
    print(repr(lock))
    p = ctx.Process(target=try_lock, args=(lock, out))
    p.start()
    print(out.get(timeout=10))
    print(out.get(timeout=10))
    lock.release()
    print(out.get(timeout=10))
    p.join()
    print("free again:", lock.acquire(timeout=5), repr(lock))
    lock.release()
    attempt("Lock released too often", lock.release)

    rlock, held, done = ctx.RLock(), ctx.Event(), ctx.Event()
    p = ctx.Process(target=hold_rlock, args=(rlock, held, done))
    p.start()
    held.wait()
    attempt("parent acquire while child holds", lambda: rlock.acquire(timeout=0.1))
    attempt("parent release of child's RLock", rlock.release)
    done.set()
    p.join()
    attempt("RLock twice in parent", lambda: (rlock.acquire(), rlock.acquire(False), repr(rlock)))
    rlock.release()
    rlock.release()
    print(repr(rlock))

    sem = ctx.Semaphore(2)
    sem.acquire()
    children = [ctx.Process(target=take_semaphore, args=(sem, out)) for _ in range(2)]
    for c in children:
        c.start()
    for c in children:
        c.join()
    print("children got the last slot:", sorted(out.get(timeout=10) for _ in children))
    print(repr(sem), "value:", sem.get_value())
    bounded = ctx.BoundedSemaphore(2)
    print(repr(bounded), bounded.acquire(), repr(bounded))
    bounded.release()
    attempt("BoundedSemaphore released too often", bounded.release)
    assert multiprocessing.active_children() == []
    print("no children left")
