# Methods: self binding, calling other methods, methods stored as attributes, method
# defaults and keyword arguments, functions assigned to the class later.
# Expected output: python3 3.11's.
class Stack:
    def __init__(self, items=None):
        self.items = list(items) if items else []

    def push(self, *values):
        for v in values:
            self.items.append(v)
        return self

    def pop(self, default=None):
        if not self.items:
            return default
        return self.items.pop()

    def peek(self):
        return self.items[-1] if self.items else None

    def size(self):
        return len(self.items)

    def drain(self, *, reverse=False):
        out = self.items[::-1] if reverse else self.items[:]
        self.items.clear()
        return out

s = Stack([1, 2])
s.push(3, 4).push(5)
print(s.size(), s.peek(), s.pop(), s.pop(), s.size())
print(s.drain(reverse=True), s.size(), s.pop("empty"))
m = s.push
m(10)
m(20)
print(s.items, Stack.size(s))

def describe(self):
    return f"Stack of {self.size()}"

Stack.describe = describe
print(s.describe(), Stack([1]).describe())
methods = [s.size, s.peek]
print([f() for f in methods])
s.size = lambda: "instance attribute wins"
print(s.size(), Stack.size(s))
try:
    Stack.push()
except TypeError as e:
    print(type(e).__name__, e)
try:
    s.drain(True)
except TypeError as e:
    print(type(e).__name__, e)
try:
    s.peek(1)
except TypeError as e:
    print(type(e).__name__, e)
