# Realistic program: a shape/geometry hierarchy with operator overloading: an immutable
# Vector (arithmetic, reflected, unary, abs, equality/hash, iteration, format specs), an
# abstract Shape base raising NotImplementedError, shapes with properties, translation by
# +, scaling by *, ordering by area, class-method constructors and a scene container.
# Expected output: python3 3.11's.
import math


class Vector:
    def __init__(self, x=0.0, y=0.0):
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self):
        return f"Vector({self.x!r}, {self.y!r})"

    def __format__(self, spec):
        return f"<{format(self.x, spec)}, {format(self.y, spec)}>"

    def __iter__(self):
        yield self.x
        yield self.y

    def __add__(self, other):
        if not isinstance(other, Vector):
            return NotImplemented
        return Vector(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        if not isinstance(other, Vector):
            return NotImplemented
        return Vector(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        if isinstance(k, Vector):
            return self.x * k.x + self.y * k.y  # dot product
        if isinstance(k, (int, float)):
            return Vector(self.x * k, self.y * k)
        return NotImplemented

    def __rmul__(self, k):
        return self * k

    def __truediv__(self, k):
        return Vector(self.x / k, self.y / k)

    def __matmul__(self, other):
        return self.x * other.y - self.y * other.x  # 2D cross product

    def __neg__(self):
        return Vector(-self.x, -self.y)

    def __pos__(self):
        return self

    def __abs__(self):
        return math.hypot(self.x, self.y)

    def __bool__(self):
        return bool(self.x or self.y)

    def __eq__(self, other):
        return isinstance(other, Vector) and (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def rotated(self, degrees):
        r = math.radians(degrees)
        c, s = math.cos(r), math.sin(r)
        return Vector(round(self.x * c - self.y * s, 9), round(self.x * s + self.y * c, 9))


class Shape:
    count = 0

    def __init__(self, origin=Vector()):
        Shape.count += 1
        self.origin = origin

    def area(self):
        raise NotImplementedError(f"{type(self).__name__} must implement area()")

    def perimeter(self):
        raise NotImplementedError(f"{type(self).__name__} must implement perimeter()")

    def _moved(self, origin):
        raise NotImplementedError

    def _scaled(self, k):
        raise NotImplementedError

    def __add__(self, offset):
        if not isinstance(offset, Vector):
            return NotImplemented
        return self._moved(self.origin + offset)

    __radd__ = __add__

    def __mul__(self, k):
        if not isinstance(k, (int, float)) or k <= 0:
            return NotImplemented
        return self._scaled(k)

    __rmul__ = __mul__

    def __lt__(self, other):
        return self.area() < other.area()

    def __le__(self, other):
        return self.area() <= other.area()

    def __contains__(self, point):
        return self.contains(point)

    def describe(self):
        return f"{self!r}: area={self.area():.3f} perimeter={self.perimeter():.3f}"


class Circle(Shape):
    def __init__(self, radius, origin=Vector()):
        if radius <= 0:
            raise ValueError(f"radius must be positive, got {radius}")
        super().__init__(origin)
        self.radius = radius

    @classmethod
    def from_diameter(cls, d, origin=Vector()):
        return cls(d / 2, origin)

    @property
    def diameter(self):
        return self.radius * 2

    def area(self):
        return math.pi * self.radius ** 2

    def perimeter(self):
        return 2 * math.pi * self.radius

    def contains(self, p):
        return abs(p - self.origin) <= self.radius

    def _moved(self, origin):
        return Circle(self.radius, origin)

    def _scaled(self, k):
        return Circle(self.radius * k, self.origin)

    def __repr__(self):
        return f"Circle(r={self.radius:g} at {self.origin:g})"


class Rectangle(Shape):
    def __init__(self, w, h, origin=Vector()):
        super().__init__(origin)
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h

    def perimeter(self):
        return 2 * (self.w + self.h)

    def contains(self, p):
        d = p - self.origin
        return 0 <= d.x <= self.w and 0 <= d.y <= self.h

    def _moved(self, origin):
        return type(self)(self.w, self.h, origin) if type(self) is Rectangle else \
            type(self)(self.w, origin)

    def _scaled(self, k):
        return Rectangle(self.w * k, self.h * k, self.origin)

    def __repr__(self):
        return f"{type(self).__name__}({self.w:g}x{self.h:g} at {self.origin:g})"


class Square(Rectangle):
    def __init__(self, side, origin=Vector()):
        super().__init__(side, side, origin)

    def _scaled(self, k):
        return Square(self.w * k, self.origin)


class Polygon(Shape):
    def __init__(self, *points):
        super().__init__(points[0])
        self.points = list(points)

    def area(self):
        pts = self.points
        return abs(sum(pts[i] @ pts[(i + 1) % len(pts)] for i in range(len(pts)))) / 2

    def perimeter(self):
        pts = self.points
        return sum(abs(pts[(i + 1) % len(pts)] - pts[i]) for i in range(len(pts)))

    def contains(self, p):
        # Ray casting: count edge crossings of a horizontal ray to the right of p.
        inside = False
        pts = self.points
        for i in range(len(pts)):
            a, b = pts[i], pts[(i + 1) % len(pts)]
            if (a.y > p.y) != (b.y > p.y):
                x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)
                if p.x < x:
                    inside = not inside
        return inside

    def _moved(self, origin):
        delta = origin - self.origin
        return Polygon(*(p + delta for p in self.points))

    def _scaled(self, k):
        return Polygon(*(self.origin + (p - self.origin) * k for p in self.points))

    def __repr__(self):
        return f"Polygon({len(self.points)} points from {self.origin:g})"


class Scene:
    def __init__(self, *shapes):
        self.shapes = list(shapes)

    def __len__(self):
        return len(self.shapes)

    def __getitem__(self, i):
        return self.shapes[i]

    def __iadd__(self, shape):
        self.shapes.append(shape)
        return self

    def total_area(self):
        return sum(s.area() for s in self.shapes)

    def hits(self, point):
        return [type(s).__name__ for s in self.shapes if point in s]


a, b = Vector(3, 4), Vector(1, -2)
print(a + b, a - b, a * 2, 2 * a, a * b, a @ b, -a, +a is a, abs(a), a / 2)
print(f"{a:.1f}", format(b, "+d"), list(a), tuple(b), bool(Vector()), a == Vector(3, 4))
print({a, Vector(3, 4), b} == {a, b}, Vector(1, 0).rotated(90), Vector(2, 2).rotated(180))
try:
    a.x = 10
except AttributeError as e:
    print(type(e).__name__, e)
try:
    a + 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    "s" * a
except TypeError as e:
    print(type(e).__name__, e)

c = Circle(1.5, Vector(1, 1))
r = Rectangle(4, 2)
sq = Square(3, Vector(-1, -1))
tri = Polygon(Vector(0, 0), Vector(4, 0), Vector(0, 3))
for s in (c, r, sq, tri):
    print(s.describe())
print(Circle.from_diameter(10).diameter, Circle.from_diameter(4, Vector(2, 0)))
moved = c + Vector(2, -1)
print(moved, Vector(1, 1) + r, sq + Vector(1, 1), tri + Vector(1, 1), type(sq + Vector()).__name__)
print(c * 2, 3 * r, sq * 2, type(sq * 2).__name__, (tri * 2).area())
print(sorted([c, r, sq, tri]), min(c, r, sq, tri), max([c, r, sq, tri]))
print(c < r, r <= sq, Vector(1, 1) in c, Vector(3, 3) in c, Vector(4, 2) in r)
scene = Scene(c, r)
scene += sq
scene += tri
print(len(scene), scene[-1], f"{scene.total_area():.4f}", scene.hits(Vector(0.5, 0.5)))
print([type(s).__name__ for s in scene], Shape.count > 10)
for bad in (lambda: Shape().area(), lambda: Circle(-1), lambda: c * -1, lambda: c * "x"):
    try:
        bad()
    except (NotImplementedError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(issubclass(Square, Shape), Square.__mro__[1].__name__, isinstance(sq, Rectangle))
