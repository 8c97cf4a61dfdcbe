# Ranges whose bounds or length exceed 64 bits: len, indexing, slicing, membership, iteration,
# reversed, index/count, equality and hash. Expected output: CPython 3.11 (python3), regenerated
# by tests/golden/regen
r = range(0, 10 ** 20, 10 ** 18)
print(len(r), r[-1], 5 * 10 ** 18 in r, r, r.start, r.stop, r.step)
print(r[3:7], r[::-1], r[::-30], r[-3:], r[1000:], r[5:2], r[-10**30:10**30:3])
print(list(r)[:3], list(reversed(r))[:3], r.index(7 * 10**18), r.count(10**18), 10**18 + 1 in r, 1.0 in r)
b = range(10 ** 30)
try:
    len(b)
except OverflowError as e:
    print(e)
print(bool(b), bool(range(10**20, 0)), b[10**29], b[-1], b[::10**29], hash(b) == hash(range(10**30)), b == range(0, 10**30, 1))
print(range(10**20, 10**20 + 3) == range(10**20, 10**20 + 3), list(range(10**20, 10**20 + 3)), list(range(-10**20, -10**20 - 3, -1)))
print(range(2**63 - 3, 2**63 + 2)[1:3], list(range(2**63 - 3, 2**63 + 2)), range(2**63 - 3, 2**63 + 2).index(2**63))
it = iter(range(10**20, 10**20 + 5, 2)); print(it.__length_hint__(), next(it), it.__length_hint__())
try:
    b[10**30]
except IndexError as e:
    print(e)
try:
    range(10**20, 2*10**20, 0)
except ValueError as e:
    print(e)
print(range(0, -10**20, -10**19), list(range(0, -10**20, -10**19))[-2:], -10**19 * 5 in range(0, -10**20, -10**19))
print(range(5)[::-1], list(reversed(range(5))), list(range(-5, 0))[::-1], range(3)[1:10**30])
