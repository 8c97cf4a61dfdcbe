# Connections across os.fork: the child and the parent talk both ways over a duplex Pipe and a
# one-way Pipe (objects, bytes, a 1 MiB message), the parent sees EOFError once the child exits,
# and wait() picks up several children. The expected output is python3 3.11's.
try:
    from _multiprocessing import Pipe, Connection, wait
except (ImportError, AttributeError):
    from multiprocessing.connection import Pipe, Connection, wait
import os

parent_end, child_end = Pipe()
results_r, results_w = Pipe(False)
pid = os.fork()
if pid == 0:
    code = 0
    try:
        parent_end.close()
        results_r.close()
        while True:
            msg = child_end.recv()
            if msg is None:
                break
            if isinstance(msg, bytes):
                child_end.send_bytes(msg[::-1])
            else:
                child_end.send(("echo", msg))
        results_w.send({"pid_ok": os.getpid() != 0, "big": len(child_end.recv_bytes())})
        child_end.send_bytes(bytes(range(256)) * 4096)
    except BaseException as e:
        results_w.send(("child error", type(e).__name__, str(e)))
        code = 1
    os._exit(code)

child_end.close()
results_w.close()
for msg in [1, "two", [3, {"four": 4.0}], b"bytes back"]:
    parent_end.send(msg)
    print(parent_end.recv_bytes() if isinstance(msg, bytes) else parent_end.recv())
parent_end.send(None)
parent_end.send_bytes(b"z" * (1 << 20))
print(results_r.recv())
big = parent_end.recv_bytes()
print(len(big), big == bytes(range(256)) * 4096)
_, status = os.waitpid(pid, 0)
print(os.WIFEXITED(status), os.WEXITSTATUS(status))
try:
    parent_end.recv()
except EOFError:
    print("EOFError after the child exited")
try:
    results_r.recv()
except EOFError:
    print("EOFError on the results pipe")
parent_end.close()
results_r.close()

# Several children, each answering on its own pipe; wait() returns them as they are ready.
conns = {}
pids = []
for i in range(3):
    r, w = Pipe(False)
    pid = os.fork()
    if pid == 0:
        r.close()
        w.send(i * i)
        w.close()
        os._exit(0)
    w.close()
    conns[r] = i
    pids.append(pid)
got = {}
pending = list(conns)
while pending:
    for r in wait(pending):
        try:
            got[conns[r]] = r.recv()
        except EOFError:
            pending.remove(r)
            r.close()
print(sorted(got.items()))
for pid in pids:
    _, status = os.waitpid(pid, 0)
    print(os.WEXITSTATUS(status))
