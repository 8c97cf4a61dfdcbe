# pickle.dumps produces python3's exact bytes for the core types in protocols 2 to 5 (memo,
# leaks-cycles: creates reference cycles, which leak until gilpy has a cycle collector
# frames, batches, big ints, globals, instances); the expected output is python3 3.11's.
import pickle


def f():
    pass


class C:
    pass


c = C()
c.x = 1
c.y = 'a'
empty = C()

values = [None, True, False, 0, 1, 255, 256, 65535, 65536, -1, 2**31 - 1, 2**31, -2**31,
          -2**31 - 1, 2**63 - 1, 2**63, -2**63, -2**63 - 1, 2**64, -2**64, 128, -128, -129,
          2**200, -2**200, 1.5, -0.0, 1e300, 'abc', '', 'é€𝄞', b'xy', b'', b'\xff\x00',
          bytearray(b'ab'), bytearray(), (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), [], [1],
          [1, 2], {}, {1: 2}, {1: 2, 3: 4}, {'a': [1, 2], 'b': (3, 4)}, set(), {1}, {1, 2},
          frozenset(), frozenset({1}), frozenset({1, 2, 3}), f, C, c, empty, len, print,
          [(1, [2]), (3, [4])], ((),), [[], []], {'k': {'k2': None}}]
for p in (2, 3, 4, 5):
    for v in values:
        print(p, pickle.dumps(v, protocol=p))
print(pickle.dumps(values))

# Shared and recursive structure.
shared = [1, 2]
print(pickle.dumps([shared, shared, (shared,)]))
print(pickle.dumps([shared, shared], 2))
rec = [1]
rec.append(rec)
print(pickle.dumps(rec))
d = {}
d['self'] = d
print(pickle.dumps(d))
t = ([],)
t[0].append(t)
print(pickle.dumps(t))
print(pickle.dumps(t, 2))
s = 'shared string'
print(pickle.dumps([s, s, s]))
b = b'shared'
print(pickle.dumps([b, b], 2))
print(pickle.dumps([b, b], 3))

# Batches of 1000 and frames of 64 KiB.
for n in (999, 1000, 1001, 2500):
    print(n, pickle.dumps(list(range(n)))[-12:], len(pickle.dumps(list(range(n)))))
    print(n, pickle.dumps({i: 0 for i in range(n)})[-12:])
    print(n, pickle.dumps(set(range(n)))[-12:])


def digest(data):
    # A short deterministic fingerprint of long pickles (sum of bytes weighted by position).
    h = 0
    for i, x in enumerate(data):
        h = (h * 31 + x + i) % 1000000007
    return h


for v in [list(range(100000)), [(i, str(i)) for i in range(20000)], [b'x' * 70000],
          [b'x' * 70000, 1, 2], ['y' * 70000, 1, 2], [b'x' * 60000, b'y' * 10000, 3],
          {str(i): [i, float(i)] for i in range(5000)}, [bytearray(b'z' * 70000), 1]]:
    for p in (2, 4, 5):
        data = pickle.dumps(v, p)
        print(p, len(data), digest(data), data[:24])
