# Property errors: setting a read-only property, deleting without a deleter, getter
# raising AttributeError falling back to __getattr__, unreadable property.
# Expected output: python3 3.11's.
class ReadOnly:
    @property
    def x(self):
        return 1

r = ReadOnly()
try:
    r.x = 2
except AttributeError as e:
    print(type(e).__name__, e)
try:
    del r.x
except AttributeError as e:
    print(type(e).__name__, e)

class WriteOnly:
    def _set(self, v):
        self._v = v
    y = property(None, _set)

w = WriteOnly()
w.y = 3
print(w._v)
try:
    w.y
except AttributeError as e:
    print(type(e).__name__, e)

class Failing:
    @property
    def broken(self):
        raise AttributeError("inner problem")

    def __getattr__(self, name):
        return f"fallback for {name}"

print(Failing().broken)

class Raising:
    @property
    def value(self):
        raise KeyError("k")

try:
    Raising().value
except KeyError as e:
    print(type(e).__name__, e)

class Setter:
    @property
    def v(self):
        return self._v

    @v.setter
    def v(self, value):
        if not isinstance(value, int):
            raise TypeError(f"v must be int, not {type(value).__name__}")
        self._v = value

s = Setter()
s.v = 4
try:
    s.v = "4"
except TypeError as e:
    print(type(e).__name__, e)
print(s.v)
try:
    Setter().v
except AttributeError as e:
    print(type(e).__name__, e)
try:
    property(1, 2, 3, 4, 5)
except TypeError as e:
    print(type(e).__name__, e)
