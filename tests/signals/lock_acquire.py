import _thread
lock = _thread.allocate_lock()
lock.acquire()
print("ready", flush=True)
lock.acquire()
print("after interrupt")
