# LOAD_GLOBAL is cached per name in each code object; every rebinding of a global or a builtin
# made after a cached lookup must be seen at once: plain assignment from another function,
# `global` statements, globals()['x'] = ..., del (falling back to the builtin, then NameError),
# builtins.len = ..., a global shadowing a builtin and going away, other threads, exec with
# other globals dicts, and a function's globals seen from another module's code.
# Expected output: python3 3.11's.
import builtins
import threading

x = 1


def read_x():
    return x


def read_len():
    return len("abc")


def set_x(v):
    global x
    x = v


def run_twice(f):
    return [f(), f()]


print("start", run_twice(read_x))
set_x(2)
print("after global stmt", run_twice(read_x))
globals()["x"] = 3
print("after globals()[]", run_twice(read_x))
x = 4
print("after module assignment", run_twice(read_x))
del x
try:
    read_x()
except NameError as e:
    print("after del:", e)
x = 5
print("rebound", run_twice(read_x))

# Builtins: replaced, shadowed by a global, the global deleted, then restored.
print("len", run_twice(read_len))
saved_len = builtins.len
builtins.len = lambda s: 100
print("builtins.len replaced", run_twice(read_len))
len = lambda s: 200
print("global len shadows", run_twice(read_len))
del len
print("global len deleted", run_twice(read_len))
builtins.len = saved_len
print("builtins.len restored", run_twice(read_len))
del builtins.len
try:
    read_len()
except NameError as e:
    print("builtin deleted:", e)
builtins.len = saved_len
print("builtin back", run_twice(read_len))

# A name missing everywhere, then defined.
def read_later():
    return later


for i in range(2):
    try:
        read_later()
    except NameError as e:
        print("missing:", e)
later = "now defined"
print(read_later())

# Rebinding from another thread, seen by this thread's cached lookup.
counter = 0


def read_counter():
    return counter


def bump():
    global counter
    for _ in range(3):
        counter += 1


print("counter", read_counter())
t = threading.Thread(target=bump)
t.start()
t.join()
print("counter after thread", read_counter())


def thread_reader(out):
    for _ in range(3):
        out.append(read_x())


x = 6
out = []
t = threading.Thread(target=thread_reader, args=(out,))
t.start()
t.join()
x = 7
thread_reader(out)
print("thread reads", out)

# One code object run with different globals dicts: each sees its own.
code = compile("result.append(value)", "<perf>", "exec")
result = []
for v in range(4):
    exec(code, {"result": result, "value": v})
g = {"result": result, "value": "a"}
exec(code, g)
g["value"] = "b"
exec(code, g)
del g["value"]
try:
    exec(code, g)
except NameError as e:
    print("exec:", e)
print("exec results", result)

# The same function code in a loop where the global changes between calls.
vals = []
for i in range(5):
    x = i * 10
    vals.append(read_x())
print("loop", vals)

# A global holding a value whose only reference is the dict: replaced, then read.
class Tracked:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Tracked({self.name})"


obj = Tracked("first")


def read_obj():
    return obj


print(read_obj(), read_obj())
obj = Tracked("second")
print(read_obj(), read_obj())
globals().update(obj=Tracked("third"))
print(read_obj())
globals().pop("obj")
globals().setdefault("obj", Tracked("fourth"))
print(read_obj())
vars()["obj"] = Tracked("fifth")
print(read_obj())
