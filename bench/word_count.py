# Word frequency count: builds a 400k-word text (str.join, capitalize), then split(), strip(),
# lower() and a dict of counts; the top words come from sorted() with a tuple key.

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "do", "fi"]


def make_vocabulary(size):
    words = []
    for k in range(size):
        parts = []
        n = k + 1
        while n > 0:
            parts.append(SYLLABLES[n % len(SYLLABLES)])
            n //= len(SYLLABLES)
        words.append("".join(parts))
    return words


def make_text(vocabulary, count):
    state = 42
    out = []
    size = len(vocabulary)
    for i in range(count):
        state = (state * 1103515245 + 12345) % 2147483648
        a = (state >> 8) % size
        state = (state * 1103515245 + 12345) % 2147483648
        b = (state >> 8) % size
        word = vocabulary[min(a, b)]  # skewed: low indices are more frequent
        if i % 10 == 0:
            word = word.capitalize()
        if i % 7 == 3:
            word += ","
        elif i % 13 == 5:
            word += "."
        out.append(word)
        if i % 12 == 11:
            out.append("\n")
    return " ".join(out)


def count_words(text):
    counts = {}
    for raw in text.split():
        word = raw.strip(",.").lower()
        counts[word] = counts.get(word, 0) + 1
    return counts


text = make_text(make_vocabulary(3000), 400_000)
counts = count_words(text)
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
total = sum(counts.values())
print("word_count", len(text), len(counts), total, " ".join(f"{w}={c}" for w, c in top))
