"""What the catching exercise says to the learner at each step (no widgets).

The Voilà trainer (:mod:`lises.gribning.trainer`) and the book's static version of the exercise
(:mod:`lises.book.selfcheck`) show the same questions and button labels, so they live here once.
Texts from data files are escaped.
"""

from __future__ import annotations

from html import escape

from lises.excerpts.feedback import CONSTRUCTED_NOTE, fill
from lises.excerpts.model import Excerpt, Origin, Response
from lises.excerpts.responses import RESPONSES, danish_list

HEADER_TITLE = "<h2>Gribning: fang borgerens meningsytringer</h2>"
# The book's static version sits under a heading of the page, so it shows the text only.
HEADER_TEXT = (
    "<p>Du ser samtalen én tur ad gangen. Når borgeren har talt, beslutter du, om turen "
    "bærer en <em>meningsytring</em>: noget, der er meningsfuldt for borgeren, fx et "
    "ønske, en bekymring eller et forsigtigt bud på arbejde. Når den professionelle har "
    "svaret, vurderer du, om ytringen blev "
    + danish_list([f"<strong>{w.label}</strong>" for w in RESPONSES.values()])
    + ". "
    "Du ser først de næste ture, når du har svaret.</p>"
)
IMPORTED_NOTE = (
    "Importeret samtale: en pseudonymiseret udskrift fra jeres eget team, ikke kursusmateriale."
)
NO_KEY_NOTE = (
    "Uddraget har ingen ekspertnøgle endnu, så feedbacken til sidst er ikke en bedømmelse."
)


def origin_note_html(excerpt: Excerpt) -> str:
    """Where the conversation comes from.  Only the course's own material may be called
    constructed; an imported transcript never is, and without a key it is not scored."""
    if excerpt.origin == Origin.IMPORTERET:
        note = IMPORTED_NOTE if excerpt.key else f"{IMPORTED_NOTE} {NO_KEY_NOTE}"
    else:
        note = CONSTRUCTED_NOTE
    return f'<p class="lises-muted">{escape(note)}</p>'


def header_html(excerpt: Excerpt) -> str:
    """The trainer's heading and introduction, with the note for the chosen excerpt."""
    return HEADER_TITLE + HEADER_TEXT + origin_note_html(excerpt)


# (label, tooltip) of each button
START = ("Start uddraget", "Vis samtalens første tur")
MARK_YES = ("Ja, markér turen", "Turen bærer en meningsytring")
MARK_NO = ("Nej, ingen meningsytring", "Turen bærer ikke en meningsytring")
NEXT = ("Vis næste tur", "Vis samtalens næste tur")
SEE_FEEDBACK = ("Se feedback", "Se din kodning sammenlignet med eksperternes")
ANOTHER = ("Vælg et andet uddrag", "Tilbage til listen over uddrag")
DONE_HTML = "<p>Du har set hele samtalen.</p>"


def response_button(response: Response) -> tuple[str, str]:
    words = RESPONSES[response]
    return words.label.capitalize(), words.description


def option_label(excerpt: Excerpt) -> str:
    """The excerpt as it is listed in the chooser (a team's own transcript says so)."""
    kind = "importeret" if excerpt.origin == Origin.IMPORTERET else excerpt.difficulty.value
    return f"{excerpt.title} ({kind})"


def intro_html(excerpt: Excerpt) -> str:
    """Where the conversation takes place and what to look for, before it starts."""
    return (
        f"<p><strong>{escape(excerpt.setting)}</strong> · sværhedsgrad: "
        f"{escape(excerpt.difficulty.value)} · {len(excerpt.turns)} ture</p>"
        f"<p>{escape(excerpt.summary)}</p>"
    )


PROGRESS_TEMPLATE = '<p role="status">Tur {revealed} af {total} er vist.</p>'


def progress_html(revealed: int, total: int) -> str:
    return fill(PROGRESS_TEMPLATE, {"revealed": revealed, "total": total})


def mark_question_html(turn: int) -> str:
    return (
        f"<p><strong>Tur {turn}:</strong> Bærer borgerens tur en meningsytring, "
        "altså noget der er meningsfuldt for borgeren?</p>"
    )


def classify_question_html(excerpt: Excerpt, turn: int, responder: int) -> str:
    label = excerpt.participant(excerpt.turns[responder - 1].speaker).label
    return (
        f"<p><strong>Du markerede tur {turn}.</strong> Hvad gjorde "
        f"{escape(label.lower())}ens tur {responder} med borgerens ytring?</p>"
    )


def response_help_html() -> str:
    return (
        "<ul class='lises-muted'>"
        + "".join(
            f"<li><strong>{w.label.capitalize()}</strong>: {escape(w.description)}</li>"
            for w in RESPONSES.values()
        )
        + "</ul>"
    )
