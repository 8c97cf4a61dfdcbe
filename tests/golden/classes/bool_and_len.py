# __bool__ and __len__: truth testing, __len__ fallback for truth, bad return values,
# negative and huge lengths, __bool__ precedence.
# Expected output: python3 3.11's.
class Flag:
    def __init__(self, on):
        self.on = on
    def __bool__(self):
        print("bool called")
        return self.on

print(bool(Flag(True)), not Flag(False))
if Flag(True):
    print("truthy")
print(Flag(False) or "alt", Flag(True) and "both")

class Sized:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n

print(len(Sized(3)), bool(Sized(0)), bool(Sized(2)), [x.n for x in (Sized(0), Sized(1)) if x])

class Both:
    def __bool__(self):
        return False
    def __len__(self):
        return 10
print(bool(Both()), len(Both()))

class Neither:
    pass
print(bool(Neither()))

class BadBool:
    def __bool__(self):
        return 1
class NegLen:
    def __len__(self):
        return -1
class StrLen:
    def __len__(self):
        return "3"
class HugeLen:
    def __len__(self):
        return 2 ** 100
class BoolLen:
    def __len__(self):
        return True

for obj in (BadBool(), NegLen(), StrLen(), HugeLen()):
    try:
        print(bool(obj))
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__, e)
for obj in (NegLen(), StrLen(), HugeLen()):
    try:
        print(len(obj))
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__, e)
print(len(BoolLen()))
try:
    len(Neither())
except TypeError as e:
    print(type(e).__name__, e)

class BoolNone:
    __bool__ = None
try:
    bool(BoolNone())
except TypeError as e:
    print(type(e).__name__, e)
