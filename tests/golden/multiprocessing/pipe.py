# multiprocessing.Pipe between processes: a duplex pipe with send/recv both ways, a one-way pipe
# (readable/writable and the errors for using the wrong end), send_bytes with offset and size,
# recv_bytes, recv_bytes_into, poll with and without a timeout, fileno, and EOFError once every
# copy of the other end is closed (in the child and in the parent).
# Expected output is python3 3.11's.
import multiprocessing


def duplex_child(conn):
    while True:
        msg = conn.recv()
        if msg == "bye":
            break
        conn.send(("echo", msg))
    conn.send_bytes(b"0123456789", 2, 5)
    conn.send_bytes(b"raw bytes")
    conn.close()  # the parent's next recv() sees end of file


def reader_child(conn, results, writer):
    writer.close()  # the child's inherited copy of the writing end would keep the pipe open
    got = []
    try:
        while True:
            got.append(conn.recv())
    except EOFError:
        results.send(("child saw EOFError after", got))


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    mine, theirs = ctx.Pipe()
    print("duplex ends:", mine.readable, mine.writable, isinstance(mine.fileno(), int))
    p = ctx.Process(target=duplex_child, args=(theirs,))
    p.start()
    theirs.close()  # otherwise the parent's own copy keeps the pipe open
    print("poll before sending:", mine.poll(), mine.poll(0.1))
    for msg in [1, "two", [3, {"four": 4}]]:
        mine.send(msg)
        print("reply:", mine.recv())
    mine.send("bye")
    print("poll(10):", mine.poll(10))
    print("send_bytes with offset:", mine.recv_bytes())
    buf = bytearray(16)
    print("recv_bytes_into:", mine.recv_bytes_into(buf), bytes(buf[:9]))
    try:
        mine.recv()
    except EOFError as e:
        print("parent got EOFError", repr(str(e)))
    print("poll at end of file:", mine.poll(0))
    p.join()
    mine.close()
    print("closed:", mine.closed)

    reader, writer = ctx.Pipe(duplex=False)
    print("one-way ends:", reader.readable, reader.writable, writer.readable, writer.writable)
    for label, action in [("send on reader", lambda: reader.send(1)),
                          ("recv on writer", writer.recv), ("closed send", None)]:
        try:
            if action is None:
                spare_r, spare_w = ctx.Pipe(duplex=False)
                spare_w.close()
                spare_w.send(1)
            else:
                action()
        except OSError as e:
            print(label, "->", type(e).__name__, e)
    results_r, results_w = ctx.Pipe(duplex=False)
    p = ctx.Process(target=reader_child, args=(reader, results_w, writer))
    p.start()
    reader.close()
    for item in ["a", "b", "c"]:
        writer.send(item)
    writer.close()
    print(results_r.recv())
    p.join()
    assert multiprocessing.active_children() == []
    print("no children left")
