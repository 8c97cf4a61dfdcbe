# Process.exitcode for every way a child can end: 0 on return, n for sys.exit(n), 0 for
# sys.exit(None), 1 for sys.exit(True) and sys.exit("msg") (the message goes to stderr, checked by
# exitcodes.err), os._exit(3), -15 after terminate(), -9 after kill(), and -N when the child
# signals itself; join(timeout) returning while the child runs. Expected output is python3 3.11's.
import multiprocessing
import os
import signal
import sys
import time


def returns():
    return 42  # the return value is ignored


def exits(code):
    sys.exit(code)


def hard_exit():
    print("printed and flushed before os._exit")
    sys.stdout.flush()
    os._exit(3)


def sleeps_forever(ready):
    ready.set()
    while True:
        time.sleep(0.05)


def self_signal():
    os.kill(os.getpid(), signal.SIGUSR1)


def run(target, *args):
    p = multiprocessing.Process(target=target, args=args)
    p.start()
    p.join()
    return p.exitcode


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    print("return:", run(returns))
    for code in (0, 5, 255, None, True, "msg"):
        print("sys.exit(%r):" % (code,), run(exits, code))
    print("os._exit(3):", run(hard_exit))
    print("SIGUSR1 to itself:", run(self_signal), -signal.SIGUSR1)
    for how in ("terminate", "kill"):
        ready = multiprocessing.Event()
        p = multiprocessing.Process(target=sleeps_forever, args=(ready,))
        p.start()
        ready.wait()
        p.join(timeout=0.1)  # times out: still running
        print("after join(0.1):", p.exitcode, p.is_alive())
        getattr(p, how)()
        p.join()
        print(how + ":", p.exitcode, "alive:", p.is_alive())
    print("SIGTERM", int(signal.SIGTERM), "SIGKILL", int(signal.SIGKILL))
    assert multiprocessing.active_children() == []
    print("no children left")
