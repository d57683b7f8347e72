"""A knowledge broker's whole way in Voilà, by keyboard: import a transcript, write its key,
open it in the trainer and get feedback from that key (issue 7's proof)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from voila_pages import (
    ATTACH_FILE_INPUT,
    check_until,
    excerpt_path,
    mark_turn,
    name_excerpt,
    open_in_trainer,
    open_voila_page,
    press_button,
    save_excerpt,
    upload_transcript,
)

pytestmark = pytest.mark.browser

TITLE = "Praktik eller dyr"
TRANSCRIPT = (
    "S: Hvordan går det i praktikken?\n"
    "B: Det går. Men jeg vil egentlig allerhelst arbejde med dyr.\n"
    "S: Vi skal lige have din plan opdateret inden fredag.\n"
    "B: Okay.\n"
    "S: Godt, så ses vi på fredag.\n"
)
EXPLANATION = "Ønsket om dyr bliver overhalet af planens frist."


def test_import_annotate_and_train(page, voila_server):
    page.add_init_script(ATTACH_FILE_INPUT)
    open_voila_page(page, voila_server, "importer", ".lises-import")
    excerpt_id = name_excerpt(page, TITLE)  # the id is suggested from the title
    assert excerpt_id.startswith("praktik")
    target = excerpt_path(excerpt_id)
    try:
        upload_transcript(page, TRANSCRIPT)
        check_until(page, "Kontrollen fandt ingen personoplysninger")
        save_excerpt(page)
        page.get_by_role("link", name="Åbn i gribningstræneren").wait_for(timeout=15_000)
        assert target.is_file()

        # The key: turn 2 carries a wish that the next turn overtakes; turn 4 carries none.
        page.goto(f"{voila_server}/voila/render/annoter.ipynb?uddrag={excerpt_id}", timeout=60_000)
        marked = page.get_by_label("Tur 2 bærer en meningsytring")
        marked.wait_for(timeout=60_000)
        mark_turn(page, 2, "ønske", "overhalet", explanation=EXPLANATION)
        press_button(page, "Gem nøglen")
        page.get_by_text("Nøglen er gemt").wait_for(timeout=10_000)

        # The trainer opens the excerpt with its new key; answer as the key does.
        trainer = open_in_trainer(page, excerpt_id)
        trainer.get_by_role("button", name="Vis næste tur").wait_for(timeout=60_000)
        assert TITLE in trainer.inner_text() and "Importeret samtale" in trainer.inner_text()
        for _ in range(60):
            text = trainer.inner_text()
            if "Se feedback" in text:
                wanted = "Se feedback"
            elif "Bærer borgerens tur" in text:
                turn = int(re.search(r"Tur (\d+): Bærer", text)[1])
                wanted = "Ja, markér turen" if turn == 2 else "Nej, ingen meningsytring"
            elif "Du markerede tur 2" in text:
                wanted = "Overhalet"
            else:
                wanted = "Vis næste tur"
            button = page.get_by_role("button", name=wanted, exact=True)
            try:
                # a kernel redraws in more than one message (slower on a busy machine): a
                # text read between two of them names a step whose button is not drawn yet,
                # or one that the next message takes away before it has focus
                button.wait_for(timeout=3_000)
                button.focus(timeout=3_000)
            except PlaywrightTimeout:
                continue  # read the settled state again; a real dead end fails below
            page.keyboard.press("Enter")
            if wanted == "Se feedback":
                break
            page.wait_for_function(
                "([el, before]) => el.innerText !== before",
                arg=[trainer.element_handle(), text],
                timeout=20_000,
            )
        trainer.get_by_text("Din kodning sammenlignet med eksperternes").wait_for(timeout=20_000)
        trainer.get_by_text("Tallene: F1, enighed og kappa").click()  # the figures are folded
        result = trainer.inner_text()
        assert EXPLANATION in result
        assert "næsten perfekt" in result
        assert page.blocked == []
        assert "Traceback" not in page.content()
    finally:
        target.unlink(missing_ok=True)
