# isinstance / issubclass with classes, tuples, nested tuples, builtins and their errors.
# Expected output: python3 3.11's.
class A: pass
class B(A): pass
class C: pass
class D(B, C): pass
d = D()
print(isinstance(d, A), isinstance(d, (C, int)), isinstance(d, (int, str)))
print(isinstance(d, ((int, (str, C)),)), isinstance(d, ()))
print(issubclass(D, (int, A)), issubclass(B, (C, int)), issubclass(D, D))
print(issubclass(bool, (str, int)), isinstance(True, A), isinstance(A, type))
print(isinstance(A, object), issubclass(type, object), isinstance(type, type))
print(isinstance(B(), B), isinstance(B, B), issubclass(B, object))
try:
    isinstance(d, 1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    issubclass(d, A)
except TypeError as e:
    print(type(e).__name__, e)
try:
    issubclass(D, (A, 1))
except TypeError as e:
    print(type(e).__name__, e)
try:
    isinstance(d, (A, 1))
except TypeError as e:
    print(type(e).__name__, e)
try:
    isinstance(d, (int, 1))
except TypeError as e:
    print(type(e).__name__, e)
checks = [(1, int), ("s", (bytes, str)), ([], (tuple, dict)), (D(), (C,))]
print([isinstance(v, t) for v, t in checks])
