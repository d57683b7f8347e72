"""The understanding self-check (``{selvtest-forstaaelse}``): its HTML and the page's payload.

Every text the learner can see is rendered here, per item and per option; the browser script
(``book/_ext/static/lises-selvtest.js``) only keeps the answers, counts the right ones and fills
the templates.  :func:`summary_html` is what the script must show for the same answers (a browser
test compares them).
"""

from __future__ import annotations

from html import escape

from lises.excerpts.feedback import fill
from lises.quizzes.files import Quiz, QuizItem

BUTTONS = {
    "start": ("Start selvtesten", "Begynd på spørgsmålene"),
    "answer": ("Svar", "Se, om dit svar er rigtigt, og hvorfor"),
    "next": ("Næste spørgsmål", "Gå videre til det næste spørgsmål"),
    "summary": ("Se resultatet", "Se alle dine svar med forklaringerne"),
    "restart": ("Start forfra", "Besvar spørgsmålene en gang til"),
}
CHOOSE_FIRST = "Vælg et svar, før du går videre."
RIGHT = "✓ Rigtigt."
WRONG = "✗ Ikke det rigtige svar."

SUMMARY_TEMPLATE = (
    '<section class="lises-summary" aria-labelledby="lises-quiz-summary-h">'
    '<h3 id="lises-quiz-summary-h">Resultat</h3>'
    "<p>Du svarede rigtigt på {right} af {total} spørgsmål.</p>"
    "<p class='lises-muted'>Forklaringerne herunder bygger på kilderne; hvert spørgsmål "
    "nævner, hvor i kilderne du kan læse mere.</p></section>"
)
ALL_TEMPLATE = (
    '<section aria-labelledby="lises-quiz-items-h">'
    '<h3 id="lises-quiz-items-h">Spørgsmål for spørgsmål</h3>'
    '<ol class="lises-quiz-all">{items}</ol></section>'
)
ALL_ITEM = "<li><p><strong>{question}</strong></p><p>Dit svar: {answer}</p>{feedback}</li>"


def intro_html(quiz: Quiz) -> str:
    return (
        f"<p><strong>{escape(quiz.title)}</strong></p><p>{escape(quiz.intro)} "
        f"({len(quiz.items)} spørgsmål)</p>"
    )


def _input_id(quiz: Quiz, item: QuizItem, n: int) -> str:
    return f"lises-quiz-{quiz.id}-{item.id}-{n}"


def item_html(quiz: Quiz, item: QuizItem, position: int) -> str:
    """The question and its options as a group of radio buttons."""
    options = "".join(
        f'<div class="lises-option"><input type="radio" name="lises-quiz-{escape(item.id)}"'
        f' id="{_input_id(quiz, item, n)}" value="{n}">'
        f'<label for="{_input_id(quiz, item, n)}">{escape(option.text)}</label></div>'
        for n, option in enumerate(item.options)
    )
    return (
        '<fieldset class="lises-quiz-item"><legend>'
        f'<span class="lises-quiz-position">Spørgsmål {position} af {len(quiz.items)}</span> '
        f"<strong>{escape(item.question)}</strong></legend>{options}</fieldset>"
    )


def sources_html(item: QuizItem) -> str:
    cited = "; ".join(f"<cite>{escape(str(source))}</cite>" for source in item.sources)
    return f"<p class='lises-muted'>Kilde: {cited}</p>"


def option_feedback_html(item: QuizItem, chosen: int) -> str:
    """Why the chosen option is right or wrong; the right one and why, when it was not."""
    option = item.options[chosen]
    parts = [
        f'<p class="lises-verdict">{RIGHT if option.correct else WRONG}</p>',
        f"<p>{escape(option.feedback)}</p>",
    ]
    if not option.correct:
        right = item.options[item.right]
        parts.append(
            f"<p><strong>Det rigtige svar:</strong> {escape(right.text)}</p>"
            f"<p>{escape(right.feedback)}</p>"
        )
    parts.append(sources_html(item))
    return f'<div class="lises-quiz-feedback">{"".join(parts)}</div>'


def summary_html(quiz: Quiz, answers: dict[str, int]) -> str:
    """The result and every answered item with its feedback (answers: item id → option)."""
    rows = "".join(
        fill(
            ALL_ITEM,
            {
                "question": escape(item.question),
                "answer": escape(item.options[answers[item.id]].text),
                "feedback": option_feedback_html(item, answers[item.id]),
            },
        )
        for item in quiz.items
        if item.id in answers
    )
    right = sum(1 for item in quiz.items if answers.get(item.id) == item.right)
    return fill(SUMMARY_TEMPLATE, {"right": right, "total": len(answers)}) + fill(
        ALL_TEMPLATE, {"items": rows}
    )


def print_html(quiz: Quiz) -> str:
    """The questions and their options for paper (no answers)."""
    items = "".join(
        f"<li><p>{escape(item.question)}</p><ul>"
        + "".join(f"<li>{escape(option.text)}</li>" for option in item.options)
        + "</ul></li>"
        for item in quiz.items
    )
    return f"<p>{escape(quiz.intro)}</p><ol>{items}</ol>"


def quiz_payload(quiz: Quiz) -> dict:
    """Everything the browser needs for one quiz."""
    return {
        "kind": "forstaaelse",
        "id": quiz.id,
        "intro": intro_html(quiz),
        "buttons": BUTTONS,
        "chooseFirst": CHOOSE_FIRST,
        "summary": SUMMARY_TEMPLATE,
        "all": ALL_TEMPLATE,
        "allItem": ALL_ITEM,
        "items": [
            {
                "id": item.id,
                "html": item_html(quiz, item, position),
                "question": escape(item.question),
                "options": [escape(option.text) for option in item.options],
                "right": item.right,
                "feedback": [option_feedback_html(item, n) for n in range(len(item.options))],
            }
            for position, item in enumerate(quiz.items, start=1)
        ],
    }
