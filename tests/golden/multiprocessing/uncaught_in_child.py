# An exception escaping a child's target: the child prints "Process NAME:" and the traceback on
# stderr (its tail is checked by uncaught_in_child.err) and exits with 1; the parent goes on and
# itself exits with 0. Expected output is python3 3.11's.
import multiprocessing


def fail(key):
    raise KeyError(key)


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    p = multiprocessing.Process(target=fail, args=("missing",), name="failing")
    p.start()
    p.join()
    print("exitcode:", p.exitcode)
    print("parent continues")
    assert multiprocessing.active_children() == []
    print("no children left")
