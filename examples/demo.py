# A tour of the Python subset gilpy runs today (the GIL demo replaces this once threads land).
import math
import sys

def primes(limit):
    sieve = [True] * (limit + 1)
    sieve[0] = sieve[1] = False
    for i in range(2, int(limit ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i :: i] = [False] * len(sieve[i * i :: i])
    return [i for i, is_prime in enumerate(sieve) if is_prime]

def word_counts(text):
    counts = {}
    for word in text.lower().split():
        word = word.strip(".,;!?")
        counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

print(f"gilpy runs on Python {sys.version_info[0]}.{sys.version_info[1]} semantics")
print("primes below 50:", primes(50))
print("2**100 =", 2 ** 100)
print("60! has", len(str(math.factorial(60))), "digits")
print("0.1 + 0.2 =", 0.1 + 0.2, "| -7 // 2 =", -7 // 2, "| -7 % 2 =", -7 % 2)
text = "the quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs!"
for word, n in word_counts(text)[:3]:
    print(f"{word:>6}: {n}")
try:
    {}["missing"]
except KeyError as e:
    print("caught", type(e).__name__, e)
squares = {n: n * n for n in range(5)}
print("squares:", squares, "| total:", sum(squares.values()))
