# gilpy's own behaviour where CPython has none (its pool waits forever: cpython#96062), so the
# expected output is written by hand: a Pool worker that dies while running a task fails
# exactly that task with multiprocessing.pool.WorkerLostError (a ProcessError); the tasks
# behind it run on other workers, the pool replaces the dead worker and stays usable, a map
# with a lost chunk raises the same error, and no process is left behind.
import multiprocessing
import os
import signal
from multiprocessing.pool import WorkerLostError


def times_ten_or_die(x):
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return x * 10


if __name__ == '__main__':
    multiprocessing.set_start_method('fork')
    with multiprocessing.Pool(2) as pool:
        results = [pool.apply_async(times_ten_or_die, (i,)) for i in range(6)]
        for i, r in enumerate(results):
            try:
                print(i, r.get(timeout=60))
            except WorkerLostError as e:
                print(i, 'WorkerLostError', isinstance(e, multiprocessing.ProcessError),
                      'exit code -9' in str(e))
        print(pool.map(times_ten_or_die, [1, 2, 4]))
        try:
            pool.map(times_ten_or_die, range(6), chunksize=2)
        except WorkerLostError:
            print('map: WorkerLostError')
        print('workers:', len(pool._pool), pool.apply(times_ten_or_die, (5,)))
    print('children left:', multiprocessing.active_children())
