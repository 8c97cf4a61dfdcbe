# In-place operators __iadd__ .. __ior__ and __ipow__: mutation and identity, fallback to
# the binary operator when missing, NotImplemented from __iadd__, in-place on attributes,
# subscripts and list elements.
# Expected output: python3 3.11's.
class Acc:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"Acc({self.v})"
    def __iadd__(self, o): self.v += o; return self
    def __isub__(self, o): self.v -= o; return self
    def __imul__(self, o): self.v *= o; return self
    def __imatmul__(self, o): self.v = ("imatmul", o); return self
    def __itruediv__(self, o): self.v /= o; return self
    def __ifloordiv__(self, o): self.v //= o; return self
    def __imod__(self, o): self.v %= o; return self
    def __ipow__(self, o): self.v **= o; return self
    def __ilshift__(self, o): self.v <<= o; return self
    def __irshift__(self, o): self.v >>= o; return self
    def __iand__(self, o): self.v &= o; return self
    def __ixor__(self, o): self.v ^= o; return self
    def __ior__(self, o): self.v |= o; return self

a = Acc(10)
orig = a
a += 5; print(a, end=" ")
a -= 3; print(a, end=" ")
a *= 4; print(a, end=" ")
a //= 5; print(a, end=" ")
a %= 7; print(a, end=" ")
a **= 3; print(a, end=" ")
a <<= 2; print(a, end=" ")
a >>= 1; print(a, end=" ")
a &= 0xFF; print(a, end=" ")
a ^= 0x0F; print(a, end=" ")
a |= 0x100; print(a, end=" ")
a /= 2; print(a)
a @= "m"; print(a, a is orig)

class OnlyAdd:
    def __init__(self, v): self.v = v
    def __add__(self, o): return OnlyAdd(self.v + o)
x = OnlyAdd(1)
y = x
x += 1
print(x.v, y.v, x is y)

class Declines:
    def __iadd__(self, o):
        return NotImplemented
    def __add__(self, o):
        return "used __add__"
d = Declines()
d += 1
print(d)

class DeclinesAll:
    def __iadd__(self, o):
        return NotImplemented
z = DeclinesAll()
try:
    z += 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    w = object()
    w -= 1
except TypeError as e:
    print(type(e).__name__, e)

class Holder:
    def __init__(self):
        self.acc = Acc(0)
        self.items = [Acc(1), Acc(2)]
        self.d = {"k": Acc(100)}
h = Holder()
h.acc += 3
h.items[1] *= 10
h.d["k"] -= 1
print(h.acc, h.items, h.d)

class ReturnsOther:
    def __iadd__(self, o):
        return "replaced"
r = ReturnsOther()
r += 1
print(r)
t = (Acc(1),)
try:
    t[0] += 1
except TypeError as e:
    print(type(e).__name__, e, t)
