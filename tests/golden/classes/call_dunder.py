# __call__: callable instances with positional/keyword/star arguments, callable(), stateful
# function objects, classes whose instances are not callable.
# Expected output: python3 3.11's.
class Adder:
    def __init__(self, n):
        self.n = n
        self.calls = 0
    def __call__(self, x, *rest, scale=1, **extra):
        self.calls += 1
        return (self.n + x + sum(rest)) * scale, extra

add5 = Adder(5)
print(add5(1), add5(1, 2, 3), add5(1, scale=10), add5(x=2, tag="t"), add5.calls)
print(callable(add5), callable(Adder), callable(Adder(1).n))
print(list(map(Adder(1), [1, 2])))

class Memo:
    def __init__(self, fn):
        self.fn = fn
        self.cache = {}
    def __call__(self, n):
        if n not in self.cache:
            self.cache[n] = self.fn(n)
        return self.cache[n]

@Memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60), len(fib.cache), type(fib).__name__)

class NotCallable:
    pass
try:
    NotCallable()()
except TypeError as e:
    print(type(e).__name__, e)
try:
    Adder(1)()
except TypeError as e:
    print(type(e).__name__, e)

class Chain:
    def __init__(self, parts=()):
        self.parts = parts
    def __call__(self, part):
        return Chain(self.parts + (part,))
    def __repr__(self):
        return "/".join(self.parts)
print(Chain()("a")("b")("c"))

class CallViaInstanceAttr:
    pass
o = CallViaInstanceAttr()
o.__call__ = lambda: "instance attr"
try:
    o()
except TypeError as e:
    print(type(e).__name__, e)
