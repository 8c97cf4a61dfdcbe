# __init__ and __new__: call order, arguments passed to both, __init__ returning non-None,
# object.__new__ with extra arguments, __new__ as a static method.
# Expected output: python3 3.11's.
class Tracked:
    def __new__(cls, *args, **kwargs):
        print("new", cls.__name__, args, kwargs)
        obj = super().__new__(cls)
        obj.created = True
        return obj

    def __init__(self, a, b=2):
        print("init", a, b)
        self.a = a
        self.b = b

t = Tracked(1, b=5)
print(t.created, t.a, t.b, type(t).__name__)
print(type(Tracked.__dict__["__new__"]).__name__)

class Sub(Tracked):
    def __init__(self, a):
        super().__init__(a, a * 10)

s = Sub(3)
print(s.a, s.b)

class BadInit:
    def __init__(self):
        return 5

try:
    BadInit()
except TypeError as e:
    print(type(e).__name__, e)

class NoInit:
    pass

try:
    NoInit(1, 2)
except TypeError as e:
    print(type(e).__name__, e)

class OnlyInit:
    def __init__(self, x):
        self.x = x

print(OnlyInit(7).x)
try:
    OnlyInit()
except TypeError as e:
    print(type(e).__name__, e)

class OnlyNew:
    def __new__(cls, x):
        o = object.__new__(cls)
        o.x = x * 2
        return o

print(OnlyNew(4).x)
try:
    object.__new__(OnlyNew, 1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    object.__new__(1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    object.__new__(int)
except TypeError as e:
    print(type(e).__name__, e)
o = object.__new__(NoInit)
print(type(o).__name__)
