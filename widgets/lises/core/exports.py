"""Public names of a package, imported when first used (PEP 562).

Each subpackage's ``__init__`` lists its public names in ``__all__`` and where each lives, so
``from lises.dilemma import build_app`` works without importing every module of the package (a
data loader does not pull in the widgets, and no import cycle can arise between packages).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that finds ``name`` in the submodule ``where[name]``.

    ``where`` maps a public name to the module (relative to ``package``) that defines it; a
    name that maps to itself is a submodule, returned whole.
    """

    def __getattr__(name: str) -> Any:
        try:
            module = where[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        found = importlib.import_module(f".{module}", package)
        return found if module == name else getattr(found, name)

    return __getattr__
