# signal's argument checking: out-of-range numbers, SIGKILL/SIGSTOP (OSError EINVAL), bad
# handlers, non-int numbers, missing arguments, and signal() from a thread other than the main
# one (ValueError; getsignal works there). Expected output: python3 3.11's.
import signal
import threading


def attempt(f):
    try:
        r = f()
        print("ok", r if not callable(r) else "callable")
    except BaseException as e:
        print(type(e).__name__, e)


attempt(lambda: signal.signal(0, signal.SIG_DFL))
attempt(lambda: signal.signal(signal.NSIG, signal.SIG_DFL))
attempt(lambda: signal.signal(-1, signal.SIG_DFL))
attempt(lambda: signal.signal(signal.SIGKILL, signal.SIG_IGN))
attempt(lambda: signal.signal(signal.SIGSTOP, lambda s, f: None))
attempt(lambda: signal.signal(signal.SIGUSR1, 5))
attempt(lambda: signal.signal(signal.SIGUSR1, None))
attempt(lambda: signal.signal(signal.SIGUSR1, "handler"))
attempt(lambda: signal.signal("x", signal.SIG_DFL))
attempt(lambda: signal.signal(signal.SIGUSR1))
attempt(lambda: signal.signal())
attempt(lambda: signal.signal(1, 2, 3))
attempt(lambda: signal.signal(signal.SIGUSR1, handler=signal.SIG_IGN) == signal.SIG_DFL)
attempt(lambda: signal.signal(signal.SIGUSR1, True) == signal.SIG_IGN)
attempt(lambda: signal.signal(signal.SIGUSR1, 0) == signal.SIG_IGN)
attempt(lambda: signal.getsignal(0))
attempt(lambda: signal.getsignal(65))
attempt(lambda: signal.getsignal("x"))
attempt(lambda: signal.getsignal())
attempt(lambda: signal.default_int_handler())
attempt(lambda: signal.default_int_handler(signal.SIGINT, None))
attempt(lambda: signal.strsignal(signal.SIGINT))
attempt(lambda: signal.strsignal(signal.SIGTERM))
attempt(lambda: signal.strsignal(0))
attempt(lambda: signal.raise_signal(-1))
attempt(lambda: signal.alarm("x"))
attempt(lambda: signal.siginterrupt(0, True))
attempt(lambda: signal.setitimer(signal.ITIMER_REAL, -1))
attempt(lambda: signal.getitimer(signal.ITIMER_REAL))
print(issubclass(signal.ItimerError, OSError))
print(signal.SIGKILL in signal.valid_signals(), 0 in signal.valid_signals())


def in_thread():
    attempt(lambda: signal.signal(signal.SIGUSR1, signal.SIG_IGN))
    attempt(lambda: signal.signal(0, signal.SIG_IGN))
    attempt(lambda: signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL)


t = threading.Thread(target=in_thread)
t.start()
t.join()
