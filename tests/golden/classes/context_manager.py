# __enter__ / __exit__: the value bound by as, exception details passed to __exit__,
# suppression by a true return, nested and multiple managers, exceptions in __exit__,
# objects missing the protocol.
# Expected output: python3 3.11's.
class Resource:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc, tb is not None)
        return self.suppress

with Resource("a") as v:
    print("body", v)
with Resource("b", suppress=True):
    raise ValueError("swallowed")
print("after b")
try:
    with Resource("c"):
        raise KeyError("escapes")
except KeyError as e:
    print("caught", repr(e))
with Resource("outer") as o, Resource("inner", suppress=True) as i:
    print(o, i)
    raise RuntimeError("inner handles it")
print("after nested")

def early():
    with Resource("ret"):
        return "returned"
print(early())
for n in range(3):
    with Resource(f"loop{n}"):
        if n == 1:
            continue
        if n == 2:
            break
        print("loop body", n)

class ExitRaises:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise TypeError("from exit")
try:
    with ExitRaises():
        raise ValueError("original")
except TypeError as e:
    print(type(e).__name__, e, type(e.__context__).__name__)

class NoExit:
    def __enter__(self):
        return self
class NoEnter:
    def __exit__(self, *a):
        pass
for obj in (NoExit(), NoEnter(), 5):
    try:
        with obj:
            pass
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)

class Timer:
    depth = 0
    def __enter__(self):
        Timer.depth += 1
        return Timer.depth
    def __exit__(self, *exc):
        Timer.depth -= 1
        return False
with Timer() as d1:
    with Timer() as d2:
        print(d1, d2, Timer.depth)
print(Timer.depth)
