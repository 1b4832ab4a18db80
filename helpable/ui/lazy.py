"""Names a package loads from its modules the first time they are asked for.

A lesson that shows one widget or draws one chart then does not import (and
compile) all the others: every kernel start pays only for what it uses.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def load_on_first_use(
    package: str, where: Mapping[str, str], namespace: dict[str, Any], names: Sequence[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__``: each name in ``where`` comes from the
    submodule it names, is kept in ``namespace`` (the package's globals) once loaded, and
    ``names`` (its ``__all__``) are listed before they are loaded."""

    def __getattr__(name: str) -> Any:
        if name not in where:  # a submodule name is not one of them
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *names})

    return __getattr__, __dir__
