# Dunder protocols on user classes: operators, reflected and in-place forms, comparisons,
# containers, iteration, calls, context managers, descriptors, super() in a diamond,
# subclasses of list/dict/Exception. Expected output: python3 3.11's.
class V:
    def __init__(self, x, y): self.x, self.y = x, y
    def __add__(self, o): return V(self.x + o.x, self.y + o.y)
    def __radd__(self, o): return V(self.x + o, self.y + o)
    def __mul__(self, k): return V(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __neg__(self): return V(-self.x, -self.y)
    def __eq__(self, o): return isinstance(o, V) and (self.x, self.y) == (o.x, o.y)
    def __lt__(self, o): return (self.x, self.y) < (o.x, o.y)
    def __repr__(self): return f"V({self.x}, {self.y})"
    def __len__(self): return 2
    def __getitem__(self, i): return (self.x, self.y)[i]
    def __iter__(self): yield self.x; yield self.y
    def __bool__(self): return bool(self.x or self.y)
    def __contains__(self, v): return v in (self.x, self.y)
    def __call__(self, *a, **k): return ("called", a, k)
    def __iadd__(self, o): self.x += o; return self
a = V(1, 2); b = V(3, 4)
print(a + b, 1 + a, a * 3, 3 * a, -a, a == V(1, 2), a != b, a < b, b > a)
print(len(a), a[0], list(a), bool(V(0, 0)), 2 in a, 5 in a, a(1, k=2))
print(sorted([b, a, V(0, 9)]), max(a, b))
a += 10; print(a)
try: hash(a)
except TypeError as e: print(e)
try: a - b
except TypeError as e: print(e)
x, y = b; print(x, y)
class S(V):
    def __repr__(self): return "S" + super().__repr__()
s = S(1, 1); print(s, s + s, s == S(1, 1))
class Cnt:
    count = 0
    def __init__(self): Cnt.count += 1
    @classmethod
    def make(cls): return cls()
    @staticmethod
    def add(a, b): return a + b
    @property
    def double(self): return self.count * 2
    @double.setter
    def double(self, v): Cnt.count = v // 2
c = Cnt.make(); Cnt(); print(Cnt.count, Cnt.add(2, 3), c.add(1, 1), c.double)
c.double = 20; print(Cnt.count, c.double)
class Ga:
    def __getattr__(self, n): return n.upper()
g = Ga(); g.z = 1; print(g.abc, g.z)
class E(Exception):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
try: raise E("bad", 42)
except Exception as e: print(type(e).__name__, e, e.code, e.args, repr(e))
class MyList(list):
    def sum(self): return sum(self)
m = MyList([1, 2, 3]); m.append(4); print(m, m.sum(), len(m), type(m), m.__class__.__name__)
class D(dict):
    def __missing__(self, k): return k * 2
d = D(a=1); print(d["a"], d["zz"], d)
class Ctx:
    def __enter__(self): print("enter"); return self
    def __exit__(self, *a): print("exit", a[0]); return True
with Ctx() as cc: raise ValueError("x")
print(type(cc).__name__)
class It:
    def __init__(self): self.i = 0
    def __iter__(self): return self
    def __next__(self):
        self.i += 1
        if self.i > 3: raise StopIteration
        return self.i
print(list(It()), [x * 2 for x in It()], sum(It()))
class Base:
    def hello(self): return "base"
class L(Base):
    def hello(self): return "L" + super().hello()
class R(Base):
    def hello(self): return "R" + super().hello()
class M(L, R):
    def hello(self): return "M" + super().hello()
print(M().hello(), [k.__name__ for k in M.__mro__])
print(f"{a!r} {s}", str(a), format(V(1,1)))
class P:
    def __str__(self): return "P-str"
print(P(), str(P()), [P()] if False else "")
print(repr(P())[:10])
