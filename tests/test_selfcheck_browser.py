"""The book's self-checks in headless Chromium: done with the keyboard alone, offline, and saying
exactly what the Voilà exercises say (the script's feedback equals Python's for the same answers).
"""

from __future__ import annotations

import random
import re

import pytest

from keyboard import tab_to
from lises.excerpts import feedback
from lises.excerpts.files import load_excerpts
from lises.excerpts.model import Response
from lises.excerpts.scoring import NONE_CODE, key_codes, score
from lises.gribning import texts
from lises.potentials import html as potential_html
from lises.potentials.files import load_sets
from lises.potentials.scoring import summarise

pytestmark = pytest.mark.browser

GRIBNING_PAGE = "/book/samtalen/index.html"
POTENTIAL_PAGE = "/book/potentialer/index.html"
GRIBNING_IDS = ("under-30", "mentor", "flere-ytringer")  # as in book/samtalen/index.md
EXCERPTS = load_excerpts()


def _code_of(excerpt, turn: int) -> str:
    return key_codes(excerpt)[turn]


def _later_turn_texts_absent(page, excerpt, revealed: int) -> None:
    html = page.locator(".lises-selvtest").inner_html()
    for later in excerpt.turns[revealed:]:
        if len(later.text) > 40:
            assert later.text not in html, "a later turn is in the page before it is revealed"


def _open(page, book_server, path):
    page.goto(book_server + path)
    exercise = page.locator(".lises-selvtest")
    exercise.first.wait_for(state="visible")
    return exercise.first


def test_nothing_of_the_key_is_in_the_page_before_the_learner_answers(page, book_server):
    _open(page, book_server, GRIBNING_PAGE)
    html, text = page.content(), page.evaluate("document.body.innerText")
    for excerpt_id in GRIBNING_IDS:
        excerpt = EXCERPTS[excerpt_id]
        for entry in excerpt.key:
            assert entry.explanation not in html
        for turn in excerpt.turns[1:]:
            if len(turn.text) > 40:  # short turns ("Okay.") occur in other excerpts on the page
                assert turn.text not in html and turn.text not in text
    _open(page, book_server, POTENTIAL_PAGE)
    html = page.content()
    for item in next(iter(load_sets().values())).items:
        assert item.explanation not in html


@pytest.mark.parametrize("excerpt_id", GRIBNING_IDS)
def test_catching_exercise_with_the_keyboard_alone(page, book_server, excerpt_id):
    """Answer as the key does, by keyboard; every later turn stays hidden until revealed."""
    excerpt = EXCERPTS[excerpt_id]
    _open(page, book_server, GRIBNING_PAGE)
    page.locator(".lises-selvtest select").focus()
    choice = next(i for i, e in enumerate(GRIBNING_IDS) if e == excerpt_id)
    for _ in range(choice):
        page.keyboard.press("ArrowDown")
    tab_to(page, "Start uddraget")
    page.keyboard.press("Enter")
    keyed = {n: _code_of(excerpt, n) for n in excerpt.citizen_turns}
    for _ in range(200):
        status = page.locator(".lises-selvtest [role=status]").inner_text()
        revealed = int(re.search(r"Tur (\d+) af", status)[1])
        _later_turn_texts_absent(page, excerpt, revealed)
        step_text = page.locator(".lises-step").inner_text()
        if "Bærer borgerens tur" in step_text:
            carries = keyed[revealed] != NONE_CODE
            wanted = "Ja, markér turen" if carries else "Nej, ingen meningsytring"
        elif "Du markerede tur" in step_text:
            turn = int(re.search(r"Du markerede tur (\d+)", step_text)[1])
            wanted = keyed[turn].capitalize()
            # the choices in the order the Voilà trainer shows them, not the payload's key order
            shown = page.locator(".lises-step .lises-row button").all_inner_texts()
            assert shown == [texts.response_button(r)[0] for r in Response]
        elif "Pause." in step_text:
            wanted = "Jeg har tænkt over mit svar"
        elif "Se feedback" in step_text:
            wanted = "Se feedback"
        else:
            wanted = "Vis næste tur"
        tab_to(page, wanted)
        page.keyboard.press("Enter")
        if wanted == "Se feedback":
            break
    result = page.locator(".lises-result")
    result.wait_for()
    assert "næsten perfekt" in result.inner_text()
    assert "Enighed tur for tur: 100 %" in result.inner_text()
    # the feedback heading has the focus, and the picture has its text alternative
    assert page.evaluate("document.activeElement.id") == "lises-summary-h"
    assert "Samtalens forløb. Borgerens ture:" in result.locator("svg desc").text_content()
    for entry in excerpt.key:
        assert entry.explanation.split(".")[0] in result.inner_text()
    assert page.blocked == [], page.blocked
    assert page.console_errors == []


