"""A coding: one colleague's reading of one excerpt, for a Lån et øre round (no widgets here).

Every citizen turn of the excerpt gets one code: ``ingen`` (no meaning-utterance), or what the
professional's next turn did with the utterance (a response code of
:mod:`lises.excerpts.responses`): the same codes :mod:`lises.excerpts.scoring` compares with
the expert key.  Two codings of the same excerpt are compared in :mod:`lises.laan.comparison`.

A coding names its coder by a nickname only, checked like a workshop nickname
(:func:`lises.privacy.pseudonyms.check_nickname`: never a name-like e-mail address or CPR number),
so a saved file does not say who coded it.  A coding is made from the trainer's session
(:func:`coding_from_marks`) or from two workshop participants' answers in the store
(:func:`coding_from_answers`).  Files are read and written by :mod:`lises.excerpts.coding_files`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

from lises.core import exercises
from lises.privacy.pseudonyms import JoinError, check_nickname

from .model import Excerpt, Problem, Response, Slug, Text
from .scoring import NONE_CODE, learner_codes

MAX_COMMENT_LENGTH = 2000


# The code of one citizen turn: INGEN, then every response code (from the one vocabulary).
Code = StrEnum(
    "Code", [("INGEN", NONE_CODE), *((r.name, r.value) for r in Response)], module=__name__
)


# Strict: a turn number written as text ('4') is refused, as in the excerpts.
TurnNumber = Annotated[StrictInt, Field(ge=1)]


class CodingError(ValueError):
    """A coding that cannot be made; the message is Danish and shown to the user."""


class Coding(BaseModel):
    """One colleague's codes for the citizen turns of one excerpt.

    Attributes
    ----------
    excerpt : str
        The id of the coded excerpt.
    coder : str
        The colleague's nickname (pseudonymous).
    codes : dict[int, Code]
        Per citizen turn (1-based turn number): the colleague's code.
    comments : dict[int, str]
        Optional remarks per turn, brought to the talk.
    created : datetime
        When the coding was made.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    excerpt: Slug
    coder: str
    codes: dict[TurnNumber, Code] = Field(min_length=1)
    comments: dict[TurnNumber, Annotated[Text, Field(max_length=MAX_COMMENT_LENGTH)]] = Field(
        default_factory=dict
    )
    created: datetime

    @field_validator("coder", mode="before")
    @classmethod
    def _pseudonymous(cls, value: object) -> str:
        # The same rules as a workshop nickname: the saved file must not identify anyone.
        try:
            return check_nickname(value)
        except JoinError as error:
            raise ValueError(str(error)) from None

    def code_list(self, turns: tuple[int, ...]) -> list[str]:
        """The codes of ``turns`` in that order (the items Cohen's kappa compares)."""
        return [self.codes[t].value for t in turns]


def coding_problems(coding: Coding, excerpt: Excerpt) -> list[Problem]:
    """Check a structurally valid coding against the excerpt it codes.

    Every citizen turn needs exactly one code, and codes or comments on turns the excerpt does
    not have (or that are not the citizen's) are refused: they would be silently left out of
    the comparison otherwise.
    """
    problems: list[Problem] = []
    if coding.excerpt != excerpt.id:
        problems.append(
            Problem(
                where="kodningen",
                field="excerpt",
                message=f"gælder uddraget '{coding.excerpt}', ikke '{excerpt.id}'",
            )
        )
        return problems
    citizen = set(excerpt.citizen_turns)
    shown = ", ".join(str(t) for t in excerpt.citizen_turns)
    for turn in excerpt.citizen_turns:
        if turn not in coding.codes:
            problems.append(
                Problem(
                    where=f"tur {turn}",
                    field="codes",
                    message=f"mangler en kode (borgerens ture er {shown})",
                )
            )
    for field, entries in (("codes", coding.codes), ("comments", coding.comments)):
        for turn in sorted(entries):
            if turn > len(excerpt.turns):
                problems.append(
                    Problem(
                        where=f"tur {turn}",
                        field=field,
                        message=f"uddraget har kun {len(excerpt.turns)} ture",
                    )
                )
            elif field == "codes" and turn not in citizen:
                problems.append(
                    Problem(
                        where=f"tur {turn}",
                        field=field,
                        message=f"er ikke en af borgerens ture (borgerens ture er {shown})",
                    )
                )
    return problems


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def coding_from_marks(
    excerpt: Excerpt,
    coder: str,
    marks: Mapping[int, Response | None],
    comments: Mapping[int, str] | None = None,
) -> Coding:
    """A coding from the trainer's marks (:meth:`lises.gribning.session.Session.marks`).

    Raises :class:`CodingError` for a nickname that is not pseudonymous, or for a marked turn
    without a judgement of the response (the trainer never leaves one, but a coding must not
    contain a code the comparison does not know).
    """
    codes = learner_codes(excerpt, marks)
    unjudged = [t for t, code in codes.items() if code not in {c.value for c in Code}]
    if unjudged:
        raise CodingError(
            f"Tur {unjudged[0]} er markeret, men du har ikke vurderet, hvad den professionelle "
            "gjorde med ytringen."
        )
    return _build(excerpt, coder, codes, comments or {})


def coding_from_answers(answers, excerpt: Excerpt, nickname: str) -> Coding:
    """A coding from one workshop participant's stored answers to the catching exercise.

    ``answers`` is the table from :meth:`lises.workshop.store.Store.workshop_answers` (columns
    kaldenavn, øvelse, emne, trin, svar, tidspunkt); the participant's ``mark:N`` answers say
    which citizen turns carry an utterance and ``classify:N`` what the response did.  Raises
    :class:`CodingError` if the participant has not marked every citizen turn or has not judged
    a marked one: a half-done coding would compare unfairly.
    """
    rows = answers[
        (answers["øvelse"] == "gribning")
        & (answers["emne"] == excerpt.id)
        & (answers["kaldenavn"] == nickname)
    ]
    marked: dict[int, bool] = {}
    judged: dict[int, str] = {}
    codec = exercises.kind("gribning").codec
    for step, value in zip(rows["trin"], rows["svar"], strict=True):
        answer = codec.parse_answer(step, value)  # a forged or malformed step is skipped
        if answer is None:
            continue
        if answer.step.kind == "mark":
            marked[answer.step.target] = value
        elif answer.step.kind == "classify" and value in {r.value for r in Response}:
            judged[answer.step.target] = value
    missing = [t for t in excerpt.citizen_turns if t not in marked]
    if missing:
        raise CodingError(
            f"{nickname} har ikke markeret alle borgerens ture endnu (mangler tur "
            f"{', '.join(str(t) for t in missing)})."
        )
    unjudged = [t for t in excerpt.citizen_turns if marked[t] and t not in judged]
    if unjudged:
        raise CodingError(
            f"{nickname} har markeret tur {unjudged[0]}, men ikke vurderet, hvad den "
            "professionelle gjorde med ytringen."
        )
    codes = {t: (judged[t] if marked[t] else NONE_CODE) for t in excerpt.citizen_turns}
    return _build(excerpt, nickname, codes, {})


def _build(
    excerpt: Excerpt, coder: str, codes: Mapping[int, str], comments: Mapping[int, str]
) -> Coding:
    try:
        cleaned = check_nickname(coder)
    except JoinError as error:
        raise CodingError(str(error)) from None
    kept = {t: text.strip()[:MAX_COMMENT_LENGTH] for t, text in comments.items() if text.strip()}
    return Coding(
        excerpt=excerpt.id, coder=cleaned, codes=dict(codes), comments=kept, created=now()
    )
