# Many producers and many consumers on one multiprocessing.Queue: 4 producer processes put 250
# items each, 3 consumer processes take items until they see a sentinel and report what they got
# on a second queue; nothing is lost or duplicated (results are sorted before printing).
# Expected output is python3 3.11's.
import multiprocessing

PRODUCERS, CONSUMERS, EACH = 4, 3, 250


def produce(q, who):
    for i in range(EACH):
        q.put((who, i))


def consume(q, results):
    got = []
    while True:
        item = q.get()
        if item is None:
            break
        got.append(item)
    results.put(got)


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    q, results = ctx.Queue(), ctx.Queue()
    producers = [ctx.Process(target=produce, args=(q, w)) for w in range(PRODUCERS)]
    consumers = [ctx.Process(target=consume, args=(q, results)) for _ in range(CONSUMERS)]
    for p in producers + consumers:
        p.start()
    for p in producers:
        p.join()
    for _ in consumers:
        q.put(None)
    batches = [results.get(timeout=30) for _ in consumers]
    for p in consumers:
        p.join()
    everything = sorted(item for batch in batches for item in batch)
    print("items received:", len(everything), "distinct:", len(set(everything)))
    print("complete:", everything == sorted((w, i) for w in range(PRODUCERS) for i in range(EACH)))
    for w in range(PRODUCERS):
        mine = [i for who, batch in enumerate(batches) for (p, i) in batch if p == w]
        print("producer", w, "sum", sum(mine))
    # Each producer's items keep their order within the batch of any one consumer.
    ordered = all([i for p, i in batch if p == w] == sorted(i for p, i in batch if p == w)
                  for batch in batches for w in range(PRODUCERS))
    print("per-producer order kept in each consumer:", ordered)
    print("exitcodes:", [p.exitcode for p in producers + consumers])
    assert multiprocessing.active_children() == []
    print("no children left")
