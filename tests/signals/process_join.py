# Ctrl-C while the main thread waits in Process.join() for a child that sleeps: KeyboardInterrupt
# in the parent, promptly. The signal goes to the parent only (a terminal would send it to the
# whole process group); the child is daemonic, so the parent's exit terminates it instead of
# joining it, as in CPython.
import multiprocessing
import time

if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    child = multiprocessing.Process(target=time.sleep, args=(30,), daemon=True)
    child.start()
    print("ready", flush=True)
    child.join()
    print("after interrupt")
