# Instance __dict__: contents, direct writes, vars(), replacing __dict__, attribute order.
# Expected output: python3 3.11's.
class P:
    kind = "point"

    def __init__(self, x, y):
        self.x = x
        self.y = y

p = P(1, 2)
print(p.__dict__, vars(p))
p.__dict__["z"] = 3
print(p.z, p.__dict__)
p.w = 4
print(list(p.__dict__))
del p.__dict__["x"]
print(hasattr(p, "x"), p.__dict__)
p.__dict__ = {"x": 100}
print(p.x, hasattr(p, "y"), p.kind)
try:
    p.__dict__ = [1]
except TypeError as e:
    print(type(e).__name__, e)
print("kind" in P.__dict__, "x" in P.__dict__)
q = P(5, 6)
d = q.__dict__
q.extra = "e"
print(d)
print(vars(q) is q.__dict__)
try:
    vars(1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    object().__dict__
except AttributeError as e:
    print(type(e).__name__, e)
try:
    object().x = 1
except AttributeError as e:
    print(type(e).__name__, e)
