# Singletons and instance caches via __new__ storing the instance on the class.
# Expected output: python3 3.11's.
class Singleton:
    _instance = None
    inits = 0

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __init__(self):
        Singleton.inits += 1

a = Singleton()
b = Singleton()
print(a is b, Singleton.inits)

class Interned:
    _cache = {}

    def __new__(cls, key):
        obj = cls._cache.get(key)
        if obj is None:
            obj = super().__new__(cls)
            obj.key = key
            cls._cache[key] = obj
        return obj

    def __repr__(self):
        return f"Interned({self.key!r})"

x = Interned("a")
y = Interned("a")
z = Interned("b")
print(x is y, x is z, sorted(Interned._cache), x, z)

class Config:
    _instances = {}

    def __new__(cls, *args):
        if cls not in Config._instances:
            Config._instances[cls] = super().__new__(cls)
        return Config._instances[cls]

class DevConfig(Config):
    pass

print(Config() is Config(), DevConfig() is DevConfig(), Config() is DevConfig())
print(sorted(c.__name__ for c in Config._instances))
