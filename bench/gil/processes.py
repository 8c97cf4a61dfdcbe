"""Process figures for the interpreter running this script, one per line as `name value unit`,
for bench/run --processes, which runs it under gilpy and python3 in turns and prints them side
by side. Each figure is the best of a few repetitions (the least disturbed by other load on the
machine); the CPU speedup is the median of rounds that take turns. The fork start method is
used under both interpreters.

  cpu_procs2_speedup   a CPU-bound count-down done sequentially, divided by the wall time of the
                       same work split over 2 processes (2.0 is perfect on 2 free cores)
  process_start_join   processes started and joined per second
  queue_ints           multiprocessing.Queue messages per second from a child to the parent,
                       small ints
  queue_1k_strings     the same with 1 KiB strings
  pipe_round_trips     Pipe send/recv round trips per second with an echoing child
  pool_map_10k         seconds for Pool(2).map over 10,000 small tasks (pool already started and
                       warmed up by one such map: steady state, not the workers' first touch of
                       copy-on-write pages)
  rss_idle             resident memory (VmRSS) of this interpreter after importing
                       multiprocessing
  rss_thread           what one more (sleeping) thread adds to it
  rss_process          resident memory of one more (forked, idle) process
"""
import multiprocessing
import os
import sys
import threading
import time

REPEAT = 3
CPU_WORK = 4_000_000
MESSAGES = 20_000


def best(measure):
    return min(measure() for _ in range(REPEAT))


def count_down(n):
    while n > 0:
        n -= 1


def cpu_wall(workers):
    start = time.perf_counter()
    if workers == 0:
        count_down(CPU_WORK)
    else:
        procs = [multiprocessing.Process(target=count_down, args=(CPU_WORK // workers,))
                 for _ in range(workers)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
    return time.perf_counter() - start


def cpu_speedup():
    ratios = []
    for _ in range(REPEAT + 2):
        ratios.append(cpu_wall(0) / cpu_wall(2))
    return sorted(ratios)[len(ratios) // 2]


def process_start_join():
    n = 100
    start = time.perf_counter()
    for _ in range(n):
        p = multiprocessing.Process(target=int)
        p.start()
        p.join()
    return (time.perf_counter() - start) / n


def produce(q, item, n):
    for _ in range(n):
        q.put(item)


def queue_messages(item):
    def measure():
        q = multiprocessing.Queue()
        p = multiprocessing.Process(target=produce, args=(q, item, MESSAGES))
        p.start()
        q.get()  # the child runs: time the steady flow from here
        start = time.perf_counter()
        for _ in range(MESSAGES - 1):
            q.get()
        elapsed = time.perf_counter() - start
        p.join()
        return elapsed / (MESSAGES - 1)
    return measure


def echo(conn):
    while True:
        item = conn.recv()
        conn.send(item)
        if item is None:
            return


def pipe_round_trips():
    n = 10_000
    here, there = multiprocessing.Pipe()
    p = multiprocessing.Process(target=echo, args=(there,))
    p.start()
    here.send(0)
    here.recv()
    start = time.perf_counter()
    for i in range(n):
        here.send(i)
        here.recv()
    elapsed = time.perf_counter() - start
    here.send(None)
    here.recv()
    p.join()
    return elapsed / n


def small_task(x):
    return x * x + 1


def pool_map():
    with multiprocessing.Pool(2) as pool:
        pool.map(small_task, range(10_000))  # the workers are up and have run the code once
        start = time.perf_counter()
        result = pool.map(small_task, range(10_000))
        elapsed = time.perf_counter() - start
    assert result[-1] == 9999 * 9999 + 1
    return elapsed


def rss_kib(pid='self'):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise RuntimeError('no VmRSS')


def memory():
    idle = rss_kib()
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    time.sleep(0.05)
    with_thread = rss_kib()
    stop.set()
    t.join()
    ready = multiprocessing.Event()
    done = multiprocessing.Event()

    def idle_child():
        ready.set()
        done.wait()

    p = multiprocessing.Process(target=idle_child)
    p.start()
    ready.wait()
    child = rss_kib(p.pid)
    done.set()
    p.join()
    return idle, with_thread - idle, child


def main():
    multiprocessing.set_start_method('fork')
    idle, thread, process = memory()
    print("cpu_procs2_speedup", f"{cpu_speedup():.3f}", "x")
    print("process_start_join", f"{1 / best(process_start_join):.0f}", "/s")
    print("queue_ints", f"{1 / best(queue_messages(12345)):.0f}", "/s")
    print("queue_1k_strings", f"{1 / best(queue_messages('x' * 1024)):.0f}", "/s")
    print("pipe_round_trips", f"{1 / best(pipe_round_trips):.0f}", "/s")
    print("pool_map_10k", f"{best(pool_map):.4f}", "s")
    print("rss_idle", idle, "KiB")
    print("rss_thread", thread, "KiB")
    print("rss_process", process, "KiB")
    sys.stdout.flush()


if __name__ == '__main__':
    main()
