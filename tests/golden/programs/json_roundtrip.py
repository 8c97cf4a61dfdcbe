# A realistic program: an inventory of nested records (classes with a to_dict method and a
# list of field names, revived by an object_hook) serialised with json.dumps in
# several styles (indent, sort_keys, separators, ensure_ascii, default=), written to a file,
# read back with json.load/loads (object_hook, parse_float), checked for equality, then
# malformed documents reported through JSONDecodeError's fields.
# Expected output: python3 3.11's.

import json
import os


class Record:
    fields = ()

    def __init__(self, **values):
        for name in self.fields:
            setattr(self, name, values.get(name))

    def to_dict(self):
        d = {"__type__": type(self).__name__}
        for name in self.fields:
            value = getattr(self, name)
            if isinstance(value, Record):
                value = value.to_dict()
            elif isinstance(value, list):
                value = [v.to_dict() if isinstance(v, Record) else v for v in value]
            d[name] = value
        return d

    def __eq__(self, other):
        return type(self) is type(other) and all(
            getattr(self, f) == getattr(other, f) for f in self.fields)

    def __repr__(self):
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.fields)
        return f"{type(self).__name__}({inner})"


class Supplier(Record):
    fields = ("name", "country", "rating")


class Part(Record):
    fields = ("sku", "title", "price", "tags", "supplier", "stock")

    @property
    def value(self):
        return round(self.price * sum(self.stock.values()), 2)


class Warehouse(Record):
    fields = ("code", "city", "parts", "open")


REGISTRY = {cls.__name__: cls for cls in (Supplier, Part, Warehouse)}


def revive(d):
    """object_hook: turns tagged dicts back into records, bottom-up."""
    kind = d.pop("__type__", None)
    if kind is None:
        return d
    return REGISTRY[kind](**d)


def build():
    acme = Supplier(name="Acme", country="US", rating=4.5)
    zeta = Supplier(name="Zéta GmbH", country="DE", rating=None)
    parts = [
        Part(sku="A-1", title="bolt", price=0.1, tags=["metal", "small"], supplier=acme,
             stock={"north": 1200, "south": 800}),
        Part(sku="B-22", title="gear \"large\"", price=12.75, tags=[], supplier=zeta,
             stock={"north": 3}),
        Part(sku="C-333", title="tab\there/newline\nend", price=1e-7, tags=["odd"],
             supplier=acme, stock={}),
        Part(sku="D-4", title="snowman \u2603", price=2 ** 40 + 0.5, tags=["unicode", "big"],
             supplier=zeta, stock={"west": -2, "east": 10 ** 12}),
    ]
    return [
        Warehouse(code="W1", city="Oslo", parts=parts[:2], open=True),
        Warehouse(code="W2", city="Zürich", parts=parts[2:], open=False),
        Warehouse(code="W3", city="Lima", parts=[], open=None),
    ]


def encode_other(obj):
    if isinstance(obj, Record):
        return obj.to_dict()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    raise TypeError(f"cannot encode {type(obj).__name__}")


def show(title, text, limit=12):
    lines = text.split("\n")
    print(f"--- {title}: {len(text)} chars, {len(lines)} lines")
    for line in lines[:limit]:
        print(line)
    if len(lines) > limit:
        print(f"... ({len(lines) - limit} more lines)")


def main():
    warehouses = build()
    plain = [w.to_dict() for w in warehouses]

    compact = json.dumps(plain, separators=(",", ":"))
    show("compact", compact[:200])
    pretty = json.dumps(plain, indent=2, sort_keys=True)
    show("indent=2 sort_keys", pretty, limit=30)
    tabbed = json.dumps(plain[2], indent="\t", separators=(", ", " = "))
    show("tab indent, custom separators", tabbed)
    raw = json.dumps(plain[1]["parts"][1], ensure_ascii=False, sort_keys=True)
    show("ensure_ascii=False", raw)
    via_default = json.dumps({"stores": warehouses[:1], "tags": {"b", "a"}}, default=encode_other,
                             indent=1)
    print("default= gives the same as to_dict:", json.loads(via_default)["stores"] == plain[:1])

    # Every style decodes to the same data.
    for name, text in [("compact", compact), ("pretty", pretty)]:
        back = json.loads(text)
        print(f"{name} round trip equal: {back == plain}")

    # Through a file, reviving objects.
    path = "json_roundtrip.tmp.json"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(plain, f, indent=4)
    with open(path, encoding="utf-8") as f:
        revived = json.load(f, object_hook=revive)
    os.remove(path)
    print("revived equal:", revived == warehouses)
    for w in revived:
        total = sum(p.value for p in w.parts)
        names = [p.title.split()[0] for p in w.parts]
        print(f"{w.code} {w.city:<7} open={w.open!s:<5} parts={names} value={total:,.2f}")
    print(revived[0].parts[0])

    # Hooks on the way in.
    prices = json.loads(compact, parse_float=lambda s: f"<{s}>")
    print("parse_float:", [p["price"] for w in prices for p in w["parts"]])
    pairs = json.loads('{"b": 1, "a": 2, "b": 3}', object_pairs_hook=lambda kv: kv)
    print("object_pairs_hook:", pairs)
    ints = json.loads("[1, 2.5, -0, 1e3, 12345678901234567890]")
    print("numbers:", ints, [type(x).__name__ for x in ints])

    # Keys that are not strings, and special floats.
    print(json.dumps({1: "a", 2.5: "b", True: "c", None: "d"}, sort_keys=False))
    print(json.dumps([float("inf"), float("-inf")]))
    try:
        json.dumps([float("nan")], allow_nan=False)
    except ValueError as e:
        print("ValueError:", e)
    try:
        json.dumps({"x": object()})
    except TypeError as e:
        print("TypeError:", e)

    # Malformed documents.
    bad = ['{"a": 1,}', "[1, 2", '{"a" 1}', "nul", '"unterminated', "[1] x", ""]
    for doc in bad:
        try:
            json.loads(doc)
        except json.JSONDecodeError as e:
            print(f"{doc!r:>16}: {e.msg} (line {e.lineno} col {e.colno} pos {e.pos})")
    print("JSONDecodeError is a ValueError:", issubclass(json.JSONDecodeError, ValueError))


main()
