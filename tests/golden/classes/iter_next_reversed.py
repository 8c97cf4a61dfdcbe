# __iter__ / __next__ / __reversed__: iterator classes, iterables returning fresh iterators,
# reversed() falling back to __len__+__getitem__, bad __iter__ results, StopIteration.
# Expected output: python3 3.11's.
class Countdown:
    def __init__(self, start):
        self.start = start
    def __iter__(self):
        return CountdownIter(self.start)
    def __reversed__(self):
        return iter(range(1, self.start + 1))

class CountdownIter:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1

c = Countdown(3)
print(list(c), list(c), list(reversed(c)), tuple(c), set(c) == {1, 2, 3})
it = iter(c)
print(next(it), next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration as e:
    print(type(e).__name__, e.args)
for i, v in enumerate(Countdown(2)):
    print(i, v)
print(dict(zip(Countdown(3), "abc")), max(Countdown(4)), sum(Countdown(4)))

class SeqOnly:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return "xyz"[i]
print(list(reversed(SeqOnly())), list(SeqOnly()))

class BadIter:
    def __iter__(self):
        return 5
try:
    iter(BadIter())
except TypeError as e:
    print(type(e).__name__, e)
try:
    for x in BadIter():
        pass
except TypeError as e:
    print(type(e).__name__, e)

class NotIter:
    pass
try:
    iter(NotIter())
except TypeError as e:
    print(type(e).__name__, e)
try:
    next(NotIter())
except TypeError as e:
    print(type(e).__name__, e)
try:
    reversed(NotIter())
except TypeError as e:
    print(type(e).__name__, e)

class StopWithValue:
    def __iter__(self):
        return self
    def __next__(self):
        raise StopIteration("value")
print(list(StopWithValue()))

class Fib:
    def __init__(self, limit):
        self.a, self.b, self.limit = 0, 1, limit
    def __iter__(self):
        return self
    def __next__(self):
        if self.a > self.limit:
            raise StopIteration
        v = self.a
        self.a, self.b = self.b, self.a + self.b
        return v
print(list(Fib(50)), [x for x in Fib(10) if x % 2])
