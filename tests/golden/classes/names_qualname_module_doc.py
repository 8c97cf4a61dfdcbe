# __name__, __qualname__ (nested classes, methods, functions defined in methods),
# __module__ and __doc__ of classes and methods, __class__ of instances.
# Expected output: python3 3.11's.
class Outer:
    """Outer docstring."""

    class Inner:
        "Inner doc"

        class Deepest:
            def method(self):
                def local():
                    pass
                return local

    def method(self):
        class InMethod:
            pass
        return InMethod

    def no_doc(self):
        pass

print(Outer.__name__, Outer.__qualname__, Outer.__module__, Outer.__doc__)
print(Outer.Inner.__name__, Outer.Inner.__qualname__, Outer.Inner.__doc__)
print(Outer.Inner.Deepest.__qualname__, Outer.Inner.Deepest.__doc__)
print(Outer.Inner.Deepest.method.__qualname__)
print(Outer.Inner.Deepest().method().__qualname__)
print(Outer().method().__qualname__, Outer().method().__name__)
print(Outer.method.__qualname__, Outer.method.__module__, Outer.no_doc.__doc__)
o = Outer()
print(o.__class__ is Outer, o.__class__.__name__, o.__module__, o.__doc__)
print(Outer.Inner().__class__.__qualname__)

def factory():
    class Made:
        pass
    return Made

print(factory().__qualname__)
print(int.__name__, int.__qualname__, int.__module__, object.__module__)

class WithDocAttr:
    __doc__ = "explicit"
print(WithDocAttr.__doc__)

class Renamed:
    pass
Renamed.__qualname__ = "Other.Name"
print(Renamed.__qualname__, Renamed.__name__)
try:
    Renamed.__qualname__ = 5
except TypeError as e:
    print(type(e).__name__, e)
try:
    Renamed.__name__ = 5
except TypeError as e:
    print(type(e).__name__, e)
