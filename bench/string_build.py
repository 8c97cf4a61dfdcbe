# String building: f-strings with format specs, str.join over generated pieces, += on a short
# string, slicing, replace/find/upper, and str(int) / int(str) round trips.


def render_row(i):
    return f"{i:06d}|{i * 37 % 1000:>5}|{i / 7:.3f}|{'x' * (i % 5)}"


def run(n):
    rows = [render_row(i) for i in range(n)]
    table = "\n".join(rows)
    checksum = len(table)
    line = ""
    for i in range(n):
        line += str(i % 10)
        if len(line) > 64:
            checksum += int(line[:9]) % 1000
            line = line[32:]
    upper = table.replace("|", ";").upper()
    checksum += upper.count(";") + upper.find("000123") + table.rfind("|x")
    words = ",".join(row[:6] for row in rows[::3])
    checksum += len(words.split(","))
    return checksum


print("string_build", run(200_000))
