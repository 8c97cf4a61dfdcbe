# os.register_at_fork: "before" hooks run last-registered first, "after" hooks first-registered
# first, each in its own process; its argument errors. threading after a fork from a thread
# that is not the main one: in the child the forking thread is the main (and only) thread, can
# start and join threads, and the interpreter's end does not wait for the parent's threads.
# os.sched_getaffinity. Expected output: python3 3.11's.
import os
import sys
import threading

for kwargs in ({}, {'before': 1}):
    try:
        os.register_at_fork(**kwargs)
    except TypeError as exc:
        print('TypeError:', exc)

os.register_at_fork(before=lambda: print('before 1', flush=True), after_in_parent=lambda: print('parent 1'),
                    after_in_child=lambda: print('child 1'))
os.register_at_fork(before=lambda: print('before 2', flush=True), after_in_parent=lambda: print('parent 2'),
                    after_in_child=lambda: print('child 2'))
sys.stdout.flush()
pid = os.fork()
if pid == 0:
    sys.stdout.flush()
    os._exit(0)
os.waitpid(pid, 0)
sys.stdout.flush()

stop = threading.Event()
spinner = threading.Thread(target=stop.wait, name='Waiter')
spinner.start()


def fork_here():
    pid = os.fork()
    if pid == 0:
        me = threading.current_thread()
        print('child: current is main:', me is threading.main_thread(), me.name)
        print('child: threads:', [t.name for t in threading.enumerate()])
        t = threading.Thread(target=print, args=('child: a new thread runs',))
        t.start()
        t.join()
        threading._shutdown()  # what the end of the program does: must not wait for Waiter
        print('child: shut down')
        sys.stdout.flush()
        os._exit(0)
    os.waitpid(pid, 0)


forker = threading.Thread(target=fork_here, name='Forker')
forker.start()
forker.join()
stop.set()
spinner.join()
print('parent threads:', [t.name for t in threading.enumerate()])
cpus = os.sched_getaffinity(0)
print(type(cpus).__name__, len(cpus) >= 1, cpus == os.sched_getaffinity(os.getpid()))
