# A metaclass __getattr__ only runs for names the class does not have (class attributes and
# attributes set later still win); object has __getattribute__ but no __getattr__;
# object.__str__ goes through the instance's __repr__, and str() of a class whose __repr__
# returns a non-string reports it as __str__.
# Expected output: python3 3.11's.


class Meta(type):
    def __getattr__(cls, name):
        return f"meta fallback {name}"


class C(metaclass=Meta):
    a = 1


print(C.a, C.b)
C.q = 2
print(C.q, C.__dict__["q"])
print(getattr(C, "zzz"), hasattr(C, "anything"))
print(C().a)
try:
    C().b
except AttributeError as e:
    print(type(e).__name__, e)

print(hasattr(object, "__getattr__"), hasattr(object, "__getattribute__"))
print(hasattr(int, "__getattr__"), hasattr(C, "__getattr__"))


class Tracing:
    def __getattribute__(self, name):
        print("lookup", name)
        return object.__getattribute__(self, name)


t = Tracing()
t.x = 5
print(t.x)
try:
    t.missing
except AttributeError as e:
    print(type(e).__name__, e)


class R:
    def __repr__(self):
        return "R()"


print(object.__str__(R()), str(R()), f"{R()}")


class BadRepr:
    def __repr__(self):
        return 42


for fn in (repr, str, format):
    try:
        fn(BadRepr())
    except TypeError as e:
        print(fn.__name__, type(e).__name__, e)
try:
    print([BadRepr()])
except TypeError as e:
    print(type(e).__name__, e)
