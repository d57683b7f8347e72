"""The screen of each room kind, from a replayed session (see :mod:`lises.room.screens`).

Every HTML text comes from the exercise's own renderers (:mod:`lises.gribning.texts`,
:mod:`lises.excerpts.feedback`, :mod:`lises.dilemma.html`, :mod:`lises.potentials.html`), so the
room, the Voilà exercises and the book's self-checks say the same.  The few words that the Voilà
views write inline (they import ipywidgets, which the room never does) are repeated below under
``VOILA_*``; ``tests/test_room_screens.py`` checks them against the views.  The dilemma and
potentials exercises have their own note for the wait for the key (``waiting_html``); the
catching exercise's is here (:data:`WAITING_FOR_KEY`).
"""

from __future__ import annotations

from html import escape

from lises.dilemma import html as dilemma_html
from lises.dilemma.cases import DIMENSION_HELP, DIMENSION_LABELS, Dimension
from lises.dilemma.scoring import MAX_REASON_LENGTH, MAX_WEIGHT, MIN_WEIGHT
from lises.dilemma.session import DilemmaSession, DilemmaStep
from lises.excerpts import feedback
from lises.excerpts.model import Response
from lises.gribning import texts
from lises.gribning.session import MAX_REPLY_LENGTH, Session, StepKind
from lises.potentials import html as potential_html
from lises.potentials.items import Potential
from lises.potentials.scoring import judge
from lises.potentials.session import PotentialSession, step_name

# The room's own notes while the facilitator holds the key back (Voilà has no such wait: a
# learner there works alone and sees the feedback at once).
REPLY_SAVED = (
    "Dit svar er gemt. Forslagene til, hvordan man kunne gribe det, vises, når facilitatoren "
    "frigiver eksperternes svar."
)
WAITING_FOR_KEY = "Dine svar er gemt. Eksperternes vurdering vises, når facilitatoren frigiver den."
# The Voilà trainer's words (lises.gribning.trainer).
VOILA_REPLY = {
    "label": "Dit svar:",
    "placeholder": "Skriv, hvad du ville sige til borgeren nu …",
    "submit": ("Gem mit svar og se næste tur", "Dit svar gemmes, og samtalen fortsætter"),
}
# The Voilà dilemma view's words (lises.dilemma.view).
VOILA_DILEMMA_HEADER = (
    "<h2>Dilemmaer: vej de fire hensyn</h2>"
    "<p>I hver sag vejer du først de fire moralske dimensioner fra LISES-projektet: "
    "effektivitet, fairness (lige adgang), responsivitet (individuel problemløsning) og "
    "respekt. Så vælger du en handling og kan skrive en kort begrundelse. Bagefter ser "
    "du de hensyn, forskningen nævner, og hvad hver handling tjener og koster. Ingen "
    "handling er den rigtige.</p>"
)
# The Voilà question without its hint about sliders (the room's page may show other inputs).
WEIGHTS_PROMPT = (
    "<p><strong>Hvor meget vejer hvert hensyn for dig i denne sag?</strong> "
    "0 = slet ikke, 5 = meget.</p>"
)
VOILA_WEIGHTS_SUBMIT = ("Gem min vægtning", "Gem vægtene og gå videre til handlingerne")
VOILA_ACTION_PROMPT = "<p><strong>Hvad vil du gøre?</strong></p>"
VOILA_REASON = {
    "label": "Din begrundelse (valgfri):",
    "placeholder": "Hvorfor valgte du sådan? Hvad koster dit valg?",
    "submit": ("Gem og afslut sagen", "Gem begrundelsen og afslut"),
}


def status_html(text: str) -> str:
    """A polite note (role=status) under the exercise: a reply saved, the wait for the key."""
    return f'<p role="status">{escape(text)}</p>'


def option(value: object, label: str, help_text: str = "") -> dict:
    return {"value": value, "label": label, "help": help_text}


def submit(words: tuple[str, str]) -> dict:
    return {"label": words[0], "help": words[1]}


def _text_due(step: str, prompt_html: str, words: dict, required: bool, limit: int) -> dict:
    return {
        "step": step,
        "input": "text",
        "prompt_html": prompt_html,
        "label": words["label"],
        "placeholder": words["placeholder"],
        "required": required,
        "max_length": limit,
        "submit": submit(words["submit"]),
    }


# -- the step that is due, by name ----------------------------------------------------------------


def due_step(kind: str, session) -> str | None:
    """The codec's name of the step that is due in ``session``; ``None`` when it is done."""
    if kind == "gribning":
        step = session.step()
        if step.kind == StepKind.DONE:
            return None
        if step.kind == StepKind.NEXT:
            return f"next:{session.revealed + 1}"
        return f"{step.kind.value}:{step.turn}"
    if kind == "dilemma":
        step = session.step()
        return None if step == DilemmaStep.DONE else step.value
    item = session.due
    return None if item is None else step_name(item.id)


# -- gribning --------------------------------------------------------------------------------------


