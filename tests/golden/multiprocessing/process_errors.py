# CPython's errors when a Process is misused: starting twice, joining before start, close()
# while running, and pid/is_alive/join/start/exitcode after close(); daemonic children may not
# start children of their own. Expected output is python3 3.11's.
import multiprocessing


def attempt(label, fn):
    try:
        result = fn()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", result)


def quiet():
    pass


def daemon_body(q):
    p = multiprocessing.Process(target=quiet)
    try:
        p.start()
    except AssertionError as e:
        q.put(str(e))
    else:
        p.join()
        q.put("started")


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    p = ctx.Process(target=quiet)
    attempt("join before start", p.join)
    attempt("is_alive before start", p.is_alive)
    attempt("close before start", p.close)
    p = ctx.Process(target=quiet)
    p.start()
    attempt("start twice", p.start)
    p.join()
    attempt("start after exit", p.start)
    attempt("join again", p.join)
    attempt("exitcode", lambda: p.exitcode)
    p.close()
    attempt("close twice", p.close)
    attempt("pid after close", lambda: p.pid)
    attempt("is_alive after close", p.is_alive)
    attempt("join after close", p.join)
    attempt("start after close", p.start)
    attempt("exitcode after close", lambda: p.exitcode)
    e = ctx.Event()
    p = ctx.Process(target=e.wait)
    p.start()
    attempt("close while running", p.close)
    e.set()
    p.join()
    attempt("close after join", p.close)
    q = ctx.Queue()
    d = ctx.Process(target=daemon_body, args=(q,), daemon=True)
    d.start()
    print("daemon's child:", q.get(timeout=10))
    d.join()
    assert multiprocessing.active_children() == []
    print("no children left")
