# json.dumps/loads round trips of a nested structure (dicts of lists of dicts with str, int,
# float, bool and None values, escapes and non-ASCII text), in the default, compact, sorted and
# indented styles, repeated. Measures the encoder and decoder and the objects they build.
import json


def build(n):
    users = []
    for i in range(n):
        users.append({
            "id": i,
            "name": f"user{i}",
            "email": f"user{i}@example.org",
            "active": i % 3 != 0,
            "score": (i * 7919 % 1000) / 8,
            "manager": None if i % 5 else i // 5,
            "tags": ["tag%d" % (i % 7), "quoted \"x\"", "caf\u00e9"][: 1 + i % 3],
            "history": [{"day": d, "visits": (i + d) % 11, "ratio": d / 4} for d in range(i % 4)],
            "note": "line one\nline two\ttabbed" if i % 10 == 0 else "",
        })
    return {"version": 3, "generated": "2024-01-01T00:00:00Z", "users": users,
            "stats": {"count": n, "ok": True, "ratio": 0.5, "big": 2 ** 53 + 1}}


def main():
    data = build(400)
    total = 0
    for _ in range(36):
        text = json.dumps(data)
        back = json.loads(text)
        assert back == data
        compact = json.dumps(back, separators=(",", ":"), sort_keys=True)
        pretty = json.dumps(json.loads(compact), indent=2)
        total += len(text) + len(compact) + len(pretty)
        total += sum(u["id"] for u in json.loads(pretty)["users"] if u["active"])
    print(f"json_roundtrip {total} {len(text)} {hash(compact) == hash(json.dumps(data, separators=(',', ':'), sort_keys=True))}")


main()
