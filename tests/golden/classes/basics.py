# Class basics: attributes, __init__, methods, docstring, names, super().__init__, __dict__.
# Expected output: python3 3.11's.
class A:
    "doc A"
    x = 1
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v + self.x
    def __repr__(self):
        return f"A({self.v})"
a = A(5)
print(a, a.get(), A.__doc__, A.__name__, A.__qualname__, A.__module__)
class B(A):
    def __init__(self, v, w):
        super().__init__(v)
        self.w = w
    def get(self):
        return super().get() * 10 + self.w
b = B(2, 3)
print(b, b.get(), B.__mro__, isinstance(b, A), issubclass(B, A))
print(type(b) is B, b.__class__, b.__dict__)
