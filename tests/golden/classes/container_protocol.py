# __getitem__ __setitem__ __delitem__ __contains__ on a user mapping/sequence: slices passed
# as slice objects, in falling back to __iter__ then __getitem__, KeyError/IndexError.
# Expected output: python3 3.11's.
class Grid:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.cells = {}

    def __getitem__(self, key):
        if isinstance(key, slice):
            return ("slice", key.start, key.stop, key.step)
        x, y = key
        if not (0 <= x < self.w and 0 <= y < self.h):
            raise IndexError(f"cell {key} out of range")
        return self.cells.get(key, ".")

    def __setitem__(self, key, value):
        print("set", key, value)
        self.cells[key] = value

    def __delitem__(self, key):
        del self.cells[key]

    def __contains__(self, value):
        return value in self.cells.values()

g = Grid(3, 2)
g[0, 1] = "#"
g[2, 1] = "@"
print(g[0, 1], g[1, 1], g[1:5], g[::2], g[:, 1] if False else g[1:2:3])
print("#" in g, "x" in g, "@" not in g)
del g[0, 1]
print(g[0, 1], "#" in g)
try:
    del g[0, 0]
except KeyError as e:
    print(type(e).__name__, e)
try:
    g[5, 5]
except IndexError as e:
    print(type(e).__name__, e)

class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError
        return i * i

s = Seq()
print(9 in s, 5 in s, list(s), [x for x in s], sorted(s, reverse=True))
a, b, c, d = s
print(a, b, c, d)

class IterContains:
    def __iter__(self):
        return iter([1, 2, 3])
print(2 in IterContains(), 7 in IterContains())

class NoContainer:
    pass
for op in ("get", "set", "del", "in"):
    try:
        n = NoContainer()
        if op == "get":
            n[0]
        elif op == "set":
            n[0] = 1
        elif op == "del":
            del n[0]
        else:
            1 in n
    except TypeError as e:
        print(type(e).__name__, e)

class Contains:
    def __contains__(self, v):
        return v  # truthiness of the result is used
print(0 in Contains(), "x" in Contains(), [] not in Contains())
class OnlyGet:
    def __getitem__(self, k):
        return k
try:
    OnlyGet()[1] = 2
except TypeError as e:
    print(type(e).__name__, e)
