# A forked child keeps its parent's handlers; pause() returns once a handler has run; SIGPIPE
# is ignored from the start, so writing to a pipe nobody reads raises BrokenPipeError.
# Expected output: python3 3.11's.
import os
import signal
import sys

got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
pid = os.fork()
if pid == 0:
    os.kill(os.getpid(), signal.SIGUSR1)
    os._exit(7 if got == [signal.SIGUSR1] else 1)
_, status = os.waitpid(pid, 0)
print("child handled it:", os.WEXITSTATUS(status) == 7, got)

# pause(): the alarm's handler runs, then pause returns.
signal.signal(signal.SIGALRM, lambda s, f: got.append("alarm"))
signal.setitimer(signal.ITIMER_REAL, 0.05)
print(signal.pause(), got)

print(signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN)
r, w = os.pipe()
os.close(r)
try:
    os.write(w, b"x")
except BrokenPipeError as e:
    print("BrokenPipeError", e.errno)
os.close(w)

# A child killed by a signal whose handler is SIG_DFL.
signal.signal(signal.SIGUSR2, signal.SIG_DFL)
pid = os.fork()
if pid == 0:
    os.kill(os.getpid(), signal.SIGUSR2)
    os._exit(0)
_, status = os.waitpid(pid, 0)
print(os.WIFSIGNALED(status), os.WTERMSIG(status) == signal.SIGUSR2)
sys.stdout.flush()