def test_catching_feedback_is_the_voila_feedback(page, book_server):
    """For random codings of each excerpt, the script renders what lises.excerpts.feedback
    renders."""
    _open(page, book_server, GRIBNING_PAGE)
    rng = random.Random(7)
    codes = [NONE_CODE, *(r.value for r in Response)]
    for index, excerpt_id in enumerate(GRIBNING_IDS):
        excerpt = EXCERPTS[excerpt_id]
        for _ in range(25):
            learner = {n: rng.choice(codes) for n in excerpt.citizen_turns}
            marks = {n: Response(c) for n, c in learner.items() if c != NONE_CODE}
            result = score(excerpt, marks)
            expected = (
                feedback.summary_html(result)
                + feedback.picture_html(excerpt, result)
                + feedback.turn_feedback_html(excerpt, result, {})
            )
            shown = page.evaluate(
                "([i, codes]) => { const g = document.querySelector('.lises-selvtest')"
                ".lisesExercise; g.ex = g.excerpts[i]; return g.feedbackHtml(codes); }",
                [index, {str(n): c for n, c in learner.items()}],
            )
            assert shown == expected


def test_potentials_sorting_with_the_keyboard_alone(page, book_server):
    potential_set = next(iter(load_sets().values()))
    _open(page, book_server, POTENTIAL_PAGE)
    page.get_by_role("button", name="Start sorteringen").focus()
    page.keyboard.press("Enter")
    for item in potential_set.items:
        name = potential_html.potential_name(item.key)
        tab_to(page, name)
        page.keyboard.press("Enter")
        assert "Som nøglen" in page.locator(".lises-sort-result").inner_text()
        # Next (or the summary) has the focus
        page.keyboard.press("Enter")
    summary = page.locator(".lises-sort-result")
    total = len(potential_set.items)
    assert f"Du placerede {total} af {total} emner som nøglen." in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "lises-sort-summary-h"
    assert page.blocked == [], page.blocked
    assert page.console_errors == []


def test_potentials_summary_is_the_voila_summary(page, book_server):
    potential_set = next(iter(load_sets().values()))
    _open(page, book_server, POTENTIAL_PAGE)
    rng = random.Random(3)
    for _ in range(25):
        placements = {
            item.id: rng.randint(1, 5) for item in potential_set.items if rng.random() < 0.9
        }
        summary = summarise(potential_set, placements)
        results = {r.item: r for r in summary.results}
        expected = potential_html.summary_html(summary) + potential_html.all_feedback_html(
            potential_set.items, results
        )
        shown = page.evaluate(
            "(placements) => document.querySelector('.lises-selvtest')"
            ".lisesExercise.summaryHtml(placements)",
            placements,
        )
        assert shown == expected


def test_number_formatting_matches_python(page, book_server):
    """Ties round to even as Python's format does (0.125 -> 0,12; 12.5 % -> 12 %)."""
    _open(page, book_server, GRIBNING_PAGE)
    values = [0.125, 0.375, -0.125, 1 / 3, 2 / 3, 0.005, 0.995, 0.0, 1.0, 0.615, 0.8, -0.2, 0.025]
    values += [k / 8 for k in range(-8, 9)] + [k / 200 for k in range(201)]
    shown = page.evaluate(
        "(values) => values.map(v => [window.lisesSelvtest.fmt(v, false), "
        "window.lisesSelvtest.fmt(v, true)])",
        values,
    )
    expected = [[feedback.fmt(v), feedback.fmt(v, percent=True)] for v in values]
    assert shown == expected
