"""One learner's way through one excerpt, turn by turn (no widgets here).

Modelled on the Conversation Analytic Role-play Method: the learner sees one turn at a time,
commits to an answer before the next turn is revealed, then sees what happened.  The session
knows which step is due and refuses any other; widgets only display it and pass on clicks.
Because Voilà delivers widget messages from any client holding the page, every input is checked
here, not trusted from the browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lises.core.answers import Answer
from lises.core.model import StepError
from lises.excerpts.model import Excerpt, Response, next_professional_turn
from lises.excerpts.scoring import Score, score

MAX_REPLY_LENGTH = 2000


class StepKind(StrEnum):
    MARK = "mark"
    """Decide whether the citizen turn just revealed carries a meaning-utterance."""
    REPLY = "reply"
    """Pause point: write what you would say before the next turn is revealed."""
    CLASSIFY = "classify"
    """Judge what the professional's turn did with a marked utterance."""
    NEXT = "next"
    """Nothing is due: reveal the next turn."""
    DONE = "done"
    """Every turn is revealed and every answer given."""


@dataclass(frozen=True)
class Step:
    kind: StepKind
    turn: int | None = None
    """The turn the step is about (the citizen turn for MARK, REPLY and CLASSIFY)."""
    responder: int | None = None
    """For CLASSIFY: the professional turn whose response is judged."""


class Session:
    """State of one run through an excerpt.

    Attributes
    ----------
    revealed : int
        How many turns the learner has seen (at least 1).
    marked : dict[int, bool]
        The learner's decision for each citizen turn seen so far.
    responses : dict[int, Response]
        The learner's judgement of the professional's response, per marked turn.
    replies : dict[int, str]
        What the learner wrote at each pause point.
    """

    def __init__(self, excerpt: Excerpt):
        self.excerpt = excerpt
        self.revealed = 1
        self.marked: dict[int, bool] = {}
        self.responses: dict[int, Response] = {}
        self.replies: dict[int, str] = {}

    @property
    def total(self) -> int:
        return len(self.excerpt.turns)

    def step(self) -> Step:
        """The step that is due now."""
        last = self.revealed
        if self.excerpt.is_citizen_turn(last) and last not in self.marked:
            return Step(StepKind.MARK, last)
        for turn, is_marked in sorted(self.marked.items()):
            responder = next_professional_turn(self.excerpt, turn)
            if is_marked and turn not in self.responses and responder and responder <= last:
                return Step(StepKind.CLASSIFY, turn, responder)
        if last in self.excerpt.pause_by_turn and last not in self.replies:
            return Step(StepKind.REPLY, last)
        if last < self.total:
            return Step(StepKind.NEXT)
        return Step(StepKind.DONE)

    def _expect(self, kind: StepKind, turn: int | None = None) -> Step:
        due = self.step()
        if due.kind != kind or due.turn != turn:
            raise StepError(f"forventede {due.kind.value} for tur {due.turn}, fik {kind.value}")
        return due

    def mark(self, turn: int, carries_utterance: bool) -> None:
        self.apply(self.check(f"mark:{turn}", bool(carries_utterance)))

    def classify(self, turn: int, response: Response | str) -> None:
        self.apply(self.check(f"classify:{turn}", response))

    def reply(self, turn: int, text: str) -> None:
        self.apply(self.check(f"reply:{turn}", text))

    def advance(self, seen: int | None = None) -> int:
        """Reveal the next turn and return its number.

        ``seen`` is the number of turns shown when the learner asked for the next one; a repeated
        or stale request (a double click, an old page) names an earlier count and is refused.
        """
        self._expect(StepKind.NEXT)
        self.apply(self.check(f"next:{(self.revealed if seen is None else seen) + 1}", True))
        return self.revealed

    def check(self, step: str, value: object) -> Answer:
        """Validate one answer named as the recorder stores it, without applying it: ``mark:3``
        (bool), ``classify:3`` (a response), ``reply:4`` (text) or ``next:5`` (reveal turn 5).

        Returns the answer in its stored form (a reply stripped and cut to
        :data:`MAX_REPLY_LENGTH`); raises :class:`StepError` for anything not due or invalid.
        """
        kind, _, number = str(step).partition(":")
        try:
            turn = int(number)
        except ValueError:
            raise StepError(f"ukendt trin {step!r}") from None
        name = f"{kind}:{turn}"
        if kind == "mark":
            if not isinstance(value, bool):
                raise StepError("en markering skal være ja eller nej")
            self._expect(StepKind.MARK, turn)
            return Answer(name, value)
        if kind == "classify":
            self._expect(StepKind.CLASSIFY, turn)
            try:
                return Answer(name, Response(value).value)
            except ValueError:
                raise StepError(f"ukendt vurdering {value!r}") from None
        if kind == "reply":
            self._expect(StepKind.REPLY, turn)
            if not isinstance(value, str) or not value.strip():
                raise StepError("skriv et svar, før du går videre")
            return Answer(name, value.strip()[:MAX_REPLY_LENGTH])
        if kind == "next":
            self._expect(StepKind.NEXT)
            if turn - 1 != self.revealed:
                raise StepError(f"turen efter tur {turn - 1} er allerede vist")
            return Answer(name, True)
        raise StepError(f"ukendt trin {step!r}")

    def apply(self, answer: Answer) -> None:
        """Apply an answer that :meth:`check` returned for the current state.

        Live clicks and a replay of stored answers take this same path, so a resumed session is
        exactly the one the learner left.
        """
        kind, _, number = answer.step.partition(":")
        turn = int(number)
        if kind == "mark":
            self.marked[turn] = answer.value
        elif kind == "classify":
            self.responses[turn] = Response(answer.value)
        elif kind == "reply":
            self.replies[turn] = answer.value
        else:
            self.revealed = turn

    def replay(self, answers: Iterable[tuple[str, Any]]) -> None:
        """Apply stored answers in order; anything not due or invalid is skipped."""
        for step, value in answers:
            try:
                self.apply(self.check(step, value))
            except StepError:
                continue

    @property
    def done(self) -> bool:
        return self.step().kind == StepKind.DONE

    def marks(self) -> dict[int, Response | None]:
        """The learner's coding in the form :func:`lises.excerpts.scoring.score` takes."""
        return {t: self.responses.get(t) for t, is_marked in self.marked.items() if is_marked}

    def score(self) -> Score:
        return score(self.excerpt, self.marks())
