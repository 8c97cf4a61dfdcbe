# _multiprocessing.Connection errors as CPython 3.11 raises them: bad constructor arguments,
# send_bytes offset/size, recv_bytes maxlength (the connection stops reading), closed and
# one-way connections, EOFError once the other end is closed (also after a length header
# alone), unpicklable objects raising in the sender, corrupt payloads raising in the receiver.
# The expected output is python3 3.11's.
try:
    from _multiprocessing import Pipe, Connection, wait
except (ImportError, AttributeError):
    from multiprocessing.connection import Pipe, Connection, wait
import os


def show(f, *args, **kwargs):
    try:
        print("ok", repr(f(*args, **kwargs)))
    except Exception as e:
        msg = str(e)
        if " at 0x" in msg:
            at = msg.index(" at 0x")
            msg = msg[:at] + msg[msg.index(">", at):]
        print(type(e).__name__, msg)


show(Connection, -1)
show(Connection, 0, False, False)
show(Connection, 0, readable=False, writable=False)
show(Connection, "3")
show(Connection, 1.5)

a, b = Pipe()
show(a.send_bytes, b"abc", -1)
show(a.send_bytes, b"abc", 4)
show(a.send_bytes, b"abc", 1, -1)
show(a.send_bytes, b"abc", 1, 3)
show(a.send_bytes, b"abc", 3, 0)
show(b.recv_bytes)
show(a.send_bytes, "text")
show(a.recv_bytes, -1)
show(a.poll, "x")

# A message longer than maxlength: OSError, and a duplex connection is no longer readable.
a.send_bytes(b"hello world")
show(b.recv_bytes, 3)
print(b.readable, b.writable, b.closed)
show(b.recv_bytes)
show(b.poll)
show(b.send_bytes, b"still writable")
print(a.recv_bytes())
# A read-only connection closes instead.
r, w = Pipe(False)
w.send_bytes(b"too long")
show(r.recv_bytes, 2)
print(r.closed)
r.close()
w.close()

# One-way connections.
r, w = Pipe(False)
show(r.send, 1)
show(r.send_bytes, b"x")
show(w.recv)
show(w.recv_bytes)
show(w.poll)
show(w.recv_bytes_into, bytearray(4))

# Unpicklable objects raise in the sender; nothing is sent.
show(w.send, lambda: 0)
show(w.send, [1, 2, lambda: 0])


def outer():
    def inner():
        pass
    return inner


show(w.send, outer())
w.send("after")
print(r.poll(), r.recv())

# Corrupt payloads raise in the receiver, which stays usable.
for garbage in [b"\xff\x00", b"\x80\x04\x95\x05\x00", b"", b"\x80\x04K"]:
    w.send_bytes(garbage)
    show(r.recv)
w.send([1, 2])
print(r.recv())

# recv_bytes_into: offsets.
a.send_bytes(b"abc")
show(b.recv_bytes_into, bytearray(2), -1)
show(b.recv_bytes_into, bytearray(2), 3)
print(b.closed)

# EOF: the other end closed (a duplex pair, and a one-way pipe).
c1, c2 = Pipe()
c1.send("last")
c1.close()
print(c2.poll(), c2.recv())
print(c2.poll(), c2.poll(None))
show(c2.recv)
show(c2.recv_bytes)
c2.close()
w.close()
show(r.recv)
r.close()

# A length header with no payload, then the end: EOFError.
r, w = Pipe(False)
os.write(w.fileno(), b"\x00\x00\x00\x10")
w.close()
show(r.recv_bytes)
r.close()
r, w = Pipe(False)
os.write(w.fileno(), b"\x00\x00\x00\x10")
w.close()
show(r.recv)
r.close()
# Part of a payload, then the end.
r, w = Pipe(False)
os.write(w.fileno(), b"\x00\x00\x00\x10abc")
w.close()
show(r.recv_bytes)
r.close()
# Part of a header.
r, w = Pipe(False)
os.write(w.fileno(), b"\x00\x00")
w.close()
show(r.recv_bytes)
r.close()
# A negative length reads as an empty message.
r, w = Pipe(False)
os.write(w.fileno(), b"\xff\xff\xff\xfe" + b"\x00\x00\x00\x02hi")
print(r.recv_bytes(), r.recv_bytes())
r.close()
w.close()

# Writing to a pipe whose reader is gone: BrokenPipeError.
r, w = Pipe(False)
r.close()
show(w.send_bytes, b"nobody reads")
show(w.send, 1)
w.close()
c1, c2 = Pipe()
c2.close()
show(c1.send_bytes, b"nobody reads")
c1.close()

# Everything on a closed connection.
for name in ("send", "send_bytes"):
    show(getattr(a, name), b"x")
a.close()
a.close()
for name in ("send", "send_bytes"):
    show(getattr(a, name), b"x")
for name in ("recv", "recv_bytes", "poll", "fileno"):
    show(getattr(a, name))
show(a.recv_bytes_into, bytearray(3))
print(a.closed, a.readable, a.writable)
b.close()
