# type(x) for instances and classes, and type(name, bases, dict) creating classes with
# methods, inheritance and class attributes; type() errors.
# Expected output: python3 3.11's.
class Base:
    def hello(self):
        return "hello from " + type(self).__name__

def init(self, v):
    self.v = v

Dyn = type("Dyn", (Base,), {"x": 5, "__init__": init, "double": lambda self: self.v * 2})
d = Dyn(21)
print(type(d) is Dyn, type(d).__name__, Dyn.__name__, Dyn.__qualname__, Dyn.__module__)
print(d.double(), d.hello(), d.x, Dyn.__bases__[0].__name__)
print([c.__name__ for c in Dyn.__mro__])
Empty = type("Empty", (), {})
print(Empty.__bases__ == (object,), type(Empty()).__name__)
print(type(1), type("s"), type(Dyn), type(type), type(None).__name__)
print(type(Base) is type, type(Base()) is Base)
Doc = type("Doc", (), {"__doc__": "docstring", "__qualname__": "Outer.Doc"})
print(Doc.__doc__, Doc.__qualname__, Doc.__name__)
try:
    type("X", 1, {})
except TypeError as e:
    print(type(e).__name__, e)
try:
    type("X", (), 1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    type(1, (), {})
except TypeError as e:
    print(type(e).__name__, e)
try:
    type("X", ())
except TypeError as e:
    print(type(e).__name__, e)
try:
    type()
except TypeError as e:
    print(type(e).__name__, e)
try:
    type("X", (1,), {})
except TypeError as e:
    print(type(e).__name__, e)
Dyn.added = "later"
print(d.added)
Dyn.__name__ = "Renamed"
print(Dyn.__name__, Dyn.__qualname__)
