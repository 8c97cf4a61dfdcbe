# @staticmethod and @classmethod: calls through class and instance, inheritance with cls
# bound to the subclass, alternate constructors, the descriptor objects themselves.
# Expected output: python3 3.11's.
class Date:
    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d

    @classmethod
    def from_string(cls, s):
        y, m, d = (int(p) for p in s.split("-"))
        return cls(y, m, d)

    @staticmethod
    def is_leap(y):
        return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)

    def __repr__(self):
        return f"{type(self).__name__}({self.y}, {self.m}, {self.d})"

class MyDate(Date):
    pass

print(Date.from_string("2024-02-29"), MyDate.from_string("2023-1-5"))
d = Date(2000, 1, 1)
print(Date.is_leap(2000), d.is_leap(1900), MyDate.is_leap(2024))
print(d.from_string("1999-12-31"))
sm = Date.__dict__["is_leap"]
cm = Date.__dict__["from_string"]
print(type(sm).__name__, type(cm).__name__)
print(sm.__func__(2004), cm.__func__(Date, "1-2-3"))
print(Date.from_string.__self__ is Date, MyDate.from_string.__self__ is MyDate)
print(d.from_string.__self__ is Date)
print(Date.is_leap.__name__, Date.from_string.__name__)

def plain(x):
    return x * 2

class Late:
    double = staticmethod(plain)
    kind = classmethod(lambda cls: cls.__name__)

print(Late.double(4), Late().double(5), Late.kind(), Late().kind())
print(callable(sm), staticmethod(plain)(3))
try:
    Date.from_string()
except TypeError as e:
    print(type(e).__name__, e)
try:
    Date.is_leap()
except TypeError as e:
    print(type(e).__name__, e)
