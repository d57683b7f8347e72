"""One learner's sorting of one set of items to the five potentials (no widgets here).

Items come one at a time in the set's order; the item that is due is the first one not yet
placed, and a placement for any other item is refused (a stale or tampered click).  Every value
is checked, because widget messages in Voilà are untrusted input.  :meth:`PotentialSession.replay`
rebuilds the state from stored answers (steps ``sort:<item id>``), so a reload resumes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lises.core.answers import Answer
from lises.core.model import StepError

from .items import PotentialSet, SortItem
from .scoring import PlacementError, SortSummary, summarise, validate_potential

STEP_PREFIX = "sort:"


def step_name(item_id: object) -> str:
    """The recorder step for placing an item, e.g. ``sort:fast-kontaktperson``."""
    return f"{STEP_PREFIX}{item_id}"


class PotentialSession:
    """State of one sorting run.

    Attributes
    ----------
    potential_set : PotentialSet
        The items being sorted.
    placements : dict[str, int]
        The potential number (1–5) the learner gave each item placed so far.
    """

    def __init__(self, potential_set: PotentialSet):
        self.potential_set = potential_set
        self.placements: dict[str, int] = {}

    @property
    def due(self) -> SortItem | None:
        """The item to place now, or None when every item is placed."""
        for item in self.potential_set.items:
            if item.id not in self.placements:
                return item
        return None

    @property
    def done(self) -> bool:
        return self.due is None

    @property
    def position(self) -> int:
        """1-based number of the item that is due (total + 1 when done)."""
        return len(self.placements) + 1

    @property
    def total(self) -> int:
        return len(self.potential_set.items)

    def check(self, step: str, value: object) -> Answer:
        """Validate a placement (step ``sort:<item id>``) of the due item without applying it."""
        due = self.due
        item_id = step.removeprefix(STEP_PREFIX) if isinstance(step, str) else step
        if due is None or step != step_name(due.id):
            raise StepError(f"emnet {item_id!r} er ikke det, der skal placeres nu")
        try:
            return Answer(step, validate_potential(value))
        except PlacementError as error:
            raise StepError(str(error)) from None

    def apply(self, answer: Answer) -> None:
        """Apply a placement that :meth:`check` returned for the current state."""
        self.placements[answer.step.removeprefix(STEP_PREFIX)] = answer.value

    def place(self, item_id: object, potential: object) -> int:
        """Validate and apply the placement of an item; return the potential's number."""
        answer = self.check(step_name(item_id), potential)
        self.apply(answer)
        return answer.value

    def replay(self, answers: Iterable[tuple[str, Any]]) -> None:
        """Apply stored answers; unknown items, repeats and invalid values are skipped.

        Stored answers need not be in the set's current order (an author may reorder items):
        any item of the set not yet placed is accepted here.
        """
        known = self.potential_set.item_by_id
        for step, value in answers:
            if not isinstance(step, str) or not step.startswith(STEP_PREFIX):
                continue
            item_id = step.removeprefix(STEP_PREFIX)
            if item_id not in known or item_id in self.placements:
                continue
            try:
                self.placements[item_id] = validate_potential(value)
            except PlacementError:
                continue

    def summary(self) -> SortSummary:
        return summarise(self.potential_set, self.placements)
