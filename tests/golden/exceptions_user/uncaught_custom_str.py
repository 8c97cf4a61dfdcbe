# An uncaught user exception with its own __str__ and a nested class: the traceback ends with
# the qualified name and the __str__ text. Expected output: python3 3.11's.
class Errors:
    class ConfigError(Exception):
        def __init__(self, key):
            super().__init__(key)
            self.key = key

        def __str__(self):
            return f"missing key {self.key!r}"

print("starting")
raise Errors.ConfigError("port")
