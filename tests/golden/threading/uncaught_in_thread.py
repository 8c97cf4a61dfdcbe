# An exception escaping a thread goes to the default threading.excepthook, which prints the
# traceback on stderr; the program goes on and exits with status 0.
# Expected output is python3 3.11's.
import threading


def fail():
    raise KeyError("missing")


t = threading.Thread(target=fail, name="failing")
t.start()
t.join()
print("main continues", t.is_alive())
