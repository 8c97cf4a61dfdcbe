# Decorators applied to classes: adding methods, registering, replacing the class,
# decorators with arguments, stacking with class decorators.
# Expected output: python3 3.11's.
def add_repr(cls):
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{cls.__name__}({fields})"
    cls.__repr__ = __repr__
    return cls

plugins = []

def plugin(name):
    def deco(cls):
        cls.plugin_name = name
        plugins.append(cls)
        return cls
    return deco

def singleton(cls):
    instances = {}
    def get(*args):
        if cls not in instances:
            instances[cls] = cls(*args)
        return instances[cls]
    return get

def frozen(cls):
    def __setattr__(self, name, value):
        if getattr(self, "_frozen", False):
            raise AttributeError(f"{cls.__name__} is frozen")
        object.__setattr__(self, name, value)
    cls.__setattr__ = __setattr__
    orig_init = cls.__init__
    def __init__(self, *a, **k):
        orig_init(self, *a, **k)
        self._frozen = True
    cls.__init__ = __init__
    return cls

@add_repr
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

print(Point(1, "a"), [Point(0, 0)])

@plugin("json")
@add_repr
class JsonPlugin:
    def __init__(self):
        self.enabled = True

@plugin("xml")
class XmlPlugin:
    pass

print([(c.__name__, c.plugin_name) for c in plugins], JsonPlugin())

@singleton
class Db:
    def __init__(self, url):
        self.url = url

print(Db("a") is Db("b"), Db("c").url, type(Db).__name__)

@frozen
class Frozen:
    def __init__(self, v):
        self.v = v

fz = Frozen(3)
print(fz.v)
try:
    fz.v = 4
except AttributeError as e:
    print(type(e).__name__, e)
