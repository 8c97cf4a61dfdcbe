# Connection.poll (with and without data, timeouts, None) and multiprocessing.connection.wait
# on several connections, descriptors and objects with fileno(); a thread sending while the
# main thread waits. The expected output is python3 3.11's.
try:
    from _multiprocessing import Pipe, Connection, wait
except (ImportError, AttributeError):
    from multiprocessing.connection import Pipe, Connection, wait
import threading
import time

a, b = Pipe()
print(b.poll(), b.poll(0), b.poll(0.05), b.poll(timeout=-1))
a.send(1)
print(b.poll(), b.poll(None), b.poll(10), b.poll(timeout=0))
print(b.recv(), b.poll())

start = time.monotonic()
print(b.poll(0.1), time.monotonic() - start >= 0.09)

# A thread sends after a delay: poll(None) and poll(timeout) wake up for it.
def later(conn, value, delay):
    time.sleep(delay)
    conn.send(value)

t = threading.Thread(target=later, args=(a, "late", 0.05))
t.start()
print(b.poll(None), b.recv())
t.join()
t = threading.Thread(target=later, args=(a, "later", 0.05))
t.start()
print(b.poll(5.0), b.recv())
t.join()

# wait() on several connections.
pipes = [Pipe(False) for _ in range(4)]
readers = [r for r, w in pipes]
print(wait(readers, 0))
print(wait(readers, 0.02))
pipes[1][1].send("one")
pipes[3][1].send("three")
ready = wait(readers)
print([readers.index(r) for r in ready], [r.recv() for r in ready])
print(wait(readers, timeout=0))

# Descriptors and objects with fileno() are accepted too; the same objects come back.
class Holder:
    def __init__(self, conn):
        self.conn = conn

    def fileno(self):
        return self.conn.fileno()

pipes[0][1].send_bytes(b"x")
h = Holder(readers[0])
fd = readers[2].fileno()
pipes[2][1].send_bytes(b"y")
ready = wait([h, fd, readers[1]], 1.0)
print(ready[0] is h, ready[1] == fd, len(ready))
readers[0].recv_bytes()
readers[2].recv_bytes()

# A closed writer counts as ready (the reader is at end of input).
pipes[1][1].close()
ready = wait(readers, 1.0)
print([readers.index(r) for r in ready])

# wait() in the main thread wakes for a sending thread.
t = threading.Thread(target=later, args=(pipes[3][1], "from thread", 0.05))
t.start()
ready = wait(readers[2:], None)
print([readers.index(r) for r in ready], ready[0].recv())
t.join()

# Bad arguments.
def show(f, *args):
    try:
        print("ok", f(*args))
    except Exception as e:
        print(type(e).__name__, e)

show(wait, [-1], 0)
class NoFileno:
    def __repr__(self):
        return "<NoFileno>"

class BadFileno(NoFileno):
    def fileno(self):
        return "three"

show(wait, [NoFileno()], 0)
show(wait, [BadFileno()], 0)
try:
    wait([readers[0], readers[0].fileno()], 0)
except KeyError as e:
    print("KeyError", "is already registered" in str(e))
show(wait, readers, "x")
closed_r, closed_w = Pipe()
closed_r.close()
show(wait, [closed_r], 0)
show(wait, [], 0)
show(wait, [], 0.01)

for r, w in pipes:
    r.close()
    w.close()
a.close()
b.close()
