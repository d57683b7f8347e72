"""Every built page and every Voilà page in headless Chromium: axe-core finds no serious or
critical WCAG 2.1 violation, and the page attempts no request to another host.

Each page is loaded by the ``page`` fixture, which aborts every request that leaves localhost and
keeps it in ``page.blocked``.  axe-core is the npm package pinned in package-lock.json, injected
from node_modules.  The counts per page are printed at the end of the run (run_summary.py).
"""

from __future__ import annotations

import urllib.request
from collections import Counter

import pytest

from conftest import BOOK_HTML, REPO
from run_summary import record

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")
# Not 404.html: its links and assets are absolute under the published sub-path, so at this
# server's root it would be checked unstyled; test_published_site.py checks it (axe-core
# included) under the sub-path.
BOOK_PAGES = sorted(
    str(p.relative_to(BOOK_HTML))
    for p in BOOK_HTML.rglob("*.html")
    if "_static" not in p.parts and p.name != "404.html"
)
EXERCISES = sorted(p.name for p in (REPO / "exercises").glob("*.ipynb"))


def axe_violations(page) -> list[dict]:
    """Run every axe-core rule (WCAG 2.0/2.1 A and AA, and best practice) on the page."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))}))"
    )


def check(page, site: str, name: str) -> None:
    violations = axe_violations(page)
    counts = Counter(v["impact"] for v in violations)
    record(site, name, counts, len(page.blocked))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}): {v['nodes']}" for v in blocking
    )
    assert page.blocked == [], f"requests to other hosts: {page.blocked}"
    assert page.locator("html").get_attribute("lang") == "da"


def test_the_book_is_built():
    assert len(BOOK_PAGES) >= 15, "make test builds the book before the tests"


@pytest.mark.parametrize("path", BOOK_PAGES)
def test_book_page(page, book_server, path):
    if 'http-equiv="Refresh"' in (BOOK_HTML / path).read_text(encoding="utf-8"):
        # The root's redirect page (lises_danish.py): it leaves at once for the front page,
        # which is checked in its own right.
        page.goto(f"{book_server}/{path}")
        page.wait_for_url("**/book/forside.html")
        assert page.blocked == []
        return
    page.goto(f"{book_server}/{path}")
    page.wait_for_load_state("load")
    if page.locator(".jupyter-widgets").count():
        page.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=20_000)
    check(page, "bog", path)


def _answer_until(page, finished: str, limit: int = 240) -> None:
    """Answer the self-check from the keyboard until ``finished`` shows: the focus is on what
    changed (a question, an item, a verdict), and Tab reaches the first button after it."""
    for _ in range(limit):
        if page.locator(finished).count():
            return
        if page.evaluate("document.activeElement.tagName") != "BUTTON":
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    raise AssertionError(f"{finished} never appeared")


# pydata-sphinx-theme keeps the reader's choice in localStorage ("mode") and sets
# data-theme on <html> from it before the page is drawn.
DARK = "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
THEMES = {"lys": "light", "mørk": "dark"}


@pytest.mark.parametrize("theme", THEMES)
def test_book_self_checks_with_their_feedback(page, book_server, theme):
    """The static exercises after the learner has answered: feedback, picture, tables."""
    site = "bog" if theme == "lys" else "bog, mørkt tema"
    if THEMES[theme] == "dark":
        page.add_init_script(DARK)
    page.goto(f"{book_server}/book/samtalen/index.html")
    assert page.locator("html").get_attribute("data-theme") == THEMES[theme]
    page.get_by_role("button", name="Start uddraget").click()
    check(page, site, "samtalen: øvelsen undervejs")
    _answer_until(page, ".lises-result")
    page.get_by_text("Tallene: F1, enighed og kappa").click()  # the folded figures too
    check(page, site, "samtalen: øvelsens feedback")
    page.goto(f"{book_server}/book/potentialer/index.html")
    page.get_by_role("button", name="Start sorteringen").click()
    page.get_by_role("button", name="1. Strategier og legitimitet").click()
    check(page, site, "potentialer: et emne med feedback")
    _answer_until(page, "#lises-sort-summary-h")
    check(page, site, "potentialer: opsummering")


@pytest.mark.parametrize("path", BOOK_PAGES)
def test_book_page_in_the_dark_theme(page, book_server, path):
    """Every page again in the theme's dark mode: contrast is the theme's and ours."""
    if 'http-equiv="Refresh"' in (BOOK_HTML / path).read_text(encoding="utf-8"):
        return  # the redirect page draws nothing (checked in test_book_page)
    page.add_init_script(DARK)
    page.goto(f"{book_server}/{path}")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("data-theme") == "dark"
    if page.locator(".jupyter-widgets").count():
        page.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=20_000)
    check(page, "bog, mørkt tema", path)


@pytest.mark.parametrize("notebook", EXERCISES)
def test_voila_exercise_page(page, voila_server, notebook):
    page.goto(f"{voila_server}/voila/render/{notebook}", timeout=60_000)
    page.locator("#rendered_cells .jupyter-widgets").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(300)  # the last widget views attach after the first is shown
    check(page, "voilà", notebook)
    assert page.title().endswith("– LISES-kurset"), page.title()  # the browser tab, in Danish


# Each page with its own heading, and the other page's heading that it must not show: a case
# that accepted either page's text would pass on a wrong page.
VOILA_PAGES = {
    "/": ("Kursets øvelser", "Siden findes ikke"),
    "/voila/render/findes-ikke.ipynb": ("Siden findes ikke", "Kursets øvelser"),
}


@pytest.mark.parametrize(("path", "expected", "other"), [(p, *t) for p, t in VOILA_PAGES.items()])
def test_voila_list_and_error_page(page, voila_server, path, expected, other):
    page.goto(voila_server + path)
    check(page, "voilà", path)
    heading = page.locator("h1").first.inner_text()
    assert expected in heading, heading
    assert other not in page.evaluate("document.body.innerText")


def test_voila_loading_page_is_danish(voila_server):
    """The page as it streams in, before the kernel has run: Danish, no English progress text."""
    with urllib.request.urlopen(f"{voila_server}/voila/render/gribning.ipynb", timeout=60) as r:
        html = r.read().decode("utf-8")
    assert '<html lang="da"' in html
    assert "Øvelsen indlæses" in html and "Øvelsen gøres klar: trin" in html
    for english in ("Running ", "Executing ", "Reading "):
        assert english not in html, english


def test_skip_link_and_visible_focus_in_the_book(page, book_server):
    """The first Tab reaches a Danish skip link; it moves focus past the navigation, and the
    focused control is outlined (WCAG 2.4.1 and 2.4.7)."""
    page.goto(f"{book_server}/book/samtalen/index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == (
        "Spring til indholdet"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main-content"
    page.get_by_role("button", name="Start uddraget").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.textContent, s.outlineStyle, s.outlineWidth]; }"
    )
    assert style[0] == "Start uddraget"
    assert style[1] != "none" and style[2] != "0px", style


def test_voila_exercises_are_in_a_main_landmark(page, voila_server):
    page.goto(f"{voila_server}/voila/render/gribning.ipynb", timeout=60_000)
    page.locator(".lises-trainer").wait_for(state="visible", timeout=60_000)
    assert page.get_by_role("main").locator(".lises-trainer").count() == 1
