# signal.signal handlers for SIGUSR1 and SIGTERM run in the main thread when the process sends
# them to itself with os.kill; signal() returns the previous handler, getsignal reports it,
# SIG_IGN ignores, SIG_DFL restores. Expected output: python3 3.11's.
import os
import signal
import time

received = []


def wait_for(condition):
    # CPython's single thread runs the handler before os.kill returns; when the kernel hands
    # the signal to another thread of the process, it runs a moment later.
    deadline = time.monotonic() + 10
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.001)


def on_usr1(signum, frame):
    received.append(("usr1", signum == signal.SIGUSR1))


def on_term(signum, frame):
    received.append(("term", signum))


print(signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL)
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)
print(signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN)
print(signal.signal(signal.SIGUSR1, on_usr1) == signal.SIG_DFL)
print(signal.getsignal(signal.SIGUSR1) is on_usr1)
os.kill(os.getpid(), signal.SIGUSR1)
wait_for(lambda: received)
print(received)

print(signal.signal(signal.SIGTERM, on_term) == signal.SIG_DFL)
os.kill(os.getpid(), signal.SIGTERM)
wait_for(lambda: len(received) == 2)
os.kill(os.getpid(), signal.SIGTERM)
wait_for(lambda: len(received) == 3)
print(received)

# A handler may replace itself.
def once(signum, frame):
    received.append("once")
    signal.signal(signal.SIGUSR2, signal.SIG_IGN)


signal.signal(signal.SIGUSR2, once)
os.kill(os.getpid(), signal.SIGUSR2)
wait_for(lambda: "once" in received)
os.kill(os.getpid(), signal.SIGUSR2)
time.sleep(0.05)
print(received[-1], received.count("once"), signal.getsignal(signal.SIGUSR2) == signal.SIG_IGN)

# SIG_IGN: the signal is dropped.
print(signal.signal(signal.SIGUSR1, signal.SIG_IGN) is on_usr1)
os.kill(os.getpid(), signal.SIGUSR1)
time.sleep(0.05)
print(len(received))

# raise_signal sends the signal to the calling thread: the handler runs before it returns.
signal.signal(signal.SIGUSR1, on_usr1)
signal.raise_signal(signal.SIGUSR1)
print(received[-1])

# The handler runs at the next instruction boundary of a loop, too.
hits = []
signal.signal(signal.SIGUSR2, lambda s, f: hits.append(s))
os.kill(os.getpid(), signal.SIGUSR2)
n = 0
while not hits and n < 10_000_000:
    n += 1
print(hits)

# Any callable works; the frame argument is whatever the interpreter passes.
class Counter:
    calls = 0

    def __call__(self, signum, frame):
        Counter.calls += 1


signal.signal(signal.SIGUSR1, Counter())
os.kill(os.getpid(), signal.SIGUSR1)
wait_for(lambda: Counter.calls)
print(Counter.calls)

print(signal.signal(signal.SIGTERM, signal.SIG_DFL) is on_term)
print(signal.getsignal(signal.SIGTERM) == signal.SIG_DFL, signal.SIG_DFL, signal.SIG_IGN)
print(signal.SIGINT, signal.SIGTERM, signal.SIGKILL, signal.SIGUSR1 == 10, signal.NSIG)
