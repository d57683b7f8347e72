"""The error a transcript that cannot be imported gives: every problem with its place, in Danish.

Kept apart from the readers so that :mod:`lises.transcripts.limits` (checked before reading)
and :mod:`lises.transcripts.readers` can both raise it without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in the knowledge broker's file: where (may be empty) and what."""

    place: str
    message: str


class TranscriptError(ValueError):
    """A transcript that cannot be imported; ``problems`` says where and what, in Danish."""

    def __init__(self, name: str, problems: Iterable[Problem]):
        self.name = name
        self.problems = list(problems)
        super().__init__(
            "\n".join(
                f"{name}, {p.place}: {p.message}" if p.place else f"{name}: {p.message}"
                for p in self.problems
            )
        )
