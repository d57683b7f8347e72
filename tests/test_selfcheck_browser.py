"""The book's self-checks in headless Chromium: done with the keyboard alone, offline, and saying
exactly what the Voilà exercises say (the script's feedback equals Python's for the same answers).
"""

from __future__ import annotations

import random
import re

import pytest

from keyboard import focused_text, tab_to
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
    # the feedback heading has the focus, and the picture has its text alternative
    assert page.evaluate("document.activeElement.id") == "lises-summary-h"
    # the figures are folded under the plain words; a reader who wants them opens them
    assert "Enighed tur for tur" not in result.inner_text()
    result.get_by_text("Tallene: F1, enighed og kappa").click()
    assert "næsten perfekt" in result.inner_text()
    assert "Enighed tur for tur: 100 %" in result.inner_text()
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
        # the verdict has the focus; the next Tab reaches the button that goes on
        assert page.evaluate("document.activeElement.classList.contains('lises-verdict')")
        page.keyboard.press("Tab")
        assert focused_text(page).startswith("BUTTON ")
        assert any(n in focused_text(page) for n in ("Næste emne", "Se opsummering"))
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


# -- what a person sees: focus and view follow each answer, the place is kept ---------------

POTENTIAL_SET = next(iter(load_sets().values()))

# True when the focused element's box is inside the viewport, below the theme's sticky header,
# and what is drawn at its centre is the element itself (nothing covers it).
FOCUS_IN_VIEW = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return false;
  const r = e.getBoundingClientRect();
  let top = 0;  // below the theme's sticky headers (the site's on a phone, the article's else)
  for (const h of document.querySelectorAll('.bd-header, .bd-header-article')) {
    const s = getComputedStyle(h);
    if (s.position === 'sticky' || s.position === 'fixed')
      top = Math.max(top, (parseFloat(s.top) || 0) + h.getBoundingClientRect().height);
  }
  if (r.top < top - 1 || r.bottom > innerHeight + 1 || r.left < 0 || r.right > innerWidth + 1)
    return false;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 20));
  return !!hit && (hit === e || e.contains(hit));
}"""


def _changed_in_view(page, selector: str, motion: str) -> None:
    """``selector`` has the focus and its box is on the screen: at once with reduced motion,
    within the smooth scroll otherwise."""
    assert page.evaluate(f"document.activeElement.matches({selector!r})"), page.evaluate(
        "document.activeElement.outerHTML.slice(0, 200)"
    )
    if motion == "reduce":
        assert page.evaluate(FOCUS_IN_VIEW), "the changed element is off the screen"
    else:
        page.wait_for_function(FOCUS_IN_VIEW, timeout=3_000)


VIEWS = [(1366, "no-preference"), (390, "no-preference"), (390, "reduce")]


@pytest.mark.parametrize(("width", "motion"), VIEWS)
def test_focus_and_view_follow_each_sorting_answer(page, book_server, width, motion):
    page.set_viewport_size({"width": width, "height": 800 if width > 600 else 844})
    page.emulate_media(reduced_motion=motion)
    _open(page, book_server, POTENTIAL_PAGE)
    page.get_by_role("button", name="Start sorteringen").click()
    for item in POTENTIAL_SET.items[:4]:
        _changed_in_view(page, ".lises-sort-current", motion)
        page.get_by_role("button", name=potential_html.potential_name(item.key)).click()
        _changed_in_view(page, ".lises-verdict", motion)
        announced = page.locator(".lises-selvtest-announce")
        page.wait_for_function(
            "(e) => e.textContent.includes('Som nøglen')", arg=announced.element_handle()
        )
        page.get_by_role("button", name="Næste emne").click()
    assert page.console_errors == []


@pytest.mark.parametrize(("width", "motion"), VIEWS)
def test_focus_and_view_follow_each_catching_answer(page, book_server, width, motion):
    page.set_viewport_size({"width": width, "height": 800 if width > 600 else 844})
    page.emulate_media(reduced_motion=motion)
    _open(page, book_server, GRIBNING_PAGE)
    page.get_by_role("button", name="Start uddraget").click()
    for _ in range(8):
        _changed_in_view(page, ".lises-step > :first-child", motion)
        step = page.locator(".lises-step")
        for label in ("Nej, ingen meningsytring", "Overhørt", "Jeg har tænkt", "Vis næste tur"):
            choice = step.get_by_role("button", name=label)
            if choice.count():
                choice.first.click()
                break
        else:
            break
    assert page.console_errors == []


def test_til_toppen_never_covers_an_answer_on_a_phone(page, book_server):
    """The theme's back-to-top button shows when the reader scrolls up; wherever an answer
    button sits on the screen, a tap on its centre or lower half lands on it."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(reduced_motion="reduce")
    _open(page, book_server, POTENTIAL_PAGE)
    page.get_by_role("button", name="Start sorteringen").click()
    options = page.locator(".lises-column button")
    assert options.count() == 5
    for index in range(options.count()):
        option = options.nth(index)
        # put the option where "Til toppen" floats (90 % down the screen), scrolling up to it
        page.evaluate(
            "(e) => { const r = e.getBoundingClientRect();"
            " window.scrollBy(0, r.top + r.height / 2 - innerHeight * 0.9 + 60); }",
            option.element_handle(),
        )
        page.wait_for_timeout(100)
        page.evaluate("() => window.scrollBy(0, -60)")
        page.wait_for_timeout(200)
        covered = option.evaluate(
            "(e) => { const r = e.getBoundingClientRect(); return [0.5, 0.75, 0.9].flatMap(f =>"
            " [0.25, 0.5, 0.75].map(g => { const hit = document.elementFromPoint("
            "r.left + r.width * g, r.top + r.height * f);"
            " return hit === e || e.contains(hit) ? null"
            " : (hit ? hit.id || hit.className : 'none');"
            " })).filter(x => x); }"
        )
        assert covered == [], f"{option.inner_text()}: covered by {covered}"


