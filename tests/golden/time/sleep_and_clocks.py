# time.sleep's argument rules and the clocks' basic properties. Expected output: python3 3.11's.
import time

for a in ['a', -1, float('nan'), 1e300, None, [1], 10**30]:
    try:
        time.sleep(a)
    except Exception as e:
        print(type(e).__name__, e)
time.sleep(0)
time.sleep(False)
t0 = time.monotonic()
time.sleep(0.05)
elapsed = time.monotonic() - t0
print("slept long enough:", elapsed >= 0.045, "not absurdly long:", elapsed < 2)
print(type(time.time()).__name__, type(time.time_ns()).__name__, type(time.monotonic_ns()).__name__)
print(time.perf_counter_ns() > 0, time.process_time() >= 0, time.thread_time() >= 0)
print(time.time() > 1.7e9, abs(time.time_ns() / 1e9 - time.time()) < 1)
a = time.monotonic(); b = time.monotonic(); print(b >= a)
try:
    time.time(1)
except TypeError as e:
    print("TypeError", e)
