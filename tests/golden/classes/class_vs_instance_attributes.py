# Class attributes vs instance attributes: shadowing, shared mutable class attributes,
# updating through the class, deleting the instance attribute to reveal the class one.
# Expected output: python3 3.11's.
class Counter:
    total = 0
    shared = []
    label = "class-label"

    def __init__(self, name):
        self.name = name
        Counter.total += 1

a = Counter("a")
b = Counter("b")
print(Counter.total, a.total, b.total)
a.total = 100
print(Counter.total, a.total, b.total)
print("total" in a.__dict__, "total" in b.__dict__)
del a.total
print(a.total)
a.shared.append("from a")
b.shared.append("from b")
print(Counter.shared, a.shared is b.shared)
a.label = "instance-label"
print(a.label, b.label, Counter.label)
Counter.label = "changed"
print(a.label, b.label)
Counter.new_attr = 42
print(a.new_attr, b.new_attr)
try:
    del b.label
except AttributeError as e:
    print(type(e).__name__, e)
try:
    print(a.missing)
except AttributeError as e:
    print(type(e).__name__, e)
try:
    print(Counter.missing)
except AttributeError as e:
    print(type(e).__name__, e)
del Counter.new_attr
print(hasattr(a, "new_attr"), hasattr(Counter, "new_attr"))
setattr(Counter, "dyn", "d")
print(getattr(b, "dyn"), getattr(b, "nope", "default"))
print(sorted(k for k in Counter.__dict__ if not k.startswith("__")))
print(sorted(a.__dict__), sorted(vars(b)))
