# The default reprs of classes and instances name the class by __module__ and __qualname__:
# nested and local classes, a __qualname__/__module__ set in the class body or rebound later
# (a non-str __module__ is left out), __name__ not used; deleting __module__ and setting it
# on builtins fail with CPython's TypeErrors. Instance reprs are cut before the address.
# Expected output: python3 3.11's.


def short(obj):
    text = repr(obj)
    return text[: text.index(" at 0x")] + ">" if " at 0x" in text else text


class Outer:
    class Inner:
        pass


def factory():
    class Local:
        pass

    return Local


Local = factory()
print(Outer.Inner, short(Outer.Inner()))
print(Local, short(Local()))


class Renamed:
    __qualname__ = "Custom.Path"
    __module__ = "somewhere"


print(Renamed, short(Renamed()), Renamed.__name__)


class Later:
    pass


Later.__qualname__ = "Q.R"
print(Later, short(Later()))
Later.__name__ = "Other"
print(Later, Later.__name__, short(Later()))
for module in ("pkg.mod", 5, None, "builtins"):
    Later.__module__ = module
    print(repr(module), Later.__module__, Later, short(Later()))

try:
    del Later.__module__
except TypeError as e:
    print(type(e).__name__, e)
try:
    int.__module__ = "x"
except TypeError as e:
    print(type(e).__name__, e)

Made = type("Made", (), {})
print(Made.__module__, Made, short(Made()))
print(type("WithModule", (), {"__module__": "m"}))
