# All binary arithmetic dunders on a user class: + - * @ / // % divmod ** pow(a, b, m)
# << >> & ^ |, and the TypeError messages when an operator is missing.
# Expected output: python3 3.11's.
class N:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"N({self.v})"
    def _val(self, o):
        return o.v if isinstance(o, N) else o
    def __add__(self, o): return N(self.v + self._val(o))
    def __sub__(self, o): return N(self.v - self._val(o))
    def __mul__(self, o): return N(self.v * self._val(o))
    def __matmul__(self, o): return ("matmul", self.v, self._val(o))
    def __truediv__(self, o): return N(self.v / self._val(o))
    def __floordiv__(self, o): return N(self.v // self._val(o))
    def __mod__(self, o): return N(self.v % self._val(o))
    def __divmod__(self, o): return divmod(self.v, self._val(o))
    def __pow__(self, o, mod=None):
        return N(pow(self.v, self._val(o), mod)) if mod is not None else N(self.v ** self._val(o))
    def __lshift__(self, o): return N(self.v << self._val(o))
    def __rshift__(self, o): return N(self.v >> self._val(o))
    def __and__(self, o): return N(self.v & self._val(o))
    def __xor__(self, o): return N(self.v ^ self._val(o))
    def __or__(self, o): return N(self.v | self._val(o))

a, b = N(17), N(5)
print(a + b, a - b, a * b, a @ b, a / b, a // b, a % b, divmod(a, b))
print(a ** 2, pow(a, 2), pow(a, 3, 7), a << 2, a >> 1, a & b, a ^ b, a | b)
print(a + 1, a * 2.5, a - True)
print((a + b) * (a - b), a + b + N(100))

class Empty:
    pass
e = Empty()
ops = [
    ("+", lambda: e + 1), ("-", lambda: e - 1), ("*", lambda: e * 1), ("@", lambda: e @ 1),
    ("/", lambda: e / 1), ("//", lambda: e // 1), ("%", lambda: e % 1),
    ("divmod", lambda: divmod(e, 1)), ("**", lambda: e ** 1), ("pow3", lambda: pow(e, 1, 2)),
    ("<<", lambda: e << 1), (">>", lambda: e >> 1), ("&", lambda: e & 1), ("^", lambda: e ^ 1),
    ("|", lambda: e | 1), ("r+", lambda: 1 + e), ("r@", lambda: [] @ e),
    ("str-", lambda: "s" - e),
]
for name, fn in ops:
    try:
        fn()
    except TypeError as ex:
        print(name, type(ex).__name__, ex)
try:
    pow(a, b, N(3))
except TypeError as ex:
    print(type(ex).__name__, ex)
