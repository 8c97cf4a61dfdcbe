# Attribute loads, stores and method loads on instances are cached per instruction and class;
# the cache must never change behaviour: a property or other data descriptor added to the class
# (or a base) after cached loads takes over, an instance attribute shadows a method, a method
# replaced on the class is seen, __class__ assignment, __dict__ replaced, attributes deleted and
# re-added in another order, __getattr__/__getattribute__/__setattr__ added later, and a
# descriptor class that gains __set__. Expected output: python3 3.11's.


class Base:
    pass


class Point(Base):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


def get_x(p):
    return p.x


def set_x(p, v):
    p.x = v


def call_norm(p):
    return p.norm1()


p = Point(1, 2)
q = Point(3, -4)
print([get_x(p), get_x(q), get_x(p)])
set_x(p, 10)
set_x(q, 30)
print([get_x(p), get_x(q)], [call_norm(p), call_norm(q)])

# Instance attribute shadowing a method, then removed.
p.norm1 = lambda: "instance norm1"
print(call_norm(p), call_norm(q))
del p.norm1
print(call_norm(p), call_norm(q))

# Method replaced on the class and on a base.
Point.norm1 = lambda self: "class norm1"
print(call_norm(p))
del Point.norm1
Base.norm1 = lambda self: "base norm1"
print(call_norm(p))

# A property on a base takes over loads and stores of an instance attribute.
Base.x = property(lambda self: "property x", lambda self, v: print("setter got", v))
print(get_x(p), get_x(q))
set_x(p, 99)
print(p.__dict__["x"])
del Base.x
print(get_x(p))

# Deleting and re-adding attributes moves them inside the instance dict.
r = Point(5, 6)
print(get_x(r))
del r.x
try:
    get_x(r)
except AttributeError as e:
    print("AttributeError:", e)
r.z = 7
r.x = 8
print(get_x(r), r.__dict__)
set_x(r, 9)
print(r.__dict__)

# __dict__ replaced as a whole.
r.__dict__ = {"y": 1, "x": "from new dict"}
print(get_x(r))
set_x(r, "stored in new dict")
print(r.__dict__)


# __class__ assignment between classes with the same layout.
class Other:
    x = "Other.x class attribute"

    def norm1(self):
        return "Other.norm1"


s = Point(1, 1)
print(get_x(s), call_norm(s))
s.__class__ = Other
print(get_x(s), call_norm(s))
del s.x
print(get_x(s))


# __getattr__, __getattribute__ and __setattr__ added after caching.
class Dyn:
    def __init__(self):
        self.x = 1


d = Dyn()
print(get_x(d))
Dyn.__getattribute__ = lambda self, name: "getattribute " + name
print(get_x(d), d.anything)
del Dyn.__getattribute__
print(get_x(d))
Dyn.__setattr__ = lambda self, name, v: print("setattr", name, v)
set_x(d, 5)
print(d.__dict__)
del Dyn.__setattr__
set_x(d, 6)
print(d.__dict__)


# A non-data descriptor class that later gains __set__ becomes a data descriptor.
class Desc:
    def __get__(self, obj, owner=None):
        return "Desc.__get__"


class WithDesc:
    x = Desc()


w = WithDesc()
w.__dict__["x"] = "instance value"
print(get_x(w), get_x(w))
Desc.__set__ = lambda self, obj, v: print("Desc.__set__", v)
print(get_x(w))
set_x(w, 1)


# Many classes through one instruction, and subclass instances.
class Sub(Point):
    pass


objs = [Point(i, 0) if i % 2 else Sub(i, 0) for i in range(6)]
print([get_x(o) for o in objs], [call_norm(o) for o in objs])
for o in objs:
    set_x(o, -o.x)
print([get_x(o) for o in objs])


# Attributes on other kinds of objects through the same code.
class Holder:
    pass


import math

h = Holder()
h.x = "holder"
print(get_x(h), get_x(type("T", (), {"x": "class T"})), math.pi > 3)
print(get_x(Holder) if hasattr(Holder, "x") else "no Holder.x")

