# queue: FIFO, LIFO and priority orders, qsize/empty/full, the non-blocking and timed put/get
# with Full and Empty, argument errors, task_done/join with worker threads, and SimpleQueue.
# Expected output is python3 3.11's.
import queue
import threading


def attempt(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, "->", type(e).__name__, repr(e))
    else:
        print(label, "->", r)


for cls in (queue.Queue, queue.LifoQueue, queue.PriorityQueue):
    q = cls()
    for x in (3, 1, 4, 1, 5, 9, 2, 6):
        q.put(x)
    print(cls.__name__, q.qsize(), q.empty(), q.full(), [q.get() for _ in range(8)], q.empty())

q = queue.Queue(maxsize=2)
q.put("a")
q.put_nowait("b")
print(q.full(), q.qsize(), q.maxsize)
attempt("put_nowait full", lambda: q.put_nowait("c"))
attempt("put timeout", lambda: q.put("c", timeout=0.01))
attempt("put non-blocking", lambda: q.put("c", False))
attempt("put negative timeout", lambda: q.put("c", timeout=-1))
print(q.get(), q.get_nowait())
attempt("get_nowait empty", q.get_nowait)
attempt("get timeout", lambda: q.get(timeout=0.01))
attempt("get negative timeout", lambda: q.get(timeout=-1))
attempt("task_done", q.task_done)
attempt("task_done again", q.task_done)
attempt("task_done too many", q.task_done)
print(issubclass(queue.Empty, Exception), issubclass(queue.Full, Exception))

pq = queue.PriorityQueue()
for item in [(2, "two"), (0, "zero"), (1, "one")]:
    pq.put(item)
print([pq.get() for _ in range(3)])

# Workers process jobs; join() returns once every job is task_done().
jobs = queue.Queue()
results = queue.Queue()


def worker():
    while True:
        item = jobs.get()
        if item is None:
            jobs.task_done()
            break
        results.put(item * item)
        jobs.task_done()


workers = [threading.Thread(target=worker) for _ in range(3)]
for w in workers:
    w.start()
for i in range(20):
    jobs.put(i)
jobs.join()
print(sorted(results.get() for _ in range(results.qsize())), jobs.unfinished_tasks)
for w in workers:
    jobs.put(None)
for w in workers:
    w.join()

# A bounded queue blocks the producer until the consumer catches up.
bq = queue.Queue(maxsize=1)
got = []
consumer = threading.Thread(target=lambda: [got.append(bq.get()) for _ in range(5)])
consumer.start()
for i in range(5):
    bq.put(i)
consumer.join()
print(got)

sq = queue.SimpleQueue()
print(sq.empty(), sq.qsize())
for i in range(3):
    sq.put(i)
sq.put_nowait(3)
print(sq.qsize(), [sq.get() for _ in range(3)], sq.get_nowait(), sq.empty())
attempt("simple get_nowait", sq.get_nowait)
attempt("simple get timeout", lambda: sq.get(timeout=0.01))
attempt("simple negative timeout", lambda: sq.get(timeout=-1))
attempt("simple non-blocking negative", lambda: sq.get(False, -1))
t = threading.Thread(target=lambda: sq.put("from thread"))
t.start()
print(sq.get())
t.join()
