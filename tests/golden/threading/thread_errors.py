# Thread misuse errors with CPython's types and messages: starting twice, joining before start
# or joining oneself, changing daemon of a started thread, a subclass that skipped
# Thread.__init__, a group argument, and join(timeout) on a thread that is still running.
# Expected output is python3 3.11's.
import _thread
import threading


def attempt(label, fn):
    try:
        fn()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "-> ok")


t = threading.Thread(target=lambda: None)
attempt("join before start", t.join)
t.start()
attempt("start twice", t.start)
t.join()
attempt("start after finishing", t.start)
attempt("daemon after start", lambda: setattr(t, "daemon", True))
attempt("join again", t.join)
attempt("join with timeout", lambda: t.join(0.5))
attempt("join current thread", threading.current_thread().join)
attempt("join main thread", threading.main_thread().join)

out = {}


def join_self():
    try:
        threading.current_thread().join()
    except RuntimeError as e:
        out["self"] = str(e)


j = threading.Thread(target=join_self)
j.start()
j.join()
print(out)


class NoInit(threading.Thread):
    def __init__(self):
        pass


n = NoInit()
attempt("start without __init__", n.start)
attempt("join without __init__", n.join)
attempt("daemon without __init__", lambda: setattr(n, "daemon", True))
attempt("group", lambda: threading.Thread(group=1))
attempt("start_new_thread non-callable", lambda: _thread.start_new_thread(1, ()))
attempt("start_new_thread non-tuple", lambda: _thread.start_new_thread(print, []))

# join with a timeout returns None even when the thread is still running.
release = threading.Lock()
release.acquire()
slow = threading.Thread(target=release.acquire)
slow.start()
print(slow.join(timeout=0.01), slow.is_alive())
print(slow.join(-1), slow.is_alive())
release.release()
slow.join()
print(slow.is_alive())
