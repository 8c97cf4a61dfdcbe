# Subclasses of list: extra methods and attributes, overridden append/__getitem__/__repr__,
# super() calls into list, results of list operations being plain lists, __init__ overrides.
# Expected output: python3 3.11's.
class TypedList(list):
    def __init__(self, kind, items=()):
        super().__init__(items)
        self.kind = kind
        for x in items:
            self._check(x)

    def _check(self, x):
        if not isinstance(x, self.kind):
            raise TypeError(f"expected {self.kind.__name__}, got {type(x).__name__}")

    def append(self, x):
        self._check(x)
        super().append(x)

tl = TypedList(int, [1, 2])
tl.append(3)
print(tl, len(tl), tl.kind, type(tl).__name__, isinstance(tl, list))
try:
    tl.append("4")
except TypeError as e:
    print(type(e).__name__, e)
tl.extend(["bypasses append"])
print(tl)
print(type(tl + [1]).__name__, type(tl[:2]).__name__, type(tl * 2).__name__)
print(tl == [1, 2, 3, "bypasses append"], tl.__dict__)

class History(list):
    def __getitem__(self, i):
        if isinstance(i, int):
            return super().__getitem__(-1 - i)
        return super().__getitem__(i)
    def __repr__(self):
        return "History(" + super().__repr__() + ")"
    def latest(self):
        return self[0] if self else None

h = History(["first", "second", "third"])
print(h[0], h[2], h.latest(), h, str(h), h[0:2])
h.sort()
print(h, sorted(h), h.count("first"), h.index("third"))

class Stack(list):
    push = list.append
    def peek(self):
        return self[-1]
s = Stack()
s.push(1)
s.push(2)
print(s.peek(), s.pop(), s, bool(Stack()), len(s))
s += [5, 6]
print(s, type(s).__name__)
s.note = "n"
print(s.__dict__, Stack.__mro__[1].__name__)
class Empty(list):
    pass
e = Empty([3, 1, 2])
e.sort()
print(e, repr(e), e[::-1], list(reversed(e)), [x * 2 for x in e], 2 in e)
