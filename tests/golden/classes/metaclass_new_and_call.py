# Metaclasses: class Meta(type) with __new__, __init__ and __call__, the metaclass= keyword,
# metaclass inheritance to subclasses, metaclass methods and attributes, type(cls).
# Expected output: python3 3.11's.
class Meta(type):
    def __new__(mcls, name, bases, ns, **kwargs):
        print("Meta.__new__", mcls.__name__, name, [b.__name__ for b in bases],
              sorted(k for k in ns if not k.startswith("__")), kwargs)
        ns["added_by_meta"] = name.lower()
        return super().__new__(mcls, name, bases, ns)

    def __init__(cls, name, bases, ns, **kwargs):
        print("Meta.__init__", name)
        super().__init__(name, bases, ns)

    def __call__(cls, *args, **kwargs):
        print("Meta.__call__", cls.__name__, args)
        obj = super().__call__(*args, **kwargs)
        obj.made_by_meta = True
        return obj

    def describe(cls):
        return f"class {cls.__name__} via {type(cls).__name__}"

class Model(metaclass=Meta):
    field = 1
    def __init__(self, v):
        print("Model.__init__", v)
        self.v = v

m = Model(5)
print(m.v, m.made_by_meta, Model.added_by_meta, type(Model).__name__, Model.describe())
try:
    m.describe()
except AttributeError as e:
    print(type(e).__name__, e)

class User(Model, flag=True):
    name = "u"

print(type(User) is Meta, User.added_by_meta, User.describe(), User(1).v)
print(isinstance(Model, Meta), isinstance(Model, type), issubclass(Meta, type))

class Registry(type):
    classes = []
    def __new__(mcls, name, bases, ns):
        cls = type.__new__(mcls, name, bases, ns)
        if bases:
            Registry.classes.append(name)
        return cls

class Plugin(metaclass=Registry):
    pass
class P1(Plugin):
    pass
class P2(Plugin):
    pass
print(Registry.classes)

class Counted(type):
    def __call__(cls, *a):
        cls.instances = getattr(cls, "instances", 0) + 1
        return type.__call__(cls, *a)
class Thing(metaclass=Counted):
    pass
Thing(); Thing(); Thing()
print(Thing.instances)

class Singleton(type):
    _inst = {}
    def __call__(cls, *a):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a)
        return cls._inst[cls]
class Conn(metaclass=Singleton):
    def __init__(self, url):
        self.url = url
print(Conn("a") is Conn("b"), Conn("c").url)

def func_meta(name, bases, ns):
    ns["made"] = "by function"
    return type(name, bases, ns)
class ByFunc(metaclass=func_meta):
    pass
print(ByFunc.made, type(ByFunc).__name__)
try:
    class Bad(metaclass=Meta, unknown=1, other=2):
        pass
    print(Bad.__name__)
except TypeError as e:
    print(type(e).__name__, e)
