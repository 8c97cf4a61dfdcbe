# pickle at the sizes where the native pickler and unpickler change storage or speed path:
# str payloads around 8/32-byte ASCII scanning steps with a non-ASCII character at each edge,
# pickles around 256 bytes (the pickler's inline output), more than 16 memoized objects and
# stack items and more than 8 nested marks (the unpickler's inline stacks), frames past 64 KiB;
# dumps must give CPython's exact bytes and loads must give the value back. Invalid UTF-8 in
# a BINUNICODE payload raises CPython's error at the right offset. Expected output is python3
# 3.11's.
import pickle


def digest(data):
    # The hex of a short pickle; FNV-1a (64 bits) of a long one.
    if len(data) <= 64:
        return data.hex()
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def check(label, value, protocols=(2, 3, 4, 5)):
    for proto in protocols:
        data = pickle.dumps(value, proto)
        back = pickle.loads(data)
        print(label, proto, len(data), digest(data), back == value, type(back).__name__)


for n in (0, 1, 7, 8, 9, 31, 32, 33, 63, 64, 65, 255, 256, 257, 1024, 70000):
    check(f"ascii{n}", "a" * n, (4,))
    if n:
        for where in sorted({0, n // 2, n - 1}):
            s = "b" * where + "é" + "c" * (n - where - 1)
            back = pickle.loads(pickle.dumps(s, 4))
            print("accent", n, where, back == s, len(back), back.isascii())
        s = "d" * (n - 1) + "\U0001f600"
        back = pickle.loads(pickle.dumps(s, 5))
        print("emoji", n, back == s, len(back), back[-1] == "\U0001f600")

check("many_strs", [f"s{i}" for i in range(40)])
x5 = "x" * 5
check("shared", [(x5,) * 3 for _ in range(20)])
deep = [1, "a"]
for _ in range(20):
    deep = [deep, len(deep)]
check("deep", deep)
check("wide_tuple", tuple(range(30)) + tuple(str(i) for i in range(30)))
nested = (1, (2, (3, (4, (5, (6, (7, (8, (9, (10, (11, 12, 13, 14)))))))))))
check("nested_marks", nested)
check("dict", {f"k{i}": (i, float(i), f"v{i}" * 3) for i in range(25)})
y = "y" * 1000
check("big", [y] * 50 + ["z" * i for i in range(1000, 1050)])
check("mixed", [1, -1, 255, 256, 65535, 65536, -2**31, 2**31, 2**63, -2**70, 1.5, None,
                True, False, b"raw", bytearray(b"ba"), "txt", (), [], {}, {1, 2},
                frozenset({3})])

for payload in (b"ok\xff", b"\xc3", b"abcdefgh" * 5 + b"\xe2\x82", b"a" * 40 + b"\x80b",
                b"x" * 33 + b"\xf5\x80\x80\x80", b"y" * 64 + b"\xc3\xa9" * 3):
    data = b"\x80\x04X" + len(payload).to_bytes(4, "little") + payload + b"."
    try:
        print("loaded", len(pickle.loads(data)))
    except Exception as e:
        print(type(e).__name__, e)

t = ("q" * 300, "r" * 300)
print(pickle.loads(pickle.dumps([t, t, t], 4))[2] is pickle.loads(pickle.dumps([t, t], 4))[0])
