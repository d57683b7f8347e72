"""Reading a course data file: the suffixes, the safe read and the one error class.

Every loader (excerpts, codings, dilemma cases, potential sets) reads YAML through
:func:`read_yaml` and raises a subclass of :class:`DataFileError`, whose message names the file and
lists every problem in Danish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .model import Problem
from .safe_yaml import YamlProblem, load_file

SUFFIXES = (".yaml", ".yml")


class DataFileError(ValueError):
    """A data file that cannot be used; ``problems`` lists what is wrong and where."""

    def __init__(self, path: Path, problems: Iterable[Problem | str]):
        self.path = Path(path)
        self.problems = [str(p) for p in problems]
        super().__init__("\n".join(f"{self.path.name}: {p}" for p in self.problems))


def read_yaml(path: Path, error: Callable[[Path, list[str]], Exception]) -> object:
    """Read a course data file safely (:mod:`lises.core.safe_yaml`: size limit, no aliases or
    duplicate keys); any problem becomes ``error(path, problems)`` naming the line (shared by
    the loaders of excerpts, codings, dilemmas and potentials)."""
    try:
        return load_file(Path(path))
    except YamlProblem as problem:
        raise error(path, problem.problems) from None
