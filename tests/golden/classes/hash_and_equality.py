# Equality falling back to identity, default hash, a class with __eq__ and no __hash__ being
# unhashable, __hash__ = None, explicit __hash__, inheritance of __hash__, dict/set keys.
# Expected output: python3 3.11's.
class Plain:
    pass

p, q = Plain(), Plain()
print(p == p, p == q, p != q, p in [q, p], hash(p) == hash(p), {p: 1}[p])

class EqOnly:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return isinstance(o, EqOnly) and self.v == o.v

print(EqOnly.__hash__, EqOnly(1) == EqOnly(1), EqOnly(1) in [EqOnly(1)])
try:
    hash(EqOnly(1))
except TypeError as e:
    print(type(e).__name__, e)
try:
    {EqOnly(1)}
except TypeError as e:
    print(type(e).__name__, e)
try:
    {EqOnly(1): 2}
except TypeError as e:
    print(type(e).__name__, e)

class Key:
    def __init__(self, a, b):
        self.a, self.b = a, b
    def __eq__(self, o):
        return (self.a, self.b) == (o.a, o.b)
    def __hash__(self):
        return hash((self.a, self.b))
    def __repr__(self):
        return f"Key({self.a}, {self.b})"

d = {Key(1, 2): "x"}
print(d[Key(1, 2)], Key(1, 2) in d, len({Key(1, 2), Key(1, 2), Key(2, 1)}))

class SubKey(Key):
    pass
print(hash(SubKey(1, 2)) == hash(Key(1, 2)), d.get(SubKey(1, 2)))

class SubEq(Key):
    def __eq__(self, o):
        return False
try:
    hash(SubEq(1, 2))
except TypeError as e:
    print(type(e).__name__, e)

class NoHash:
    __hash__ = None
try:
    hash(NoHash())
except TypeError as e:
    print(type(e).__name__, e)

class MinusOne:
    def __hash__(self):
        return -1
print(hash(MinusOne()))

class BigHash:
    def __hash__(self):
        return 2 ** 70
print(hash(BigHash()) == hash(2 ** 70))

class BadHash:
    def __hash__(self):
        return "nope"
try:
    hash(BadHash())
except TypeError as e:
    print(type(e).__name__, e)

class HashBool:
    def __hash__(self):
        return True
print(hash(HashBool()))
print(object.__eq__(p, p), object.__eq__(p, q), object.__ne__(p, q))
