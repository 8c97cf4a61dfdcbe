# The classic shared counter: 4 processes each add 1 to a shared Value 2000 times. With
# `with v.get_lock():` around `v.value += 1` the total is exact; without it updates may be lost
# (how many depends on scheduling, so only an upper bound is printed). An Array of per-process
# slots needs no lock. Expected output is python3 3.11's.
import multiprocessing

WORKERS, TIMES = 4, 2000


def locked_add(v):
    for _ in range(TIMES):
        with v.get_lock():
            v.value += 1


def unlocked_add(v):
    for _ in range(TIMES):
        v.value += 1


def own_slot(arr, slot):
    for _ in range(TIMES):
        arr[slot] += 1


def run(target, *args_per_worker):
    procs = [multiprocessing.Process(target=target, args=args) for args in args_per_worker]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return [p.exitcode for p in procs]


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    v = multiprocessing.Value("i", 0)
    print("exitcodes:", run(locked_add, *[(v,)] * WORKERS))
    print("with the lock:", v.value, v.value == WORKERS * TIMES)
    d = multiprocessing.Value("d", 0.0)
    run(locked_add, *[(d,)] * WORKERS)
    print("double with the lock:", d.value)
    u = multiprocessing.Value("i", 0)
    run(unlocked_add, *[(u,)] * WORKERS)
    print("without the lock, at most the exact total:", 0 < u.value <= WORKERS * TIMES)
    slots = multiprocessing.Array("q", WORKERS, lock=False)
    run(own_slot, *[(slots, i) for i in range(WORKERS)])
    print("one slot per process:", slots[:], sum(slots))
    assert multiprocessing.active_children() == []
    print("no children left")
