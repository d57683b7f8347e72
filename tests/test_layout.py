"""Layouts that read, measured from the rendered boxes as a person would look at them.

Every page of the built book (the table of contents), every exercise page in Voilà in each of
its states (the chooser, an item under way, the feedback) and the room's pages (the join form, a
participant answering, the projector, the facilitator signed in) are drawn in headless Chromium
at 390 px (a phone), 1366 px (a laptop) and 320 px (WCAG 1.4.10 reflow).  On each view
:mod:`layout` looks for sideways scrolling, text drawn over other text, text cut off (labels,
buttons and chosen options included) and sliders without a visible track.

The book is looked at in its light and its dark theme (pydata-sphinx-theme's ``data-theme``).
The Voilà pages (``theme-light``, Voilà's lab template) and the room's pages have one light
theme only: neither follows ``prefers-color-scheme``, so they are looked at in light.

One browser; one page for the book, one for Voilà, and the room's pages in contexts of their
own; each exercise runs in one kernel that walks through its states, and every state is
measured at every width by resizing the page.  A screenshot of every view is kept in
``.state/layout-screens/`` (not in git) for review; a failure names the page, the state, the
width, the theme and the elements with their text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from layout import Layout, measure, settle
from lises.excerpts.files import load_excerpts
from lises.excerpts.model import Response
from lises.tools.headless import is_local
from voila_pages import (
    ATTACH_FILE_INPUT,
    annotate_excerpt,
    check_until,
    compare_codings,
    excerpt_path,
    mark_turn,
    name_excerpt,
    open_annotator,
    open_laan_et_oere,
    open_voila_page,
    press_button,
    save_codings,
    save_excerpt,
    upload_transcript,
    write_own_excerpt,
)

pytestmark = pytest.mark.browser

SCREENS = REPO / ".state" / "layout-screens"
WIDTHS = (390, 1366, 320)
BOOK_THEMES = ("lys", "mørk")
OWN_EXCERPT = "layout-eget-uddrag"
CLEAN = "S: Velkommen, sæt dig bare.\nB: Tak. Jeg vil gerne arbejde med dyr.\nS: Fortæl mere.\n"


def book_pages() -> list[str]:
    """The built pages of the book, in the order of ``_toc.yml``."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                found.append(entry["file"])
            for key in ("chapters", "sections"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []))
    return [f"{name}.html" for name in found]


def _shot(*parts: str) -> Path:
    return SCREENS / ("-".join(re.sub(r"[^\w.-]+", "_", p) for p in parts) + ".png")


def _local_only(page) -> None:
    page.route(
        "**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort()
    )


def _assert_reads(layout: Layout) -> None:
    problems = layout.problems()
    assert not problems, layout.report()


# -- the book ---------------------------------------------------------------------------------

_book: dict[str, dict[tuple[int, str], Layout]] = {}


