# __setattr__ and __delattr__: intercepting assignment, validation, storing via
# object.__setattr__ / __dict__, super().__setattr__, read-only attributes.
# Expected output: python3 3.11's.
class Record:
    def __init__(self, **fields):
        for k, v in fields.items():
            setattr(self, k, v)

    def __setattr__(self, name, value):
        print("set", name, value)
        if name.startswith("_"):
            raise AttributeError(f"cannot set private {name}")
        super().__setattr__(name, value)

    def __delattr__(self, name):
        print("del", name)
        if name == "id":
            raise AttributeError("id is permanent")
        object.__delattr__(self, name)

r = Record(id=1, name="x")
r.name = "y"
print(r.__dict__)
try:
    r._secret = 1
except AttributeError as e:
    print(type(e).__name__, e)
del r.name
print(r.__dict__)
try:
    del r.id
except AttributeError as e:
    print(type(e).__name__, e)
try:
    del r.nothing
except AttributeError as e:
    print(type(e).__name__, e)
setattr(r, "via_setattr", 3)
delattr(r, "via_setattr")
print(r.__dict__)

class Typed:
    types = {"x": int, "label": str}

    def __setattr__(self, name, value):
        expected = self.types.get(name)
        if expected is not None and not isinstance(value, expected):
            raise TypeError(f"{name} must be {expected.__name__}, got {type(value).__name__}")
        self.__dict__[name] = value

t = Typed()
t.x = 5
t.label = "ok"
t.free = [1]
print(t.__dict__)
try:
    t.x = "5"
except TypeError as e:
    print(type(e).__name__, e)

class Audit:
    log = []
    def __setattr__(self, name, value):
        Audit.log.append(name)
        object.__setattr__(self, name, value)
    def __init__(self):
        self.a = 1
        self.a += 1
a = Audit()
print(a.a, Audit.log)
Audit.flag = True
print(Audit.log)
try:
    object.__setattr__(1, "x", 2)
except AttributeError as e:
    print(type(e).__name__, e)
try:
    setattr(a, 5, 1)
except TypeError as e:
    print(type(e).__name__, e)
