# __new__ returning an instance of another type (then __init__ is skipped) or a subclass
# instance (then __init__ runs), and returning None.
# Expected output: python3 3.11's.
class Other:
    def __init__(self):
        print("Other.__init__ should not run from Factory()")

class Factory:
    def __new__(cls, kind):
        if kind == "int":
            return 42
        if kind == "other":
            return object.__new__(Other)
        if kind == "none":
            return None
        if kind == "sub":
            return object.__new__(FactorySub)
        return super().__new__(cls)

    def __init__(self, kind):
        print("Factory.__init__", kind)
        self.kind = kind

class FactorySub(Factory):
    pass

print(Factory("int"))
print(type(Factory("other")).__name__)
print(Factory("none"))
x = Factory("sub")
print(type(x).__name__, x.kind)
y = Factory("plain")
print(type(y).__name__, y.kind)

class Shape:
    registry = {}

    def __new__(cls, sides):
        target = Shape.registry.get(sides, cls)
        return super().__new__(target)

    def __init__(self, sides):
        self.sides = sides

    def name(self):
        return "shape"

class Triangle(Shape):
    def name(self):
        return "triangle"

class Square(Shape):
    def name(self):
        return "square"

Shape.registry[3] = Triangle
Shape.registry[4] = Square
for n in (3, 4, 5):
    s = Shape(n)
    print(n, type(s).__name__, s.name(), s.sides)

class Upper(list):
    def __new__(cls, values):
        obj = super().__new__(cls)
        obj.made_in_new = True
        return obj

    def __init__(self, values):
        super().__init__(v.upper() for v in values)

u = Upper(["a", "b"])
print(u, type(u).__name__, u.made_in_new, u + ["c"], len(u))
