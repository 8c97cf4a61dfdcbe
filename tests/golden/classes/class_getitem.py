# __class_getitem__: C[x] on a class calls it as an implicit classmethod (inherited by
# subclasses, receiving the subclass), a metaclass __getitem__ takes precedence, instances do
# not use it, and classes without it are not subscriptable.
# Expected output: python3 3.11's.


class Box:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item!r}]"


class SubBox(Box):
    pass


print(Box[int].replace("<class 'int'>", "int"))
print(Box["x"], Box[1, 2], Box[1:2])
print(SubBox[3])
print(type(Box.__dict__["__class_getitem__"]).__name__)

try:
    Box()[0]
except TypeError as e:
    print(type(e).__name__, e)


class Plain:
    pass


for expr in (lambda: Plain[0], lambda: Plain()[0]):
    try:
        expr()
    except TypeError as e:
        print(type(e).__name__, e)


class Meta(type):
    def __getitem__(cls, item):
        return ("meta", cls.__name__, item)


class WithMeta(metaclass=Meta):
    def __class_getitem__(cls, item):
        return "not used"


print(WithMeta[5])


class Raising:
    def __class_getitem__(cls, item):
        raise KeyError(item)


try:
    Raising["k"]
except KeyError as e:
    print(type(e).__name__, e)


class NotCallable:
    __class_getitem__ = 42


try:
    NotCallable[0]
except TypeError as e:
    print(type(e).__name__, e)
