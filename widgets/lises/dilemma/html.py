"""HTML for the dilemma exercise: the case, the learner's answers and the feedback (no widgets).

Every text from a data file or from the learner is escaped here.  The feedback functions are
only called once the learner has answered, so the research's considerations and the actions'
trade-offs never reach the page before that.
"""

from __future__ import annotations

from html import escape

from .cases import DIMENSION_LABELS, DilemmaCase, Dimension
from .scoring import Reflection, balances

CONSTRUCTED_NOTE = (
    "Konstrueret sag: kurset har skrevet sagen ud fra de dilemmaer, kilderne beskriver. Den "
    "handler ikke om virkelige personer og indeholder ingen personoplysninger."
)
COURSE_READING = (
    "Hvad hver handling tjener og koster, er kursets egen læsning af sagen med de fire "
    "dimensioner. Kilderne giver ikke svaret, og ingen handling er den rigtige."
)
WAITING = "Dine svar er gemt. Feedback vises, når facilitatoren frigiver den."


def _names(dimensions) -> str:
    words = [DIMENSION_LABELS[Dimension(d)].split(" (")[0].lower() for d in dimensions]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " og " + words[-1]


def case_html(case: DilemmaCase) -> str:
    """The case as the learner reads it: title, origin, situation and question."""
    sources = "; ".join(escape(str(c)) for c in case.sources)
    origin = escape(case.origin) + (f" ({sources})" if sources else "")
    note = f'<p class="lises-muted">{escape(CONSTRUCTED_NOTE)}</p>' if case.constructed else ""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in case.situation)
    return (
        f"<h3>{escape(case.title)}</h3>"
        f'<p class="lises-muted">{origin}</p>{note}'
        f'<div class="lises-case">{paragraphs}</div>'
        f"<p><strong>{escape(case.question)}</strong></p>"
    )


def answers_html(case: DilemmaCase, weights, action, reason) -> str:
    """What the learner has answered so far (nothing about the key)."""
    parts = []
    if weights is not None:
        items = "".join(
            f"<li>{escape(DIMENSION_LABELS[d])}: {weights[d.value]}</li>" for d in Dimension
        )
        parts.append(f"<p><strong>Din vægtning (0–5):</strong></p><ul>{items}</ul>")
    if action is not None:
        parts.append(
            f"<p><strong>Din handling:</strong> {escape(case.action_by_id[action].label)}</p>"
        )
    if reason:
        parts.append(f"<p><strong>Din begrundelse:</strong> {escape(reason)}</p>")
    if not parts:
        return ""
    return f'<section class="lises-answers" aria-label="Dine svar">{"".join(parts)}</section>'


def considerations_html(case: DilemmaCase) -> str:
    """The considerations the research names, each with its source and place."""
    items = "".join(
        f"<li>{escape(c.text)} <span class='lises-muted'>[{escape(_names(c.dimensions))}]</span>"
        f" <cite>({escape(str(c.source))})</cite></li>"
        for c in case.considerations
    )
    return (
        '<section aria-labelledby="lises-dilemma-hensyn-h">'
        '<h3 id="lises-dilemma-hensyn-h">Hensyn, som forskningen nævner</h3>'
        f"<ul>{items}</ul></section>"
    )


def tradeoffs_html(case: DilemmaCase, chosen: str, weights) -> str:
    """Every action with what it serves and costs; the chosen one is marked in words."""
    by_action = {b.action: b for b in balances(case, weights)}
    rows = []
    for action in case.actions:
        mine = action.id == chosen
        sources = "; ".join(escape(str(c)) for c in action.sources)
        b = by_action[action.id]
        rows.append(
            "<tr>"
            f"<th scope='row'>{escape(action.label)}"
            + (" <strong>(dit valg)</strong>" if mine else "")
            + "</th>"
            # data-label: on a phone the Voilà template stacks each row as a card and writes
            # the column's name before each cell (lises.css).
            f"<td data-label='Tjener'>{escape(_names(action.serves))}</td>"
            f"<td data-label='Koster'>{escape(_names(action.costs))}</td>"
            f"<td data-label='Med din vægtning'>{b.served} − {b.cost} = {b.balance}</td>"
            f"<td data-label='Hvorfor'>{escape(action.tradeoff)}"
            + (f" <cite>({sources})</cite>" if sources else "")
            + "</td></tr>"
        )
    return (
        '<section aria-labelledby="lises-dilemma-handlinger-h">'
        '<h3 id="lises-dilemma-handlinger-h">Hvad hver handling tjener og koster</h3>'
        f'<p class="lises-muted">{escape(COURSE_READING)}</p>'
        '<table class="lises-tradeoffs"><thead><tr><th scope="col">Handling</th>'
        '<th scope="col">Tjener</th><th scope="col">Koster</th>'
        '<th scope="col">Med din vægtning</th><th scope="col">Hvorfor</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        '<p class="lises-muted">"Med din vægtning" er summen af dine vægte for det, handlingen '
        "tjener, minus summen for det, den koster.</p></section>"
    )


def reflection_html(case: DilemmaCase, reflection: Reflection) -> str:
    """The learner's weighing set against the chosen action, in plain Danish."""
    action = case.action_by_id[reflection.chosen.action]
    top = _names(reflection.top)
    lines = [f"Du vægtede {escape(top)} højest."]
    if reflection.served_top:
        lines.append(f"Din handling tjener {escape(_names(reflection.served_top))}.")
    else:
        lines.append(
            "Din handling tjener ikke det, du vægtede højest. Det kan være et bevidst valg: "
            "hvad fik dig til at vælge den alligevel?"
        )
    if reflection.cost_weighted:
        named = ", ".join(
            f"{DIMENSION_LABELS[d].split(' (')[0].lower()} (vægt {w})"
            for d, w in reflection.cost_weighted
        )
        lines.append(f"Den koster på {escape(named)}. Hvordan vil du afbøde det?")
    if reflection.chose_a_best:
        lines.append("Med din vægtning er der ingen handling, der samlet set tjener dig bedre.")
    else:
        best = " / ".join(escape(case.action_by_id[a].label) for a in reflection.best)
        lines.append(f"Med din egen vægtning ville denne handling veje tungere: {best}.")
    served = escape(_names(action.serves))
    costs = escape(_names(action.costs))
    return (
        '<section aria-labelledby="lises-dilemma-dig-h">'
        '<h3 id="lises-dilemma-dig-h">Din vægtning og dit valg</h3>'
        f"<p>{' '.join(lines)}</p>"
        f"<p>Dit valg tjener {served} og koster {costs}. Ingen af handlingerne er gratis.</p>"
        "</section>"
    )


def feedback_html(case: DilemmaCase, weights, action: str, reflection: Reflection) -> str:
    """The whole feedback for a finished case."""
    note = f"<p>{escape(case.note)}</p>" if case.note else ""
    return (
        '<div class="lises-dilemma-feedback">'
        + reflection_html(case, reflection)
        + considerations_html(case)
        + tradeoffs_html(case, action, weights)
        + note
        + "</div>"
    )


def waiting_html() -> str:
    """What the workshop room shows a participant who is done before the key is released."""
    return f'<p role="status">{escape(WAITING)}</p>'
