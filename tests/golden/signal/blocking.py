# Signals reach a main thread blocked in time.sleep, a lock acquire or a join: a handler that
# returns lets the call go on (PEP 475), one that raises makes the call raise. alarm() and
# setitimer deliver SIGALRM. Expected output: python3 3.11's.
import os
import signal
import threading
import time


class Alarm(Exception):
    pass


def raise_alarm(signum, frame):
    raise Alarm("woken by SIGALRM")


signal.signal(signal.SIGALRM, raise_alarm)
print(signal.alarm(1))
start = time.monotonic()
try:
    time.sleep(10)
except Alarm as e:
    print("sleep interrupted:", e, time.monotonic() - start < 5)

# A handler that returns: the sleep completes its whole duration.
calls = []
signal.signal(signal.SIGALRM, lambda s, f: calls.append(s))
signal.setitimer(signal.ITIMER_REAL, 0.05)
start = time.monotonic()
time.sleep(0.3)
print("slept through", calls, time.monotonic() - start >= 0.29)

# A lock acquire: a returning handler keeps waiting (timeout here), a raising one stops it.
lock = threading.Lock()
lock.acquire()
signal.setitimer(signal.ITIMER_REAL, 0.05)
print("acquired", lock.acquire(timeout=0.3), calls)
signal.signal(signal.SIGALRM, raise_alarm)
signal.setitimer(signal.ITIMER_REAL, 0.05)
try:
    lock.acquire()
except Alarm as e:
    print("acquire interrupted:", e)

# Another thread sends the signal; the main thread, joining, runs the handler.
got = []


def on_usr1(signum, frame):
    got.append(threading.current_thread() is threading.main_thread())
    raise Alarm("from the handler")


signal.signal(signal.SIGUSR1, on_usr1)
t = threading.Thread(
    target=lambda: (time.sleep(0.05), os.kill(os.getpid(), signal.SIGUSR1), time.sleep(0.5)))
t.start()
try:
    t.join()
except Alarm as e:
    print("join interrupted:", e, got)
t.join()

# A handler's exception propagates from the instruction where it ran.
signal.signal(signal.SIGUSR2, lambda s, f: 1 / 0)
try:
    signal.raise_signal(signal.SIGUSR2)
    print("not reached")
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)

# SIG_IGN for SIGALRM: the timer fires and nothing happens.
signal.signal(signal.SIGALRM, signal.SIG_IGN)
signal.setitimer(signal.ITIMER_REAL, 0.02)
time.sleep(0.1)
print("ignored", signal.getitimer(signal.ITIMER_REAL))
