# Reflected operators __radd__ .. __ror__ and __rpow__: used when the left operand does not
# support the operation, subclass reflected methods taking priority, non-commutative cases.
# Expected output: python3 3.11's.
class R:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"R({self.v})"
    def __radd__(self, o): return ("radd", o, self.v)
    def __rsub__(self, o): return ("rsub", o - self.v)
    def __rmul__(self, o): return ("rmul", o * self.v)
    def __rmatmul__(self, o): return ("rmatmul", o)
    def __rtruediv__(self, o): return ("rtruediv", o / self.v)
    def __rfloordiv__(self, o): return ("rfloordiv", o // self.v)
    def __rmod__(self, o): return ("rmod", o % self.v)
    def __rdivmod__(self, o): return ("rdivmod", divmod(o, self.v))
    def __rpow__(self, o): return ("rpow", o ** self.v)
    def __rlshift__(self, o): return ("rlshift", o << self.v)
    def __rrshift__(self, o): return ("rrshift", o >> self.v)
    def __rand__(self, o): return ("rand", o & self.v)
    def __rxor__(self, o): return ("rxor", o ^ self.v)
    def __ror__(self, o): return ("ror", o | self.v)

r = R(3)
print(10 + r, 10 - r, 10 * r, [1] @ r, 9 / r, 10 // r, 10 % r, divmod(10, r))
print(2 ** r, pow(2, r), 1 << r, 64 >> r, 7 & r, 7 ^ r, 4 | r, "s" + r, [1] * r)
try:
    pow(2, r, 5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    r + 1
except TypeError as e:
    print(type(e).__name__, e)

class Base:
    def __init__(self, v): self.v = v
    def __add__(self, o): return f"Base.__add__({type(o).__name__})"
    def __radd__(self, o): return f"Base.__radd__({type(o).__name__})"
    def __sub__(self, o): return "Base.__sub__"
    def __rsub__(self, o): return "Base.__rsub__"

class Derived(Base):
    def __radd__(self, o): return f"Derived.__radd__({type(o).__name__})"

print(Base(1) + Derived(2), Derived(2) + Base(1), Base(1) + Base(2))
print(Base(1) - Derived(2))

class Vec:
    def __init__(self, *c): self.c = c
    def __mul__(self, k):
        if not isinstance(k, (int, float)):
            return NotImplemented
        return Vec(*(x * k for x in self.c))
    __rmul__ = __mul__
    def __repr__(self): return f"Vec{self.c}"
print(Vec(1, 2) * 3, 3 * Vec(1, 2), 0.5 * Vec(2, 4))
try:
    Vec(1) * Vec(2)
except TypeError as e:
    print(type(e).__name__, e)
