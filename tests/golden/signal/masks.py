# Signal masks: pthread_sigmask returns the previous mask as a set, a blocked signal stays
# pending (sigpending) until sigwait takes it or unblocking delivers it to its handler; bad
# masks raise as in CPython. Sets are printed as sorted ints (python3's members are enums).
# Expected output: python3 3.11's.
import os
import signal
import time


def attempt(f):
    try:
        print("ok", f())
    except BaseException as e:
        print(type(e).__name__, e)


def nums(signals):
    return sorted(int(s) for s in signals)


got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
signal.signal(signal.SIGUSR2, lambda s, f: got.append(s))
print(nums(signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1, signal.SIGUSR2])))
os.kill(os.getpid(), signal.SIGUSR1)
os.kill(os.getpid(), signal.SIGUSR2)
# Another thread of the process may take the signals first and pass them on to this one.
deadline = time.monotonic() + 10
while len(signal.sigpending()) < 2 and time.monotonic() < deadline:
    time.sleep(0.001)
print(got, nums(signal.sigpending()))
print(signal.sigwait([signal.SIGUSR1]) == signal.SIGUSR1, got, nums(signal.sigpending()))
print(nums(signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR1, signal.SIGUSR2})))
print(got, nums(signal.sigpending()))
print(nums(signal.pthread_sigmask(signal.SIG_SETMASK, [])))
attempt(lambda: signal.pthread_sigmask(99, []))
attempt(lambda: signal.pthread_sigmask(signal.SIG_BLOCK, [0]))
attempt(lambda: signal.pthread_sigmask(signal.SIG_BLOCK, [signal.NSIG]))
attempt(lambda: signal.pthread_sigmask(signal.SIG_BLOCK, ["a"]))
attempt(lambda: signal.pthread_sigmask(signal.SIG_BLOCK, 5))
attempt(lambda: signal.sigwait(5))
print(len(signal.valid_signals()), signal.SIGRTMIN in signal.valid_signals())
