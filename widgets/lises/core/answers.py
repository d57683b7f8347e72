"""One answer protocol for every exercise's session state machine (no widgets here).

An untrusted answer (a widget message in Voilà, a request to the room server) goes through the
same steps for every exercise: :meth:`AnswerSession.check` validates it against the state without
changing anything and refuses whatever is not due (raising :class:`~lises.core.model.StepError`);
whoever stores answers (the room) stores the checked :class:`Answer`, and only then does
:meth:`AnswerSession.apply` change the state, so an answer that cannot be stored leaves the
session exactly where it was.  :meth:`AnswerSession.replay` rebuilds the state from stored
answers, which is how the room resumes a participant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class Answer:
    """One checked answer, in the form the store keeps.

    Attributes
    ----------
    step : str
        The step as the store names it, e.g. ``mark:3``, ``weights`` or ``sort:<item id>``.
    value : Any
        The validated value (JSON-compatible), e.g. ``True``, ``{"respekt": 3}`` or ``2``.
    """

    step: str
    value: Any


@runtime_checkable
class AnswerSession(Protocol):
    """What a view needs from an exercise's session state machine."""

    @property
    def done(self) -> bool:
        """Every answer is given: the feedback (or the wait for it) is due."""
        ...

    def check(self, step: str, value: object) -> Answer:
        """Validate one answer to ``step`` without changing the state.

        Raises :class:`~lises.core.model.StepError` for a step that is not due or a value that
        is not valid for it.
        """
        ...

    def apply(self, answer: Answer) -> None:
        """Apply an answer that :meth:`check` returned for the current state."""
        ...

    def replay(self, answers: Iterable[tuple[str, Any]]) -> None:
        """Apply stored answers in order; anything not due or invalid is skipped."""
        ...
