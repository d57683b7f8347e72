"""One learner's way through one dilemma case (no widgets here).

The steps come in a fixed order: weigh the four dimensions, choose an action, write an optional
justification; then the case is done and the feedback may be shown.  The session knows which
step is due and refuses any other, and it checks every value, because widget messages in Voilà
are untrusted input.  :meth:`DilemmaSession.replay` rebuilds the state from stored answers, so a
reloaded page resumes where the learner was.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from lises.core.answers import Answer
from lises.core.model import StepError

from .cases import DilemmaCase
from .scoring import (
    AnswerError,
    Reflection,
    reflect,
    validate_action,
    validate_reason,
    validate_weights,
)


class DilemmaStep(StrEnum):
    """The steps of a case; the values are the step names stored by the recorder."""

    WEIGHTS = "weights"
    ACTION = "action"
    REASON = "begrundelse"
    DONE = "done"


class DilemmaSession:
    """State of one case.

    Attributes
    ----------
    case : DilemmaCase
        The case being weighed.
    weights : dict[str, int] or None
        The learner's weight (0–5) per dimension, once given.
    action : str or None
        The id of the chosen action, once chosen.
    reason : str or None
        The justification ("" if the learner wrote none), once given.
    """

    def __init__(self, case: DilemmaCase):
        self.case = case
        self.weights: dict[str, int] | None = None
        self.action: str | None = None
        self.reason: str | None = None

    def step(self) -> DilemmaStep:
        """The step that is due now."""
        if self.weights is None:
            return DilemmaStep.WEIGHTS
        if self.action is None:
            return DilemmaStep.ACTION
        if self.reason is None:
            return DilemmaStep.REASON
        return DilemmaStep.DONE

    @property
    def done(self) -> bool:
        return self.step() == DilemmaStep.DONE

    def _expect(self, step: DilemmaStep) -> None:
        due = self.step()
        if due != step:
            raise StepError(f"forventede {due.value}, fik {step.value}")

    def check(self, step: DilemmaStep | str, value: object) -> Answer:
        """Validate ``value`` as the answer to ``step`` (which must be due) without applying it.

        Returns the answer in the form that is stored; raises :class:`StepError` otherwise.
        """
        try:
            step = DilemmaStep(step)
        except ValueError:
            raise StepError(f"ukendt trin {step!r}") from None
        self._expect(step)
        try:
            if step == DilemmaStep.WEIGHTS:
                return Answer(step.value, validate_weights(value))
            if step == DilemmaStep.ACTION:
                return Answer(step.value, validate_action(self.case, value))
            if step == DilemmaStep.REASON:
                return Answer(step.value, validate_reason(value))
        except AnswerError as error:
            raise StepError(str(error)) from None
        raise StepError("sagen er allerede besvaret")

    def apply(self, answer: Answer) -> None:
        """Apply an answer that :meth:`check` returned for the current state."""
        if answer.step == DilemmaStep.WEIGHTS:
            self.weights = answer.value
        elif answer.step == DilemmaStep.ACTION:
            self.action = answer.value
        else:
            self.reason = answer.value

    def answer(self, step: DilemmaStep | str, value: object) -> Any:
        """Validate and apply one answer; return the stored form."""
        checked = self.check(step, value)
        self.apply(checked)
        return checked.value

    def replay(self, answers: Iterable[tuple[str, Any]]) -> None:
        """Apply stored answers in order; anything out of order or invalid is skipped."""
        for step_name, value in answers:
            try:
                self.answer(step_name, value)
            except StepError:
                continue

    def reflection(self) -> Reflection:
        """The learner's weighing set against the chosen action (only once both are given)."""
        if self.weights is None or self.action is None:
            raise StepError("vægtning og handling mangler")
        return reflect(self.case, self.weights, self.action)
