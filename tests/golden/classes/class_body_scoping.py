# Class bodies as scopes: names defined earlier in the body are visible later in the body but
# not inside methods, comprehensions in the body, class attributes computed from others,
# globals shadowed by class attributes, nonlocal closures over a class.
# Expected output: python3 3.11's.
x = "global x"

class Scope:
    x = "class x"
    y = x + " (seen in body)"
    doubled = [x * 2 for x in range(3)]
    total = sum(doubled)

    def method(self):
        return x

    def via_class(self):
        return type(self).x

print(Scope.y, Scope.doubled, Scope.total, Scope().method(), Scope().via_class())

def make_counter_class(start):
    count = start

    class Counter:
        def bump(self):
            nonlocal count
            count += 1
            return count

        base = start * 10

    return Counter

C = make_counter_class(5)
c1, c2 = C(), C()
print(c1.bump(), c2.bump(), c1.bump(), C.base)

class Conditional:
    if len("abc") == 3:
        def which(self):
            return "three"
    else:
        def which(self):
            return "other"
    for i in range(3):
        pass
    del i

print(Conditional().which(), hasattr(Conditional, "i"))

class Outer:
    value = 1

    class Inner:
        try:
            value = Outer.value
        except NameError as e:
            error = str(e)

print(Outer.Inner.error)

class Str:
    def __str__(self):
        return "custom " + super().__str__()[:6]

print(Str(), object.__str__(Scope()).startswith("<__main__.Scope object"))
