# Attribute errors on user classes and instances with CPython's exact messages: missing
# instance/class attributes, deleting missing attributes, read-only type attributes,
# attributes on builtin instances.
# Expected output: python3 3.11's.
class Thing:
    cls_attr = 1
    def method(self):
        return self.nope

t = Thing()
cases = [
    lambda: t.missing,
    lambda: Thing.missing,
    lambda: t.method(),
    lambda: delattr(t, "missing"),
    lambda: delattr(Thing, "missing"),
    lambda: setattr(object, "x", 1),
    lambda: setattr(int, "x", 1),
    lambda: delattr(Thing, "__name__"),
    lambda: (1).missing,
    lambda: "s".missing,
    lambda: [].missing,
    lambda: setattr([], "x", 1),
    lambda: setattr(Thing.method, "__name__", 1),
    lambda: None.missing,
    lambda: type.missing,
    lambda: setattr(1, "real", 2),
    lambda: delattr(t, "cls_attr"),
]
for fn in cases:
    try:
        fn()
    except (AttributeError, TypeError) as e:
        print(type(e).__name__, e)
