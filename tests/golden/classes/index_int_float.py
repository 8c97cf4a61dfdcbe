# __index__, __int__, __float__ (plus __complex__-free numeric conversions): indexing and
# slicing with __index__, bin/hex/range, int()/float() conversions, bad return types,
# a bool from __int__/__index__ accepted as a plain int (CPython also warns on stderr).
# Expected output: python3 3.11's.
class Idx:
    def __init__(self, v):
        self.v = v
    def __index__(self):
        return self.v

data = list("abcdef")
print(data[Idx(2)], data[Idx(1):Idx(4)], "hello"[Idx(-1)], (1, 2, 3)[Idx(0)])
print(bin(Idx(5)), hex(Idx(255)), oct(Idx(8)), list(range(Idx(3))), range(10)[Idx(4)])
print(int(Idx(7)), [0] * Idx(3), "ab" * Idx(2), Idx(9).__index__())
print(Idx(11).__index__())

class Num:
    def __int__(self):
        return 42
    def __float__(self):
        return 2.5

n = Num()
print(int(n), float(n), round(float(n)))
try:
    [1, 2][n]
except TypeError as e:
    print(type(e).__name__, e)
try:
    range(n)
except TypeError as e:
    print(type(e).__name__, e)

class OnlyIndex:
    def __index__(self):
        return 3
print(int(OnlyIndex()), float(OnlyIndex()) if False else "skip", complex(1) if False else "")

class BadInt:
    def __int__(self):
        return "x"
class BadFloat:
    def __float__(self):
        return 1
class BadIndex:
    def __index__(self):
        return 1.5
for fn, obj in ((int, BadInt()), (float, BadFloat()), (bin, BadIndex())):
    try:
        fn(obj)
    except TypeError as e:
        print(type(e).__name__, e)
try:
    "abc"[BadIndex()]
except TypeError as e:
    print(type(e).__name__, e)
try:
    int(object())
except TypeError as e:
    print(type(e).__name__, e)
try:
    float(object())
except TypeError as e:
    print(type(e).__name__, e)



class IntGivesBool:
    def __int__(self):
        return True


class IndexGivesBool:
    def __index__(self):
        return False


print(int(IntGivesBool()), type(int(IntGivesBool())).__name__)
print(int(IndexGivesBool()), type(int(IndexGivesBool())).__name__)
print([5, 6][IndexGivesBool()], hex(IndexGivesBool()), list(range(IndexGivesBool())))
