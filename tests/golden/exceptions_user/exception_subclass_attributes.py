# User exceptions as classes: class attributes, methods, properties, __init__ with keyword
# arguments, subclassing builtin exceptions (KeyError, LookupError), exception instances in
# containers, with_traceback, and BaseException subclasses not caught by except Exception.
# Expected output: python3 3.11's.
class HttpError(Exception):
    status = 500
    reason = "Internal Server Error"

    def __init__(self, detail="", *, url=None):
        super().__init__(detail)
        self.url = url

    @property
    def line(self):
        return f"{self.status} {self.reason}"

    def describe(self):
        return f"{self.line} at {self.url}: {self}"

class NotFound(HttpError):
    status = 404
    reason = "Not Found"

errors = [HttpError("boom", url="/a"), NotFound("no page", url="/b")]
for e in errors:
    print(e.describe(), e.status)
print(sorted(errors, key=lambda e: e.status)[0].status)

class MissingKey(KeyError):
    pass

try:
    raise MissingKey("k")
except LookupError as e:
    print(type(e).__name__, e, str(e), repr(e))

d = {}
try:
    d["x"]
except MissingKey:
    print("wrong")
except KeyError as e:
    print("builtin KeyError", e)

class Stop(BaseException):
    pass

try:
    try:
        raise Stop("halt")
    except Exception:
        print("not here")
except BaseException as e:
    print("BaseException caught", type(e).__name__, e)

e = NotFound("x")
print(e.with_traceback(None) is e, e.__traceback__)
try:
    raise NotFound("with tb")
except HttpError as e:
    print(e.__traceback__ is not None, type(e.__traceback__).__name__)
class CountingError(Exception):
    count = 0
    def __init__(self, *args):
        CountingError.count += 1
        super().__init__(*args)
for i in range(3):
    try:
        raise CountingError(i)
    except CountingError:
        pass
print(CountingError.count)
try:
    raise HttpError("a", "b")
except TypeError as e:
    print(type(e).__name__, e)
try:
    raise NotFound
except HttpError as e:
    print(repr(e), e.url, e.line)
