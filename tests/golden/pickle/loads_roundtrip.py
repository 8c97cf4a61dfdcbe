# pickle.loads reads pickles python3 wrote (literal bytes from python3 3.11, protocols 2-5,
# leaks-cycles: creates reference cycles, which leak until gilpy has a cycle collector
# including _codecs.encode bytes of protocol 2, memo, frames, LONG1, sets); round trips of
# every supported type, shared and recursive structure, instances, classes, functions,
# exceptions, __getstate__/__setstate__/__reduce__; dump/load with files. The expected output
# is python3 3.11's.
import pickle

FROM_PYTHON3 = [
    (2, b'\x80\x02}q\x00(X\x06\x00\x00\x00nestedq\x01]q\x02(K\x01K\x02K\x03\x86q\x03}q\x04X\x01\x00\x00\x00aq\x05c__builtin__\nset\nq\x06]q\x07(K\x04K\x05e\x85q\x08Rq\tsc__builtin__\nfrozenset\nq\n]q\x0bK\x06a\x85q\x0cRq\reX\x03\x00\x00\x00bigq\x0e\x8a\r\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10X\x03\x00\x00\x00negq\x0f\x8a\t\x00\x00\x00\x00\x00\x00\x00\x00\xc0X\x01\x00\x00\x00fq\x10G@\n\x00\x00\x00\x00\x00\x00X\x01\x00\x00\x00bq\x11c_codecs\nencode\nq\x12X\x03\x00\x00\x00\x00\xc3\xbfq\x13X\x06\x00\x00\x00latin1q\x14\x86q\x15Rq\x16X\x02\x00\x00\x00baq\x17c__builtin__\nbytearray\nq\x18h\x12X\x02\x00\x00\x00xyq\x19h\x14\x86q\x1aRq\x1b\x85q\x1cRq\x1dX\x01\x00\x00\x00sq\x1eX\x06\x00\x00\x00h\xc3\xa9lloq\x1fX\x04\x00\x00\x00noneq NX\x01\x00\x00\x00tq!\x88u.'),
    (3, b'\x80\x03}q\x00(X\x06\x00\x00\x00nestedq\x01]q\x02(K\x01K\x02K\x03\x86q\x03}q\x04X\x01\x00\x00\x00aq\x05cbuiltins\nset\nq\x06]q\x07(K\x04K\x05e\x85q\x08Rq\tscbuiltins\nfrozenset\nq\n]q\x0bK\x06a\x85q\x0cRq\reX\x03\x00\x00\x00bigq\x0e\x8a\r\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10X\x03\x00\x00\x00negq\x0f\x8a\t\x00\x00\x00\x00\x00\x00\x00\x00\xc0X\x01\x00\x00\x00fq\x10G@\n\x00\x00\x00\x00\x00\x00X\x01\x00\x00\x00bq\x11C\x02\x00\xffq\x12X\x02\x00\x00\x00baq\x13cbuiltins\nbytearray\nq\x14C\x02xyq\x15\x85q\x16Rq\x17X\x01\x00\x00\x00sq\x18X\x06\x00\x00\x00h\xc3\xa9lloq\x19X\x04\x00\x00\x00noneq\x1aNX\x01\x00\x00\x00tq\x1b\x88u.'),
    (4, b'\x80\x04\x95\xab\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\x06nested\x94]\x94(K\x01K\x02K\x03\x86\x94}\x94\x8c\x01a\x94\x8f\x94(K\x04K\x05\x90s(K\x06\x91\x94e\x8c\x03big\x94\x8a\r\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10\x8c\x03neg\x94\x8a\t\x00\x00\x00\x00\x00\x00\x00\x00\xc0\x8c\x01f\x94G@\n\x00\x00\x00\x00\x00\x00\x8c\x01b\x94C\x02\x00\xff\x94\x8c\x02ba\x94\x8c\x08builtins\x94\x8c\tbytearray\x94\x93\x94C\x02xy\x94\x85\x94R\x94\x8c\x01s\x94\x8c\x06h\xc3\xa9llo\x94\x8c\x04none\x94N\x8c\x01t\x94\x88u.'),
    (5, b'\x80\x05\x95\x95\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\x06nested\x94]\x94(K\x01K\x02K\x03\x86\x94}\x94\x8c\x01a\x94\x8f\x94(K\x04K\x05\x90s(K\x06\x91\x94e\x8c\x03big\x94\x8a\r\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10\x8c\x03neg\x94\x8a\t\x00\x00\x00\x00\x00\x00\x00\x00\xc0\x8c\x01f\x94G@\n\x00\x00\x00\x00\x00\x00\x8c\x01b\x94C\x02\x00\xff\x94\x8c\x02ba\x94\x96\x02\x00\x00\x00\x00\x00\x00\x00xy\x94\x8c\x01s\x94\x8c\x06h\xc3\xa9llo\x94\x8c\x04none\x94N\x8c\x01t\x94\x88u.'),]
