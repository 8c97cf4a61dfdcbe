# time.struct_time: a tuple of nine visible fields plus tm_zone/tm_gmtoff by name, its
# constructor's length rules, and sys.version_info (the same kind of type). Expected output:
# python3 3.11's.
import sys
import time

t = time.gmtime(86400 * 365.25 * 30)
print(t)
print(t.tm_zone, t.tm_gmtoff, len(t), t[0], t[-1], t[:3], t.tm_yday)
print(repr(time.struct_time((1, 2, 3, 4, 5, 6, 7, 8, 9))))
for a in [(1, 2), 5, list(range(12))]:
    try:
        time.struct_time(a)
    except Exception as e:
        print(type(e).__name__, e)
s = time.struct_time(range(11))
print(s.tm_zone, s.tm_gmtoff, s[:], s == tuple(range(9)))
s10 = time.struct_time(range(10))
print(s10.tm_zone, s10.tm_gmtoff)
print(time.struct_time.n_fields, time.struct_time.n_sequence_fields,
      time.struct_time.n_unnamed_fields)
print(time.gmtime(0) == (1970, 1, 1, 0, 0, 0, 3, 1, 0),
      hash(time.gmtime(0)) == hash(tuple(time.gmtime(0))))
print(type(t).__name__, type(t).__module__, isinstance(t, tuple), sorted(set(t))[:3])
y, m, *rest = time.gmtime(0)
print(y, m, rest)
try:
    t.tm_year = 5
except AttributeError as e:
    print("AttributeError", e)
print(sys.version_info[:2] >= (3, 11), sys.version_info.major, type(sys.version_info).__name__)
print(len(sys.version_info), sys.version_info.releaselevel, sys.version_info > (3,))
