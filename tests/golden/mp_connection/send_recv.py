# _multiprocessing.Connection send/recv: every picklable type round-trips through a duplex and
# a one-way Pipe (shared structure kept, instances and functions by name), send_bytes slices,
# recv_bytes, recv_bytes_into, the type's name and attributes, a 1 MiB message (a Pipe read and
# written by two threads). The expected output is python3 3.11's.
try:
    from _multiprocessing import Pipe, Connection, wait
except (ImportError, AttributeError):
    from multiprocessing.connection import Pipe, Connection, wait
import os
import threading


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        return type(other) is Point and (self.x, self.y) == (other.x, other.y)

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


def helper(n):
    return n * 2


a, b = Pipe()
print(type(a), type(a).__name__, type(a).__module__)
print(a.readable, a.writable, a.closed, isinstance(a.fileno(), int))
r, w = Pipe(False)
print(r.readable, r.writable, w.readable, w.writable)
r2, w2 = Pipe(duplex=0)
print(r2.writable, w2.readable)

shared = [1, 2]
values = [
    None, True, False, 0, 1, -1, 255, 256, 65535, 2**31 - 1, -2**31, 2**63 - 1, -2**63, 2**64,
    -2**100, 10**50, 0.0, -0.0, 1.5, 1e300, float("inf"), "", "hello", "h\xe9llo \u4e16\U0001f600",
    "x" * 1000, b"", b"\x00\xffabc", bytearray(b"ba"), (), (1,), (1, "two", 3.0), [], [1, [2, [3]]],
    {}, {"a": 1, 2: "b", (3, 4): [5]}, set(), {1, 2, 3}, frozenset(), frozenset({"x"}),
    Point(1, 2), [Point(3, 4), {"p": Point(5, 6)}], helper, Point, len, (shared, shared),
    {"k": shared, "l": [shared]}, list(range(2000)), {i: str(i) for i in range(100)},
]
for v in values:
    a.send(v)
    got = b.recv()
    text = repr(got) if not callable(got) or isinstance(got, type) else got.__name__
    print(type(got).__name__, text[:70], got == v)
    w.send(v)
    assert r.recv() == v

b.send((shared, shared))
t = a.recv()
print(t, t[0] is t[1])
b.send({"k": shared, "l": [shared]})
d = a.recv()
print(d["k"] is d["l"][0])
print(a.recv.__name__ if hasattr(a.recv, "__name__") else "recv")
a.send(helper)
print(b.recv()(21))

# Bytes messages.
a.send_bytes(b"hello world")
print(b.recv_bytes())
a.send_bytes(b"hello world", 6)
print(b.recv_bytes())
a.send_bytes(b"hello world", 0, 5)
print(b.recv_bytes())
a.send_bytes(b"hello world", 3, 0)
print(b.recv_bytes())
a.send_bytes(bytearray(b"from a bytearray"), 5, 1)
print(b.recv_bytes())
a.send_bytes(b"")
print(b.recv_bytes(), b.poll())
a.send_bytes(b"12345")
print(b.recv_bytes(5))
a.send_bytes(b"abc")
print(b.recv_bytes(maxlength=None))
w.send_bytes(b"one way")
print(r.recv_bytes())

# recv_bytes_into a bytearray.
buf = bytearray(10)
a.send_bytes(b"xyz")
print(b.recv_bytes_into(buf), buf)
a.send_bytes(b"12")
print(b.recv_bytes_into(buf, 8), buf)

# Messages and bytes interleave on one stream; both directions of a duplex pipe.
for i in range(3):
    a.send(i)
    b.send_bytes(bytes([65 + i]))
for i in range(3):
    print(b.recv(), a.recv_bytes())

# A 1 MiB message: the pipe holds much less, so a thread writes while the main thread reads.
big = bytes(range(256)) * 4096
for src, dst in ((a, b), (w, r)):
    t = threading.Thread(target=src.send_bytes, args=(big,))
    t.start()
    got = dst.recv_bytes()
    t.join()
    print(len(got), got == big)
big_obj = {"data": big, "list": list(range(50000))}
t = threading.Thread(target=b.send, args=(big_obj,))
t.start()
got = a.recv()
t.join()
print(got == big_obj)

# Context manager: closes on exit, also after an exception.
with Pipe()[0] as c:
    print(c.closed)
print(c.closed)
rfd, wfd = os.pipe()
os.close(wfd)
try:
    with Connection(rfd, readable=True) as c:
        raise KeyError("k")
except KeyError as e:
    print("KeyError", e, c.closed)
for c in (a, b, r, w, r2, w2):
    c.close()
print(a.closed, r.closed)