def test_a_reload_continues_where_the_learner_was(page, book_server):
    _open(page, book_server, POTENTIAL_PAGE)
    page.get_by_role("button", name="Start sorteringen").click()
    for item in POTENTIAL_SET.items[:3]:
        page.get_by_role("button", name=potential_html.potential_name(item.key)).click()
        page.get_by_role("button", name="Næste emne").click()
    fourth = POTENTIAL_SET.items[3]
    page.get_by_role(
        "button", name=potential_html.potential_name(fourth.also[0] if fourth.also else fourth.key)
    ).click()
    verdict = page.locator(".lises-verdict").inner_text()
    page.reload()
    page.locator(".lises-sort-result .lises-verdict").wait_for()
    total = len(POTENTIAL_SET.items)
    assert f"Emne 4 af {total}" in page.locator(".lises-sort-current").inner_text()
    assert page.locator(".lises-verdict").inner_text() == verdict
    assert page.locator(".lises-selvtest progress").get_attribute("value") == "4"
    assert page.get_by_role("button", name="Næste emne").is_visible()

    _open(page, book_server, GRIBNING_PAGE)
    page.locator(".lises-selvtest select").select_option("1")  # the second excerpt
    page.get_by_role("button", name="Start uddraget").click()
    for _ in range(3):
        step = page.locator(".lises-step")
        for label in ("Ja, markér turen", "Grebet", "Jeg har tænkt", "Vis næste tur"):
            if step.get_by_role("button", name=label).count():
                step.get_by_role("button", name=label).first.click()
                break
    before = page.locator(".lises-selvtest-live").inner_text()
    page.reload()
    page.locator(".lises-selvtest h3").first.wait_for()
    assert page.locator(".lises-selvtest-live").inner_text() == before
    assert EXCERPTS[GRIBNING_IDS[1]].title in page.locator(".lises-selvtest h3").first.inner_text()

    # "Start forfra" forgets the answers: back to the chooser, and so after a reload
    page.get_by_role("button", name="Start forfra").click()
    assert page.get_by_role("button", name="Start uddraget").is_visible()
    page.reload()
    page.get_by_role("button", name="Start uddraget").wait_for()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('gribning'))") == []
    assert page.blocked == []
    assert page.console_errors == []