@pytest.fixture(scope="module")
def book_page(browser) -> Iterator:
    context = browser.new_context(locale="da-DK", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _local_only(page)
    yield page
    context.close()


def _measure_book(page, server: str, path: str) -> dict[tuple[int, str], Layout]:
    if path not in _book:
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
        views = {}
        for theme in BOOK_THEMES:
            # pydata-sphinx-theme keys its colours on <html data-theme>; its switcher sets the
            # same attribute (and data-mode).
            mode = "dark" if theme == "mørk" else "light"
            page.evaluate(
                "mode => { const d = document.documentElement.dataset;"
                " d.mode = mode; d.theme = mode; }",
                mode,
            )
            for width in WIDTHS:
                settle(page, width)
                views[width, theme] = measure(
                    page, f"bogen {path} ({theme})", _shot("bog", path, str(width), theme)
                )
        _book[path] = views
    return _book[path]


@pytest.mark.parametrize("theme", BOOK_THEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", book_pages())
def test_book_page_reads(book_page, book_server, path, width, theme):
    _assert_reads(_measure_book(book_page, book_server, path)[width, theme])


# -- the exercises in Voilà ---------------------------------------------------------------------


def _dilemma(page, server: str) -> Iterator[str]:
    open_voila_page(page, server, "dilemma", ".lises-dilemma")
    yield "valg"
    page.get_by_role("button", name="Åbn sagen").click()
    page.get_by_text("Hvor meget vejer hvert hensyn").wait_for(timeout=15_000)
    yield "vaegtning"
    for handle in page.locator(".widget-slider [role=slider]").all():
        handle.focus()
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)  # the last slider's value reaches the kernel
    page.get_by_role("button", name="Gem min vægtning").click()
    page.get_by_text("Hvad vil du gøre?").wait_for(timeout=15_000)
    yield "handling"
    page.locator(".lises-dilemma .widget-radio-box input").first.check()
    page.wait_for_timeout(300)
    page.get_by_role("button", name="Vælg handlingen").click()
    page.locator(".lises-dilemma textarea").fill("Hun skal selv have indflydelse.")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Gem og afslut sagen").click()
    page.get_by_text("Hensyn, som forskningen nævner").wait_for(timeout=15_000)
    yield "feedback"


def _gribning(page, server: str) -> Iterator[str]:
    open_voila_page(page, server, "gribning", ".lises-trainer")
    yield "valg"
    page.get_by_role("button", name="Start uddraget").click()
    trainer = page.locator(".lises-trainer")
    asked = False
    for _ in range(80):
        page.wait_for_timeout(150)
        text = trainer.inner_text()
        if "Se feedback" in text:
            page.get_by_role("button", name="Se feedback").click()
            break
        if "Bærer borgerens tur" in text:
            if not asked:
                asked = True
                yield "tur"
            page.get_by_role("button", name="Ja, markér turen").click()
        elif "Hvad gjorde" in text:
            trainer.locator(".widget-button").first.click()
        elif "Pause." in text:
            trainer.locator("textarea").fill("Fortæl mig mere om det.")
            page.keyboard.press("Tab")
            page.get_by_role("button", name="Gem mit svar").click()
            page.get_by_text("Sådan kunne man gribe det").wait_for(timeout=10_000)
        else:
            page.get_by_role("button", name="Vis næste tur").click()
    page.get_by_text("Din kodning sammenlignet med eksperternes").wait_for(timeout=15_000)
    yield "feedback"


def _potentialer(page, server: str) -> Iterator[str]:
    open_voila_page(page, server, "potentialer", ".lises-potentials-app")
    yield "valg"
    page.get_by_role("button", name="Start sorteringen").click()
    page.get_by_text("Emne 1 af").wait_for(timeout=15_000)
    yield "emne"
    page.locator(".lises-potentials-app .widget-button").first.click()
    page.get_by_role("button", name=re.compile("Næste emne|Se opsummering")).wait_for(
        timeout=15_000
    )
    yield "feedback"


def _importer(page, server: str) -> Iterator[str]:
    target = None
    try:
        open_voila_page(page, server, "importer", ".lises-import")
        yield "valg"
        target = excerpt_path(name_excerpt(page, "Layout-samtale"))
        upload_transcript(page, CLEAN)
        check_until(page, "Kontrollen fandt ingen")
        yield "kontrol"
        save_excerpt(page)
        page.get_by_role("link", name="Åbn i gribningstræneren").wait_for(timeout=15_000)
        yield "gemt"
    finally:
        if target is not None:
            target.unlink(missing_ok=True)


def _annoter(page, server: str) -> Iterator[str]:
    title = "Layout: vores egen samtale"
    path = write_own_excerpt(OWN_EXCERPT, title)
    try:
        open_annotator(page, server, title)
        yield "valg"
        annotate_excerpt(page, title)
        mark_turn(page, 2, "bekymring", "grebet", explanation="Hun sætter ord på.")
        yield "tur"
        press_button(page, "Gem nøglen")
        page.get_by_text("Nøglen er gemt").wait_for(timeout=15_000)
        yield "gemt"
    finally:
        path.unlink(missing_ok=True)


def _laan(page, server: str) -> Iterator[str]:
    excerpt = load_excerpts()["praktikken"]
    saved = save_codings(excerpt, {"Ræv": {2: Response.GREBET}, "Ugle": {4: Response.OVERHORT}})
    try:
        open_laan_et_oere(page, server, "Ugle")
        yield "valg"
        compare_codings(page, excerpt.title, "Ræv", "Ugle")
        yield "sammenligning"
    finally:
        for path in saved:
            path.unlink(missing_ok=True)


EXERCISES: dict[str, tuple[Callable[..., Iterator[str]], tuple[str, ...]]] = {
    "dilemma": (_dilemma, ("valg", "vaegtning", "handling", "feedback")),
    "gribning": (_gribning, ("valg", "tur", "feedback")),
    "potentialer": (_potentialer, ("valg", "emne", "feedback")),
    "importer": (_importer, ("valg", "kontrol", "gemt")),
    "annoter": (_annoter, ("valg", "tur", "gemt")),
    "laan-et-oere": (_laan, ("valg", "sammenligning")),
}
_voila: dict[str, dict[tuple[str, int], Layout] | BaseException] = {}


@pytest.fixture(scope="module")
def voila_page(browser) -> Iterator:
    context = browser.new_context(locale="da-DK", viewport={"width": 1366, "height": 900})
    context.add_init_script(ATTACH_FILE_INPUT)
    page = context.new_page()
    _local_only(page)
    yield page
    page.close(run_before_unload=True)
    context.close()


def _measure_exercise(page, server: str, notebook: str) -> dict[tuple[str, int], Layout]:
    """Walk one exercise through its states in one kernel; measure each state at each width."""
    if notebook not in _voila:
        views: dict[tuple[str, int], Layout] = {}
        try:
            for state in EXERCISES[notebook][0](page, server):
                for width in WIDTHS:
                    settle(page, width)
                    views[state, width] = measure(
                        page, f"{notebook}.ipynb, {state}", _shot(notebook, state, str(width))
                    )
                settle(page, 1366)
            _voila[notebook] = views
        except Exception as error:  # every later state of this exercise reports it
            _voila[notebook] = error
            page.screenshot(path=str(_shot(notebook, "fejl")), full_page=True)
    found = _voila[notebook]
    if isinstance(found, BaseException):
        pytest.fail(f"{notebook}.ipynb kunne ikke føres gennem sine tilstande: {found}")
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("notebook", "state"),
    [(notebook, state) for notebook, (_, states) in EXERCISES.items() for state in states],
)
def test_exercise_state_reads(voila_page, voila_server, notebook, state, width):
    views = _measure_exercise(voila_page, voila_server, notebook)
    assert (state, width) in views, f"{notebook}.ipynb nåede ikke tilstanden '{state}'"
    _assert_reads(views[state, width])


