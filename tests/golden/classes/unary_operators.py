# __neg__ __pos__ __abs__ __invert__ on a user class, and their TypeErrors when missing.
# Expected output: python3 3.11's.
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return f"Money({self.cents})"
    def __neg__(self):
        return Money(-self.cents)
    def __pos__(self):
        return Money(self.cents)
    def __abs__(self):
        return Money(abs(self.cents))
    def __invert__(self):
        return "inverted"

m = Money(-250)
print(-m, +m, abs(m), ~m, -(-m), abs(-Money(5)), - - - m)

class Flags:
    def __init__(self, bits):
        self.bits = bits
    def __invert__(self):
        return Flags(~self.bits & 0b1111)
    def __repr__(self):
        return f"Flags({self.bits:04b})"
print(~Flags(0b1010), ~~Flags(0b0011))

class Nothing:
    pass
n = Nothing()
for name, fn in (("neg", lambda: -n), ("pos", lambda: +n), ("abs", lambda: abs(n)),
                 ("invert", lambda: ~n)):
    try:
        fn()
    except TypeError as e:
        print(name, type(e).__name__, e)

class Weird:
    def __neg__(self):
        return None
    def __abs__(self):
        return -1
print(-Weird(), abs(Weird()))
