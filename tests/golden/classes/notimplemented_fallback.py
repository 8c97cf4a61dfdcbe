# NotImplemented: returned by __add__/__eq__ causing the reflected method to be tried, both
# sides returning NotImplemented (TypeError, or identity for ==), NotImplemented's repr and
# truthiness-free use.
# Expected output: python3 3.11's.
class Meters:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"{self.v}m"
    def __add__(self, o):
        print("Meters.__add__")
        if isinstance(o, Meters):
            return Meters(self.v + o.v)
        return NotImplemented
    def __radd__(self, o):
        print("Meters.__radd__")
        if isinstance(o, (int, float)):
            return Meters(self.v + o)
        return NotImplemented
    def __eq__(self, o):
        print("Meters.__eq__")
        if isinstance(o, Meters):
            return self.v == o.v
        return NotImplemented

class Feet:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        print("Feet.__add__")
        return NotImplemented
    def __radd__(self, o):
        print("Feet.__radd__")
        if isinstance(o, Meters):
            return Meters(o.v + self.v * 0.3)
        return NotImplemented
    def __eq__(self, o):
        print("Feet.__eq__")
        return NotImplemented

print(Meters(1) + Meters(2))
print(5 + Meters(1))
print(Meters(1) + Feet(10))
try:
    Feet(1) + Meters(1)
except TypeError as e:
    print(type(e).__name__, e)
print(Meters(1) == Meters(1))
print(Meters(1) == Feet(1))
f = Feet(1)
print(f == f, f != f, f == Feet(1))
print(repr(NotImplemented), type(NotImplemented).__name__)
print(Meters(3).__add__(7), int.__add__(1, "x"), (1).__eq__("x"))
try:
    sum([Meters(1), Meters(2)])
except TypeError as e:
    print(type(e).__name__, e)
print(sum([Meters(1), Meters(2)], Meters(0)))

class Declines:
    def __mul__(self, o):
        return NotImplemented
    def __rmul__(self, o):
        return NotImplemented
for left, right in ((Declines(), "s"), ("s", Declines()), ([1], Declines()), ((1,), Declines()),
                    (Declines(), b"x")):
    try:
        left * right
    except TypeError as e:
        print(type(e).__name__, e)
text = "ab"
try:
    text *= Declines()
except TypeError as e:
    print(type(e).__name__, e)
