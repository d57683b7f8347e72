"""The book's static self-checks: everything the browser needs, computed from the course data.

The published book has no kernel, so the catching exercise and the potentials sorting run there
as a small script (``book/_ext/static/lises-selvtest.js``) over a payload made here at build
time from the same data files and the same text functions as the Voilà exercises.  Every piece of
feedback the learner can get is rendered here by :mod:`lises.excerpts.feedback`,
:mod:`lises.gribning.texts` and :mod:`lises.potentials.html` (per turn and per possible answer);
the browser only scores the answers (Cohen's kappa, detection, tallies) and fills the same
templates.  A browser test checks that what the script shows equals what Python renders.

The payload is encoded (base64 of the JSON) so neither a glance at the page nor a search in its
source shows the key before the learner commits to an answer; it is not meant to resist a
determined reader, only to keep the exercise honest for one who wants to practise.
"""

from __future__ import annotations

import base64
import json
from html import escape
from os.path import commonprefix

from lises.excerpts import feedback
from lises.excerpts.model import Excerpt, Response, next_professional_turn
from lises.excerpts.responses import CODES
from lises.excerpts.scoring import (
    BAND_BELOW_CHANCE,
    BAND_UNDEFINED,
    KAPPA_BANDS,
    TurnScore,
    key_codes,
    outcome,
)
from lises.gribning import texts
from lises.potentials import html as potential_html
from lises.potentials.items import Potential, PotentialSet
from lises.potentials.scoring import judge

VOILA_NOTE = (
    "I Voilà-udgaven af øvelsen skriver du her, hvad du selv ville sige, og sammenligner bagefter "
    "med forslag til, hvordan man kunne gribe det."
)
PAUSE_TEMPLATE = '<p><strong>Pause.</strong> {prompt}</p><p class="lises-muted">{note}</p>'
PAUSE_BUTTON = ("Jeg har tænkt over mit svar", "Vis samtalens næste tur")
RESTART = ("Start forfra", "Sortér emnerne en gang til")


def encode(payload: dict) -> str:
    """The payload as the page carries it: base64 of compact UTF-8 JSON."""
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return base64.b64encode(raw.encode("utf-8")).decode("ascii")


def decode(text: str) -> dict:
    return json.loads(base64.b64decode(text).decode("utf-8"))


def _factor(variants: dict[str, str]) -> dict:
    """Variants of one text as their common start and end plus what differs, so that the page
    carries a turn's words once rather than once per possible answer."""
    values = list(variants.values())
    start = commonprefix(values)  # noqa: RUF071 (characters, not paths, are wanted)
    rests = [v[len(start) :] for v in values]
    end = commonprefix([r[::-1] for r in rests])[::-1]  # noqa: RUF071
    return {
        "start": start,
        "end": end,
        "middle": {k: v[len(start) : len(v) - len(end)] for k, v in variants.items()},
    }


def gribning_common() -> dict:
    """Texts and templates shared by every excerpt of the catching exercise."""
    return {
        "header": texts.HEADER_TEXT,
        # the note on where the conversation comes from is the excerpt's ("note")
        "buttons": {
            "start": texts.START,
            "yes": texts.MARK_YES,
            "no": texts.MARK_NO,
            "next": texts.NEXT,
            "feedback": texts.SEE_FEEDBACK,
            "another": texts.ANOTHER,
            "pause": PAUSE_BUTTON,
            "responses": {r.value: texts.response_button(r) for r in Response},
            # the payload's keys are sorted: the buttons' order (as in Voilà) travels as a list
            "responseOrder": [r.value for r in Response],
        },
        "done": texts.DONE_HTML,
        "responseHelp": texts.response_help_html(),
        "progress": texts.PROGRESS_TEMPLATE,
        "conversation": feedback.CONVERSATION_TEMPLATE,
        "summary": feedback.SUMMARY_TEMPLATE,
        "kappaText": feedback.KAPPA_TEXT,
        "kappaUndefined": feedback.KAPPA_UNDEFINED,
        "bandMeaning": escape(feedback.BAND_MEANING),
        "bands": [[upper, escape(word)] for upper, word in KAPPA_BANDS],
        "bandNegative": BAND_BELOW_CHANCE,
        "bandUndefined": BAND_UNDEFINED,
        "turnFeedback": feedback.TURN_FEEDBACK_TEMPLATE,
        "picture": feedback.PICTURE_TEMPLATE,
    }


