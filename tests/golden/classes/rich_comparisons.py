# __eq__ __ne__ __lt__ __le__ __gt__ __ge__: reflection (a < b tries b > a), __ne__ derived
# from __eq__, sorting, min/max, comparison errors between unrelated types.
# Expected output: python3 3.11's.
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))

    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self.parts == other.parts

    def __lt__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self.parts < other.parts

    def __le__(self, other):
        return self == other or self < other

    __hash__ = None

vs = [Version("1.10"), Version("1.2"), Version("1.2.1"), Version("0.9")]
print(sorted(vs), min(vs), max(vs))
a, b = Version("1.2"), Version("1.10")
print(a < b, a > b, a <= b, a >= b, a == b, a != b, a == Version("1.2"), a != Version("1.2"))
print(a == "1.2", a != "1.2")
try:
    a < 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    1 >= a
except TypeError as e:
    print(type(e).__name__, e)

class Loud:
    def __init__(self, n):
        self.n = n
    def __lt__(self, o):
        print(f"{self.n}.__lt__({o.n})")
        return NotImplemented
    def __gt__(self, o):
        print(f"{self.n}.__gt__({o.n})")
        return NotImplemented
    def __eq__(self, o):
        print(f"{self.n}.__eq__({o.n})")
        return NotImplemented

x, y = Loud(1), Loud(2)
try:
    x < y
except TypeError as e:
    print(type(e).__name__, e)
print(x == y, x != y, x == x)

class Base:
    def __eq__(self, o):
        return "Base.__eq__"
class Sub(Base):
    def __eq__(self, o):
        return "Sub.__eq__"
print(Base() == Sub(), Sub() == Base())

class Weird:
    def __lt__(self, o):
        return "yes"
    def __ge__(self, o):
        return 0
print(Weird() < Weird(), Weird() >= 1, 5 > Weird(), 1 <= Weird())
print([3, Version("1")] == [3, Version("1")], (Version("2"),) < (Version("3"),))
