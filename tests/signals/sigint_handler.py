# expect stdout: handler ran
# A Python handler for SIGINT runs in the main thread while it sleeps; the sleep goes on when
# it returns. This one raises KeyboardInterrupt the second time round, so the process ends as
# an uncaught Ctrl-C does.
import signal
import time
calls = []
def on_sigint(signum, frame):
    calls.append(signum)
    print("handler ran", flush=True)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    time.sleep(0.05)
    signal.raise_signal(signal.SIGINT)
signal.signal(signal.SIGINT, on_sigint)
print("ready", flush=True)
time.sleep(30)
print("after interrupt")
