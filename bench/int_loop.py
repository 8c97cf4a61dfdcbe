# A 10M-iteration integer loop: the eval loop's dispatch and the small-int fast paths
# (add, multiply, floor division, modulo, xor, comparisons) with no calls inside the loop.


def run(n):
    total = 0
    x = 1
    i = 0
    while i < n:
        x = (x * 7 + i) % 1000003
        total += x // 3 ^ i & 255
        i += 1
    return total, x


total, x = run(10_000_000)
print("int_loop", total, x)
