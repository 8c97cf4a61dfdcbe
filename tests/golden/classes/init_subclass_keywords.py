# __init_subclass__: implicit classmethod, keyword arguments from the class statement,
# super().__init_subclass__ chaining, registration of subclasses, errors for unexpected
# keywords reaching object.__init_subclass__.
# Expected output: python3 3.11's.
class Plugin:
    registry = {}

    def __init_subclass__(cls, name=None, priority=0, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.plugin_name = name or cls.__name__.lower()
        cls.priority = priority
        Plugin.registry[cls.plugin_name] = cls
        print("registered", cls.plugin_name, priority)

class Json(Plugin, name="json", priority=5):
    pass

class Yaml(Plugin):
    pass

class StrictJson(Json, priority=9):
    pass

print(sorted(Plugin.registry), StrictJson.plugin_name, StrictJson.priority, Json.priority)
print(type(Plugin.__dict__["__init_subclass__"]).__name__)

class Base:
    subclasses = []
    def __init_subclass__(cls, **kwargs):
        print("Base.__init_subclass__", cls.__name__, kwargs)
        Base.subclasses.append(cls.__name__)
        super().__init_subclass__()

class Mid(Base):
    def __init_subclass__(cls, tag, **kwargs):
        print("Mid.__init_subclass__", cls.__name__, tag)
        cls.tag = tag
        super().__init_subclass__(**kwargs)

class Leaf(Mid, tag="leaf", extra=1):
    pass
print(Base.subclasses, Leaf.tag)

try:
    class Bad(Mid):
        pass
except TypeError as e:
    print(type(e).__name__, e)
try:
    class Bad2(object, unexpected=1):
        pass
except TypeError as e:
    print(type(e).__name__, e)
try:
    class Bad3(Yaml, nope=1):
        pass
except TypeError as e:
    print(type(e).__name__, e)

class Validated:
    def __init_subclass__(cls):
        if "run" not in cls.__dict__:
            raise TypeError(f"{cls.__name__} must define run()")
try:
    class NoRun(Validated):
        pass
except TypeError as e:
    print(type(e).__name__, e)
class HasRun(Validated):
    def run(self):
        return "ran"
print(HasRun().run())
