# List building, sorting and comprehensions: append, list comprehensions with filters, sort with
# a key function (and reverse), slicing, sum/min/max, and nested comprehensions.


def make_numbers(n):
    state = 7
    out = []
    for _ in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        out.append(state >> 12)
    return out


def run(rounds, n):
    checksum = 0
    for r in range(rounds):
        numbers = make_numbers(n + r)
        evens = [x for x in numbers if x % 2 == 0]
        squares = [x * x % 65521 for x in evens]
        by_low = sorted(numbers, key=lambda x: (x % 1000, x))
        squares.sort(reverse=True)
        head = by_low[:10]
        grid = [[i * j % 17 for j in range(20)] for i in range(20)]
        checksum += (
            sum(squares[:100])
            + head[0]
            + by_low[-1]
            + min(evens)
            + max(numbers)
            + len(evens)
            + sum(sum(row) for row in grid)
        )
        checksum %= 1000000007
    return checksum


print("list_ops", run(25, 20_000))
