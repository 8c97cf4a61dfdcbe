# heapq: push/pop order, heapify, heapreplace/heappushpop, nlargest/nsmallest with keys and
# ties, merge (with key and reverse), and argument errors. Expected output is python3 3.11's.
import heapq

data = [5, 3, 8, 1, 9, 2, 7, 1, 6]
h = []
for x in data:
    heapq.heappush(h, x)
print(h[0], [heapq.heappop(h) for _ in range(len(data))])
h = list(data)
heapq.heapify(h)
print(h, all(h[i] <= h[c] for i in range(len(h)) for c in (2 * i + 1, 2 * i + 2) if c < len(h)))
print(heapq.heapreplace(h, 10), heapq.heappushpop(h, 0), heapq.heappushpop(h, 4), sorted(h))
print(heapq.nlargest(3, data), heapq.nsmallest(3, data), heapq.nlargest(1, data),
      heapq.nsmallest(0, data), heapq.nlargest(20, data))
words = ["pear", "fig", "banana", "kiwi", "apple", "date", "plum"]
print(heapq.nsmallest(3, words, key=len), heapq.nlargest(3, words, key=len))
print(heapq.nsmallest(2, iter(words)), heapq.nlargest(2, iter(words), key=lambda w: w[-1]))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6, 9])))
print(list(heapq.merge([9, 5, 1], [8, 4], reverse=True)))
print(list(heapq.merge(["a", "ccc"], ["bb", "dddd"], key=len)), list(heapq.merge()))
tasks = []
for prio, name in [(2, "write"), (1, "read"), (3, "exit"), (1, "open")]:
    heapq.heappush(tasks, (prio, name))
print([heapq.heappop(tasks) for _ in range(4)])
for fn, args in [(heapq.heappush, (1, 2)), (heapq.heappop, ([],)), (heapq.heapify, ((),)),
                 (heapq.heapreplace, ([], 1))]:
    try:
        fn(*args)
    except Exception as e:
        print(type(e).__name__, e)
