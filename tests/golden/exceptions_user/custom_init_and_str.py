# User subclasses of Exception with their own __init__ and __str__: args as set by
# super().__init__, extra attributes, str/repr of the instance, exceptions that skip
# super().__init__. Expected output: python3 3.11's.
class ValidationError(Exception):
    def __init__(self, field, problem):
        super().__init__(field, problem)
        self.field = field
        self.problem = problem

    def __str__(self):
        return f"{self.field}: {self.problem}"

try:
    raise ValidationError("age", "must be positive")
except ValidationError as e:
    print(type(e).__name__, e, e.args, repr(e), e.field)

class NoSuper(Exception):
    def __init__(self, code):
        self.code = code

e = NoSuper(404)
print(e.args, str(e), repr(e), e.code)

class WithDefault(Exception):
    def __init__(self, msg="default message"):
        super().__init__(msg)

print(str(WithDefault()), str(WithDefault("custom")), WithDefault().args)

class Plain(Exception):
    pass

print(str(Plain()), repr(Plain()), str(Plain("a")), repr(Plain("a", 2)), str(Plain("a", 2)))

class ReprOverride(Exception):
    def __repr__(self):
        return "ReprOverride!"
print(repr(ReprOverride("x")), str(ReprOverride("x")), [ReprOverride()])

class Detailed(ValueError):
    def __init__(self, value, allowed):
        self.value = value
        self.allowed = allowed
        super().__init__(f"{value!r} not in {allowed}")
try:
    raise Detailed("z", ("a", "b"))
except ValueError as e:
    print(type(e).__name__, e, e.value, isinstance(e, Detailed), isinstance(e, Exception))
err = ValidationError("name", "empty")
err.args = ("replaced",)
print(err.args, str(err))
