"""The book's self-checks in headless Chromium: done with the keyboard alone, offline, and saying
exactly what the Voilà exercises say (the script's feedback equals Python's for the same answers):
the catching exercise (chapter 5), the potentials sorting (3), the dilemma weighing (4) and the
understanding questions (2 and 6).
"""

from __future__ import annotations

import random
import re

import pytest

from keyboard import focused_text, tab_to
from lises.book.quiz_check import summary_html as quiz_summary_html
from lises.dilemma import html as dilemma_html
from lises.dilemma.cases import Dimension
from lises.dilemma.files import load_cases
from lises.dilemma.scoring import reflect
from lises.excerpts import feedback
from lises.excerpts.files import load_excerpts
from lises.excerpts.model import Response
from lises.excerpts.scoring import NONE_CODE, key_codes, score
from lises.gribning import texts
from lises.potentials import html as potential_html
from lises.potentials.files import load_sets
from lises.potentials.scoring import summarise
from lises.quizzes.files import load_quizzes

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
    # the excerpts are radio buttons (a title wraps on a phone): the arrows choose
    page.locator(".lises-selvtest input[type=radio]:checked").focus()
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
    page.locator(".lises-selvtest input[type=radio]").nth(1).check()  # the second excerpt
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


# -- the dilemma weighing (chapter 4) ---------------------------------------------------------

DILEMMA_PAGE = "/book/dilemmaer/index.html"
DILEMMA_IDS = ("refusion", "roede-lamper", "prioritering")  # as in book/dilemmaer/index.md
CASES = load_cases()
GET_DILEMMA = "document.querySelector('.lises-selvtest[data-kind=dilemma]').lisesExercise"


def _weigh_with_keys(page, weights: dict[str, int]) -> None:
    """Set each slider with the arrow keys, then save the weighing from the keyboard."""
    for dimension, weight in weights.items():
        page.locator(f".lises-weight input[id$='-{dimension}']").focus()
        for _ in range(weight):
            page.keyboard.press("ArrowRight")
    tab_to(page, "Gem min vægtning")
    page.keyboard.press("Enter")


def test_nothing_of_the_dilemma_feedback_is_in_the_page_before_the_answers(page, book_server):
    _open(page, book_server, DILEMMA_PAGE)
    html = page.content()
    # (some considerations are voices the chapter quotes itself; the feedback's sections and the
    # course's reading of each action are not in the page)
    assert "Hensyn, som forskningen nævner" not in html
    assert "Hvad hver handling tjener og koster" not in html
    for case_id in DILEMMA_IDS:
        for action in CASES[case_id].actions:
            assert action.tradeoff[:60] not in html


@pytest.mark.parametrize("case_id", DILEMMA_IDS)
def test_dilemma_weighing_with_the_keyboard_alone(page, book_server, case_id):
    case = CASES[case_id]
    _open(page, book_server, DILEMMA_PAGE)
    # the Voilà exercise is named and linked, with every case it offers
    intro = page.locator(".lises-selvtest-live")
    link = intro.get_by_role("link", name="Dilemmaer")
    assert link.get_attribute("href") == "http://localhost:8866/voila/render/dilemma.ipynb"
    for other in CASES.values():
        assert other.title in intro.inner_text()
    # the cases are radio buttons (a title wraps on a phone): the arrows choose
    page.locator(".lises-selvtest input[type=radio]:checked").focus()
    for _ in range(DILEMMA_IDS.index(case_id)):
        page.keyboard.press("ArrowDown")
    tab_to(page, "Åbn sagen")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "H3"
    assert page.evaluate("document.activeElement.textContent") == case.title
    weights = {"effektivitet": 2, "fairness": 0, "responsivitet": 5, "respekt": 3}
    _weigh_with_keys(page, weights)
    answers = page.locator(".lises-answers").inner_text()
    assert "Responsivitet (individuel problemløsning): 5" in answers
    # the actions: Tab reaches the first, the arrows choose, Tab reaches the button
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "radio"
    page.keyboard.press("ArrowDown")
    chosen = case.actions[1]
    assert page.evaluate("document.activeElement.value") == chosen.id
    tab_to(page, "Vælg handlingen")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type("Fordi <borgeren> & jeg aftalte det.")
    tab_to(page, "Gem og afslut sagen")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "lises-dilemma-dig-h"
    result = page.locator(".lises-selvtest-live").inner_text()
    assert "Din begrundelse: Fordi <borgeren> & jeg aftalte det." in result
    assert "Hensyn, som forskningen nævner" in result
    for consideration in case.considerations:
        assert consideration.text in result
    assert "(dit valg)" in page.locator(".lises-tradeoffs").inner_text()
    announced = page.locator(".lises-selvtest-announce")
    page.wait_for_function(
        "(e) => e.textContent.includes('Din vægtning')", arg=announced.element_handle()
    )
    assert page.blocked == [], page.blocked
    assert page.console_errors == []


