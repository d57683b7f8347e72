"""The import page in Voilà, driven from the keyboard: a refusal, a clean import, the trainer."""

from __future__ import annotations

import pytest

from keyboard import tab_to
from voila_pages import (
    ATTACH_FILE_INPUT,
    check_until,
    excerpt_path,
    name_excerpt,
    open_in_trainer,
    open_voila_page,
    save_excerpt,
    upload_transcript,
)

pytestmark = pytest.mark.browser

EXCERPT_ID = "samtale-fra-browseren"
WITH_CPR = "S: Goddag.\nB: Mit CPR-nummer er 120380-1234.\nS: Det skal ikke stå her.\n"
CLEAN = "S: Velkommen, sæt dig bare.\nB: Tak. Jeg vil gerne arbejde med dyr.\nS: Fortæl mere.\n"


def test_refuse_then_import_then_open_in_the_trainer(page, voila_server):
    target = excerpt_path(EXCERPT_ID)
    page.add_init_script(ATTACH_FILE_INPUT)
    try:
        open_voila_page(page, voila_server, "importer", ".lises-import")
        assert "Traceback" not in page.content() and "from lises" not in page.content()

        # Title typed from the keyboard; leaving it suggests the id from it.
        tab_to(page, "INPUT")
        assert name_excerpt(page, "Samtale fra browseren") == EXCERPT_ID

        upload_transcript(page, WITH_CPR)
        check_until(page, "ligner et CPR-nummer")
        alert = page.locator(".lises-import [role=alert]")
        assert "linje 2, tur 2: '120380-1234'" in alert.inner_text()
        save_excerpt(page)
        page.get_by_text("Uddraget er ikke gemt").wait_for(timeout=10_000)
        assert not target.exists()

        upload_transcript(page, CLEAN)
        check_until(page, "Kontrollen fandt ingen personoplysninger")
        save_excerpt(page)
        page.get_by_role("link", name="Åbn i gribningstræneren").wait_for(timeout=15_000)
        assert target.is_file()

        trainer = open_in_trainer(page, EXCERPT_ID)
        first_turn = page.locator(".lises-conversation li").first
        first_turn.wait_for(timeout=60_000)
        assert "Velkommen, sæt dig bare." in first_turn.inner_text()
        trainer_text = trainer.inner_text()
        assert "Samtale fra browseren" in trainer_text and "Importeret samtale" in trainer_text
        assert "Konstrueret undervisningsmateriale" not in trainer_text
        assert page.blocked == [], f"blocked requests to other hosts: {page.blocked}"
    finally:
        target.unlink(missing_ok=True)
