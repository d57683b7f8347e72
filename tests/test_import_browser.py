"""The import page in Voilà, driven from the keyboard: a refusal, a clean import, the trainer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from keyboard import tab_to

pytestmark = pytest.mark.browser

EXCERPT_ID = "samtale-fra-browseren"
WITH_CPR = "S: Goddag.\nB: Mit CPR-nummer er 120380-1234.\nS: Det skal ikke stå her.\n"
CLEAN = "S: Velkommen, sæt dig bare.\nB: Tak. Jeg vil gerne arbejde med dyr.\nS: Fortæl mere.\n"


# ipywidgets' FileUpload keeps its <input type=file> out of the document and clicks it when its
# button is pressed; this shim puts the input into the document when it is clicked, so that the
# test can hand it a file after pressing the button from the keyboard.
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


def _upload(page, text: str) -> None:
    """Choose the file as a keyboard user does: Enter on the upload button opens the chooser."""
    page.get_by_role("button", name="Vælg udskrift").focus()
    page.keyboard.press("Enter")
    page.locator("input.lises-test-file-input").set_input_files(
        files=[{"name": "samtale.txt", "mimeType": "text/plain", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Vælg udskrift (1)").wait_for(timeout=10_000)


def _check_until(page, expected: str) -> None:
    """Press Kontrollér until the result says ``expected`` (the file reaches the kernel
    asynchronously, so the first check may still see the previous file)."""
    result = page.locator(".lises-import")
    for _ in range(20):
        page.get_by_role("button", name="Kontrollér").focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        if expected in result.inner_text():
            return
    raise AssertionError(f"'{expected}' never appeared: {result.inner_text()}")


def test_refuse_then_import_then_open_in_the_trainer(page, voila_server):
    target = Path(os.environ["LISES_LOCAL_DIR"]) / "uddrag" / f"{EXCERPT_ID}.yaml"
    page.add_init_script(ATTACH_FILE_INPUT)
    try:
        page.goto(f"{voila_server}/voila/render/importer.ipynb", timeout=60_000)
        page.locator(".lises-import").wait_for(state="visible", timeout=60_000)
        assert "Traceback" not in page.content() and "from lises" not in page.content()

        # Title and id typed from the keyboard.
        tab_to(page, "INPUT")
        page.get_by_label("Titel:").focus()
        page.keyboard.type("Samtale fra browseren")
        page.keyboard.press("Tab")  # leaving the title suggests the id from it
        page.wait_for_function(
            f"() => document.activeElement.value === '{EXCERPT_ID}'", timeout=10_000
        )

        _upload(page, WITH_CPR)
        _check_until(page, "ligner et CPR-nummer")
        alert = page.locator(".lises-import [role=alert]")
        assert "linje 2, tur 2: '120380-1234'" in alert.inner_text()
        tab_to(page, "Gem uddraget")
        page.keyboard.press("Enter")
        page.get_by_text("Uddraget er ikke gemt").wait_for(timeout=10_000)
        assert not target.exists()

        _upload(page, CLEAN)
        _check_until(page, "Kontrollen fandt ingen personoplysninger")
        tab_to(page, "Gem uddraget")
        page.keyboard.press("Enter")
        link = page.get_by_role("link", name="Åbn i gribningstræneren")
        link.wait_for(timeout=15_000)
        assert target.is_file()

        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/gribning.ipynb?uddrag={EXCERPT_ID}", timeout=30_000)
        first_turn = page.locator(".lises-conversation li").first
        first_turn.wait_for(timeout=60_000)
        assert "Velkommen, sæt dig bare." in first_turn.inner_text()
        trainer = page.locator(".lises-trainer").inner_text()
        assert "Samtale fra browseren" in trainer and "Importeret samtale" in trainer
        assert "Konstrueret undervisningsmateriale" not in trainer
        assert page.blocked == [], f"blocked requests to other hosts: {page.blocked}"
    finally:
        target.unlink(missing_ok=True)
