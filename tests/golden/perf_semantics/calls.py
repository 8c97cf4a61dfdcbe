# Calls of plain Python functions with exactly their positional arguments take a short frame
# set-up; every other call shape must behave as before: missing and extra arguments, keywords,
# defaults, *args/**kwargs, closures and cells, generators, recursion depth errors, and a
# function rebound between calls through the same call site. Expected output: python3 3.11's.
import sys


def add(a, b):
    return a + b


def with_default(a, b=10):
    return a + b


def variadic(*args, **kwargs):
    return args, sorted(kwargs.items())


def make_counter():
    n = 0

    def inc(step):
        nonlocal n
        n += step
        return n

    return inc


def captured_param(x):
    return lambda: x * 2


def gen(a, b):
    yield a
    yield b


def call_with(f, *args, **kwargs):
    return f(*args, **kwargs)


print(add(1, 2), add("a", "b"), add(b=1, a=2))
print(with_default(1), with_default(1, 2), with_default(a=5))
print(variadic(), variadic(1, 2, x=3))
inc = make_counter()
print(inc(1), inc(2), inc(3))
print(captured_param(21)())
print(list(gen(1, 2)))

for args in [(), (1,), (1, 2, 3)]:
    try:
        add(*args)
    except TypeError as e:
        print("TypeError:", e)
try:
    add(1, c=2)
except TypeError as e:
    print("TypeError:", e)
try:
    with_default()
except TypeError as e:
    print("TypeError:", e)


def site(f):
    return f(3, 4)


results = []
for f in [add, with_default, lambda a, b: a * b, variadic, add]:
    results.append(site(f))
print(results)


def depth(n):
    return depth(n + 1)


old = sys.getrecursionlimit()
sys.setrecursionlimit(200)
try:
    depth(0)
except RecursionError as e:
    print("RecursionError:", e)
sys.setrecursionlimit(old)


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print([fib(i) for i in range(15)])
