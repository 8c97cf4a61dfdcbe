# User exception hierarchies: handlers catching a base class, handler order, tuples of user
# classes, re-raising, exception chaining with from, __cause__/__context__ of user errors.
# Expected output: python3 3.11's.
class AppError(Exception):
    pass

class NetworkError(AppError):
    pass

class TimeoutError_(NetworkError):
    def __init__(self, seconds):
        super().__init__(f"timed out after {seconds}s")
        self.seconds = seconds

class StorageError(AppError):
    pass

def fail(kind):
    if kind == "timeout":
        raise TimeoutError_(30)
    if kind == "network":
        raise NetworkError("connection refused")
    if kind == "storage":
        raise StorageError("disk full")
    if kind == "value":
        raise ValueError("plain")
    return "ok"

for kind in ("timeout", "network", "storage", "value", "none"):
    try:
        print(fail(kind))
    except NetworkError as e:
        print("network-ish:", type(e).__name__, e, getattr(e, "seconds", None))
    except AppError as e:
        print("app:", type(e).__name__, e)
    except (KeyError, ValueError) as e:
        print("other:", type(e).__name__, e)

print([c.__name__ for c in TimeoutError_.__mro__])
print(issubclass(TimeoutError_, AppError), issubclass(StorageError, NetworkError))

def load():
    try:
        fail("storage")
    except StorageError as e:
        raise AppError("could not load") from e

try:
    load()
except AppError as e:
    print(e, "| cause:", type(e.__cause__).__name__, e.__cause__, e.__suppress_context__)

def implicit():
    try:
        fail("network")
    except NetworkError:
        raise StorageError("while handling")

try:
    implicit()
except AppError as e:
    print(e, "| context:", type(e.__context__).__name__, e.__cause__)

def reraise():
    try:
        fail("timeout")
    except AppError:
        print("logging and re-raising")
        raise

try:
    reraise()
except TimeoutError_ as e:
    print("outer caught", e.seconds)

class Handler:
    def __init__(self):
        self.errors = []
    def run(self, kinds):
        for k in kinds:
            try:
                fail(k)
            except AppError as e:
                self.errors.append(type(e).__name__)
        return self.errors
print(Handler().run(["timeout", "none", "storage", "network"]))
try:
    raise AppError
except AppError as e:
    print(repr(e), e.args)
