# Zero-argument super() in methods, properties, nested functions using __class__, and
# its errors outside a class.
# Expected output: python3 3.11's.
class Base:
    def __init__(self):
        self.log = ["Base"]

    def name(self):
        return "Base"

    @property
    def title(self):
        return "base-title"

class Child(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Child")

    def name(self):
        return "Child<" + super().name() + ">"

    @property
    def title(self):
        return "child/" + super().title

    def via_lambda(self):
        f = lambda: super(Child, self).name()
        return f()

    def show_class(self):
        return __class__.__name__

class GrandChild(Child):
    def name(self):
        return "Grand<" + super().name() + ">"

g = GrandChild()
print(g.log, g.name(), g.title, g.via_lambda(), g.show_class())
s = super(GrandChild, g)
print(type(s).__name__, s.name())

def outside():
    return super()

try:
    outside()
except RuntimeError as e:
    print(type(e).__name__, e)

class Holder:
    def method():
        return super()

try:
    Holder.method()
except RuntimeError as e:
    print(type(e).__name__, e)

class Missing(Base):
    def go(self):
        return super().nothing

try:
    Missing().go()
except AttributeError as e:
    print(type(e).__name__, e)
