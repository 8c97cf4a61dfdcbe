# The seed's race, as CPython 3.11 shows it. A read-modify-write of a shared counter is several
# bytecode steps; with a tiny switch interval a thread switch that falls between the read and
# the write loses the other threads' updates. Threads switch only at calls and backward jumps
# (in CPython 3.11 and gilpy alike), so the update is torn when a call sits between the load
# and the store; a plain `counter += 1` has none and is never torn in 3.11. With a Lock the
# count is always exact. Expected output: python3 3.11's.
import sys
import threading

THREADS = 4
STEPS = 20_000
sys.setswitchinterval(1e-6)
counter = 0
lock = threading.Lock()


def one():
    return 1


def torn_increment(n):
    global counter
    start.wait()  # all threads run the loop at once, even on a loaded machine
    for _ in range(n):
        counter = counter + one()  # load, call (a switch point), add, store


def plain_increment(n):
    global counter
    for _ in range(n):
        counter += 1


def locked_increment(n):
    global counter
    for _ in range(n):
        with lock:
            counter = counter + one()


def run(worker):
    global counter, start
    counter = 0
    start = threading.Barrier(THREADS)
    threads = [threading.Thread(target=worker, args=(STEPS,)) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return THREADS * STEPS - counter


# Lost updates are likely in every try; trying until one loses makes "never seen" practically
# impossible even when a loaded machine runs the threads one after another.
lost = any(run(torn_increment) > 0 for _ in range(30))
print("without a lock, updates were lost:", lost)
print("plain += (no switch point inside) lost:", sum(run(plain_increment) for _ in range(3)))
print("with a Lock lost:", sum(run(locked_increment) for _ in range(3)))
print("final count with a Lock:", counter)
