"""Scoring the sorting of items to the five potentials: pure functions, frozen results.

An item placed on its key potential counts as "som nøglen"; placed on a potential the item
plausibly touches as well (its ``also`` list) it counts as "også plausibel", and the feedback
says so; anything else is "et andet potentiale".  The summary counts, per key potential, how
many of its items were placed as the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from .items import Potential, PotentialSet, SortItem


class Verdict(StrEnum):
    KEY = "som nøglen"
    PLAUSIBLE = "også plausibel"
    OTHER = "et andet potentiale"


class PlacementError(ValueError):
    """A value that is not a potential number (a tampered widget message or a bad value)."""


def validate_potential(value: object) -> int:
    """A potential number 1–5 as a plain int; booleans and anything else are refused."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in set(Potential):
        raise PlacementError(f"ukendt potentiale {value!r}")
    return int(value)


@dataclass(frozen=True)
class ItemResult:
    item: str
    key: Potential
    placed: Potential
    verdict: Verdict

    @property
    def as_key(self) -> bool:
        return self.verdict == Verdict.KEY


@dataclass(frozen=True)
class PotentialTally:
    """One potential: how many items have it as key, and how many of those were placed so."""

    potential: Potential
    items: int
    as_key: int


@dataclass(frozen=True)
class SortSummary:
    results: tuple[ItemResult, ...]
    per_potential: tuple[PotentialTally, ...]

    @property
    def placed(self) -> int:
        return len(self.results)

    @property
    def as_key(self) -> int:
        return sum(r.verdict == Verdict.KEY for r in self.results)

    @property
    def plausible(self) -> int:
        return sum(r.verdict == Verdict.PLAUSIBLE for r in self.results)


def judge(item: SortItem, placed: object) -> ItemResult:
    """Compare one placement with the item's key."""
    number = validate_potential(placed)
    if number == item.key:
        verdict = Verdict.KEY
    elif number in item.also:
        verdict = Verdict.PLAUSIBLE
    else:
        verdict = Verdict.OTHER
    return ItemResult(item.id, Potential(item.key), Potential(number), verdict)


def summarise(potential_set: PotentialSet, placements: Mapping[str, int]) -> SortSummary:
    """All placements of a set (items not placed are left out of the results)."""
    results = tuple(
        judge(item, placements[item.id]) for item in potential_set.items if item.id in placements
    )
    by_item = {r.item: r for r in results}
    tallies = []
    for potential in Potential:
        keyed = [item for item in potential_set.items if item.key == potential]
        tallies.append(
            PotentialTally(
                potential=potential,
                items=len(keyed),
                as_key=sum(1 for i in keyed if i.id in by_item and by_item[i.id].as_key),
            )
        )
    return SortSummary(results, tuple(tallies))
