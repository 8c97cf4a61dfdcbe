# A package whose __init__ imports its own submodules, relatively and absolutely, before they
# are attributes of the package.
from . import alpha
from _support.pkg import beta

__all__ = ["alpha", "epsilon"]
print("pkg init:", alpha.NAME, beta.NAME)
