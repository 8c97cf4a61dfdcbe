# __getattr__ (only on missing attributes) vs __getattribute__ (every lookup), delegating
# with object.__getattribute__, AttributeError from __getattribute__ falling to __getattr__.
# Expected output: python3 3.11's.
class Proxy:
    def __init__(self, target):
        self._target = target
    def __getattr__(self, name):
        print("getattr", name)
        return getattr(self._target, name)

p = Proxy([3, 1, 2])
p.append(0)
print(p._target, p.count(1))
try:
    p.nothing
except AttributeError as e:
    print(type(e).__name__, e)

class Logged:
    def __init__(self):
        self.x = 1
    def __getattribute__(self, name):
        if not name.startswith("__"):
            print("getattribute", name)
        return object.__getattribute__(self, name)
    def method(self):
        return self.x

lg = Logged()
print(lg.x, lg.method())
try:
    lg.missing
except AttributeError as e:
    print(type(e).__name__, e)

class Both:
    y = "class-y"
    def __getattribute__(self, name):
        if name == "hidden":
            raise AttributeError("hidden is hidden")
        return super().__getattribute__(name)
    def __getattr__(self, name):
        return f"<default {name}>"

b = Both()
print(b.y, b.hidden, b.other, getattr(b, "zzz"), hasattr(b, "anything"))

class Dynamic:
    def __getattr__(self, name):
        if name.startswith("get_"):
            field = name[4:]
            return lambda: f"value of {field}"
        raise AttributeError(f"{type(self).__name__!r} has no {name!r}")

d = Dynamic()
print(d.get_name(), d.get_age())
try:
    d.other
except AttributeError as e:
    print(type(e).__name__, e)
print(getattr(d, "other", "dflt"), hasattr(d, "get_x"), hasattr(d, "x"))

class Counting:
    def __init__(self):
        object.__setattr__(self, "hits", 0)
    def __getattribute__(self, name):
        object.__setattr__(self, "hits", object.__getattribute__(self, "hits") + 1)
        return object.__getattribute__(self, name)
c = Counting()
c.hits; c.hits
print(object.__getattribute__(c, "hits"))

class RaisesOther:
    def __getattr__(self, name):
        raise KeyError(name)
try:
    getattr(RaisesOther(), "k", None)
except KeyError as e:
    print(type(e).__name__, e)
print(type(object.__getattribute__(p, "__getattr__")).__name__)
