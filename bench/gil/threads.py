"""Thread and GIL figures for the interpreter running this script, one per line as
`name value unit`, for bench/run --threads, which runs it under gilpy (both GIL policies) and
python3 in turns and prints them side by side. Each figure is the best of a few repetitions
(the least disturbed by other load on the machine); the CPU ratios
are medians of rounds that take turns.

  cpu_threads2 / cpu_threads4  wall time of a CPU-bound count-down split over 2 / 4 threads,
                               divided by the same work done sequentially (1.0: no gain, no
                               loss; the GIL forbids a gain)
  lock_pairs                   uncontended Lock acquire+release pairs per second
  thread_start_join            threads started and joined per second
  queue_messages               queue.Queue put/get round trips between two threads per second
  convoy_alone / convoy_loaded 1 ms sleeps completed per second by an I/O thread, alone and
                               while another thread is CPU-bound (the convoy effect: an I/O
                               thread that must win the GIL back after every sleep)
"""
import queue
import sys
import threading
import time

REPEAT = 3
CPU_WORK = 3_000_000


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
        threads = [threading.Thread(target=count_down, args=(CPU_WORK // workers,))
                   for _ in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return time.perf_counter() - start


def lock_pairs():
    lock = threading.Lock()
    n = 500_000
    start = time.perf_counter()
    for _ in range(n):
        lock.acquire()
        lock.release()
    return (time.perf_counter() - start) / n


def thread_start_join():
    n = 500
    start = time.perf_counter()
    for _ in range(n):
        t = threading.Thread(target=int)
        t.start()
        t.join()
    return (time.perf_counter() - start) / n


def queue_round_trips():
    n = 20_000
    requests, replies = queue.Queue(), queue.Queue()

    def echo():
        while True:
            item = requests.get()
            replies.put(item)
            if item is None:
                return

    t = threading.Thread(target=echo)
    t.start()
    start = time.perf_counter()
    for i in range(n):
        requests.put(i)
        replies.get()
    elapsed = time.perf_counter() - start
    requests.put(None)
    replies.get()
    t.join()
    return elapsed / n


def convoy(loaded, duration=0.3):
    """1 ms sleeps per second in one thread, optionally beside a CPU-bound thread."""
    stop = threading.Event()

    def burn():
        while not stop.is_set():
            count_down(10_000)

    if loaded:
        burner = threading.Thread(target=burn)
        burner.start()
    done = 0
    end = time.perf_counter() + duration
    while time.perf_counter() < end:
        time.sleep(0.001)
        done += 1
    stop.set()
    if loaded:
        burner.join()
    return duration / done


def cpu_ratios():
    """Sequential, 2 and 4 threads in turns, so that load changes hit all three alike; the
    median of the per-round ratios."""
    two, four = [], []
    for _ in range(REPEAT + 2):
        sequential = cpu_wall(0)
        two.append(cpu_wall(2) / sequential)
        four.append(cpu_wall(4) / sequential)
    return sorted(two)[len(two) // 2], sorted(four)[len(four) // 2]


def main():
    two, four = cpu_ratios()
    print("cpu_threads2", f"{two:.3f}", "x")
    print("cpu_threads4", f"{four:.3f}", "x")
    print("lock_pairs", f"{1 / best(lock_pairs):.0f}", "/s")
    print("thread_start_join", f"{1 / best(thread_start_join):.0f}", "/s")
    print("queue_messages", f"{1 / best(queue_round_trips):.0f}", "/s")
    print("convoy_alone", f"{1 / best(lambda: convoy(False)):.0f}", "/s")
    print("convoy_loaded", f"{1 / best(lambda: convoy(True)):.0f}", "/s")
    sys.stdout.flush()


main()
