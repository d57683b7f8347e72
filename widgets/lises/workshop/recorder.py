"""Where an exercise's answers go: nowhere (solo) or the workshop store (no widgets here).

Every exercise talks to a recorder with the same three calls, so the same exercise code runs
alone in the book, in JupyterLab and in a workshop:

- ``record(item, step, value)`` stores one answer at once (idempotent: a repeat is ignored);
- ``replay(item)`` returns the answers already given, in order, so a reloaded page resumes;
- ``revealed()`` says whether the facilitator has released the expert key for this exercise.

Step names are short strings that say what was answered, e.g. ``mark:3`` (citizen turn 3 marked
or not), ``classify:3``, ``reply:4``, ``next:5`` (turn 5 revealed), ``weights``, ``action``,
``sort:eksempel-7``.  Values are plain JSON data.

Free text a learner types (a pause reply, a reason) is checked before it is stored: a CPR number,
phone number or e-mail address is refused with :class:`~lises.privacy.pseudonyms.FreeTextError`,
whose Danish message the exercise shows; nothing is stored, and the text stays in the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lises.privacy.guard import free_text_problem
from lises.privacy.pseudonyms import FreeTextError

if TYPE_CHECKING:  # solo use never loads the database layer
    from .store import Participant, Store

SAVED_AFTER_RETRY = "Nu er dit svar gemt. Du kan fortsætte."
"""What an exercise says when an answer that could not be stored is stored on a retry."""


class Recorder:
    """Solo use: nothing is stored, and the key is always shown."""

    workshop: str | None = None
    nickname: str | None = None

    def record(self, item: str, step: str, value: Any) -> bool:
        return True

    def replay(self, item: str) -> list[tuple[str, Any]]:
        return []

    def revealed(self) -> bool:
        return True


@dataclass
class WorkshopRecorder(Recorder):
    """A participant's answers to one exercise in a workshop."""

    store: Store
    participant: Participant
    exercise: str

    @property
    def workshop(self) -> str:  # type: ignore[override]
        return self.participant.workshop

    @property
    def nickname(self) -> str:  # type: ignore[override]
        return self.participant.nickname

    def record(self, item: str, step: str, value: Any) -> bool:
        check_free_text(value)
        return self.store.submit(self.participant, self.exercise, item, step, value)

    def replay(self, item: str) -> list[tuple[str, Any]]:
        return [
            (a.step, a.value)
            for a in self.store.answers(self.participant, self.exercise)
            if a.item == item
        ]

    def revealed(self) -> bool:
        workshop = self.store.workshop(self.participant.workshop)
        return workshop is not None and self.exercise in workshop.revealed


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def check_free_text(value: Any) -> None:
    """Raise :class:`FreeTextError` when any text in ``value`` holds a CPR, phone or e-mail."""
    for text in _texts(value):
        problem = free_text_problem(text)
        if problem:
            raise FreeTextError(problem)
