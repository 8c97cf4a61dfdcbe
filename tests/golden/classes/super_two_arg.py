# Two-argument super(type, obj) and super(type, type): skipping classes in the MRO, calling
# from outside the class, and its TypeErrors.
# Expected output: python3 3.11's.
class A:
    def who(self):
        return "A"

    @classmethod
    def cm(cls):
        return "A.cm " + cls.__name__

class B(A):
    def who(self):
        return "B"

class C(B):
    def who(self):
        return "C"

c = C()
print(super(C, c).who(), super(B, c).who(), super(C, C).who(c))
print(super(C, c).cm(), super(B, C).cm())
try:
    super(A, c).who()
except AttributeError as e:
    print(type(e).__name__, e)
try:
    super(C, A())
except TypeError as e:
    print(type(e).__name__, e)
try:
    super(1, c)
except TypeError as e:
    print(type(e).__name__, e)
try:
    super(C, 5)
except TypeError as e:
    print(type(e).__name__, e)
s = super(B, c)
print(s.__thisclass__.__name__, type(s.__self__).__name__, s.__self_class__.__name__)
u = super(B)
print(u.__self__, u.__thisclass__.__name__)

class D(C):
    def chain(self):
        return [super(k, self).who() for k in (D, C, B)]

print(D().chain())
