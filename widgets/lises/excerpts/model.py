"""Conversation excerpts for the catching exercise: the data model and its schema.

An excerpt is a constructed job-centre conversation (caseworker ``S``, citizen ``B`` and sometimes
others) with an expert key: which citizen turns carry a meaning-utterance (borger-meningsytring),
what kind it is, and what the professional's next turn did with it (a response code of
:mod:`lises.excerpts.responses`).

The structure is checked by pydantic; the references between parts (speakers, key turns, pause
points) are checked by :func:`consistency_problems`, so that a knowledge broker who writes a new
file gets one message per problem that names the turn and the field.  Loading files lives in
:mod:`lises.excerpts.files`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, Strict, StrictBool, StrictInt, StringConstraints

from lises.core.model import Problem, Slug, StrictModel, Text

from .responses import Response

# The strict types (Text, Slug), the base model and Problem are shared with every kind of course
# data: lises.core.model.  The response codes (Response) and their words: .responses.


class Role(StrEnum):
    """The roles a participant can have in a conversation."""

    SAGSBEHANDLER = "sagsbehandler"
    BORGER = "borger"
    VIRKSOMHEDSKONSULENT = "virksomhedskonsulent"
    MENTOR = "mentor"
    ARBEJDSGIVER = "arbejdsgiver"
    BISIDDER = "bisidder"
    ANDEN = "anden"


class UtteranceKind(StrEnum):
    """What a citizen's meaning-utterance is about."""

    ONSKE = "ønske"
    BEKYMRING = "bekymring"
    ARBEJDSMARKEDSPERSPEKTIV = "arbejdsmarkedsperspektiv"


class Origin(StrEnum):
    """Where an excerpt comes from: written for the course, or a team's own transcript."""

    KONSTRUERET = "konstrueret"
    IMPORTERET = "importeret"


class Difficulty(StrEnum):
    LET = "let"
    MIDDEL = "middel"
    SVAER = "svær"


class Participant(StrictModel):
    """A speaker in the excerpt; ``id`` is the prefix used in the turns (e.g. ``S``, ``B``)."""

    id: Annotated[str, Strict(), StringConstraints(pattern=r"^[A-ZÆØÅ][A-ZÆØÅa-zæøå0-9]{0,3}$")]
    role: Role
    label: Text = Field(description="Shown to the learner, e.g. 'Sagsbehandler'.")


class Turn(StrictModel):
    """One turn at talk."""

    speaker: Annotated[str, Strict()]
    text: Text
    note: Text | None = Field(
        default=None,
        description="Expert comment shown in the feedback for this turn (why it is or is not "
        "a meaning-utterance, what the professional's turn does).",
    )


class KeyEntry(StrictModel):
    """The expert annotation of one citizen turn that carries a meaning-utterance."""

    turn: StrictInt = Field(ge=1, description="1-based number of the citizen turn.")
    kind: UtteranceKind
    response: Response = Field(description="What the next professional turn did with it.")
    explanation: Text = Field(description="Why: shown to the learner in the feedback.")


class Pause(StrictModel):
    """A point where the learner writes what they would say before the next turn is revealed."""

    after_turn: StrictInt = Field(ge=1)
    prompt: Text = "Hvad ville du sige nu?"
    model_replies: list[Text] = Field(min_length=1, description="Suggested catching replies.")


class Excerpt(StrictModel):
    """A conversation excerpt with its expert key (the course's are constructed)."""

    # An editor's schema check says what the consistency check says: a course excerpt is
    # constructed, an imported transcript is not (see consistency_problems).
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"origin": {"const": "importeret"}}, "required": ["origin"]},
            "then": {"properties": {"constructed": {"const": False}}},
            "else": {"properties": {"constructed": {"const": True}}},
        }
    )

    schema_version: Literal[1] = 1
    id: Slug
    title: Text
    setting: Text = Field(description="Where and why the conversation takes place.")
    difficulty: Difficulty
    constructed: StrictBool = Field(
        description="True for the course's excerpts, which are constructed training material; "
        "false only for a knowledge broker's imported transcript (origin: importeret)."
    )
    origin: Origin = Field(
        default=Origin.KONSTRUERET,
        description="'konstrueret' (the course's material, the default) or 'importeret' (a "
        "team's own pseudonymised transcript, imported by lises.transcripts.importer).",
    )
    summary: Text = Field(description="One or two sentences shown before the excerpt starts.")
    sources: list[Text] = Field(
        default_factory=list, description="Bibliography keys of the sources the excerpt draws on."
    )
    participants: list[Participant] = Field(min_length=2)
    turns: list[Turn] = Field(min_length=2)
    key: list[KeyEntry] = Field(default_factory=list)
    pauses: list[Pause] = Field(default_factory=list)

    # -- derived views used by scoring and widgets -------------------------------------------

    def role_of(self, speaker: str) -> Role:
        return {p.id: p.role for p in self.participants}[speaker]

    def is_citizen_turn(self, number: int) -> bool:
        return self.role_of(self.turns[number - 1].speaker) == Role.BORGER

    @property
    def citizen_turns(self) -> tuple[int, ...]:
        """1-based numbers of the citizen turns: the items the learner codes."""
        return tuple(n for n in range(1, len(self.turns) + 1) if self.is_citizen_turn(n))

    @property
    def key_by_turn(self) -> dict[int, KeyEntry]:
        return {entry.turn: entry for entry in self.key}

    @property
    def pause_by_turn(self) -> dict[int, Pause]:
        return {pause.after_turn: pause for pause in self.pauses}

    def participant(self, speaker: str) -> Participant:
        return next(p for p in self.participants if p.id == speaker)


