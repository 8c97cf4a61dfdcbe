# Subclasses of dict: __missing__ (called by [] only, not get/in), defaultdict-like and
# counter-like classes, overridden __setitem__ (not used by update/constructor), extra state.
# Expected output: python3 3.11's.
class Default(dict):
    def __init__(self, factory, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.factory = factory

    def __missing__(self, key):
        value = self[key] = self.factory()
        return value

d = Default(list)
d["a"].append(1)
d["a"].append(2)
d["b"].append(3)
print(d, d.get("zz"), "zz" in d, len(d), type(d).__name__)

class Counter(dict):
    def __missing__(self, key):
        return 0
    def add(self, items):
        for x in items:
            self[x] += 1
        return self
    def most_common(self):
        return sorted(self.items(), key=lambda kv: (-kv[1], kv[0]))

c = Counter().add("mississippi")
print(c.most_common(), c["x"], "x" in c, c.get("x", "none"))

class Upper(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k.upper(), v)
    def __getitem__(self, k):
        return super().__getitem__(k.upper())

u = Upper(a=1)
u["b"] = 2
u.update(c=3)
print(u, u["B"], u["b"], sorted(u))
try:
    u["zz"]
except KeyError as e:
    print(type(e).__name__, e)

class Missing(dict):
    def __missing__(self, key):
        raise KeyError(f"no {key!r} here")
try:
    Missing()["k"]
except KeyError as e:
    print(type(e).__name__, e)

class Attr(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None
a = Attr(x=1, y=2)
print(a.x, a.y, a, a == {"x": 1, "y": 2}, {**a})
try:
    a.z
except AttributeError as e:
    print(type(e).__name__, e)
print(isinstance(a, dict), dict(a), list(a.keys()), a.copy(), type(a.copy()).__name__)
class Plain(dict):
    pass
p = Plain({1: 2})
p.extra = True
print(p, p.extra, p | {3: 4}, type(p | {3: 4}).__name__)
