"""Dilemma cases for the weighing exercise: the data model, citations and consistency checks.

A case is a situation from the sources (or constructed from the dilemmas they describe) in which
a frontline worker must balance the four moral dimensions of the LISES memo (Larsen m.fl. 2018,
afsnit 1 and 4): effektivitet, fairness (lige adgang), responsivitet (individuel problemløsning)
and respekt.  The learner weighs the dimensions, chooses one of the 3–4 actions the case offers
and then sees the considerations the research names and what each action serves and costs.

No action is correct, so the model insists that every action serves at least one dimension and
costs at least one.  Structure is checked by pydantic; references inside a case by
:func:`consistency_problems`.  Loading files lives in :mod:`lises.dilemma.files`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, StrictBool, StrictInt

from lises.core.model import Problem, Slug, StrictModel, Text, repeated_ids
from lises.core.sources import WORK_LABELS, Citation, Where, Work  # noqa: F401 (the case model's names)


class Dimension(StrEnum):
    """The four moral dimensions (Larsen m.fl. 2018, afsnit 4)."""

    EFFEKTIVITET = "effektivitet"
    FAIRNESS = "fairness"
    RESPONSIVITET = "responsivitet"
    RESPEKT = "respekt"


DIMENSION_LABELS = {
    Dimension.EFFEKTIVITET: "Effektivitet",
    Dimension.FAIRNESS: "Fairness (lige adgang)",
    Dimension.RESPONSIVITET: "Responsivitet (individuel problemløsning)",
    Dimension.RESPEKT: "Respekt",
}
DIMENSION_HELP = {
    Dimension.EFFEKTIVITET: "præstationskrav, dokumentation, tid og økonomi",
    Dimension.FAIRNESS: "borgere med samme problemer får lige meget opmærksomhed",
    Dimension.RESPONSIVITET: "løsninger tilpasset den enkelte borgers særlige problemer",
    Dimension.RESPEKT: "at borgeren mødes med respekt og reelt inddrages",
}


class Consideration(StrictModel):
    """A consideration the research names for the case, with the dimensions it touches."""

    text: Text
    dimensions: list[Dimension] = Field(min_length=1)
    source: Citation


class Action(StrictModel):
    """One action the case offers, with what it serves and what it costs."""

    id: Slug
    label: Text = Field(description="Shown to the learner as the choice.")
    serves: list[Dimension] = Field(min_length=1, description="Dimensions the action serves.")
    costs: list[Dimension] = Field(min_length=1, description="Dimensions the action costs.")
    tradeoff: Text = Field(description="Why: shown in the feedback, never before the choice.")
    sources: list[Citation] = Field(default_factory=list)


class DilemmaCase(StrictModel):
    """A case to weigh: the situation, 3–4 actions and the research's considerations."""

    schema_version: Literal[1] = 1
    id: Slug
    order: StrictInt = Field(ge=1, description="Position in the list; the internship case is 1.")
    title: Text
    constructed: StrictBool = Field(
        description="True when the course wrote the case from dilemmas the sources describe."
    )
    origin: Text = Field(description="Where the case comes from, shown with the case.")
    sources: list[Citation] = Field(default_factory=list)
    situation: list[Text] = Field(min_length=1, description="The case, one paragraph per entry.")
    question: Text
    actions: list[Action] = Field(min_length=3, max_length=4)
    considerations: list[Consideration] = Field(min_length=1)
    note: Text | None = Field(default=None, description="Closing remark shown with the feedback.")

    @property
    def action_by_id(self) -> dict[str, Action]:
        return {action.id: action for action in self.actions}


def consistency_problems(case: DilemmaCase) -> list[Problem]:
    """Check the references inside a structurally valid case; every problem is returned."""
    problems: list[Problem] = []
    if not case.constructed and not case.sources:
        problems.append(
            Problem(
                where="sagen",
                field="sources",
                message="en sag fra kilderne skal have mindst én kilde (ellers: constructed: true)",
            )
        )
    problems += repeated_ids(case.actions, "handling '{id}'")
    for action in case.actions:
        where = f"handling '{action.id}'"
        for field, listed in (("serves", action.serves), ("costs", action.costs)):
            if len(set(listed)) != len(listed):
                problems.append(
                    Problem(where=where, field=field, message="en dimension står to gange")
                )
        both = sorted(set(action.serves) & set(action.costs))
        if both:
            problems.append(
                Problem(
                    where=where,
                    field="costs",
                    message=f"{', '.join(both)} står både under serves og costs",
                )
            )
    served = {d for action in case.actions for d in action.serves}
    missing = [d.value for d in Dimension if d not in served]
    if missing:
        problems.append(
            Problem(
                where="handlinger",
                field="serves",
                message=f"ingen handling tjener {', '.join(missing)}",
            )
        )
    return problems
