"""The GIL, observed.

The same amount of work is done sequentially and split over 2 and 4 threads: first a
CPU-bound count-down, then sleep-based "I/O". For each run the table shows the wall time, the
speedup over the sequential run, and the share of the workers' time spent waiting for the GIL,
read from the GIL's own counters (the `gil` module). Run it with `gilpy examples/gil_demo.py`;
try `-X gil=legacy` (Python 2's GIL) or `-X switchinterval=0.0001` to see the policies differ.

Without the `gil` module (under python3) the wait column is left empty.
"""
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


def run(task, total, workers):
    """The better of two tries (a busy machine disturbs single runs) of run_once."""
    return min(run_once(task, total, workers), run_once(task, total, workers))


def run_once(task, total, workers):
    """Wall time of `total` units of `task` split over `workers` threads (0: no thread), and
    the share of the workers' running time (holding the GIL or waiting for it) they spent
    waiting for it."""
    if gil:
        gil.reset()
    start = time.perf_counter()
    if workers == 0:
        task(total)
    else:
        threads = [threading.Thread(target=task, args=(total // workers,), name=f"worker-{i}")
                   for i in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    wall = time.perf_counter() - start
    wait_share = None
    if gil and workers:
        workers_stats = [s for name, s in gil.stats().items() if name.startswith("worker-")]
        waited = sum(s["waiting"] for s in workers_stats)
        ran = sum(s["held"] for s in workers_stats)
        wait_share = waited / (waited + ran)
    return wall, wait_share


def explain(kind, workers, speedup):
    if workers == 0:
        return "the baseline: one thread does all the work."
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
    header = f"{'workload':<10}{'threads':>11}{'wall s':>9}{'speedup':>9}{'GIL wait':>10}"
    print(header)
    print("-" * len(header))
    notes = []
    for kind, task, total in (("CPU", count_down, CPU_WORK), ("sleep I/O", fake_io, IO_CALLS)):
        base = None
        for workers in (0, 2, 4):
            wall, wait_share = run(task, total, workers)
            base = base or wall
            speedup = base / wall
            wait = "" if wait_share is None else f"{wait_share:.0%}"
            label = "sequential" if workers == 0 else workers
            print(f"{kind:<10}{label:>11}{wall:>9.3f}{speedup:>8.2f}x{wait:>10}")
            notes.append(f"{kind}, {label}: {explain(kind, workers, speedup)}")
    print()
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
