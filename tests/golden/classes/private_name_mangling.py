# Private name mangling in class bodies: __x class attributes, self.__x, __methods, mangled
# parameters and locals, classes named with leading/only underscores, global __g in a method.
# Expected output: python3 3.11's.
class Mangled:
    __secret = "hidden"
    def __init__(self):
        self.__value = 42
    def reveal(self):
        return self.__secret, self.__value
    def __helper(self, __arg=1):
        return __arg
    def call(self):
        __local = 5
        f = lambda: __local
        return self.__helper(), f(), [__local for _ in range(1)]
m = Mangled()
print(m.reveal(), sorted(k for k in vars(m)), hasattr(m, "__value"), Mangled._Mangled__secret)
print(m.call(), Mangled().call())
try:
    m.__secret
except AttributeError as e:
    print(type(e).__name__, e)
class _Under:
    __x = 1
class ___:
    __y = 2
print(sorted(k for k in vars(_Under) if "x" in k), sorted(k for k in vars(___) if "y" in k))
__g = "global"
class G:
    def f(self):
        global __g
        return __g
try:
    print(G().f())
except NameError as e:
    print(type(e).__name__, e)