for proto, data in FROM_PYTHON3:
    v = pickle.loads(data)
    print(proto, sorted(v.items(), key=lambda kv: kv[0]))
    print(pickle.dumps(v, proto) == data)


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        return type(other) is Point and (self.x, self.y) == (other.x, other.y)

    def __repr__(self):
        return f'Point({self.x!r}, {self.y!r})'


class Stateful:
    def __init__(self):
        self.secret = 'kept'
        self.cache = 'dropped'

    def __getstate__(self):
        return {'secret': self.secret}

    def __setstate__(self, state):
        self.secret = state['secret'] + '!'
        self.cache = None


class Reduced:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __reduce__(self):
        return (Reduced, (self.a, self.b))


def top_level(x):
    return x * 2


class MyError(Exception):
    pass


values = [None, True, False, 0, -5, 2**31, -2**63, 2**1000, -2**1000, 0.1, float('inf'), '',
          'ünïcödé ✓', b'', b'\x00\x01', bytearray(b'abc'), (), (1,), (1, 2, 3, 4, 5), [],
          [[1], [2, [3]]], {}, {'k': 'v', 1: (2,)}, set(), {1, 2, 3}, frozenset(), frozenset('ab'),
          list(range(2500)), {i: str(i) for i in range(1200)}, set(range(1500)),
          Point(1, [2, 3]), top_level, Point, len, ValueError('bad', 1), KeyError('k')]
for proto in (2, 3, 4, 5):
    for v in values:
        r = pickle.loads(pickle.dumps(v, proto))
        same = r == v if not isinstance(v, BaseException) else (type(r), r.args) == (type(v), v.args)
        if not same:
            print('MISMATCH', proto, repr(v)[:50], repr(r)[:50])
    print(proto, 'round trips ok')

shared = [1]
obj = [shared, shared, {'again': shared}]
r = pickle.loads(pickle.dumps(obj))
print(r, r[0] is r[1], r[2]['again'] is r[0])
rec = []
rec.append(rec)
r = pickle.loads(pickle.dumps(rec))
print(r, r[0] is r)
d = {}
d['me'] = d
r = pickle.loads(pickle.dumps(d, 2))
print(r['me'] is r)
t = ([],)
t[0].append(t)
r = pickle.loads(pickle.dumps(t))
print(r[0][0] is r)
p = Point(1, 2)
p.me = p
r = pickle.loads(pickle.dumps(p))
print(r.me is r, r.x, r.y)

s = pickle.loads(pickle.dumps(Stateful()))
print(s.secret, s.cache)
r = pickle.loads(pickle.dumps(Reduced(1, 'two')))
print(type(r).__name__, r.a, r.b)
print(pickle.dumps(Reduced(1, 'two')))
print(pickle.loads(pickle.dumps(top_level))(21))
e = pickle.loads(pickle.dumps(MyError('boom', 2)))
print(type(e).__name__, e.args)
e = ValueError('with attr')
e.note = 'extra'
r = pickle.loads(pickle.dumps(e))
print(type(r).__name__, r.args, r.note)

# Files: several pickles one after the other.
with open('loads_roundtrip.tmp', 'wb') as f:
    pickle.dump([1, 2, 3], f)
    pickle.dump({'x': Point(3, 4)}, f, protocol=2)
    pickle.dump('last', f, 5)
with open('loads_roundtrip.tmp', 'rb') as f:
    print(pickle.load(f))
    print(pickle.load(f))
    print(pickle.load(f))
    try:
        pickle.load(f)
    except EOFError as exc:
        print('EOFError', exc)
import os
os.remove('loads_roundtrip.tmp')

print(pickle.HIGHEST_PROTOCOL, pickle.DEFAULT_PROTOCOL)
print(pickle.PicklingError.__mro__)
print(pickle.UnpicklingError.__mro__)
print(issubclass(pickle.PickleError, Exception))
