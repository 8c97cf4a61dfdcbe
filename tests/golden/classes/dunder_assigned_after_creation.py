# Assigning dunders on the class after creation (C.__len__ = ...), replacing and deleting
# them, and the effect on existing instances and subclasses; instance-level dunders are
# ignored by the operators.
# Expected output: python3 3.11's.
class C:
    pass

c = C()
try:
    len(c)
except TypeError as e:
    print(type(e).__name__, e)
C.__len__ = lambda self: 7
print(len(c), bool(c))
C.__len__ = lambda self: 0
print(len(c), bool(c))
C.__add__ = lambda self, o: f"add {o}"
C.__radd__ = lambda self, o: f"radd {o}"
print(c + 1, 1 + c)
C.__repr__ = lambda self: "<C!>"
C.__str__ = lambda self: "C as str"
print(repr(c), str(c), [c])
C.__getitem__ = lambda self, k: k * 2
print(c[21], c["ab"])
C.__eq__ = lambda self, o: True
print(c == 1, C.__hash__ is None)
C.__hash__ = lambda self: 99
print(hash(c))
C.__call__ = lambda self, *a: ("call", a)
print(c(1, 2))
C.__iter__ = lambda self: iter("xyz")
print(list(c))

class Sub(C):
    pass
s = Sub()
print(len(s), s + 2, repr(s), s[1])
C.__len__ = lambda self: 3
print(len(s))
Sub.__len__ = lambda self: 100
print(len(s), len(c))
del Sub.__len__
print(len(s))
del C.__len__
try:
    len(s)
except TypeError as e:
    print(type(e).__name__, e)
del C.__add__
try:
    c + 1
except TypeError as e:
    print(type(e).__name__, e)
c.__neg__ = lambda: "instance neg"
try:
    -c
except TypeError as e:
    print(type(e).__name__, e)

def enter(self):
    print("entering")
    return self
C.__enter__ = enter
C.__exit__ = lambda self, *a: print("exiting")
with c:
    pass
C.__bool__ = lambda self: False
print(bool(c), not s)
C.__lt__ = lambda self, o: "lt!"
print(c < s)
