# Bound and unbound methods: C.f(obj), obj.f.__self__, __func__, method equality,
# functions accessed through the class are plain functions, rebinding via __get__.
# Expected output: python3 3.11's.
class C:
    def __init__(self, v):
        self.v = v

    def f(self, k=1):
        return self.v * k

a = C(3)
b = C(4)
print(C.f(a), C.f(b, 2), a.f(), a.f(5))
m = a.f
print(type(m).__name__, m.__self__ is a, m.__func__ is C.f, type(C.f).__name__)
print(m.__name__, m.__qualname__, C.f.__qualname__)
print(a.f == a.f, a.f == b.f, a.f is a.f, C.f is C.f)
print(hash(a.f) == hash(a.f))
bound = C.f.__get__(b)
print(bound(), bound.__self__ is b)
print(C.f.__get__(None, C) is C.f)
print(C.f(C(10), k=3))
print(m.__func__(b, 10))
unrelated = C.f
class D:
    v = "D-v"
print(unrelated(D()))
try:
    C.f()
except TypeError as e:
    print(type(e).__name__, e)
fs = [a.f, b.f]
print([g(2) for g in fs])
MethodType = type(a.f)
print(isinstance(m, MethodType), isinstance(C.f, type(lambda: 0)))
