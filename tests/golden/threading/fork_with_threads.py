# fork() while other threads exist: only the forking thread lives on in the child, which must
# be able to run Python code, take locks, start threads of its own and print, whichever thread
# forked. Expected output: python3 3.11's.
import _thread
import os
import sys
import time

busy = _thread.allocate_lock()
busy.acquire()


def spinner():
    # Holds the GIL as often as it can and never finishes before the forks are done.
    n = 0
    while busy.locked():
        n += 1


_thread.start_new_thread(spinner, ())


def child_work(label):
    done = _thread.allocate_lock()
    done.acquire()
    results = []

    def worker():
        results.append(sum(range(1000)))
        done.release()

    _thread.start_new_thread(worker, ())
    done.acquire()
    print(label, "child thread result", results[0], flush=True)
    time.sleep(0.01)
    os._exit(7)


def fork_and_wait(label):
    pid = os.fork()
    if pid == 0:
        child_work(label)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


print("from main:", fork_and_wait("main"), flush=True)

result = []
finished = _thread.allocate_lock()
finished.acquire()


def forker():
    result.append(fork_and_wait("thread"))
    finished.release()


_thread.start_new_thread(forker, ())
finished.acquire()
print("from a thread:", result[0])
busy.release()
sys.stdout.flush()
