# threading.excepthook: the default reports "Exception in thread NAME:" and the traceback on
# sys.stderr (captured here), SystemExit ends only its thread silently, a custom hook receives
# ExceptHookArgs, and a failing hook is reported as "Exception in threading.excepthook:".
# Expected output is python3 3.11's.
import sys
import threading


class Capture:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)
        return len(s)

    def flush(self):
        pass

    def lines(self):
        return "".join(self.parts).splitlines()


def boom():
    raise ValueError("boom")


def run(target, name=None):
    t = threading.Thread(target=target, name=name)
    t.start()
    t.join()
    return t


real_stderr = sys.stderr
cap = Capture()
sys.stderr = cap
run(boom, name="worker")
run(lambda: sys.exit(3))
sys.stderr = real_stderr
lines = cap.lines()
print(lines[0], lines[1], "...", lines[-2:], sep="\n")
print("SystemExit printed nothing:", sum(1 for x in lines if "Exception in thread" in x) == 1)

seen = []


def hook(args):
    seen.append((args.exc_type.__name__, str(args.exc_value), args.thread.name,
                 args.exc_traceback is not None, len(args), args[0] is args.exc_type))


threading.excepthook = hook
run(boom, name="custom")
print(seen)


def bad_hook(args):
    raise TypeError("hook failed")


threading.excepthook = bad_hook
cap = Capture()
sys.stderr = cap
run(boom)
sys.stderr = real_stderr
lines = cap.lines()
print(lines[0], lines[-1], sep="\n")
threading.excepthook = threading.__excepthook__
print(threading.ExceptHookArgs.__name__)
