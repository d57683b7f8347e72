"""The dilemma weighing as a book self-check: the payload, rendered by the Voilà exercise's own
functions (:mod:`lises.dilemma.html`).

The feedback of a case depends on the learner's four weights (0–5) and the chosen action: too
many combinations to render each one.  So the renderers are called with symbols where the numbers
go and once per value of each part that varies, and the page carries the result as a template:

* every weight, and every sum of weights, is rendered as a slot such as ``{=fairness+respekt}``
  (a :class:`_Sum` passed where the renderer adds up weights), which the script fills with the
  learner's numbers;
* the sentences that depend on how the learner weighed (the highest dimensions, which of them the
  action serves, what it costs, which actions weigh heavier) are rendered for every value each
  can take, with the others held fixed, and carried as the text that differs (:func:`_regions`);
  the script picks the text by the same rules as :func:`lises.dilemma.scoring.reflect`.

:func:`_regions` checks at build time that putting the parts together gives what the renderer
gives for sample combinations, and a browser test checks the script's result against
:func:`lises.dilemma.html.feedback_html` for random weighings.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from html import escape
from itertools import combinations, permutations
from typing import Any

from lises.core import exercises
from lises.dilemma import html as dilemma_html
from lises.dilemma.cases import DIMENSION_HELP, DIMENSION_LABELS, DilemmaCase, Dimension
from lises.dilemma.scoring import (
    MAX_REASON_LENGTH,
    MAX_WEIGHT,
    MIN_WEIGHT,
    Balance,
    Reflection,
)
from lises.ui.guide import VOILA

from .selfcheck import _factor

REASON_SLOT = "{begrundelse}"
NUMBER_WORDS = {2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "syv", 8: "otte"}
DIMENSIONS = [d.value for d in Dimension]

INTRO = (
    "<p>I hver sag vejer du først de fire moralske dimensioner: effektivitet, fairness (lige "
    "adgang), responsivitet (individuel problemløsning) og respekt. Så vælger du en handling og "
    "kan skrive en kort begrundelse. Bagefter ser du de hensyn, forskningen nævner, og hvad hver "
    "handling tjener og koster. Ingen handling er den rigtige.</p>"
)
WEIGHTS_QUESTION = (
    "<p><strong>Hvor meget vejer hvert hensyn for dig i denne sag?</strong> 0 = slet ikke, "
    "5 = meget. Brug piletasterne på en skyder.</p>"
)
ACTION_QUESTION = "Hvad vil du gøre?"
MESSAGES = {
    "weights": "Giv mindst ét hensyn en vægt over 0, før du går videre.",
    "action": "Vælg en handling, før du går videre.",
}
BUTTONS = {
    "start": ("Åbn sagen", "Læs sagen og begynd at veje"),
    "weights": ("Gem min vægtning", "Gem vægtene og gå videre til handlingerne"),
    "action": ("Vælg handlingen", "Gem dit valg af handling"),
    "reason": ("Gem og afslut sagen", "Gem begrundelsen og afslut"),
    "another": ("Vælg en anden sag", "Tilbage til listen over sager"),
}
REASON_LABEL = "Din begrundelse (valgfri):"
REASON_PLACEHOLDER = "Hvorfor valgte du sådan? Hvad koster dit valg?"


class _Sum:
    """A weight or a sum of weights as the slot the script fills: ``{=effektivitet+respekt}``.

    Passed to the renderers in place of the learner's weights: they add and subtract weights
    (:func:`lises.dilemma.scoring.balance`) and print the results, which become slots.
    """

    def __init__(self, terms: tuple[tuple[int, str], ...]):
        self.terms = terms

    def __add__(self, other: object) -> _Sum:
        if isinstance(other, _Sum):
            return _Sum(self.terms + other.terms)
        if other == 0:
            return self
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: _Sum) -> _Sum:
        return _Sum(self.terms + tuple((-sign, name) for sign, name in other.terms))

    def __str__(self) -> str:
        return "{=" + "".join(("+" if s > 0 else "-") + n for s, n in self.terms) + "}"


SYMBOLS = {d.value: _Sum(((1, d.value),)) for d in Dimension}


def _subsets(values: list[str], empty: bool = False) -> list[tuple[str, ...]]:
    return [c for n in range(0 if empty else 1, len(values) + 1) for c in combinations(values, n)]


def _regions(render: Callable[..., str], options: dict[str, dict[str, Any]]) -> list:
    """``render(**values)`` for every combination of the options, as a list of fixed texts and
    ``{"field": name, "text": {key: text}}`` parts: each field's value changes only its part.

    The first option of each field is the base.  Raises ``ValueError`` if the parts overlap or
    if putting them together differs from ``render`` for a sample of combinations.
    """
    base = {field: next(iter(values.values())) for field, values in options.items()}
    whole = render(**base)
    spans = []
    for field, values in options.items():
        factored = _factor({key: render(**(base | {field: v})) for key, v in values.items()})
        spans.append((len(factored["start"]), len(whole) - len(factored["end"]), field, factored))
    parts: list = []
    at = 0
    for start, end, field, factored in sorted(spans, key=lambda s: s[:2]):
        if start < at:
            raise ValueError(f"feltet {field} overlapper et andet")
        parts += [whole[at:start], {"field": field, "text": factored["middle"]}]
        at = end
    parts.append(whole[at:])
    rng = random.Random(16)
    for _ in range(40):
        keys = {field: rng.choice(list(values)) for field, values in options.items()}
        got = "".join(p if isinstance(p, str) else p["text"][keys[p["field"]]] for p in parts)
        if got != render(**{f: options[f][k] for f, k in keys.items()}):
            raise ValueError(f"delene giver ikke rendererens tekst for {keys}")
    return parts


def _feedback_template(case: DilemmaCase, action_id: str) -> list:
    """The whole feedback for one chosen action (:func:`lises.dilemma.html.feedback_html`)."""
    action = case.action_by_id[action_id]
    serves = [d.value for d in Dimension if d in action.serves]
    costs = [d.value for d in Dimension if d in action.costs]
    ids = [a.id for a in case.actions]

    def render(top, served, costs, best) -> str:
        reflection = Reflection(
            top=tuple(Dimension(d) for d in top),
            served_top=tuple(Dimension(d) for d in served),
            cost_weighted=tuple((Dimension(d), SYMBOLS[d]) for d in costs),
            chosen=Balance(action_id, 0, 0),
            best=tuple(best),
        )
        return dilemma_html.feedback_html(case, SYMBOLS, action_id, reflection)

    ordered = [
        p for n in range(len(costs) + 1) for c in combinations(costs, n) for p in permutations(c)
    ]
    return _regions(
        render,
        {
            "top": {",".join(t): t for t in _subsets(DIMENSIONS)},
            "served": {",".join(s): s for s in _subsets(serves, empty=True)},
            "costs": {",".join(c): c for c in ordered},
            "best": {",".join(b): b for b in _subsets(ids)},
        },
    )


def dilemma_case(case: DilemmaCase) -> dict:
    """One case: its text, its actions and, per action, the answers shown and the feedback."""
    actions = []
    for action in case.actions:
        actions.append(
            {
                "id": action.id,
                "label": escape(action.label),
                "serves": [d.value for d in action.serves],
                "costs": [d.value for d in action.costs],
                "feedback": _feedback_template(case, action.id),
            }
        )
    ids = [a.id for a in case.actions]
    return {
        "id": case.id,
        "option": escape(f"{case.title}{' (konstrueret)' if case.constructed else ''}"),
        "title": escape(case.title),
        "intro": (
            f"<p>{'Konstrueret sag' if case.constructed else 'Sag fra kilderne'} · "
            f"{len(case.actions)} handlinger at vælge mellem.</p>"
            f'<p class="lises-muted">{escape(case.origin)}</p>'
        ),
        "case": dilemma_html.case_html(case),
        "answers": {
            "weights": dilemma_html.answers_html(case, SYMBOLS, None, None),
            "action": _factor({a: dilemma_html.answers_html(case, SYMBOLS, a, None) for a in ids}),
            "reason": _factor(
                {a: dilemma_html.answers_html(case, SYMBOLS, a, REASON_SLOT) for a in ids}
            ),
        },
        "actions": actions,
    }


def voila_html(cases: list[DilemmaCase], all_cases: list[DilemmaCase]) -> str:
    """The Voilà exercise by name and address, with every case it offers."""
    heading = exercises.kind("dilemma").heading
    href = f"{VOILA}voila/render/dilemma.ipynb"
    names = ", ".join(f"»{escape(c.title)}«" for c in all_cases)
    count = NUMBER_WORDS.get(len(all_cases), str(len(all_cases)))
    return (
        f'<p class="lises-muted">Øvelsen findes også i Voilà-udgaven af kursets øvelser: '
        f'<a href="{escape(href)}">{escape(heading)}</a>. Der vælger du mellem {count} sager: '
        f"{names}. Linket virker, når kursets øvelser kører på din computer (se vejviseren i "
        "kapitel 1). I kursets workshoprum kan en vidensmægler lade hele rummet lave øvelsen "
        "sammen.</p>"
    )


def dilemma_payload(cases: list[DilemmaCase], all_cases: list[DilemmaCase] | None = None) -> dict:
    """The dilemma self-check over ``cases`` (``all_cases``: what the Voilà exercise offers)."""
    return {
        "kind": "dilemma",
        "intro": INTRO,
        "voila": voila_html(cases, all_cases or cases),
        "weightsQuestion": WEIGHTS_QUESTION,
        "actionQuestion": escape(ACTION_QUESTION),
        "dimensions": [
            {
                "id": d.value,
                "label": escape(DIMENSION_LABELS[d]),
                "help": escape(DIMENSION_HELP[d]),
            }
            for d in Dimension
        ],
        "range": [MIN_WEIGHT, MAX_WEIGHT],
        "maxReason": MAX_REASON_LENGTH,
        "reasonLabel": escape(REASON_LABEL),
        "reasonPlaceholder": REASON_PLACEHOLDER,
        "messages": MESSAGES,
        "buttons": BUTTONS,
        "cases": [dilemma_case(c) for c in cases],
    }
