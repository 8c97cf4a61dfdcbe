# SimpleQueue (put/get/empty/close between processes) and JoinableQueue: workers call
# task_done() for each item, join() returns once every item is done, and one task_done() too
# many raises ValueError. Expected output is python3 3.11's.
import multiprocessing


def simple_worker(inq, outq):
    while True:
        item = inq.get()
        if item is None:
            break
        outq.put(item.upper())


def joinable_worker(jq, results):
    while True:
        item = jq.get()
        if item is None:
            jq.task_done()
            break
        results.put(item * 10)
        jq.task_done()


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    inq, outq = ctx.SimpleQueue(), ctx.SimpleQueue()
    print("SimpleQueue new, empty:", inq.empty())
    p = ctx.Process(target=simple_worker, args=(inq, outq))
    p.start()
    for word in ["alpha", "beta", "gamma"]:
        inq.put(word)  # SimpleQueue.put writes straight to the pipe, no feeder thread
    inq.put(None)
    print("SimpleQueue results:", [outq.get() for _ in range(3)])
    p.join()
    print("SimpleQueue drained, empty:", outq.empty())
    inq.close()
    outq.close()

    jq, results = ctx.JoinableQueue(), ctx.Queue()
    workers = [ctx.Process(target=joinable_worker, args=(jq, results)) for _ in range(2)]
    for w in workers:
        w.start()
    for n in range(20):
        jq.put(n)
    for _ in workers:
        jq.put(None)
    jq.join()  # returns only when task_done() was called for all 22 items
    print("joined; results:", sorted(results.get(timeout=10) for _ in range(20)))
    for w in workers:
        w.join()
    try:
        jq.task_done()
    except ValueError as e:
        print("extra task_done ->", type(e).__name__, e)
    solo = ctx.JoinableQueue()
    solo.put("x")
    print("get", solo.get(timeout=5))
    solo.task_done()
    solo.join()
    print("solo joined")
    assert multiprocessing.active_children() == []
    print("no children left")
