# Daemon and non-daemon children when their parent ends: a middle process starts a daemonic
# grandchild that would sleep forever and a non-daemonic one that finishes later, and returns
# without joining either. On its exit the daemon is terminated and reaped and the other one is
# joined, so nothing is left behind. The daemon flag defaults to False and cannot change after
# start. Expected output is python3 3.11's.
import multiprocessing
import os
import time


def sleeper():
    while True:
        time.sleep(0.05)


def slow_finisher(go):
    go.wait()
    time.sleep(0.2)  # the middle process has returned by now and waits for this one
    print("non-daemon grandchild finished", flush=True)


def middle(out):
    d = multiprocessing.Process(target=sleeper, daemon=True)
    go = multiprocessing.Event()
    n = multiprocessing.Process(target=slow_finisher, args=(go,))
    d.start()
    n.start()
    out.put(d.pid)
    print("middle returns with", len(multiprocessing.active_children()), "children", flush=True)
    go.set()


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    out = multiprocessing.Queue()
    m = multiprocessing.Process(target=middle, args=(out,))
    m.start()
    daemon_pid = out.get(timeout=10)
    m.join()
    print("middle exitcode:", m.exitcode)
    try:
        os.kill(daemon_pid, 0)
        print("daemon grandchild still exists")
    except ProcessLookupError:
        print("daemon grandchild is gone")
    p = multiprocessing.Process(target=sleeper)
    print("default daemon:", p.daemon)
    p.daemon = True
    p.start()
    try:
        p.daemon = False
    except AssertionError as e:
        print("set daemon after start -> AssertionError", e)
    p.terminate()
    p.join()
    print("terminated daemon exitcode:", p.exitcode)
    assert multiprocessing.active_children() == []
    print("no children left")