def test_dilemma_feedback_is_the_voila_feedback(page, book_server):
    """For random weighings (ties and zeros included) and every action of each case, the script
    shows what lises.dilemma.html renders for the Voilà exercise, answers included."""
    _open(page, book_server, DILEMMA_PAGE)
    rng = random.Random(16)
    reasons = ["", "Kort svar.", "  <b>Fed</b> & 'citat' \"her\"  ", "{=respekt} {begrundelse}"]
    for index, case_id in enumerate(DILEMMA_IDS):
        case = CASES[case_id]
        for trial in range(40):
            weights = {d.value: rng.choice([0, 0, 1, 3, 3, 5]) for d in Dimension}
            if not any(weights.values()):
                weights["respekt"] = 1
            action = case.actions[trial % len(case.actions)].id
            reason = reasons[trial % len(reasons)]
            expected = dilemma_html.feedback_html(
                case, weights, action, reflect(case, weights, action)
            )
            answers = dilemma_html.answers_html(case, weights, action, reason.strip())
            shown = page.evaluate(
                f"([i, w, a, r]) => {{ const g = {GET_DILEMMA}; g.case = g.data.cases[i];"
                " g.weights = w; g.action = a; g.reason = r.trim();"
                " return [g.feedbackHtml(w, a), g.answersHtml()]; }",
                [index, weights, action, reason],
            )
            assert shown == [expected, answers], (case_id, weights, action)


ALERT_IN_VIEW = """() => { const a = [...document.querySelectorAll('[role=alert]')]
  .find(e => e.textContent.trim()); if (!a) return false; const r = a.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= innerHeight; }"""


