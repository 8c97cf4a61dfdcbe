# __set_name__ called at class creation with the owner and attribute name, and user data /
# non-data descriptors (__get__ / __set__ / __delete__) with their precedence against the
# instance __dict__.
# Expected output: python3 3.11's.
class Field:
    def __init__(self, default=None):
        self.default = default

    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name
        self.storage = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.storage, self.default)

    def __set__(self, obj, value):
        print("set", self.name, value)
        setattr(obj, self.storage, value)

    def __delete__(self, obj):
        print("delete", self.name)
        delattr(obj, self.storage)

class Model:
    x = Field(0)
    y = Field("why")

m = Model()
print(m.x, m.y, type(Model.x).__name__, Model.x.name)
m.x = 10
print(m.x, m.__dict__)
m.__dict__["x"] = "shadow"
print(m.x)
del m.x
print(m.x)

class Lazy:
    def __init__(self, fn):
        self.fn = fn
    def __set_name__(self, owner, name):
        self.name = name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        value = self.fn(obj)
        obj.__dict__[self.name] = value
        print("computed", self.name)
        return value

class Circle:
    def __init__(self, r):
        self.r = r
    @Lazy
    def area(self):
        return 3 * self.r * self.r

c = Circle(2)
print(c.area, c.area, c.__dict__)

class Later:
    pass
f = Field()
Later.z = f
print(hasattr(f, "name"))

class Verbose:
    def __get__(self, obj, objtype):
        return ("get", obj is None, objtype.__name__)
class Host:
    v = Verbose()
print(Host.v, Host().v)

class ReadOnly:
    def __get__(self, obj, objtype=None):
        return 1
    def __set__(self, obj, value):
        raise AttributeError("read only descriptor")
class H2:
    r = ReadOnly()
h = H2()
try:
    h.r = 5
except AttributeError as e:
    print(type(e).__name__, e)
try:
    del h.r
except AttributeError as e:
    print(type(e).__name__, e)

class BadSetName:
    def __set_name__(self, owner, name):
        raise ValueError("set_name failed for " + name)
try:
    class Fails:
        attr = BadSetName()
except RuntimeError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__, e.__cause__)
