# Closures and generator expressions: calling nested functions that read and rebind (nonlocal)
# cells, lambdas passed to higher-order functions, and sum()/any() over generator expressions.


def make_accumulator(start):
    total = start

    def add(x):
        nonlocal total
        total += x
        return total

    return add


def make_scaler(k):
    return lambda x: x * k % 10007


def compose(f, g):
    def h(x):
        return f(g(x))

    return h


def run(n):
    acc = make_accumulator(0)
    f = compose(make_scaler(3), make_scaler(5))
    checksum = 0
    for i in range(n):
        checksum = acc(f(i)) % 1000000007
    sq = sum(x * x % 97 for x in range(n) if x % 3)
    found = any(f(x) == 10006 for x in range(n))
    big = max((f(x), x) for x in range(0, n, 3))
    return checksum, sq, found, big


print("closures", *run(1_000_000))
