"""Steps that drive the knowledge broker's Voilà pages, shared by the browser and layout tests.

The import page (``importer.ipynb``), the annotator (``annoter.ipynb``), "Lån et øre"
(``laan-et-oere.ipynb``) and the way from a saved excerpt into the trainer are driven the way a
keyboard user drives them: a button is focused and Enter pressed, a checkbox focused and Space
pressed.  The functions perform steps and wait until the page has answered; they return what a
test looks at and leave the assertions to the tests.  Files they write go into the test
session's ``LISES_LOCAL_DIR``, which the Voilà server inherits.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import yaml
from playwright.sync_api import expect

from keyboard import tab_to
from lises.excerpts.coding import coding_from_marks
from lises.excerpts.coding_files import save_coding
from lises.excerpts.files import default_excerpt_dir
from lises.excerpts.model import Excerpt, Response

# ipywidgets' FileUpload keeps its <input type=file> out of the document and clicks it when its
# button is pressed; this shim puts the input into the document when it is clicked, so that a
# test can hand it a file after pressing the button from the keyboard.  Add it to the page or
# context (``add_init_script``) before the import page is opened.
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


def local_dir() -> Path:
    """The knowledge broker's own folder in this test session (``LISES_LOCAL_DIR``)."""
    return Path(os.environ["LISES_LOCAL_DIR"])


def excerpt_path(excerpt_id: str) -> Path:
    """Where the import page and :func:`write_own_excerpt` save the excerpt ``excerpt_id``."""
    return local_dir() / "uddrag" / f"{excerpt_id}.yaml"


def open_voila_page(page, base: str, notebook: str, selector: str):
    """Open ``notebook`` in Voilà and wait until its widget is drawn and the page is quiet.

    Parameters
    ----------
    page : playwright.sync_api.Page
        The browser page.
    base : str
        The Voilà server's address.
    notebook : str
        The notebook's name without ``.ipynb``, e.g. ``"importer"``.
    selector : str
        A CSS selector for the exercise's outermost widget, e.g. ``".lises-import"``.

    Returns
    -------
    playwright.sync_api.Locator
        The (first) element ``selector`` finds.
    """
    page.goto(f"{base}/voila/render/{notebook}.ipynb", timeout=90_000)
    widget = page.locator(selector).first
    # The kernel starts and draws the widgets after the page itself has loaded.
    widget.wait_for(state="visible", timeout=90_000)
    page.wait_for_load_state("networkidle")
    return widget


def press_button(page, name: str) -> None:
    """Focus the button called ``name`` and press Enter, as a keyboard user does."""
    page.get_by_role("button", name=name).focus()
    page.keyboard.press("Enter")


def type_into(page, label: str, text: str) -> None:
    """Type ``text`` into the field labelled ``label`` (exactly) and leave it with Tab.

    The field may be disabled until the kernel has answered an earlier step (the annotator
    enables a turn's fields once it is marked): the function waits until it is enabled.
    """
    field = page.get_by_label(label, exact=True)
    expect(field).to_be_enabled(timeout=10_000)
    field.focus()
    page.keyboard.type(text)
    page.keyboard.press("Tab")  # ipywidgets sends a text value on change/blur


# -- the import page ---------------------------------------------------------------------------


def name_excerpt(page, title: str) -> str:
    """Type the excerpt's title on the import page and leave the field with Tab.

    Parameters
    ----------
    page : playwright.sync_api.Page
        The import page, open.
    title : str
        The title, typed key by key.

    Returns
    -------
    str
        The value of the field that Tab moved to, once the page has filled it in: the id the
        page suggests from the title.
    """
    page.get_by_label("Titel:").focus()
    page.keyboard.type(title)
    page.keyboard.press("Tab")  # leaving the title sends it; the kernel suggests the id
    suggested = page.wait_for_function(
        "() => document.activeElement && document.activeElement.value", timeout=30_000
    )
    return suggested.json_value()


