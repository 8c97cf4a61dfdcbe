# super() inside classmethods, staticmethods (two-argument form) and __new__, including
# cooperative __new__ chains and alternate constructors.
# Expected output: python3 3.11's.
class Base:
    created = []

    def __new__(cls, *args):
        Base.created.append(cls.__name__)
        return super().__new__(cls)

    def __init__(self, value):
        self.value = value

    @classmethod
    def make(cls, value):
        return cls(value)

    @classmethod
    def describe(cls):
        return f"Base.describe({cls.__name__})"

    @staticmethod
    def helper(x):
        return x + 1

class Child(Base):
    def __new__(cls, *args):
        obj = super().__new__(cls, *args)
        obj.tag = "child-new"
        return obj

    @classmethod
    def make(cls, value):
        obj = super().make(value * 2)
        obj.via = "Child.make"
        return obj

    @classmethod
    def describe(cls):
        return "Child+" + super().describe()

    @staticmethod
    def helper(x):
        return super(Child, Child).helper(x) * 10

c = Child.make(5)
print(type(c).__name__, c.value, c.tag, c.via)
print(Child.describe(), Base.describe(), c.describe())
print(Child.helper(1), Base.helper(1))
print(Base.created)

class GrandChild(Child):
    @classmethod
    def describe(cls):
        return "Grand+" + super().describe()

print(GrandChild.describe(), GrandChild.make(1).value)
print(Base.created)
