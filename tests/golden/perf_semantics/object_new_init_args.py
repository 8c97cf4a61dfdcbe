# object.__new__ / object.__init__ and excess arguments (CPython's excess_args rules): which of
# __new__ and __init__ a class overrides, through inheritance, later assignment and deletion,
# explicit object.__new__/__init__ calls. Expected output: python3 3.11's stdout.


def attempt(label, f):
    try:
        r = f()
        print(label, "ok", type(r).__name__)
    except TypeError as e:
        print(label, "TypeError:", e)


class Plain:
    pass


class WithInit:
    def __init__(self, a):
        self.a = a


class WithNew:
    def __new__(cls, a):
        return super().__new__(cls)


class Both:
    def __new__(cls, *args):
        return object.__new__(cls)

    def __init__(self, *args):
        object.__init__(self)


class InheritsInit(WithInit):
    pass


class InheritsNew(WithNew):
    pass


class BadNew:
    def __new__(cls, a):
        return object.__new__(cls, a)


class BadInit:
    def __init__(self, a):
        object.__init__(self, a)


attempt("Plain()", lambda: Plain())
attempt("Plain(1)", lambda: Plain(1))
attempt("Plain(k=1)", lambda: Plain(k=1))
attempt("WithInit(1)", lambda: WithInit(1))
attempt("WithNew(1)", lambda: WithNew(1))
attempt("Both(1, 2)", lambda: Both(1, 2))
attempt("InheritsInit(1)", lambda: InheritsInit(1))
attempt("InheritsNew(1)", lambda: InheritsNew(1))
attempt("BadNew(1)", lambda: BadNew(1))
attempt("BadInit(1)", lambda: BadInit(1))
attempt("object(1)", lambda: object(1))
attempt("object.__new__(Plain, 1)", lambda: object.__new__(Plain, 1))
attempt("object.__new__(WithInit, 1)", lambda: object.__new__(WithInit, 1))
attempt("object.__new__(WithNew, 1)", lambda: object.__new__(WithNew, 1))
p = Plain()
attempt("object.__init__(p, 1)", lambda: object.__init__(p, 1))
w = WithNew(1)
attempt("object.__init__(w, 1)", lambda: object.__init__(w, 1))
Plain.__init__ = lambda self, a: None
attempt("Plain(1) after __init__ set", lambda: Plain(1))
del Plain.__init__
attempt("Plain(1) after __init__ deleted", lambda: Plain(1))
Plain.__new__ = lambda cls, a: object.__new__(cls)
attempt("Plain(1) after __new__ set", lambda: Plain(1))
for i in range(3):  # the same call sites again, once the caches are warm
    attempt("loop WithInit(i)", lambda: WithInit(i))
    attempt("loop Plain(i)", lambda: Plain(i))
    attempt("loop InheritsInit(i)", lambda: InheritsInit(i))
