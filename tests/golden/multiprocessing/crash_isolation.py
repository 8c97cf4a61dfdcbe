# Crash isolation: a child that calls os.abort(), one killed from outside with os.kill, and one
# that dies with os._exit mid-way through a queue conversation leave the parent unharmed; its
# joins report the signal or code and new children and queues still work afterwards.
# Expected output is python3 3.11's.
import multiprocessing
import os
import signal
import time


def aborts():
    os.abort()


def waits(ready):
    ready.set()
    while True:
        time.sleep(0.05)


def talks_then_dies(q):
    q.put("first")
    q.close()
    q.join_thread()  # "first" is in the pipe before the process vanishes
    os._exit(7)


def square(q, n):
    q.put(n * n)


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    p = multiprocessing.Process(target=aborts)
    p.start()
    p.join()
    print("os.abort():", p.exitcode, p.exitcode == -signal.SIGABRT)

    ready = multiprocessing.Event()
    p = multiprocessing.Process(target=waits, args=(ready,))
    p.start()
    ready.wait()
    os.kill(p.pid, signal.SIGKILL)
    p.join()
    print("killed with os.kill:", p.exitcode)

    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=talks_then_dies, args=(q,))
    p.start()
    print("got:", q.get(timeout=10))
    p.join()
    print("os._exit(7):", p.exitcode)

    children = [multiprocessing.Process(target=square, args=(q, n)) for n in range(4)]
    for c in children:
        c.start()
    print("after the crashes:", sorted(q.get(timeout=10) for _ in children))
    for c in children:
        c.join()
    print("exitcodes:", [c.exitcode for c in children])
    assert multiprocessing.active_children() == []
    print("no children left")