def consistency_problems(excerpt: Excerpt) -> list[Problem]:
    """Check the references inside a structurally valid excerpt.

    Returns every problem found (an empty list means the excerpt is consistent), so an author
    fixes them all in one pass instead of one per load.
    """
    problems: list[Problem] = []
    if excerpt.constructed != (excerpt.origin == Origin.KONSTRUERET):
        # A real transcript must never be presented as constructed, nor the reverse.
        expected = "true" if excerpt.origin == Origin.KONSTRUERET else "false"
        problems.append(
            Problem(
                where="uddraget",
                field="constructed",
                message=f"har en ugyldig værdi {str(excerpt.constructed).lower()} "
                f"(tilladt: {expected}, når origin er '{excerpt.origin.value}')",
            )
        )
    speakers = {p.id for p in excerpt.participants}
    seen: set[str] = set()
    for i, participant in enumerate(excerpt.participants):
        if participant.id in seen:
            problems.append(
                Problem(
                    where=f"deltager {i + 1}",
                    field="id",
                    message=f"'{participant.id}' er brugt to gange",
                )
            )
        seen.add(participant.id)
    if not any(p.role == Role.BORGER for p in excerpt.participants):
        problems.append(
            Problem(where="deltagere", field="role", message="ingen deltager har rollen 'borger'")
        )

    known = ", ".join(sorted(speakers))
    for n, turn in enumerate(excerpt.turns, start=1):
        if turn.speaker not in speakers:
            problems.append(
                Problem(
                    where=f"tur {n}",
                    field="speaker",
                    message=f"ukendt taler '{turn.speaker}' (kendte: {known})",
                )
            )
    if problems:
        return problems  # the checks below need every speaker to be known

    keyed: set[int] = set()
    for entry in excerpt.key:
        where = f"nøgle for tur {entry.turn}"
        if entry.turn > len(excerpt.turns):
            problems.append(
                Problem(
                    where=where, field="turn", message=f"uddraget har kun {len(excerpt.turns)} ture"
                )
            )
            continue
        if entry.turn in keyed:
            problems.append(Problem(where=where, field="turn", message="turen har to nøgler"))
        keyed.add(entry.turn)
        if not excerpt.is_citizen_turn(entry.turn):
            role = excerpt.role_of(excerpt.turns[entry.turn - 1].speaker)
            problems.append(
                Problem(
                    where=where,
                    field="turn",
                    message=f"nøglen peger på en tur fra en {role.value}, ikke fra borgeren",
                )
            )
        elif next_professional_turn(excerpt, entry.turn) is None:
            problems.append(
                Problem(
                    where=where,
                    field="response",
                    message="ingen professionel tur følger efter, så svaret kan ikke bedømmes",
                )
            )

    paused: set[int] = set()
    for pause in excerpt.pauses:
        where = f"pause efter tur {pause.after_turn}"
        if pause.after_turn >= len(excerpt.turns):
            problems.append(
                Problem(
                    where=where, field="after_turn", message="en pause skal ligge før sidste tur"
                )
            )
        if pause.after_turn in paused:
            problems.append(
                Problem(where=where, field="after_turn", message="to pauser samme sted")
            )
        paused.add(pause.after_turn)
    return problems


def next_professional_turn(excerpt: Excerpt, number: int) -> int | None:
    """The 1-based number of the first professional turn after ``number``, if any."""
    for later in range(number + 1, len(excerpt.turns) + 1):
        if not excerpt.is_citizen_turn(later):
            return later
    return None
