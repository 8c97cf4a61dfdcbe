# User decorators of functions and methods: wrappers, decorators with arguments, stacking
# leaks-cycles: creates reference cycles, which leak until gilpy has a cycle collector
# order, decorators that register, functools-free wraps by copying __name__.
# Expected output: python3 3.11's.
calls = []

def logged(fn):
    def wrapper(*args, **kwargs):
        calls.append(fn.__name__)
        result = fn(*args, **kwargs)
        return result
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper

def repeat(times):
    def deco(fn):
        def wrapper(*args):
            return [fn(*args) for _ in range(times)]
        return wrapper
    return deco

def tag(label):
    def deco(fn):
        def wrapper(*args):
            return f"<{label}>{fn(*args)}</{label}>"
        return wrapper
    return deco

registry = {}

def register(fn):
    registry[fn.__name__] = fn
    return fn

@logged
def add(a, b):
    "adds"
    return a + b

@repeat(3)
def hello(name):
    return "hi " + name

@tag("b")
@tag("i")
def text(s):
    return s

@register
def one():
    return 1

@register
def two():
    return 2

print(add(1, 2), add.__name__, add.__doc__, calls)
print(hello("x"))
print(text("t"))
print(sorted(registry), registry["two"]())

class Service:
    def __init__(self, name):
        self.name = name

    @logged
    def run(self, n):
        return f"{self.name} ran {n}"

    @tag("em")
    def label(self):
        return self.name

s = Service("svc")
print(s.run(5), s.label(), calls)

def counted(fn):
    def wrapper(*a):
        wrapper.count += 1
        return fn(*a)
    wrapper.count = 0
    return wrapper

@counted
def f(x):
    return x

f(1); f(2); f(3)
print(f.count)
dec = lambda fn: lambda *a: fn(*a) * 2
@dec
def g(x):
    return x + 1
print(g(4))
