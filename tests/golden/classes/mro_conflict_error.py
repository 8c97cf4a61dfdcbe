# CPython's TypeError when no consistent MRO exists, and for duplicate bases and
# unsubclassable bases.
# Expected output: python3 3.11's.
class A: pass
class B(A): pass
try:
    class C(A, B): pass
except TypeError as e:
    print(type(e).__name__, e)

class X: pass
class Y: pass
class P(X, Y): pass
class Q(Y, X): pass
try:
    class R(P, Q): pass
except TypeError as e:
    print(type(e).__name__, e)

try:
    class D(A, A): pass
except TypeError as e:
    print(type(e).__name__, e)

try:
    class E(bool): pass
except TypeError as e:
    print(type(e).__name__, e)

try:
    class F(1): pass
except TypeError as e:
    print(type(e).__name__, e)

try:
    class G(A, object, B): pass
except TypeError as e:
    print(type(e).__name__, e)

class OK(B, A): pass
print([c.__name__ for c in OK.__mro__])
try:
    type("T", (A, B), {})
except TypeError as e:
    print(type(e).__name__, e)
