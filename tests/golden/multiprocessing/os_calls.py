# os process calls next to multiprocessing: getpid/getppid seen from a Process child, os.fork
# with os._exit and os.waitpid (WNOHANG while the child runs), os.kill with signal 0 to probe a
# pid and SIGKILL to end it, signal constants, and a SIGTERM handler installed in a child that
# turns terminate() into a chosen exit code. Expected output is python3 3.11's.
import multiprocessing
import os
import signal
import sys


def report_ids(out, parent):
    out.put((os.getppid() == parent, os.getpid() == multiprocessing.current_process().pid))


def graceful(ready):
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(40 + signum))
    ready.set()
    signal.pause()


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    print("signals:", int(signal.SIGINT), int(signal.SIGKILL), int(signal.SIGTERM))
    out = ctx.Queue()
    p = ctx.Process(target=report_ids, args=(out, os.getpid()))
    p.start()
    print("child's getppid is parent, getpid is its pid:", out.get(timeout=10))
    p.join()
    print("child pid differs from parent:", p.pid != os.getpid())

    r, w = os.pipe()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        os.close(w)
        os.read(r, 1)  # blocks until the parent closes its end
        os._exit(6)
    os.close(r)
    print("WNOHANG while running:", os.waitpid(pid, os.WNOHANG), "WNOHANG is", os.WNOHANG)
    os.kill(pid, 0)  # the child exists: no error
    os.close(w)
    got, status = os.waitpid(pid, 0)
    print("waitpid:", got == pid, os.WIFEXITED(status), os.WEXITSTATUS(status))
    try:
        os.kill(pid, 0)
    except ProcessLookupError as e:
        print("reaped child ->", type(e).__name__, e.errno)

    pid = os.fork()
    if pid == 0:
        signal.pause()
        os._exit(0)
    os.kill(pid, signal.SIGKILL)
    got, status = os.waitpid(pid, 0)
    print("killed:", os.WIFSIGNALED(status), os.WTERMSIG(status) == signal.SIGKILL)

    ready = ctx.Event()
    p = ctx.Process(target=graceful, args=(ready,))
    p.start()
    ready.wait()
    p.terminate()
    p.join()
    print("SIGTERM handler's exit code:", p.exitcode)
    assert multiprocessing.active_children() == []
    print("no children left")
