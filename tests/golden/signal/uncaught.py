# An exception raised by a signal handler while the main thread sleeps, left uncaught, ends the
# program with its traceback and status 1. Expected output: python3 3.11's.
import signal
import time


def on_alarm(signum, frame):
    raise RuntimeError("raised by the SIGALRM handler")


signal.signal(signal.SIGALRM, on_alarm)
signal.setitimer(signal.ITIMER_REAL, 0.05)
print("sleeping", flush=True)
time.sleep(5)
print("not reached")
