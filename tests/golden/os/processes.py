# os process calls: fork (separate memory, getppid), _exit codes, kill with waitpid statuses
# (WIFEXITED/WEXITSTATUS/WIFSIGNALED/WTERMSIG, waitstatus_to_exitcode), WNOHANG, pipe/read/
# write/close, a pickle sent from a child through a pipe, cpu_count, and CPython's errors.
# Every child is waited for. The expected output is python3 3.11's.
import os
import pickle
import sys

counter = 100


def child(body):
    """Runs body() in a child process that exits with its return value (0 for None)."""
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            code = body() or 0
        finally:
            sys.stdout.flush()
            os._exit(code)
    return pid


def report(pid, options=0):
    got, status = os.waitpid(pid, options)
    print('same pid:', got == pid, 'exited:', os.WIFEXITED(status),
          'signaled:', os.WIFSIGNALED(status), 'code:', os.waitstatus_to_exitcode(status))
    if os.WIFEXITED(status):
        print('  WEXITSTATUS', os.WEXITSTATUS(status))
    if os.WIFSIGNALED(status):
        print('  WTERMSIG', os.WTERMSIG(status))


# Exit codes and output from the child.
def says_hi():
    print('child says hi')
    return 3


report(child(says_hi))


# Separate memory: the child's change is not seen by the parent.
def bump():
    global counter
    counter += 1
    print('child counter', counter)


report(child(bump))
print('parent counter', counter)

# getppid in the child is the parent's pid; the answer comes back through a pipe.
r, w = os.pipe()
parent = os.getpid()


def check_parent():
    os.close(r)
    os.write(w, b'yes' if os.getppid() == parent else b'no')
    os.close(w)


pid = child(check_parent)
os.close(w)
print('child sees parent pid:', os.read(r, 10))
print('then end of file:', os.read(r, 10))
os.close(r)
report(pid)

# A child blocked on a pipe: WNOHANG sees it running, then SIGKILL ends it.
r, w = os.pipe()


def wait_forever():
    os.close(w)
    os.read(r, 1)
    return 5


pid = child(wait_forever)
os.close(r)
print('still running:', os.waitpid(pid, os.WNOHANG))
os.kill(pid, 9)
report(pid)
os.close(w)

# The same, released by writing to the pipe.
r, w = os.pipe()
pid = child(wait_forever)
os.close(r)
print('still running:', os.waitpid(pid, os.WNOHANG))
print('wrote', os.write(w, b'!'))
report(pid)
os.close(w)

# A pickle crosses the process boundary.
r, w = os.pipe()


class Message:
    def __init__(self, text, items):
        self.text = text
        self.items = items


def send():
    os.close(r)
    data = pickle.dumps(Message('from child', [1, (2, 3), {'four': 4.0}, {5}, b'six', 2**70]))
    os.write(w, len(data).to_bytes(4, 'little'))
    os.write(w, data)
    os.close(w)


pid = child(send)
os.close(w)
size = int.from_bytes(os.read(r, 4), 'little')
chunks = []
while size > 0:
    chunk = os.read(r, size)
    chunks.append(chunk)
    size -= len(chunk)
os.close(r)
msg = pickle.loads(b''.join(chunks))
print(type(msg).__name__, msg.text, msg.items)
report(pid)

# SIGTERM sent by the child to itself.
report(child(lambda: os.kill(os.getpid(), 15)))

print('cpu_count is a positive int:', isinstance(os.cpu_count(), int) and os.cpu_count() >= 1)
print('WNOHANG', os.WNOHANG)
for status in (0, 256, 9, 0x7f7f):
    try:
        print(status, os.waitstatus_to_exitcode(status))
    except ValueError as e:
        print(status, 'ValueError', e)


def show(f, *args):
    try:
        print(repr(f(*args)))
    except Exception as e:
        print(type(e).__name__, e)


show(os.waitpid, -1, 0)
show(os.waitpid, -1, os.WNOHANG)
show(os.waitpid, 'a', 0)
show(os.read, 99999, 1)
show(os.write, 99999, b'x')
show(os.write, 1, 'text')
show(os.close, 99999)
show(os.kill, 4194305, 0)
r, w = os.pipe()
show(os.read, r, -1)
os.close(r)
os.close(w)
show(os.WIFEXITED, 'x')
