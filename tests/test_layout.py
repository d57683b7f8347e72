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

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from layout import Layout, measure, settle
from lises.tools.headless import is_local

pytestmark = pytest.mark.browser

SCREENS = REPO / ".state" / "layout-screens"
WIDTHS = (390, 1366, 320)
BOOK_THEMES = ("lys", "mørk")
OWN_EXCERPT = "layout-eget-uddrag"
CLEAN = "S: Velkommen, sæt dig bare.\nB: Tak. Jeg vil gerne arbejde med dyr.\nS: Fortæl mere.\n"

# ipywidgets' FileUpload clicks an <input type=file> that is not in the document; this puts it
# there, so that the test can hand it a file (as tests/test_import_browser.py does).
ATTACH_FILE_INPUT = """
const click = HTMLInputElement.prototype.click;
HTMLInputElement.prototype.click = function () {
  if (this.type === "file" && !this.isConnected) {
    this.classList.add("lises-test-file-input");
    document.body.appendChild(this);
  }
  return click.call(this);
};
"""


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


def _local_dir() -> Path:
    return Path(os.environ["LISES_LOCAL_DIR"])


def _open(page, server: str, notebook: str, selector: str) -> None:
    page.goto(f"{server}/voila/render/{notebook}.ipynb", timeout=90_000)
    page.locator(selector).first.wait_for(state="visible", timeout=90_000)
    page.wait_for_load_state("networkidle")


def _dilemma(page, server: str) -> Iterator[str]:
    _open(page, server, "dilemma", ".lises-dilemma")
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
    _open(page, server, "gribning", ".lises-trainer")
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
    _open(page, server, "potentialer", ".lises-potentials-app")
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
    target = _local_dir() / "uddrag" / f"{OWN_EXCERPT}.yaml"
    try:
        _open(page, server, "importer", ".lises-import")
        yield "valg"
        page.get_by_label("Titel:").fill("Layout-samtale")
        page.keyboard.press("Tab")
        page.get_by_label("Id (små bogstaver, tal, bindestreg):").fill(OWN_EXCERPT)
        page.keyboard.press("Tab")
        page.get_by_role("button", name="Vælg udskrift").click()
        page.locator("input.lises-test-file-input").set_input_files(
            files=[{"name": "samtale.txt", "mimeType": "text/plain", "buffer": CLEAN.encode()}]
        )
        page.get_by_role("button", name="Vælg udskrift (1)").wait_for(timeout=10_000)
        for _ in range(20):
            page.get_by_role("button", name="Kontrollér").click()
            page.wait_for_timeout(500)
            if "Kontrollen fandt ingen" in page.locator(".lises-import").inner_text():
                break
        yield "kontrol"
        page.get_by_role("button", name="Gem uddraget").click()
        page.get_by_role("link", name="Åbn i gribningstræneren").wait_for(timeout=15_000)
        yield "gemt"
    finally:
        target.unlink(missing_ok=True)


def _own_excerpt() -> Path:
    """A course excerpt as an import leaves it (no key), in the broker's folder."""
    from lises.excerpts.files import default_excerpt_dir

    data = yaml.safe_load((default_excerpt_dir() / "praktikken.yaml").read_text(encoding="utf-8"))
    data.update(id=OWN_EXCERPT, title="Layout: vores egen samtale", key=[], pauses=[])
    for turn in data["turns"]:
        turn.pop("note", None)
    folder = _local_dir() / "uddrag"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{OWN_EXCERPT}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _annoter(page, server: str) -> Iterator[str]:
    path = _own_excerpt()
    try:
        _open(page, server, "annoter", ".lises-annotator")
        chooser = page.get_by_label("Vælg uddrag:")
        chooser.locator("option", has_text="Layout:").wait_for(state="attached", timeout=20_000)
        yield "valg"
        chooser.select_option(label="Layout: vores egen samtale")
        page.get_by_role("button", name="Åbn uddraget").click()
        page.get_by_label("Tur 2 bærer en meningsytring").check()
        page.get_by_label("Slags meningsytring:").select_option(label="bekymring")
        page.get_by_label("Hvad gjorde den professionelles næste tur?").select_option("grebet")
        page.get_by_label("Forklaring til deltagerne:", exact=True).fill("Hun sætter ord på.")
        page.keyboard.press("Tab")
        yield "tur"
        page.get_by_role("button", name="Gem nøglen").click()
        page.get_by_text("Nøglen er gemt").wait_for(timeout=15_000)
        yield "gemt"
    finally:
        path.unlink(missing_ok=True)


def _laan(page, server: str) -> Iterator[str]:
    from lises.excerpts.coding import coding_from_marks
    from lises.excerpts.coding_files import save_coding
    from lises.excerpts.files import load_excerpts
    from lises.excerpts.model import Response

    excerpt = load_excerpts()["praktikken"]
    folder = _local_dir() / "kodninger"
    saved = [
        save_coding(coding_from_marks(excerpt, "Ræv", {2: Response.GREBET}), folder),
        save_coding(coding_from_marks(excerpt, "Ugle", {4: Response.OVERHORT}), folder),
    ]
    try:
        _open(page, server, "laan-et-oere", ".lises-laan")
        second = page.get_by_label("Kollega B:").locator("option", has_text="Ugle")
        second.wait_for(state="attached", timeout=20_000)
        yield "valg"
        page.get_by_label("Uddrag:").select_option(label=excerpt.title)
        for label, nickname in (("Kollega A:", "Ræv"), ("Kollega B:", "Ugle")):
            select = page.get_by_label(label)
            select.select_option(label=select.locator("option", has_text=nickname).inner_text())
        page.get_by_role("button", name="Sammenlign").click()
        page.locator("table.lises-agenda").wait_for(timeout=15_000)
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
