# multiprocessing.Queue API: qsize/empty/full on a bounded queue filled by a child, put/get with
# timeout raising queue.Full/queue.Empty, put_nowait/get_nowait and block=False, close() then
# join_thread(), and the errors for using a closed queue or joining an open one (their messages
# hold the queue's address, so only their start and end are shown).
# Expected output is python3 3.11's.
import multiprocessing
import queue


def fill(q, items):
    for item in items:
        q.put(item)
    # The process flushes its queue's feeder thread before it exits.


def attempt(label, fn):
    try:
        print(label, "->", fn())
    except (queue.Empty, queue.Full) as e:
        print(label, "->", "queue." + type(e).__name__, repr(str(e)))


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue(maxsize=2)
    print("new: qsize", q.qsize(), "empty", q.empty(), "full", q.full())
    child = ctx.Process(target=fill, args=(q, ["a", "b"]))
    child.start()
    child.join()
    print("filled by child: qsize", q.qsize(), "empty", q.empty(), "full", q.full())
    attempt("put timeout=0.1", lambda: q.put("c", timeout=0.1))
    attempt("put_nowait", lambda: q.put_nowait("c"))
    attempt("put block=False", lambda: q.put("c", block=False))
    attempt("get", q.get)
    print("after one get: qsize", q.qsize(), "full", q.full())
    attempt("get_nowait", q.get_nowait)
    print("drained: qsize", q.qsize(), "empty", q.empty())
    attempt("get timeout=0.1", lambda: q.get(timeout=0.1))
    attempt("get_nowait", q.get_nowait)
    attempt("get block=False", lambda: q.get(False))
    q.put_nowait(1)
    attempt("get timeout=5", lambda: q.get(timeout=5))
    try:
        q.join_thread()
    except AssertionError as e:
        print("join_thread while open -> AssertionError", str(e).endswith("not closed"))
    q.put("last")
    q.close()
    q.join_thread()
    for action in (lambda: q.put(1), q.get):
        try:
            action()
        except ValueError as e:
            print("closed ->", type(e).__name__, str(e).startswith("Queue <"),
                  str(e).endswith("> is closed"))
    assert multiprocessing.active_children() == []
    print("no children left")
