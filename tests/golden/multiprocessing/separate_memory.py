# A child gets a copy of the parent's memory at fork time: globals, lists, dicts and object
# attributes it changes stay unchanged in the parent, and changes the parent makes after the
# fork are not seen by the child. Expected output is python3 3.11's.
import multiprocessing

counter = 100
items = [1, 2, 3]
table = {"a": 1}


class Box:
    pass


box = Box()
box.value = "parent"


def mutate(started, proceed, out):
    global counter
    print("child sees at fork:", counter, items, table, box.value, flush=True)
    started.set()
    proceed.wait()
    print("child after parent changed:", counter, items, table, box.value, flush=True)
    counter += 1
    items.append(4)
    table["b"] = 2
    box.value = "child"
    out.put((counter, items, table, box.value))


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    started = multiprocessing.Event()
    proceed = multiprocessing.Event()
    out = multiprocessing.Queue()
    p = multiprocessing.Process(target=mutate, args=(started, proceed, out))
    p.start()
    started.wait()
    items.append("parent-only")
    counter = -1
    proceed.set()
    print("child reported:", out.get(timeout=10))
    p.join()
    print("parent after join:", counter, items, table, box.value)
    assert multiprocessing.active_children() == []
    print("no children left")
