# Cooperative super() through diamond hierarchies: every class runs once, in MRO order,
# with keyword arguments passed along the chain.
# Expected output: python3 3.11's.
class Root:
    def __init__(self, **kwargs):
        self.trace = ["Root"]
        self.rest = kwargs

    def save(self):
        return ["Root.save"]

class Left(Root):
    def __init__(self, left=0, **kwargs):
        super().__init__(**kwargs)
        self.left = left
        self.trace.append("Left")

    def save(self):
        return ["Left.save"] + super().save()

class Right(Root):
    def __init__(self, right=0, **kwargs):
        super().__init__(**kwargs)
        self.right = right
        self.trace.append("Right")

    def save(self):
        return ["Right.save"] + super().save()

class Bottom(Left, Right):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.trace.append("Bottom")

    def save(self):
        return ["Bottom.save"] + super().save()

b = Bottom(left=1, right=2, extra=3)
print(b.trace, b.left, b.right, b.rest)
print(b.save())
print([k.__name__ for k in Bottom.__mro__])

class A:
    def f(self): return "A"
class B(A):
    def f(self): return "B" + super().f()
class C(A):
    def f(self): return "C" + super().f()
class D(B, C):
    def f(self): return "D" + super().f()
class E(C):
    def f(self): return "E" + super().f()
class F(D, E):
    def f(self): return "F" + super().f()
print(F().f(), [k.__name__ for k in F.__mro__])
