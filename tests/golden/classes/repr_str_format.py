# __repr__, __str__ and __format__: which one print/str/repr/f-strings/format use, str
# falling back to repr, containers using repr, format specs passed through, bad returns.
# Expected output: python3 3.11's.
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __repr__(self):
        return f"Money({self.cents})"

    def __str__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"

    def __format__(self, spec):
        if spec == "cents":
            return f"{self.cents}c"
        if spec == "":
            return str(self)
        return format(self.cents / 100, spec)

m = Money(1234)
print(m, str(m), repr(m), [m], (m,), {"k": m})
print(f"{m}", f"{m!r}", f"{m!s}", f"{m:cents}", f"{m:>10.1f}", format(m, ".3f"))
print("{} {!r} {:cents}".format(m, m, m), "%s %r" % (m, m))

class OnlyRepr:
    def __repr__(self):
        return "OnlyRepr()"

print(OnlyRepr(), str(OnlyRepr()), f"{OnlyRepr()}", format(OnlyRepr()))

class OnlyStr:
    def __str__(self):
        return "only-str"

print(OnlyStr(), repr(OnlyStr()).startswith("<__main__.OnlyStr object at "))

class BadRepr:
    def __repr__(self):
        return 5

class BadStr:
    def __str__(self):
        return None

class BadFormat:
    def __format__(self, spec):
        return 1

for obj, fn in ((BadRepr(), repr), (BadStr(), str), (BadFormat(), format)):
    try:
        fn(obj)
    except TypeError as e:
        print(type(e).__name__, e)
try:
    format(OnlyStr(), "x")
except TypeError as e:
    print(type(e).__name__, e)

print(object.__repr__(OnlyRepr()).startswith("<__main__.OnlyRepr object"))
print(object.__str__(m))
