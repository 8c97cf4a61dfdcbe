# A generator pipeline over ~1.5M items: a producer, stages that filter, map and window the stream,
# delegation with `yield from`, a generator expression and sum() at the end. Measures generator
# creation, resumption and suspension, `yield from` pass-through and the iteration protocol in
# for loops and builtins.


def produce(n, seed):
    # A linear congruential stream of small ints, in chunks delegated with yield from.
    x = seed
    for start in range(0, n, 1000):
        yield from chunk(x, min(1000, n - start))
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF


def chunk(x, count):
    for _ in range(count):
        x = (x * 1664525 + 1013904223) & 0xFFFFFFFF
        yield x >> 16


def keep(stream, modulus):
    for v in stream:
        if v % modulus:
            yield v


def scale(stream, factor, offset):
    for v in stream:
        yield v * factor + offset


def pairs(stream):
    # Sums of neighbouring items: a window of two.
    it = iter(stream)
    prev = next(it, None)
    for v in it:
        yield prev + v
        prev = v


def tagged(stream):
    count = 0
    for v in stream:
        count += 1
        yield count, v
    return count


def checksum(stream):
    total = 0
    for i, v in stream:
        total = (total + i * v) % 1000000007
    return total


def main():
    n = 1_500_000
    pipeline = pairs(scale(keep(produce(n, 42), 7), 3, -1))
    first = checksum(tagged(pipeline))
    second = sum(v & 0xFF for v in keep(produce(n // 4, 7), 3))
    third = max(x for x in chunk(99, 50_000) if x % 5 == 1)
    print(f"gen_pipeline {first} {second} {third}")


main()
