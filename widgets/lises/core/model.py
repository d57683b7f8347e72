"""Model types shared by every kind of course data: strict text types, one problem, one base model.

Strict types throughout the course data: a number, a yes/no or a text written as another type
(``turn: "4"``, ``constructed: "true"``) is refused instead of silently converted, so a file means
exactly what it says.  Enumerations stay lax: YAML gives their values as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Protocol

from pydantic import BaseModel, ConfigDict, Strict, StringConstraints

Text = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]


class StrictModel(BaseModel):
    """A frozen model that refuses unknown fields: the base of every course data model."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Problem(BaseModel):
    """One problem found in a data file: where (e.g. ``tur 4``), which field and what is wrong."""

    model_config = ConfigDict(frozen=True)

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}, felt '{self.field}': {self.message}"


class _HasId(Protocol):
    id: str


def repeated_ids(entries: Iterable[_HasId], where: str) -> list[Problem]:
    """A problem for every entry whose ``id`` an earlier entry already has.

    Parameters
    ----------
    entries
        The entries of one list in a data file (questions, topics, actions).
    where
        How the place is named, with ``{id}`` for the entry's id, e.g. ``"spørgsmål '{id}'"``.
    """
    seen: set[str] = set()
    problems = []
    for entry in entries:
        if entry.id in seen:
            problems.append(
                Problem(
                    where=where.format(id=entry.id), field="id", message="id'et er brugt to gange"
                )
            )
        seen.add(entry.id)
    return problems


class StepError(ValueError):
    """An answer that is not the one due now (a stale or tampered widget message).

    Raised by every exercise's session state machine."""
