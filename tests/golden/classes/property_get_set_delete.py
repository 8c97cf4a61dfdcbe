# @property with getter, setter and deleter; property() built directly; property inherited
# and overridden; validation in setters.
# Expected output: python3 3.11's.
class Temperature:
    def __init__(self, celsius):
        self._c = celsius

    @property
    def celsius(self):
        "temperature in degrees C"
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value

    @celsius.deleter
    def celsius(self):
        print("deleting")
        del self._c

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

    @fahrenheit.setter
    def fahrenheit(self, f):
        self.celsius = (f - 32) * 5 / 9

t = Temperature(100)
print(t.celsius, t.fahrenheit)
t.fahrenheit = 32
print(t.celsius)
t.celsius = 25
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print(type(e).__name__, e)
del t.celsius
print(hasattr(t, "_c"))
print(Temperature.celsius.__doc__, type(Temperature.celsius).__name__)
p = Temperature.celsius
print(p.fget.__name__, p.fset.__name__, p.fdel.__name__, Temperature.fahrenheit.fdel)

class Account:
    def _get(self):
        return self._balance

    def _set(self, v):
        self._balance = round(v, 2)

    balance = property(_get, _set, None, "the balance")

a = Account()
a.balance = 10.456
print(a.balance, Account.balance.__doc__)

class Base:
    @property
    def value(self):
        return 1

class Derived(Base):
    @Base.value.getter
    def value(self):
        return 2

print(Base().value, Derived().value, Base.value is Derived.value)
print("_c" in t.__dict__, "celsius" in t.__dict__)
t.__dict__["celsius"] = "shadow?"
t.celsius = 5
print(t.celsius, t.__dict__["celsius"])
