# A dict subclass overriding __getitem__/__len__: the override serves d[k] and len(d), but
# get(), {**d}, dict(d), update(d), **d in calls, copy() and iteration read the entries
# directly (the subclass keeps dict's own __iter__), as in CPython; overriding __iter__ or
# keys() changes what {**d} and update() see. A builtin slot method borrowed by an unrelated
# class rejects its instances.
# Expected output: python3 3.11's.


class Logged(dict):
    def __getitem__(self, key):
        print("  getitem", key)
        return super().__getitem__(key)

    def __len__(self):
        print("  len")
        return super().__len__()


d = Logged(a=1, b=2)
steps = [
    ("subscript", lambda: d["a"]),
    ("get", lambda: d.get("a")),
    ("star", lambda: {**d}),
    ("dict", lambda: dict(d)),
    ("update", lambda: {}.update(d) or "updated"),
    ("kwargs", lambda: (lambda **kw: kw)(**d)),
    ("copy", lambda: d.copy()),
    ("iter", lambda: [key for key in d]),
    ("in", lambda: "a" in d),
    ("len", lambda: len(d)),
    ("bool", lambda: bool(d)),
    ("eq", lambda: d == {"a": 1, "b": 2}),
]
for label, step in steps:
    print(label)
    print("  ->", step())


class OwnKeys(dict):
    def keys(self):
        print("  keys()")
        return ["a"]

    def __iter__(self):
        print("  __iter__")
        return iter(["a"])

    def __getitem__(self, key):
        print("  getitem", key)
        return super().__getitem__(key) * 10


k = OwnKeys(a=1, b=2)
print("star", {**k})
target = {}
target.update(k)
print("update", target)
print("dict", dict(k))


class Borrowed:
    __len__ = list.__len__


try:
    len(Borrowed())
except TypeError as e:
    print(type(e).__name__, e)
