"""The GIL, observed.

The same amount of work is done sequentially and split over 2 and 4 threads, then over 2 and
4 processes: first a CPU-bound count-down, then sleep-based "I/O". For each run the table shows
the wall time, the speedup over the sequential run, and the share of the workers' time spent
waiting for the GIL, read from the GIL's own counters (the `gil` module); each process has a
GIL of its own. Last, what a thread and a process cost in memory. Run it with
`gilpy examples/gil_demo.py`; try `-X gil=legacy` (Python 2's GIL) or `-X switchinterval=0.0001`
to see the policies differ.

Without the `gil` module (under python3) the wait column is left empty.
"""
import multiprocessing
import os
import sys
import threading
import time

try:
    import gil
except ImportError:
    gil = None

CPU_WORK = 8_000_000  # count-down steps in all, shared by the workers
IO_CALLS = 8          # sleeps in all, shared by the workers
IO_SLEEP = 0.05       # seconds per sleep


def count_down(n):
    while n > 0:
        n -= 1


def fake_io(calls):
    for _ in range(calls):
        time.sleep(IO_SLEEP)


def run(task, total, workers, kind):
    """The better of two tries (a busy machine disturbs single runs) of run_once."""
    return min(run_once(task, total, workers, kind), run_once(task, total, workers, kind))


def run_once(task, total, workers, kind):
    """Wall time of `total` units of `task` split over `workers` threads or processes (0: done
    here), and for threads the share of the workers' running time (holding the GIL or waiting
    for it) they spent waiting for it."""
    if gil:
        gil.reset()
    start = time.perf_counter()
    if workers == 0:
        task(total)
    else:
        start_worker = threading.Thread if kind == "threads" else multiprocessing.Process
        started = [start_worker(target=task, args=(total // workers,), name=f"worker-{i}")
                   for i in range(workers)]
        for w in started:
            w.start()
        for w in started:
            w.join()
    wall = time.perf_counter() - start
    wait_share = None
    if gil and workers and kind == "threads":
        workers_stats = [s for name, s in gil.stats().items() if name.startswith("worker-")]
        waited = sum(s["waiting"] for s in workers_stats)
        ran = sum(s["held"] for s in workers_stats)
        wait_share = waited / (waited + ran)
    return wall, wait_share


def explain(kind, workers, speedup, how):
    if workers == 0:
        return "the baseline: one thread does all the work."
    if how == "processes":
        cores = len(os.sched_getaffinity(0))
        if kind != "CPU":
            if speedup > workers * 0.7:
                return f"{workers} processes overlap their waits too, at a higher start-up cost."
            return (f"{workers} processes: starting them cost more than overlapping their waits "
                    "saved (a busy machine?).")
        if speedup > min(workers, cores) * 0.7:
            return (f"{workers} processes ran {speedup:.1f}x faster: each has its own "
                    f"interpreter and GIL, so they use {min(workers, cores)} cores.")
        return (f"{workers} processes gained less than {min(workers, cores)} cores could give "
                "(a busy machine? try again when it is idle).")
    if kind == "CPU":
        if speedup < 1.3:
            return (f"{workers} threads are no faster: only the thread holding the GIL runs "
                    "bytecode, the others wait for it.")
        return f"{workers} threads ran faster than one: this interpreter has no GIL in the way."
    if speedup > workers * 0.7:
        return (f"{workers} threads overlap their waits: a sleeping thread releases the GIL, so "
                "I/O-bound threads do run in parallel.")
    return f"{workers} threads overlapped less than expected (a busy machine?)."


def main():
    where = f"gilpy, GIL policy {gil.policy()}" if gil else "CPython"
    print(f"GIL demo on {where}, switch interval {sys.getswitchinterval()} s")
    print()
    header = f"{'workload':<10}{'workers':>13}{'wall s':>9}{'speedup':>9}{'GIL wait':>10}"
    print(header)
    print("-" * len(header))
    notes = []
    for kind, task, total in (("CPU", count_down, CPU_WORK), ("sleep I/O", fake_io, IO_CALLS)):
        base = None
        for workers, how in ((0, ""), (2, "threads"), (4, "threads"), (2, "processes"),
                             (4, "processes")):
            wall, wait_share = run(task, total, workers, how)
            base = base or wall
            speedup = base / wall
            wait = "" if wait_share is None else f"{wait_share:.0%}"
            label = "sequential" if workers == 0 else f"{workers} {how}"
            print(f"{kind:<10}{label:>13}{wall:>9.3f}{speedup:>8.2f}x{wait:>10}")
            notes.append(f"{kind}, {label}: {explain(kind, workers, speedup, how)}")
    print()
    for note in notes:
        print(note)
    print()
    idle, thread, process = memory_costs()
    print(f"Memory (VmRSS): this interpreter {idle} KiB; one more thread adds {thread} KiB; "
          f"one more process uses {process} KiB of its own")
    print("(a forked process shares its parent's pages until it writes to them; VmRSS counts "
          "them anyway).")


def rss_kib(pid="self"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def memory_costs():
    """Resident memory of this process, what one more idle thread adds, and the resident
    memory of one more idle process."""
    idle = rss_kib()
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    with_thread = rss_kib()
    stop.set()
    t.join()
    ready, done = multiprocessing.Event(), multiprocessing.Event()
    child = multiprocessing.Process(target=idle_child, args=(ready, done))
    child.start()
    ready.wait()
    process = rss_kib(child.pid)
    done.set()
    child.join()
    return idle, with_thread - idle, process


def idle_child(ready, done):
    ready.set()
    done.wait()


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    main()
