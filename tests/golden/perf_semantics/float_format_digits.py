# Float formatting with a precision ('f', 'e', 'g', '%', '', and their '#'/upper-case forms, in
# format(), f-strings and %-formatting) gives python3's digits for edge values and for seeded
# random values of every magnitude: exact round-half-even of the binary value, inf/nan/-0.0,
# huge precisions. Expected output: python3 3.11's stdout.
import random

random.seed(5)
values = [0.0, -0.0, 1.5, 2.5, 0.125, 1e300, -1e-300, 123456789.123456789, float("inf"),
          float("-inf"), float("nan"), 5e-324, 1.7976931348623157e308, 0.1, 2.675, 1e16, 9.5,
          0.5, 99.995, 1e-5, 123.0]
values += [random.uniform(-1e6, 1e6) for _ in range(15)]
values += [random.random() * 10 ** random.randint(-30, 30) for _ in range(15)]
specs = (".0f", ".1f", ".3f", ".10f", ".0e", ".3e", ".17e", ".0g", ".1g", ".3g", ".12g",
         ".17g", "f", "e", "g", ".3", "+.2f", ">12.4e", ".30g", "%", ".2%", ".3F", ".4E",
         ".2G", "#.3g", "#.0f", "#.0e")
for v in values:
    print(" ".join(format(v, s) for s in specs))
    print(f"{v:.3f} {v:,.2f} {v:_.1e}", "%.3f %e %g %.0e %10.4g %#.3g" % (v, v, v, v, v, v))
print(format(1e300, ".320f")[:40], len(format(1e300, ".320f")))
print(format(2.5e-300, ".330f")[-20:], len(format(-2.5e-300, ".330e")))
