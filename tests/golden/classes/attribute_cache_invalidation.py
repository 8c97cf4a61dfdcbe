# Class attribute lookups are cached per class (hits and misses); every change to a class's
# attributes must be seen at once by its instances and by all its subclasses, including
# through multiple inheritance, deletion and setattr/delattr. Expected output: python3 3.11's.
class A:
    x = 1

    def m(self):
        return "A.m"


class B(A):
    pass


class C:
    y = "C.y"


class D(B, C):
    pass


d = D()
for _ in range(3):  # warm whatever caches exist
    print(d.x, d.m(), d.y, getattr(d, "z", "no z"))
A.x = 2
A.m = lambda self: "new A.m"
C.z = "C.z now"
print(d.x, d.m(), d.y, getattr(d, "z", "no z"))
B.x = "B.x shadows"
print(d.x, D.x, A.x)
del B.x
print(d.x)
d.x = "instance"
print(d.x, D.x)
del d.x
setattr(C, "y", "C.y changed")
print(d.y)
delattr(C, "y")
print(hasattr(d, "y"), hasattr(D, "y"))
for _ in range(2):
    print(getattr(D, "later", None))
A.later = staticmethod(lambda: "later")
print(D.later())
D.__module__ = "elsewhere"
print(D.__module__, B.__module__)


class Meta(type):
    pass


class E(metaclass=Meta):
    pass


print(getattr(E, "tag", None))
Meta.tag = "from the metaclass"
print(E.tag)