BAD_SAVES = [
    "ikke json {",
    "[]",
    "null",
    '{"v": 1, "kind": "potentialer", "id": "et-andet-saet", "log": [["place", "x", 1]]}',
    '{"v": 2, "kind": "potentialer", "id": "SET", "log": []}',
    '{"v": 1, "kind": "potentialer", "id": "SET", "log": "place"}',
    '{"v": 1, "kind": "potentialer", "id": "SET", "log": [["place", "FIRST", 99]]}',
    '{"v": 1, "kind": "potentialer", "id": "SET", "log": [["place", "andet-emne", 1]]}',
    '{"v": 1, "kind": "potentialer", "id": "SET", "log": [["next"], ["place", "FIRST", 1]]}',
    '{"v": 1, "kind": "potentialer", "id": "SET", "log": [["place", "FIRST", "1"]]}',
    '{"v": 1, "kind": "potentialer", "id": "SET", "log": [["__proto__", "FIRST", 1]], '
    '"done": true}',
    '{"v": 1, "kind": "gribning", "id": "SET", "log": []}',
]


@pytest.mark.parametrize("saved", BAD_SAVES)
def test_corrupt_or_foreign_saved_answers_are_ignored(page, book_server, saved):
    """Whatever is in the browser's storage under the self-check's key, the page works and shows
    nothing the saved data did not earn: the start, or the first item unanswered."""
    _open(page, book_server, POTENTIAL_PAGE)
    saved = saved.replace("SET", POTENTIAL_SET.id).replace("FIRST", POTENTIAL_SET.items[0].id)
    page.evaluate(
        "([id, saved]) => localStorage.setItem(lisesSelvtest.storeKey('potentialer', [id]), saved)",
        [POTENTIAL_SET.id, saved],
    )
    page.reload()
    page.locator(".lises-selvtest-live button").first.wait_for()
    text = page.locator(".lises-selvtest-live").inner_text()
    assert "Start sorteringen" in text or f"Emne 1 af {len(POTENTIAL_SET.items)}" in text
    assert page.locator(".lises-verdict").count() == 0
    assert page.console_errors == []
    # and the exercise still works from there
    if "Start sorteringen" in text:
        page.get_by_role("button", name="Start sorteringen").click()
    page.get_by_role(
        "button", name=potential_html.potential_name(POTENTIAL_SET.items[0].key)
    ).click()
    assert "Som nøglen" in page.locator(".lises-verdict").inner_text()


def test_catching_feedback_leads_with_plain_words(page, book_server):
    """What a learner reads first: found, missed and why; the figures are folded below, and no
    verdict contradicts its mark."""
    _open(page, book_server, GRIBNING_PAGE)
    page.get_by_role("button", name="Start uddraget").click()
    _answer_until_feedback(page)
    result = page.locator(".lises-result")
    shown = result.inner_text()
    assert "Meningsytringer du fandt" in shown and "overså" in shown and "Hvorfor" in shown
    assert "F1 for at finde" not in shown and "Cohens kappa" not in shown
    assert shown.index("Meningsytringer du fandt") < shown.index("Tallene: F1, enighed og kappa")
    assert result.locator("details.lises-figures:not([open])").count() == 1
    assert "Ramt" not in shown
    for verdict in result.locator(".lises-verdict").all_inner_texts():
        if verdict.startswith("✗"):
            assert not verdict.startswith(("✗ Fundet, og", "✗ Rigtigt")), verdict
        else:
            assert not any(w in verdict for w in ("Overset", "men ", "anderledes")), verdict


ANSWER_LABELS = ("Ja, markér turen", "Overhørt", "Jeg har tænkt", "Vis næste tur", "Se feedback")


def _answer_until_feedback(page) -> None:
    """Mark every citizen turn and call every response overhørt: some right, some wrong."""
    for _ in range(200):
        step = page.locator(".lises-step")
        for label in (
            "Ja, markér turen",
            "Overhørt",
            "Jeg har tænkt",
            "Vis næste tur",
            "Se feedback",
        ):
            if step.get_by_role("button", name=label).count():
                step.get_by_role("button", name=label).first.click()
                break
        if page.locator(".lises-result").count():
            return
    raise AssertionError("the feedback never came")
