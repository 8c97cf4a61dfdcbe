# A class's __dict__ (and vars(cls)) is a read-only mappingproxy: lookups, iteration, get/keys/
# values/items/copy, comparison and | forward to the namespace, it sees later setattr changes,
# and item assignment/deletion, attribute setting, |= and hashing fail with CPython's errors.
# Also the names of builtin descriptors found in such dicts.
# Expected output: python3 3.11's.


class Point:
    dims = 2

    def norm(self):
        return 0


ns = Point.__dict__
print(type(ns).__name__, type(vars(Point)).__name__)
print(ns["dims"], "norm" in ns, "missing" in ns, ns.get("dims"), ns.get("nope"), ns.get("nope", -1))
print([k for k in ns if not k.startswith("__")], [k for k in reversed(ns) if k == "dims"])
print([v for k, v in ns.items() if k == "dims"], "dims" in ns.keys(), 2 in ns.values())
print(type(ns.copy()).__name__, ns == dict(ns), ns != {}, len(ns) == len(dict(ns)), bool(ns))
print(sorted((ns | {"extra": 1}).keys() - dict(ns).keys()), type({} | ns).__name__)

Point.added = "later"
print(ns["added"], Point.__dict__["added"])
del Point.added
print("added" in ns)

for action in (
    lambda: hash(ns),
    lambda: ns.get(),
    lambda: ns.keys(1),
):
    try:
        action()
    except TypeError as e:
        print(type(e).__name__, e)
try:
    Point.__dict__["dims"] = 3
except TypeError as e:
    print(type(e).__name__, e)
try:
    del Point.__dict__["dims"]
except TypeError as e:
    print(type(e).__name__, e)
try:
    ns.dims = 3
except AttributeError as e:
    print(type(e).__name__, e)
try:
    ns["nope"]
except KeyError as e:
    print(type(e).__name__, e)
try:
    ns |= {}
except TypeError as e:
    print(type(e).__name__, e)
print(Point.dims)

MappingProxy = type(ns)
proxy = MappingProxy({"a": 1})
print(proxy, str(proxy), repr(MappingProxy({})), bool(MappingProxy({})), proxy["a"])
for bad in ([], (), 1, None):
    try:
        MappingProxy(bad)
    except TypeError as e:
        print(type(e).__name__, e)

print(int.__dict__["bit_length"].__name__, int.__dict__["bit_length"].__qualname__)
print(str.upper.__qualname__, list.append.__objclass__, int.real.__name__, int.real.__qualname__)

# The wording of a failed `del x[k]` depends on whether x is sequence-like and k an index.
for obj in (Point(), ns, (1, 2), 1.5, None):
    for key in (0, "k"):
        try:
            del obj[key]
        except TypeError as e:
            print(type(e).__name__, e)
