"""The course's sources and a citation of one: shared by dilemma cases and potential sets."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, Strict, StringConstraints

from .model import StrictModel

Where = Annotated[
    str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=120)
]


class Work(StrEnum):
    """The course's sources, by their bibliography key (book/references.bib)."""

    LARSEN2018 = "larsen2018"
    DELTVIDEN = "deltviden"
    CALLESEN2019 = "callesen2019"
    AAU_CUBB = "aau_cubb"
    AAU_LISES = "aau_lises"


WORK_LABELS = {
    Work.LARSEN2018: "Larsen m.fl. 2018",
    Work.DELTVIDEN: "Delt viden, kapitlet »Aktiveringsindsatsens udformning«",
    Work.CALLESEN2019: "Callesen 2019",
    Work.AAU_CUBB: "Aalborg Universitet u.å.",
    Work.AAU_LISES: "LISES-projektet u.å.",
}


class Citation(StrictModel):
    """A source and the place in it, shown as e.g. ``Larsen m.fl. 2018, afsnit 2``."""

    work: Work
    where: Where = Field(description="Section or page, e.g. 'afsnit 2' or 's. 9'.")

    def __str__(self) -> str:
        return f"{WORK_LABELS[self.work]}, {self.where}"
