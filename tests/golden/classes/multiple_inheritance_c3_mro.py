# Multiple inheritance: C3 linearization of __mro__ for diamonds and deeper graphs,
# mro() method, attribute lookup order.
# Expected output: python3 3.11's.
def names(cls):
    return " ".join(c.__name__ for c in cls.__mro__)

class O: pass
class A(O): pass
class B(O): pass
class C(O): pass
class D(O): pass
class E(O): pass
class K1(A, B, C): pass
class K2(D, B, E): pass
class K3(D, A): pass
class Z(K1, K2, K3): pass
for cls in (K1, K2, K3, Z):
    print(names(cls))

class X: who = "X"
class Y(X): pass
class W(X): who = "W"
class V(Y, W): pass
print(names(V), V.who)
print(V.mro() == list(V.__mro__), type(V.mro()).__name__)

class F: pass
class G: pass
class H(F, G): pass
class I(G, F): pass
print(names(H), names(I))

class Mixin:
    def greet(self):
        return "mixin " + super().greet()

class Base:
    def greet(self):
        return "base"

class Combined(Mixin, Base):
    pass

print(Combined().greet(), names(Combined))
class Multi(list, Mixin): pass
print(names(Multi))
