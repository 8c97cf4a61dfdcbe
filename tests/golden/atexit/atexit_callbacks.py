# atexit: callbacks run after the main program, last registered first, with their arguments;
# unregister removes every registration of a function; a failing callback is reported on stderr
# ("Exception ignored in atexit callback") and the others still run; register returns the
# function so it works as a decorator. Expected output: python3 3.11's.
import atexit


def show(label, *args, **kwargs):
    print("show", label, args, sorted(kwargs.items()))


def fails():
    print("fails runs")
    raise ZeroDivisionError("from a callback")


def removed():
    print("removed never runs")


atexit.register(show, "first", 1, 2, k=3)
atexit.register(removed)
atexit.register(fails)
atexit.register(removed)
atexit.unregister(removed)


@atexit.register
def decorated():
    print("decorated runs first")


print(decorated.__name__)
try:
    atexit.register(42)
except TypeError as exc:
    print("TypeError:", exc)
print("main program done")
