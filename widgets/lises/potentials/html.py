"""HTML for the five-potentials exercise: items, per-item feedback and the summary (no widgets).

Every text from a data file is escaped here.  :func:`item_html` shows what the learner needs to
sort an item and nothing more: the place in the source is part of the feedback, because a
section number would give the potential away.
"""

from __future__ import annotations

from html import escape

from lises.excerpts.feedback import fill

from .items import (
    POTENTIAL_DESCRIPTIONS,
    POTENTIAL_TITLES,
    ItemKind,
    Potential,
    SortItem,
)
from .scoring import ItemResult, SortSummary, Verdict

CONSTRUCTED_NOTE = (
    "Konstrueret eksempel: skrevet til kurset ud fra det, kilderne beskriver. Det handler ikke om "
    "virkelige personer."
)
WAITING = "Dine svar er gemt. Feedback vises, når facilitatoren frigiver den."
INTRO_TITLE = "<h2>De fem potentialer</h2>"
# The book's static version sits under a heading of the page, so it shows the text only.
INTRO_TEXT = (
    "<p>LISES-projektet peger på fem potentialer for bedre beskæftigelsesindsatser for "
    "udsatte borgere. Placér hvert eksempel eller citat under det potentiale, det hører "
    "mest til. Nogle emner rører ved flere potentialer; feedbacken siger det.</p>"
)
INTRO = INTRO_TITLE + INTRO_TEXT
QUESTION = "<p><strong>Hvilket potentiale hører emnet mest til?</strong></p>"
ALL_PLACED = '<p role="status">Du har placeret alle emner.</p>'
# (label, tooltip) of each button
START = ("Start sorteringen", "Vis det første emne")
NEXT_ITEM = ("Næste emne", "Gå videre")
SEE_SUMMARY = ("Se opsummering", "Gå videre")


def place_button(potential: int) -> tuple[str, str]:
    return potential_name(potential), f"Placér emnet under potentiale {int(potential)}"


def potential_name(potential: int) -> str:
    return f"{int(potential)}. {POTENTIAL_TITLES[Potential(potential)]}"


def legend_html() -> str:
    """The five potentials with the sources' wording."""
    items = "".join(
        f"<li><strong>{escape(POTENTIAL_TITLES[p])}</strong>: at udvikle "
        f"{escape(POTENTIAL_DESCRIPTIONS[p])}</li>"
        for p in Potential
    )
    return (
        '<ol class="lises-potentials">'
        f"{items}</ol><p class='lises-muted'>Potentialerne er formuleret i LISES-projektet "
        "(Larsen m.fl. 2018, afsnit 2).</p>"
    )


def item_html(item: SortItem, position: int, total: int) -> str:
    """The item to sort: its kind, text and who says it; never the key or the source's place."""
    if item.constructed:
        kind = "Konstrueret eksempel"
    else:
        kind = "Citat" if item.kind == ItemKind.CITAT else "Eksempel fra kilderne"
    text = f"»{escape(item.text)}«" if item.kind == ItemKind.CITAT else escape(item.text)
    who = f"<p class='lises-muted'>{escape(item.attribution)}</p>" if item.attribution else ""
    note = f"<p class='lises-muted'>{escape(CONSTRUCTED_NOTE)}</p>" if item.constructed else ""
    return (
        f'<p role="status">Emne {position} af {total}</p>'
        f'<div class="lises-sort-item"><p><strong>{kind}:</strong> {text}</p>{who}{note}</div>'
    )


def item_feedback_html(item: SortItem, result: ItemResult) -> str:
    """The key and why, the second potential where there is one, and the source."""
    if result.verdict == Verdict.KEY:
        verdict = f"✓ Som nøglen: {escape(potential_name(item.key))}."
    elif result.verdict == Verdict.PLAUSIBLE:
        verdict = (
            f"Du valgte {escape(potential_name(result.placed))}. Det er også plausibelt; "
            f"nøglen er {escape(potential_name(item.key))}."
        )
    else:
        verdict = (
            f"✗ Du valgte {escape(potential_name(result.placed))}. Nøglen er "
            f"{escape(potential_name(item.key))}."
        )
    parts = [f'<p class="lises-verdict">{verdict}</p>', f"<p>{escape(item.explanation)}</p>"]
    if item.also:
        others = " og ".join(escape(potential_name(p)) for p in item.also)
        parts.append(f"<p><strong>Rører også ved {others}:</strong> {escape(item.also_note)}</p>")
    if item.constructed:
        parts.append(f"<p class='lises-muted'>{escape(CONSTRUCTED_NOTE)}</p>")
    if item.source is not None:
        label = "Bygger på" if item.constructed else "Kilde"
        parts.append(f"<p class='lises-muted'>{label}: <cite>{escape(str(item.source))}</cite></p>")
    return f'<div class="lises-sort-feedback">{"".join(parts)}</div>'


# Templates with named {slots}, filled here for Voilà and in the browser for the book's static
# version of the exercise (lises.book.selfcheck exports them), so both say exactly the same.
SUMMARY_TEMPLATE = (
    '<section class="lises-summary" aria-labelledby="lises-sort-summary-h">'
    '<h3 id="lises-sort-summary-h">Opsummering</h3>'
    "<p>Du placerede {as_key} af {placed} emner som nøglen.{plausible}</p>"
    '<table><thead><tr><th scope="col">Potentiale (nøgle)</th>'
    '<th scope="col">Placeret som nøglen</th></tr></thead>'
    "<tbody>{rows}</tbody></table>"
    "<p class='lises-muted'>Nøglen er kursets placering ud fra, hvor emnet står i kilderne. "
    "Mange emner rører ved flere potentialer, for potentialerne hænger sammen.</p></section>"
)
SUMMARY_ROW = "<tr><th scope='row'>{name}</th><td>{as_key} af {items}</td></tr>"
SUMMARY_PLAUSIBLE = (
    " {plausible} af de andre placerede du på et potentiale, som emnet også plausibelt rører ved."
)
ALL_FEEDBACK_TEMPLATE = (
    '<section aria-labelledby="lises-sort-items-h">'
    '<h3 id="lises-sort-items-h">Emne for emne</h3>'
    '<ol class="lises-feedback">{items}</ol></section>'
)
ALL_FEEDBACK_ITEM = "<li><p><strong>{text}</strong></p>{feedback}</li>"


def summary_html(summary: SortSummary) -> str:
    """How many were placed as the key, overall and per potential."""
    rows = "".join(
        fill(
            SUMMARY_ROW,
            {"name": escape(potential_name(t.potential)), "as_key": t.as_key, "items": t.items},
        )
        for t in summary.per_potential
    )
    plausible = (
        fill(SUMMARY_PLAUSIBLE, {"plausible": summary.plausible}) if summary.plausible else ""
    )
    return fill(
        SUMMARY_TEMPLATE,
        {"as_key": summary.as_key, "placed": summary.placed, "plausible": plausible, "rows": rows},
    )


def all_feedback_html(items: list[SortItem], results: dict[str, ItemResult]) -> str:
    """Every placed item with its feedback, for the end of the exercise."""
    rows = "".join(
        fill(
            ALL_FEEDBACK_ITEM,
            {"text": escape(item.text), "feedback": item_feedback_html(item, results[item.id])},
        )
        for item in items
        if item.id in results
    )
    return fill(ALL_FEEDBACK_TEMPLATE, {"items": rows})


def waiting_html() -> str:
    """What the workshop room shows a participant who is done before the key is released."""
    return f'<p role="status">{escape(WAITING)}</p>'
