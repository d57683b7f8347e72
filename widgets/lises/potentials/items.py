"""Items for the five-potentials sorting exercise: the data model and its consistency checks.

The LISES project names five potentials for better employment efforts for vulnerable citizens
(Larsen m.fl. 2018, afsnit 2; LISES-projektet u.å.).  The learner sorts practice examples and
short quotes from the sources to them.  Each item has a key (the potential it belongs to), an
explanation that says which part of the research it comes from, and, where it plausibly touches
a second potential, that potential with a note.

Quotes are never constructed: an item the course wrote itself must be an example and is labelled
as constructed.  Loading files lives in :mod:`lises.potentials.files`.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt

from lises.core.model import Problem, Slug, StrictModel, Text, repeated_ids
from lises.core.sources import Citation


class Potential(IntEnum):
    """The five potentials, numbered as in the sources."""

    STRATEGIER = 1
    HELHED = 2
    MOEDET = 3
    INDDRAGELSE = 4
    VIRKSOMHEDER = 5


POTENTIAL_TITLES = {
    Potential.STRATEGIER: "Strategier og legitimitet",
    Potential.HELHED: "Helhedsorienterede indsatser på tværs",
    Potential.MOEDET: "Mødet mellem medarbejder og borger",
    Potential.INDDRAGELSE: "Borgerinddragelse og samskabelse",
    Potential.VIRKSOMHEDER: "Samarbejdet med virksomhederne",
}
POTENTIAL_DESCRIPTIONS = {
    Potential.STRATEGIER: "politisk/organisatoriske strategier til at håndtere hyppige "
    "politiske, organisatoriske og økonomiske forandringer",
    Potential.HELHED: "helhedsorienterede indsatser på tværs af organisatoriske enheder og "
    "fagområder",
    Potential.MOEDET: "tilgange til at kvalificere mødet mellem frontlinjemedarbejdere og borgere",
    Potential.INDDRAGELSE: "muligheden for reel inddragelse af (og samskabelse med) borgerne",
    Potential.VIRKSOMHEDER: "virksomhedssamarbejdet, så arbejdsgivers forventninger og "
    "engagement medtænkes i beskæftigelsesindsatsen",
}

PotentialNumber = Annotated[StrictInt, Field(ge=1, le=5)]


class ItemKind(StrEnum):
    EKSEMPEL = "eksempel"
    CITAT = "citat"


class SortItem(StrictModel):
    """One practice example or short quote to sort."""

    id: Slug
    kind: ItemKind
    text: Text = Field(description="The example or the quote (without quotation marks).")
    attribution: Text | None = Field(
        default=None,
        description="Who says or reports it, shown with the item, e.g. 'En sagsbehandler'. "
        "Must not give the potential away: the place in the source is shown only afterwards.",
    )
    constructed: StrictBool = False
    source: Citation | None = Field(default=None, description="Shown in the feedback only.")
    key: PotentialNumber
    also: list[PotentialNumber] = Field(
        default_factory=list, description="Potentials the item plausibly touches as well."
    )
    also_note: Text | None = Field(default=None, description="Why it touches those as well.")
    explanation: Text = Field(description="Why the key: which part of the research it is from.")

    @property
    def key_potential(self) -> Potential:
        return Potential(self.key)


class PotentialSet(StrictModel):
    """A set of items to sort, in the order they are shown."""

    schema_version: Literal[1] = 1
    id: Slug
    title: Text
    intro: Text
    items: list[SortItem] = Field(min_length=1)

    @property
    def item_by_id(self) -> dict[str, SortItem]:
        return {item.id: item for item in self.items}


def consistency_problems(potential_set: PotentialSet) -> list[Problem]:
    """Check the references inside a structurally valid set; every problem is returned."""
    problems: list[Problem] = []
    problems += repeated_ids(potential_set.items, "emne '{id}'")
    for item in potential_set.items:
        where = f"emne '{item.id}'"
        if item.kind == ItemKind.CITAT and item.constructed:
            problems.append(
                Problem(
                    where=where,
                    field="constructed",
                    message="et citat kan ikke være konstrueret: skriv det som et eksempel",
                )
            )
        if item.kind == ItemKind.CITAT and item.attribution is None:
            problems.append(
                Problem(where=where, field="attribution", message="et citat skal have en afsender")
            )
        if not item.constructed and item.source is None:
            problems.append(
                Problem(
                    where=where,
                    field="source",
                    message="mangler (ellers: constructed: true)",
                )
            )
        if item.key in item.also:
            problems.append(
                Problem(where=where, field="also", message=f"{item.key} er allerede nøglen")
            )
        if len(set(item.also)) != len(item.also):
            problems.append(
                Problem(where=where, field="also", message="et potentiale står to gange")
            )
        if item.also and item.also_note is None:
            problems.append(
                Problem(where=where, field="also_note", message="mangler, når 'also' er udfyldt")
            )
        if item.also_note is not None and not item.also:
            problems.append(
                Problem(where=where, field="also_note", message="bruges kun sammen med 'also'")
            )
    return problems