def test_dilemma_asks_for_a_weight_and_an_action_before_it_goes_on(page, book_server):
    """On a phone: the message says what is missing, and it and the control that has the focus
    are both on the screen."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(reduced_motion="reduce")
    _open(page, book_server, DILEMMA_PAGE)
    page.get_by_role("button", name="Åbn sagen").click()
    page.get_by_role("button", name="Gem min vægtning").click()
    alert = page.get_by_role("alert")
    alert.filter(has_text="Giv mindst ét hensyn en vægt over 0").wait_for()
    assert page.evaluate("document.activeElement.type") == "range"
    assert page.evaluate(FOCUS_IN_VIEW) and page.evaluate(ALERT_IN_VIEW)
    assert page.locator(".lises-answers").count() == 0
    _weigh_with_keys(page, {"respekt": 1})
    page.get_by_role("button", name="Vælg handlingen").click()
    alert.filter(has_text="Vælg en handling, før du går videre.").wait_for()
    assert page.evaluate("document.activeElement.type") == "radio"
    assert page.evaluate(FOCUS_IN_VIEW) and page.evaluate(ALERT_IN_VIEW)
    assert page.locator(".lises-dilemma-feedback").count() == 0
    assert page.console_errors == []


def test_dilemma_reload_continues_and_start_forfra_forgets(page, book_server):
    _open(page, book_server, DILEMMA_PAGE)
    page.get_by_role("radio", name=CASES[DILEMMA_IDS[2]].title).check()
    page.get_by_role("button", name="Åbn sagen").click()
    _weigh_with_keys(page, {"fairness": 4})
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Vælg handlingen").click()
    page.reload()
    page.locator(".lises-selvtest textarea").wait_for()
    assert CASES[DILEMMA_IDS[2]].title in page.locator(".lises-dilemma-case h3").inner_text()
    shown = page.locator(".lises-answers").inner_text()
    assert "Fairness (lige adgang): 4" in shown
    assert CASES[DILEMMA_IDS[2]].actions[0].label in shown
    page.get_by_role("button", name="Gem og afslut sagen").click()
    page.reload()
    page.locator("#lises-dilemma-dig-h").wait_for()
    page.get_by_role("button", name="Start forfra").click()
    page.get_by_role("button", name="Åbn sagen").wait_for()
    page.reload()
    page.get_by_role("button", name="Åbn sagen").wait_for()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('dilemma'))") == []
    assert page.console_errors == []


DILEMMA_BAD_SAVES = [
    '{"v": 1, "kind": "dilemma", "id": "findes-ikke", "log": []}',
    '{"v": 1, "kind": "dilemma", "id": "CASE", "log": [["weights", {"respekt": 9, '
    '"effektivitet": 0, "fairness": 0, "responsivitet": 0}]]}',
    '{"v": 1, "kind": "dilemma", "id": "CASE", "log": [["weights", {"respekt": 0, '
    '"effektivitet": 0, "fairness": 0, "responsivitet": 0}]], "done": true}',
    '{"v": 1, "kind": "dilemma", "id": "CASE", "log": [["weights", {"respekt": "3", '
    '"effektivitet": 0, "fairness": 0, "responsivitet": 0}]]}',
    '{"v": 1, "kind": "dilemma", "id": "CASE", "log": [["weights", {"respekt": 2, '
    '"effektivitet": 0, "fairness": 0, "responsivitet": 0, "__proto__": 1}]]}',
    '{"v": 1, "kind": "dilemma", "id": "CASE", "log": [["action", "ACTION"]], "done": true}',
]


@pytest.mark.parametrize("saved", DILEMMA_BAD_SAVES)
def test_corrupt_saved_dilemma_answers_are_ignored(page, book_server, saved):
    case = CASES[DILEMMA_IDS[0]]
    _open(page, book_server, DILEMMA_PAGE)
    saved = saved.replace("CASE", case.id).replace("ACTION", case.actions[0].id)
    page.evaluate(
        "([ids, saved]) => localStorage.setItem(lisesSelvtest.storeKey('dilemma', ids), saved)",
        [list(DILEMMA_IDS), saved],
    )
    page.reload()
    page.locator(".lises-selvtest-live button").first.wait_for()
    assert page.locator(".lises-dilemma-feedback").count() == 0
    assert page.locator(".lises-answers").count() == 0
    assert page.console_errors == []


@pytest.mark.parametrize(("width", "motion"), VIEWS)
def test_focus_and_view_follow_each_dilemma_answer(page, book_server, width, motion):
    page.set_viewport_size({"width": width, "height": 800 if width > 600 else 844})
    page.emulate_media(reduced_motion=motion)
    _open(page, book_server, DILEMMA_PAGE)
    page.get_by_role("button", name="Åbn sagen").click()
    _changed_in_view(page, ".lises-dilemma-case h3", motion)
    page.locator(".lises-weight input").last.fill("3")
    page.get_by_role("button", name="Gem min vægtning").click()
    _changed_in_view(page, ".lises-step legend", motion)
    page.get_by_role("radio").last.check()
    page.get_by_role("button", name="Vælg handlingen").click()
    _changed_in_view(page, ".lises-step textarea", motion)
    page.get_by_role("button", name="Gem og afslut sagen").click()
    _changed_in_view(page, "#lises-dilemma-dig-h", motion)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.console_errors == []


# -- the understanding questions (chapters 2 and 6) ------------------------------------------

QUIZZES = load_quizzes()
QUIZ_PAGES = {
    "projektet": "/book/projektet/index.html",
    "vidensmaegling": "/book/vidensmaegling/index.html",
}
GET_QUIZ = "document.querySelector('.lises-selvtest[data-kind=forstaaelse]').lisesExercise"


def test_every_quiz_is_in_a_page():
    assert set(QUIZ_PAGES) == set(QUIZZES)


@pytest.mark.parametrize("quiz_id", sorted(QUIZ_PAGES))
def test_nothing_of_the_quiz_key_is_in_the_page_before_the_answers(page, book_server, quiz_id):
    _open(page, book_server, QUIZ_PAGES[quiz_id])
    html = page.content()
    assert "Rigtigt." not in html and "Det rigtige svar" not in html
    for item in QUIZZES[quiz_id].items:
        assert item.question[:50] in html  # printed for paper: the questions, not the key
        for option in item.options:
            assert option.feedback not in html


def _answer_quiz_with_keys(page, quiz, choose) -> None:
    """Answer every item from the keyboard: the focus is on the new item, Tab reaches its
    first option, the arrows choose, Tab reaches "Svar"."""
    for position, item in enumerate(quiz.items):
        assert page.evaluate("document.activeElement.classList.contains('lises-quiz-current')")
        assert f"Spørgsmål {position + 1} af {len(quiz.items)}" in focused_text(page)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "radio"
        wanted = choose(item)
        if wanted == 0:
            page.keyboard.press("Space")
        for _ in range(wanted):
            page.keyboard.press("ArrowDown")
        tab_to(page, "Svar")
        page.keyboard.press("Enter")
        verdict = page.evaluate("document.activeElement.textContent")
        assert verdict == ("✓ Rigtigt." if wanted == item.right else "✗ Ikke det rigtige svar.")
        feedback = page.locator(".lises-quiz-feedback").inner_text()
        assert item.options[wanted].feedback[:60] in feedback
        if wanted != item.right:  # the right answer and why it is right
            assert item.options[item.right].feedback[:60] in feedback
        page.keyboard.press("Tab")
        assert focused_text(page) in ("BUTTON Næste spørgsmål", "BUTTON Se resultatet")
        page.keyboard.press("Enter")


@pytest.mark.parametrize("quiz_id", sorted(QUIZ_PAGES))
def test_quiz_with_the_keyboard_alone(page, book_server, quiz_id):
    quiz = QUIZZES[quiz_id]
    _open(page, book_server, QUIZ_PAGES[quiz_id])
    page.get_by_role("button", name="Start selvtesten").focus()
    page.keyboard.press("Enter")
    _answer_quiz_with_keys(page, quiz, lambda item: item.right)
    summary = page.locator(".lises-quiz-result")
    total = len(quiz.items)
    assert f"Du svarede rigtigt på {total} af {total} spørgsmål." in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "lises-quiz-summary-h"
    assert page.blocked == [], page.blocked
    assert page.console_errors == []


def test_a_wrong_answer_is_explained_with_the_right_one(page, book_server):
    quiz = QUIZZES["vidensmaegling"]
    _open(page, book_server, QUIZ_PAGES["vidensmaegling"])
    page.get_by_role("button", name="Start selvtesten").click()
    _answer_quiz_with_keys(page, quiz, lambda item: (item.right + 1) % len(item.options))
    assert (
        f"Du svarede rigtigt på 0 af {len(quiz.items)}"
        in page.locator(".lises-quiz-result").inner_text()
    )


def test_quiz_summary_is_the_python_summary(page, book_server):
    rng = random.Random(6)
    for quiz_id, path in QUIZ_PAGES.items():
        quiz = QUIZZES[quiz_id]
        _open(page, book_server, path)
        for _ in range(15):
            answers = {
                item.id: rng.randrange(len(item.options))
                for item in quiz.items
                if rng.random() < 0.9
            }
            shown = page.evaluate(f"(a) => {GET_QUIZ}.summaryHtml(a)", answers)
            assert shown == quiz_summary_html(quiz, answers)


def test_quiz_asks_for_an_answer_and_keeps_the_place(page, book_server):
    quiz = QUIZZES["projektet"]
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(reduced_motion="reduce")
    _open(page, book_server, QUIZ_PAGES["projektet"])
    page.get_by_role("button", name="Start selvtesten").click()
    page.get_by_role("button", name="Svar").click()
    page.get_by_role("alert").filter(has_text="Vælg et svar, før du går videre.").wait_for()
    assert page.evaluate("document.activeElement.type") == "radio"
    assert page.evaluate(FOCUS_IN_VIEW) and page.evaluate(ALERT_IN_VIEW)
    assert page.locator(".lises-verdict").count() == 0
    first, second = quiz.items[:2]
    page.get_by_role("radio", name=first.options[first.right].text).check()
    page.get_by_role("button", name="Svar").click()
    page.get_by_role("button", name="Næste spørgsmål").click()
    page.get_by_role("radio", name=second.options[0].text).check()
    page.get_by_role("button", name="Svar").click()
    verdict = page.locator(".lises-verdict").inner_text()
    page.reload()
    page.locator(".lises-quiz-result .lises-verdict").wait_for()
    assert f"Spørgsmål 2 af {len(quiz.items)}" in page.locator(".lises-quiz-current").inner_text()
    assert page.locator(".lises-verdict").inner_text() == verdict
    assert page.get_by_role("radio", name=second.options[0].text).is_checked()
    assert page.get_by_role("radio", name=second.options[0].text).is_disabled()
    assert page.locator(".lises-selvtest progress").get_attribute("value") == "2"
    page.get_by_role("button", name="Start forfra").click()
    page.get_by_role("button", name="Start selvtesten").wait_for()
    page.reload()
    page.get_by_role("button", name="Start selvtesten").wait_for()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('forstaa'))") == []
    assert page.console_errors == []


QUIZ_BAD_SAVES = [
    "ikke json",
    '{"v": 1, "kind": "forstaaelse", "id": "en-anden", "log": [["answer", "FIRST", 0]]}',
    '{"v": 1, "kind": "forstaaelse", "id": "QUIZ", "log": [["answer", "FIRST", 9]]}',
    '{"v": 1, "kind": "forstaaelse", "id": "QUIZ", "log": [["answer", "FIRST", "0"]]}',
    '{"v": 1, "kind": "forstaaelse", "id": "QUIZ", "log": [["next"], ["answer", "FIRST", 0]]}',
    '{"v": 1, "kind": "forstaaelse", "id": "QUIZ", "log": [["answer", "andet", 0]], "done": true}',
]


@pytest.mark.parametrize("saved", QUIZ_BAD_SAVES)
def test_corrupt_saved_quiz_answers_are_ignored(page, book_server, saved):
    quiz = QUIZZES["projektet"]
    _open(page, book_server, QUIZ_PAGES["projektet"])
    saved = saved.replace("QUIZ", quiz.id).replace("FIRST", quiz.items[0].id)
    page.evaluate(
        "([id, saved]) => localStorage.setItem(lisesSelvtest.storeKey('forstaaelse', [id]), saved)",
        [quiz.id, saved],
    )
    page.reload()
    page.locator(".lises-selvtest-live button").first.wait_for()
    assert page.locator(".lises-verdict").count() == 0
    assert page.console_errors == []


@pytest.mark.parametrize(("width", "motion"), VIEWS)
def test_focus_and_view_follow_each_quiz_answer(page, book_server, width, motion):
    quiz = QUIZZES["vidensmaegling"]
    page.set_viewport_size({"width": width, "height": 800 if width > 600 else 844})
    page.emulate_media(reduced_motion=motion)
    _open(page, book_server, QUIZ_PAGES["vidensmaegling"])
    page.get_by_role("button", name="Start selvtesten").click()
    for item in quiz.items[:3]:
        _changed_in_view(page, ".lises-quiz-current", motion)
        page.get_by_role("radio", name=item.options[0].text).check()
        page.get_by_role("button", name="Svar").click()
        _changed_in_view(page, ".lises-verdict", motion)
        page.get_by_role("button", name="Næste spørgsmål").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.console_errors == []


# -- axe after the answers, in both themes --------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_new_self_checks_are_axe_clean_while_and_after_answering(page, book_server, theme):
    from test_accessibility import DARK, axe_violations

    if theme == "dark":
        page.add_init_script(DARK)

    def clean(where: str) -> None:
        # the pointer left where the last click was may hover over a link that scrolled under it
        page.mouse.move(0, 0)
        serious = [v for v in axe_violations(page) if v["impact"] in ("critical", "serious")]
        assert serious == [], (where, serious)

    _open(page, book_server, DILEMMA_PAGE)
    assert page.locator("html").get_attribute("data-theme") == theme
    page.locator(".lises-selvtest").scroll_into_view_if_needed()
    clean("dilemma: valg af sag, med linket til Voilà")
    page.get_by_role("button", name="Åbn sagen").click()
    clean("dilemma: vægtning")
    _weigh_with_keys(page, {"respekt": 2, "effektivitet": 4})
    clean("dilemma: handlinger")
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Vælg handlingen").click()
    page.get_by_role("button", name="Gem og afslut sagen").click()
    clean("dilemma: feedback")
    _open(page, book_server, QUIZ_PAGES["projektet"])
    clean("quiz: start")
    page.get_by_role("button", name="Start selvtesten").click()
    clean("quiz: spørgsmål")
    page.get_by_role("button", name="Svar").click()
    clean("quiz: mangler svar")
    for item in QUIZZES["projektet"].items:
        page.get_by_role("radio", name=item.options[0].text).check()
        page.get_by_role("button", name="Svar").click()
        if item is QUIZZES["projektet"].items[0]:
            clean("quiz: feedback")
        page.locator(".lises-step button").click()
    clean("quiz: resultat")
    assert page.blocked == []
