# Explicit object subclasses and the defaults inherited from object: __repr__ shape, __eq__
# identity, __ne__, __hash__, __init_subclass__, __class__ assignment, dir() entries.
# Expected output: python3 3.11's.
class Explicit(object):
    pass

class Implicit:
    pass

e = Explicit()
print(Explicit.__bases__, Implicit.__bases__, Explicit.__mro__[-1] is object)
r = repr(e)
print(r.startswith("<__main__.Explicit object at 0x"), r.endswith(">"))
print(str(e) == repr(e), e == e, e != Explicit(), e.__eq__(1), e.__ne__(e))
print(type(hash(e)).__name__, e.__hash__() == hash(e))
print(isinstance(e, object), issubclass(Explicit, object), type(object()).__name__)
print(sorted(n for n in ("__init__", "__repr__", "__eq__", "__dict__", "x") if n in dir(e)))
e.x = 1
print("x" in dir(e), "__class__" in dir(Explicit))

class A:
    def who(self):
        return "A"
class B:
    def who(self):
        return "B"
obj = A()
obj.__class__ = B
print(obj.who(), type(obj).__name__, isinstance(obj, B))
try:
    obj.__class__ = int
except TypeError as ex:
    print(type(ex).__name__, ex)
try:
    obj.__class__ = 5
except TypeError as ex:
    print(type(ex).__name__, ex)
try:
    Explicit(1)
except TypeError as ex:
    print(type(ex).__name__, ex)
try:
    object(1)
except TypeError as ex:
    print(type(ex).__name__, ex)
print(object.__name__, object.__bases__, object.__mro__, type(object.__init__).__name__)
