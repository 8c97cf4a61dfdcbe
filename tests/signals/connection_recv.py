# Ctrl-C while the main thread waits in a multiprocessing Connection.recv() on a pipe nobody
# writes to: KeyboardInterrupt, promptly.
import multiprocessing

reader, writer = multiprocessing.Pipe(duplex=False)
print("ready", flush=True)
reader.recv()
print("after interrupt")
