# At exit the main thread joins every non-daemon thread (their output comes after the main
# program's last line), while a daemon thread blocked forever is abandoned.
# Expected output is python3 3.11's.
import threading

go = threading.Event()
forever = threading.Lock()
forever.acquire()


def worker(n):
    go.wait()
    print("worker", n, "done")


def stuck():
    forever.acquire()
    print("never printed")


threading.Thread(target=stuck, daemon=True).start()
w = threading.Thread(target=worker, args=(1,))
w.start()
print("main ends; alive:", w.is_alive(), threading.active_count())
go.set()
