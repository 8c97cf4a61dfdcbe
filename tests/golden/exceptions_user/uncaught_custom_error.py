# An uncaught user exception: the traceback's last line is "__main__.MyError: msg" and the
# exit status is 1. Expected output: python3 3.11's.
class MyError(Exception):
    pass

def process(items):
    for item in items:
        if item < 0:
            raise MyError("msg")
        print("processed", item)

process([1, 2, -1, 3])
