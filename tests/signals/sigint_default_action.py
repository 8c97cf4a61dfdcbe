# expect: killed
# signal.signal(SIGINT, SIG_DFL) restores the OS default: Ctrl-C kills the process at once,
# with no traceback.
import signal
import time
signal.signal(signal.SIGINT, signal.SIG_DFL)
print("ready", flush=True)
time.sleep(30)
print("after interrupt")
