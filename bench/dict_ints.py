# A dict of int keys: insertion, lookup with `in` and get(), update in place, deletion, and
# iteration over items(); also a set of ints for membership tests.


def run(n):
    table = {}
    seen = set()
    state = 12345
    hits = 0
    for i in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        key = state % 50_000
        if key in table:
            table[key] += i % 11
            hits += 1
        else:
            table[key] = 1
        if i % 5 == 0:
            seen.add(key)
        if i % 9 == 0 and (key + 1) in table:
            del table[key + 1]
    checksum = 0
    for k, v in table.items():
        checksum = (checksum + k * v) % 1000000007
    missing = sum(1 for k in range(0, 50_000, 7) if table.get(k) is None)
    return len(table), hits, len(seen), missing, checksum


print("dict_ints", *run(1_000_000))
