# Metaclass selection: the most derived metaclass wins, metaclass conflicts raise CPython's
# TypeError, __prepare__ supplies the class namespace, type.__new__ argument errors.
# Expected output: python3 3.11's.
class M1(type):
    pass
class M2(type):
    pass
class M3(M1):
    pass
class A(metaclass=M1):
    pass
class B(metaclass=M2):
    pass
class C(metaclass=M3):
    pass
try:
    class AB(A, B):
        pass
except TypeError as e:
    print(type(e).__name__, e)
class AC(A, C):
    pass
print(type(AC).__name__)
class Plain:
    pass
class PA(Plain, A):
    pass
print(type(PA).__name__)
try:
    class X(metaclass=M2, ):
        pass
    class Y(X, A):
        pass
except TypeError as e:
    print(type(e).__name__, e)

class OrderedMeta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name, kw)
        return {"injected": 99}

    def __new__(mcls, name, bases, ns, **kw):
        ns["keys"] = [k for k in ns if not k.startswith("__")]
        return super().__new__(mcls, name, bases, ns)

    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)

class Ordered(metaclass=OrderedMeta, option=1):
    zeta = 1
    alpha = 2
    def middle(self):
        return injected

print(Ordered.keys, Ordered.injected, Ordered().middle() if False else "")
try:
    type.__new__(M1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    type.__new__(int, "X", (), {})
except TypeError as e:
    print(type(e).__name__, e)
