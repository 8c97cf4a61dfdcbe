# gmtime/asctime/strftime/mktime: CPython's rounding, range checks and messages. Only
# time-zone-independent results are printed. Expected output: python3 3.11's.
import time

for f in (time.gmtime, time.localtime, time.ctime):
    for a in ['x', 1e300, float('nan'), 10**30, 2**62]:
        try:
            f(a)
        except Exception as e:
            print(f.__name__, type(e).__name__, e)
print(time.gmtime(0))
print(time.gmtime(1.9))
print(time.gmtime(-1.5))
print(time.gmtime(True)[:6], time.gmtime(10**10).tm_year)
t = time.gmtime(86400 * 365.25 * 30)
print(time.asctime(t), time.strftime('%Y-%m-%d %H:%M:%S %a %b %j %%', t))
print(time.mktime(time.localtime(1000000)), time.mktime(time.localtime(1234567890)))
tuples = [(2020, 0, 0, 0, 0, 0, 0, 0, 0), (2020, 1, 1, 25, 0, 0, 0, 1, 0),
          (2020, 1, 1, 0, 61, 0, 0, 1, 0), (2020, 1, 1, 0, 0, 62, 0, 1, 0),
          (2020, 1, 1, 0, 0, 0, 7, 1, 0), (2020, 1, 1, 0, 0, 0, -1, 1, 0),
          (2020, 1, 1, 0, 0, 0, -2, 1, 0), (2020, 1, 1, 0, 0, 0, 0, 367, 0),
          (2020, 1, 32, 0, 0, 0, 0, 1, 0), (2020, 13, 1, 0, 0, 0, 0, 1, 0), 5,
          (1.5, 1, 1, 0, 0, 0, 0, 1, 0), (2020,) * 10, [2020, 1, 1, 0, 0, 0, 0, 1, 0],
          (2**40, 1, 1, 0, 0, 0, 0, 1, 0)]
for f in (time.asctime, lambda t: time.strftime('%d %m %a', t)):
    for a in tuples:
        try:
            print(f(a))
        except Exception as e:
            print(type(e).__name__, e)
for a in tuples[10:]:
    try:
        time.mktime(a)
    except Exception as e:
        print("mktime", type(e).__name__, e)
for bad in [5, b'%Y', 'a\0b']:
    try:
        time.strftime(bad)
    except Exception as e:
        print(type(e).__name__, e)
print(time.strftime('%Y', (2020, 0, 0, 0, 0, 0, 0, 0, 0)), repr(time.strftime('')))
print(time.asctime(time.gmtime(0)), len(time.ctime()), len(time.asctime()))
