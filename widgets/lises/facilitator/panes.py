"""The facilitator's pane for each exercise kind: what the room answered, as HTML.

The registry (:mod:`lises.core.exercises`) names these functions as each kind's ``summary``; the
facilitator view calls them by that name, one tab per kind.  Each takes the answers table and the
view's context as keywords (``excerpts``, the catching excerpts by id, and ``excerpt``, the one
chosen in the view) and ignores what it does not use.  Every value is escaped.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from lises.excerpts.model import Excerpt
from lises.ui.charts import bar_chart

from . import room


def table_html(frame: pd.DataFrame, empty: str = "Ingen svar endnu.") -> str:
    if frame.empty:
        return f"<p>{escape(empty)}</p>"
    return frame.to_html(index=False, escape=True, na_rep="–", classes="lises-table", border=0)


def gribning(
    answers: pd.DataFrame, *, excerpts: dict[str, Excerpt], excerpt: Excerpt, **_: object
) -> str:
    """The chosen excerpt turn by turn, and each participant's agreement with the key."""
    agreement = room.agreement(answers, excerpts)
    bands = agreement["enighed"].value_counts()
    return (
        f"<h3>{escape(excerpt.title)}: rummets markeringer tur for tur</h3>"
        + table_html(room.turn_overview(answers, excerpt))
        + "<h3>Enighed med eksperterne (gennemførte uddrag)</h3>"
        + bar_chart("Antal gennemførte uddrag pr. enighedsgrad", list(bands.items()))
        + table_html(agreement, "Ingen har gennemført et uddrag endnu.")
    )


def dilemma(answers: pd.DataFrame, **_: object) -> str:
    """The room's mean weights per case, and the actions chosen."""
    weights = room.dilemma_weights(answers)
    charts = "".join(
        bar_chart(
            f"Gennemsnitlig vægt: {case}",
            list(zip(group["dimension"], group["gennemsnit"], strict=True)),
        )
        for case, group in weights.groupby("case")
    )
    return (
        (charts or "<p>Ingen har vægtet et dilemma endnu.</p>")
        + "<h3>Valgte handlinger</h3>"
        + table_html(room.dilemma_actions(answers))
    )


def _potential_key() -> dict[str, int]:
    from lises.potentials.files import load_sets

    return {item.id: item.key for s in load_sets().values() for item in s.items}


def potentials(answers: pd.DataFrame, **_: object) -> str:
    """Per practice example: how the room sorted it against the key."""
    return table_html(room.potential_sorting(answers, _potential_key()))
