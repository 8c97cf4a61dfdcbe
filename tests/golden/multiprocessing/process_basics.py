# multiprocessing.Process basics under the fork start method: target with args/kwargs, default
# names Process-1, Process-2 and Process-1:1 for a child's own child, a subclass's (and a fork
# context's ForkProcess) default name from its class, the daemon flag, current_process and
# parent_process names, is_alive and exitcode before and after, active_children while a child
# runs, cpu_count. Expected output is python3 3.11's.
import multiprocessing
import os
import sys


def show(tag, a, b, scale=1, *, sep="-"):
    me = multiprocessing.current_process()
    parent = multiprocessing.parent_process()
    print(tag, a + b * scale, sep, me.name, "parent:", parent.name, "daemon:", me.daemon)
    sys.stdout.flush()


def nested(go):
    go.wait()  # keeps this child alive until the parent has looked at it
    show("outer", 1, 2)
    inner = multiprocessing.Process(target=show, args=("inner", 3, 4), kwargs={"scale": 10})
    print("inner name before start:", inner.name)
    sys.stdout.flush()
    inner.start()
    inner.join()
    print("inner exitcode", inner.exitcode)


class Worker(multiprocessing.Process):
    def __init__(self, word):
        super().__init__()
        self.word = word

    def run(self):
        print("run() of", self.name, "says", self.word, "pid matches:", os.getpid() == self.pid)


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    print("start method:", multiprocessing.get_start_method())
    me = multiprocessing.current_process()
    print("main:", me.name, "parent_process:", multiprocessing.parent_process())
    print("cpu_count >= 1:", multiprocessing.cpu_count() >= 1)
    go = multiprocessing.Event()
    p1 = multiprocessing.Process(target=nested, args=(go,))
    p2 = multiprocessing.Process(target=show, args=("kw", 5), kwargs={"b": 6, "sep": "+"},
                                 daemon=True)
    print(p1.name, p2.name, "daemon:", p1.daemon, p2.daemon)
    print("before start: alive", p1.is_alive(), "exitcode", p1.exitcode, "pid", p1.pid)
    p1.start()
    print("after start: alive", p1.is_alive(), "in active_children:",
          p1 in multiprocessing.active_children(), "pid is int:", isinstance(p1.pid, int),
          flush=True)  # before the child prints, buffered or not
    go.set()
    p1.join()
    print("after join: alive", p1.is_alive(), "exitcode", p1.exitcode)
    p2.start()
    p2.join()
    w = Worker("hello")
    print("subclass default name:", w.name)
    w.start()
    w.join()
    named = multiprocessing.Process(target=show, args=("named", 0, 0), name="custom")
    named.start()
    named.join(timeout=30)
    via_ctx = multiprocessing.get_context("fork").Process(target=show, args=("ctx", 1, 1))
    print("a context's Process is named after its class:", via_ctx.name)
    via_ctx.start()
    via_ctx.join()
    print("exitcodes:", p2.exitcode, w.exitcode, named.exitcode, via_ctx.exitcode)
    assert multiprocessing.active_children() == []
    print("no children left")