# -- the workshop room --------------------------------------------------------------------------

ROOM_VIEWS = ("start", "deltag", "deltager-svarer", "projektor", "facilitator")
_room: dict[tuple[str, int], Layout] = {}


@pytest.fixture(scope="module")
def room_views(browser, tmp_path_factory) -> Iterator[dict[tuple[str, int], Layout]]:
    from test_room_browser import Server, choose, join, sign_in

    server = Server(tmp_path_factory.mktemp("layout-rum"))
    output = server.start("--title", "Layout i salen")
    server.code = re.search(r"Workshopkode: (\w+)", output).group(1)
    server.key = re.search(r"Facilitatornøgle \(hemmelig[^)]*\):\s+(\S+)", output).group(1)
    contexts = []

    def new_page():
        context = browser.new_context(locale="da-DK", viewport={"width": 1366, "height": 900})
        contexts.append(context)
        page = context.new_page()
        _local_only(page)
        return page

    def look(page, name: str) -> None:
        for width in WIDTHS:
            settle(page, width)
            _room[name, width] = measure(page, f"rummet: {name}", _shot("rum", name, str(width)))
        settle(page, 1366)

    try:
        facilitator = new_page()
        sign_in(facilitator, server)
        choose(facilitator, "gribning|praktikken")
        projector = facilitator.context.new_page()  # the projector needs the key, too
        _local_only(projector)
        projector.goto(f"{server.url}/{server.code}/projektor")
        projector.wait_for_selector(".wall")
        phone = new_page()
        phone.goto(f"{server.url}/")
        phone.wait_for_load_state("networkidle")
        look(phone, "start")
        phone.goto(f"{server.url}/{server.code}")
        phone.wait_for_selector("#deltag:not([hidden])")
        look(phone, "deltag")
        join(phone, server, "Ugle")
        phone.wait_for_selector(".due")
        look(phone, "deltager-svarer")
        projector.wait_for_timeout(500)
        look(projector, "projektor")
        look(facilitator, "facilitator")
        yield _room
    finally:
        for context in contexts:
            context.close()
        if server.process.poll() is None:
            server.stop()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", ROOM_VIEWS)
def test_room_page_reads(room_views, view, width):
    _assert_reads(room_views[view, width])
