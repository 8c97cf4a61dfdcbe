# Method calls on instances: bound-method lookup and calls, attribute reads and writes on self,
# object creation through __init__, and an overridden method in a subclass.


class Counter:
    def __init__(self, start):
        self.value = start
        self.calls = 0

    def step(self, amount):
        self.calls += 1
        self.value = (self.value + amount) % 1000003
        return self.value

    def get(self):
        return self.value


class DoublingCounter(Counter):
    def step(self, amount):
        self.calls += 1
        self.value = (self.value + 2 * amount) % 1000003
        return self.value


class Pair:
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def swap(self):
        return Pair(self.b, self.a)

    def total(self):
        return self.a + self.b


def run(n):
    counters = [Counter(1), DoublingCounter(2), Counter(3)]
    checksum = 0
    for i in range(n):
        c = counters[i % 3]
        checksum += c.step(i) & 15
        if i % 8 == 0:
            checksum += Pair(i, c.get()).swap().total() % 7
    return checksum, [c.calls for c in counters], [c.get() for c in counters]


checksum, calls, values = run(2_000_000)
print("method_calls", checksum, calls, values)
