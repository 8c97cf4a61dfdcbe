# Objects that cannot cross a process boundary: Connection.send raises in the sender (a lambda
# gives pickle.PicklingError, a local class or function AttributeError, a generator, module or
# lock TypeError) and the pipe stays usable, nothing half-sent. Queue.put of a lambda returns, the
# queue's feeder thread reports the error on stderr (not compared) and drops the item, and later
# items still arrive. Expected output is python3 3.11's.
import multiprocessing
import pickle
import sys
import threading


def make_locals():
    class Local:
        pass

    def helper():
        pass

    return Local(), helper


def generator():
    yield 1


def show(e):
    text = str(e)
    if " at 0x" in text:  # a function's repr holds its address
        head, _, rest = text.partition(" at 0x")
        text = head + " at ADDR" + rest[rest.index(">"):]
    print(type(e).__name__, isinstance(e, pickle.PicklingError), text)


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    reader, writer = ctx.Pipe(duplex=False)
    for obj in [lambda: 1, *make_locals(), generator(), sys, threading.Lock()]:
        try:
            writer.send(obj)
        except Exception as e:
            show(e)
    print("nothing was written:", reader.poll(0.1))
    writer.send(["still", "works"])
    print("pipe after the failures:", reader.recv())

    q = ctx.Queue()
    q.put(lambda: 2)
    q.put("after the lambda")
    print("queue:", q.get(timeout=10))
    print("lambda dropped:", q.empty())
    q.close()
    q.join_thread()
    assert multiprocessing.active_children() == []
    print("no children left")