def gribning_excerpt(excerpt: Excerpt) -> dict:
    """One excerpt: its turns and, for every citizen turn and every code the learner can give
    it, the feedback item, the picture's marks and the text alternative's words."""
    key = key_codes(excerpt)
    citizen = {}
    for n in excerpt.citizen_turns:
        responder = next_professional_turn(excerpt, n)
        # A marked turn with no professional turn after it has no response to judge: scoring
        # codes it "markeret".
        codes = CODES if responder else (*CODES, "markeret")
        scores = {code: TurnScore(n, key[n], code, outcome(key[n], code)) for code in codes}
        answers = {
            part: _factor({code: render(scores[code]) for code in codes})
            for part, render in (
                ("feedback", lambda t, n=n: feedback.turn_feedback_item(excerpt, n, t)),
                ("picture", lambda t, n=n: feedback.picture_turn(n, t)),
                ("alt", feedback.picture_alt),
            )
        }
        citizen[str(n)] = {
            "key": key[n],
            "responder": responder,
            "mark": texts.mark_question_html(n),
            "classify": (
                texts.classify_question_html(excerpt, n, responder) if responder else None
            ),
            "answers": answers,
        }
    others = {
        str(n): {
            "feedback": feedback.turn_feedback_item(excerpt, n, None),
            "picture": feedback.picture_turn(n, None),
        }
        for n in range(1, len(excerpt.turns) + 1)
        if not excerpt.is_citizen_turn(n)
    }
    pauses = {
        str(p.after_turn): feedback.fill(
            PAUSE_TEMPLATE, {"prompt": escape(p.prompt), "note": escape(VOILA_NOTE)}
        )
        for p in excerpt.pauses
    }
    return {
        "id": excerpt.id,
        "title": escape(excerpt.title),
        "option": texts.option_label(excerpt),
        "intro": texts.intro_html(excerpt),
        "note": texts.origin_note_html(excerpt),
        "turns": [feedback.turn_html(excerpt, n) for n in range(1, len(excerpt.turns) + 1)],
        "width": feedback.picture_width(excerpt),
        "citizen": citizen,
        "others": others,
        "pauses": pauses,
    }


def gribning_payload(excerpts: list[Excerpt]) -> dict:
    return {
        "kind": "gribning",
        "common": gribning_common(),
        "excerpts": [gribning_excerpt(e) for e in excerpts],
    }


def potential_payload(potential_set: PotentialSet) -> dict:
    """The sorting exercise: each item, and its feedback for each of the five potentials."""
    items = []
    total = len(potential_set.items)
    for position, item in enumerate(potential_set.items, start=1):
        items.append(
            {
                "id": item.id,
                "key": int(item.key),
                "also": [int(p) for p in item.also],
                "html": potential_html.item_html(item, position, total),
                "text": escape(item.text),
                "feedback": _factor(
                    {
                        str(int(p)): potential_html.item_feedback_html(item, judge(item, int(p)))
                        for p in Potential
                    }
                ),
            }
        )
    return {
        "kind": "potentialer",
        "id": potential_set.id,
        "intro": potential_html.INTRO_TEXT + potential_html.legend_html(),
        "setIntro": f"<p>{escape(potential_set.intro)} ({total} emner)</p>",
        "question": potential_html.QUESTION,
        "allPlaced": potential_html.ALL_PLACED,
        "buttons": {
            "start": potential_html.START,
            "next": potential_html.NEXT_ITEM,
            "summary": potential_html.SEE_SUMMARY,
            "restart": RESTART,
            "place": {str(int(p)): potential_html.place_button(p) for p in Potential},
        },
        "names": {str(int(p)): escape(potential_html.potential_name(p)) for p in Potential},
        "summary": potential_html.SUMMARY_TEMPLATE,
        "summaryRow": potential_html.SUMMARY_ROW,
        "summaryPlausible": potential_html.SUMMARY_PLAUSIBLE,
        "allFeedback": potential_html.ALL_FEEDBACK_TEMPLATE,
        "allFeedbackItem": potential_html.ALL_FEEDBACK_ITEM,
        "items": items,
    }