def upload_transcript(page, text: str, file_name: str = "samtale.txt") -> None:
    """Choose a transcript as a keyboard user does: Enter on "Vælg udskrift" opens the chooser.

    Needs :data:`ATTACH_FILE_INPUT` in the page.  Returns once the button counts one file.
    """
    press_button(page, "Vælg udskrift")
    page.locator("input.lises-test-file-input").set_input_files(
        files=[{"name": file_name, "mimeType": "text/plain", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Vælg udskrift (1)").wait_for(timeout=10_000)


def check_until(page, expected: str, attempts: int = 20) -> str:
    """Press "Kontrollér" until the import page's result contains ``expected``.

    The file reaches the kernel asynchronously, so the first check may still see the previous
    file (or none).

    Returns
    -------
    str
        The text of the import page once it contains ``expected``.

    Raises
    ------
    AssertionError
        When ``expected`` has not appeared after ``attempts`` checks (half a second apart).
    """
    result = page.locator(".lises-import")
    for _ in range(attempts):
        press_button(page, "Kontrollér")
        page.wait_for_timeout(500)
        text = result.inner_text()
        if expected in text:
            return text
    raise AssertionError(f"'{expected}' kom aldrig frem på importsiden: {result.inner_text()}")


def save_excerpt(page) -> None:
    """Reach "Gem uddraget" with Tab and press Enter; the caller waits for the page's answer."""
    tab_to(page, "Gem uddraget")
    page.keyboard.press("Enter")


def open_in_trainer(page, excerpt_id: str):
    """Follow "Åbn i gribningstræneren" from the keyboard and wait for the trainer to be drawn.

    Returns
    -------
    playwright.sync_api.Locator
        The trainer (``.lises-trainer``) showing the excerpt ``excerpt_id``.
    """
    link = page.get_by_role("link", name="Åbn i gribningstræneren")
    link.focus()
    page.keyboard.press("Enter")
    address = re.compile(rf"gribning\.ipynb\?uddrag={re.escape(excerpt_id)}")
    page.wait_for_url(address, timeout=30_000)
    trainer = page.locator(".lises-trainer")
    trainer.wait_for(state="visible", timeout=60_000)
    return trainer


# -- the annotator -----------------------------------------------------------------------------


def write_own_excerpt(excerpt_id: str, title: str) -> Path:
    """Save a course excerpt as an import leaves it (no key, pauses or notes) in the broker's
    folder, under ``excerpt_id`` and ``title``; the caller removes the returned file."""
    data = yaml.safe_load((default_excerpt_dir() / "praktikken.yaml").read_text(encoding="utf-8"))
    data.update(id=excerpt_id, title=title, key=[], pauses=[])
    for turn in data["turns"]:
        turn.pop("note", None)
    path = excerpt_path(excerpt_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def open_annotator(page, base: str, title: str):
    """Open the annotator and wait until its chooser lists the excerpt called ``title``
    (the page reads the folder again when it is requested; the kernel may be preheated).

    Returns
    -------
    playwright.sync_api.Locator
        The chooser ("Vælg uddrag:").
    """
    open_voila_page(page, base, "annoter", ".lises-annotator")
    chooser = page.get_by_label("Vælg uddrag:")
    chooser.locator("option", has_text=title).wait_for(state="attached", timeout=20_000)
    return chooser


def annotate_excerpt(page, title: str) -> None:
    """Choose the excerpt called ``title`` in the annotator and open it."""
    page.get_by_label("Vælg uddrag:").select_option(label=title)
    press_button(page, "Åbn uddraget")


def mark_turn(page, turn: int, kind: str, response: str, explanation: str | None = None) -> None:
    """Mark the citizen's turn ``turn`` in the annotator as carrying an expression of meaning.

    Parameters
    ----------
    page : playwright.sync_api.Page
        The annotator with the turn shown.
    turn : int
        The turn's number.
    kind : str
        The kind of expression as the list shows it, e.g. ``"bekymring"``.
    response : str
        The value of what the professional's next turn did, e.g. ``"grebet"``.
    explanation : str, optional
        The explanation for the participants; left empty when not given.
    """
    page.get_by_label(f"Tur {turn} bærer en meningsytring").focus()
    page.keyboard.press("Space")
    page.get_by_label("Slags meningsytring:").select_option(label=kind)
    page.get_by_label("Hvad gjorde den professionelles næste tur?").select_option(response)
    if explanation is not None:
        type_into(page, "Forklaring til deltagerne:", explanation)


# -- Lån et øre --------------------------------------------------------------------------------


def save_codings(excerpt: Excerpt, marks: Mapping[str, Mapping[int, Response]]) -> list[Path]:
    """Save one coding of ``excerpt`` per colleague in the broker's folder, as the trainer does.

    Parameters
    ----------
    excerpt : lises.excerpts.model.Excerpt
        The excerpt coded.
    marks : mapping of str to mapping of int to Response
        Each colleague's nickname and her or his marks (turn number to response).

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``marks``; the caller removes them.
    """
    folder = local_dir() / "kodninger"
    return [
        save_coding(coding_from_marks(excerpt, nickname, turns), folder)
        for nickname, turns in marks.items()
    ]


def open_laan_et_oere(page, base: str, nickname: str):
    """Open "Lån et øre" and wait until its colleagues list ``nickname`` (the page reads the
    folder again when it is requested).

    Returns
    -------
    playwright.sync_api.Locator
        The page's view (``.lises-laan``).
    """
    view = open_voila_page(page, base, "laan-et-oere", ".lises-laan")
    option = page.get_by_label("Kollega B:").locator("option", has_text=nickname)
    option.wait_for(state="attached", timeout=20_000)
    return view


def compare_codings(page, excerpt_title: str, first: str, second: str):
    """Choose the excerpt and two colleagues by nickname in "Lån et øre" and compare them.

    Returns
    -------
    playwright.sync_api.Locator
        The agenda table (``table.lises-agenda``), once it is drawn.
    """
    page.get_by_label("Uddrag:").select_option(label=excerpt_title)
    for label, nickname in (("Kollega A:", first), ("Kollega B:", second)):
        select = page.get_by_label(label)
        # An option reads "nickname (date time)": choose it by its whole text.
        select.select_option(label=select.locator("option", has_text=nickname).inner_text())
    press_button(page, "Sammenlign")
    table = page.locator("table.lises-agenda")
    table.wait_for(timeout=15_000)
    return table