def gribning(session: Session, released: bool) -> dict:
    """Turn by turn: mark, classify, write at a pause, reveal the next turn; then feedback."""
    excerpt = session.excerpt
    step = session.step()
    name = due_step("gribning", session)
    due = None
    status = feedback_html = None
    if step.kind == StepKind.MARK:
        due = {
            "step": name,
            "input": "choice",
            "prompt_html": texts.mark_question_html(step.turn),
            "options": [option(True, *texts.MARK_YES), option(False, *texts.MARK_NO)],
            "help_html": None,
        }
    elif step.kind == StepKind.CLASSIFY:
        due = {
            "step": name,
            "input": "choice",
            "prompt_html": texts.classify_question_html(excerpt, step.turn, step.responder),
            "options": [option(r.value, *texts.response_button(r)) for r in Response],
            "help_html": texts.response_help_html(),
        }
    elif step.kind == StepKind.REPLY:
        prompt = excerpt.pause_by_turn[step.turn].prompt
        prompt_html = f"<p><strong>Pause.</strong> {escape(prompt)}</p>"
        due = _text_due(name, prompt_html, VOILA_REPLY, True, MAX_REPLY_LENGTH)
    elif step.kind == StepKind.NEXT:
        due = {
            "step": name,
            "input": "next",
            "prompt_html": "",
            "options": [option(True, *texts.NEXT)],
        }
    if step.kind == StepKind.NEXT and session.revealed in session.replies:
        # The pause just answered: its model replies once released, else that it is saved.
        turn = session.revealed
        if released:
            feedback_html = feedback.model_replies_html(excerpt, turn, session.replies[turn])
        else:
            status = status_html(REPLY_SAVED)
    if step.kind == StepKind.DONE:
        if released:
            score = session.score()
            status = texts.DONE_HTML
            feedback_html = (
                feedback.summary_html(score)
                + feedback.picture_html(excerpt, score)
                + feedback.turn_feedback_html(excerpt, score, session.replies)
            )
        else:
            status = texts.DONE_HTML + status_html(WAITING_FOR_KEY)
    return {
        "intro_html": texts.header_html(excerpt) + texts.intro_html(excerpt),
        "parts_html": [
            texts.progress_html(session.revealed, session.total),
            feedback.conversation_html(excerpt, session.revealed),
        ],
        "progress": {"done": session.revealed, "total": session.total},
        "due": due,
        "status_html": status,
        "feedback_html": feedback_html,
    }


# -- dilemma ---------------------------------------------------------------------------------------


def _weights_due() -> dict:
    help_items = "".join(
        f"<li><strong>{escape(DIMENSION_LABELS[d])}</strong>: {escape(DIMENSION_HELP[d])}</li>"
        for d in Dimension
    )
    return {
        "step": DilemmaStep.WEIGHTS.value,
        "input": "weights",
        "prompt_html": WEIGHTS_PROMPT,
        "help_html": f"<ul class='lises-muted'>{help_items}</ul>",
        "fields": [
            {
                "name": d.value,
                "label": DIMENSION_LABELS[d],
                "help": DIMENSION_HELP[d],
                "min": MIN_WEIGHT,
                "max": MAX_WEIGHT,
                "value": 0,
            }
            for d in Dimension
        ],
        "submit": submit(VOILA_WEIGHTS_SUBMIT),
    }


def dilemma(session: DilemmaSession, released: bool) -> dict:
    """Weigh the four dimensions, choose an action, give a reason; then feedback."""
    case = session.case
    step = session.step()
    due = status = feedback_html = None
    if step == DilemmaStep.WEIGHTS:
        due = _weights_due()
    elif step == DilemmaStep.ACTION:
        due = {
            "step": step.value,
            "input": "choice",
            "prompt_html": VOILA_ACTION_PROMPT,
            # An action's trade-off is feedback: no help text before the choice.
            "options": [option(a.id, a.label) for a in case.actions],
            "help_html": None,
        }
    elif step == DilemmaStep.REASON:
        due = _text_due(step.value, "", VOILA_REASON, False, MAX_REASON_LENGTH)
    elif released:
        feedback_html = dilemma_html.feedback_html(
            case, session.weights, session.action, session.reflection()
        )
    else:
        status = dilemma_html.waiting_html()
    answered = dilemma_html.answers_html(case, session.weights, session.action, session.reason)
    steps = (session.weights, session.action, session.reason)
    return {
        "intro_html": VOILA_DILEMMA_HEADER,
        "parts_html": [dilemma_html.case_html(case), *([answered] if answered else [])],
        "progress": {"done": sum(s is not None for s in steps), "total": len(steps)},
        "due": due,
        "status_html": status,
        "feedback_html": feedback_html,
    }


# -- potentialer -----------------------------------------------------------------------------------


def potentials(session: PotentialSession, released: bool) -> dict:
    """Place each item under one of the five potentials; then the summary and feedback."""
    chosen = session.potential_set
    item = session.due
    due = status = feedback_html = None
    if item is not None:
        parts = [potential_html.item_html(item, session.position, session.total)]
        due = {
            "step": step_name(item.id),
            "input": "choice",
            "prompt_html": potential_html.QUESTION,
            "options": [option(int(p), *potential_html.place_button(p)) for p in Potential],
            "help_html": None,
        }
        if released and session.placements:
            # As in Voilà once released: the key and why for the item just placed.
            last = next(reversed(session.placements))
            placed = chosen.item_by_id[last]
            feedback_html = potential_html.item_feedback_html(
                placed, judge(placed, session.placements[last])
            )
    else:
        parts = [potential_html.ALL_PLACED]
        if released:
            summary = session.summary()
            results = {r.item: r for r in summary.results}
            feedback_html = potential_html.summary_html(summary) + potential_html.all_feedback_html(
                chosen.items, results
            )
        else:
            status = potential_html.waiting_html()
    return {
        "intro_html": (
            potential_html.INTRO
            + potential_html.legend_html()
            + f"<p>{escape(chosen.intro)} ({session.total} emner)</p>"
        ),
        "parts_html": parts,
        "progress": {"done": len(session.placements), "total": session.total},
        "due": due,
        "status_html": status,
        "feedback_html": feedback_html,
    }


SCREENS = {"gribning": gribning, "dilemma": dilemma, "potentialer": potentials}
