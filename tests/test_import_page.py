"""The import page without a browser, and the trainer's side of an imported excerpt."""

from __future__ import annotations

import datetime

import pytest

from lises.excerpts import feedback
from lises.excerpts.files import default_excerpt_dir, load_excerpts
from lises.gribning.texts import IMPORTED_NOTE
from lises.gribning.trainer import build_app, open_from_link
from lises.transcripts.import_page import FAILED, SHARED_OFF, build_page
from lises.transcripts.importer import ImportOptions, import_transcript

CLEAN = "S: Goddag.\nB: Jeg vil gerne arbejde med dyr.\nS: Fortæl mere om dyrene.\n"


def _upload(page, text: str, name: str = "samtale.txt") -> None:
    data = text.encode()
    page.upload.value = (
        {
            "name": name,
            "type": "text/plain",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime.datetime.now(datetime.UTC),
        },
    )


@pytest.fixture
def local(monkeypatch, tmp_path):
    monkeypatch.setenv("LISES_LOCAL_DIR", str(tmp_path))
    monkeypatch.delenv("LISES_SHARED_SERVER", raising=False)
    return tmp_path / "uddrag"


def test_every_control_is_labelled(local):
    page = build_page()
    for control in (page.title, page.excerpt_id, page.setting, page.summary, page.speakers):
        assert control.description
    assert page.upload.accept == ".txt,.docx,.csv,.xlsx" and page.upload.description
    assert page.accept_names.description and page.overwrite.description


def test_check_without_a_file_asks_for_one(local):
    page = build_page()
    page.check()
    assert 'role="alert"' in page.result.value and "Vælg først en udskrift" in page.result.value


def test_refusal_is_shown_escaped_with_its_place_and_nothing_is_saved(local):
    page = build_page()
    page.title.value = "Om <b>dyr</b>"
    assert page.excerpt_id.value == "om-b-dyr-b"
    _upload(page, "S: Goddag.\nB: Skriv til <x@eksempel.dk>.\nS: Nej.\n")
    page.check()
    assert 'role="alert"' in page.result.value
    assert "linje 2, tur 2: &#x27;x@eksempel.dk&#x27;" in page.result.value
    page.accept_names.value = True
    page.save()
    assert "ikke gemt" in page.result.value and not local.exists()


def test_names_then_save_then_a_link_to_the_trainer(local):
    page = build_page()
    page.title.value = "Om naboen"
    _upload(page, "S: Goddag.\nB: Min nabo Birgitte hjælper.\nS: Godt.\n")
    page.check()
    assert 'role="status"' in page.result.value and "Birgitte" in page.result.value
    page.save()
    assert "bekræft først" in page.result.value and not local.exists()
    page.accept_names.value = True
    page.save()
    assert 'href="gribning.ipynb?uddrag=om-naboen"' in page.result.value
    assert (local / "om-naboen.yaml").is_file()


def test_a_bad_transcript_and_bad_speaker_codes_give_danish_messages(local):
    page = build_page()
    page.title.value = "T"
    _upload(page, "S: Goddag.\nX: Hej.\n")
    page.check()
    assert "talerkoden &#x27;X&#x27; er ikke kendt" in page.result.value
    page.speakers.value = "S=chef"
    page.check()
    assert "rollen &#x27;chef&#x27;" in page.result.value


def test_an_unexpected_error_shows_no_traceback(local, monkeypatch):
    page = build_page()
    page.title.value = "T"
    _upload(page, CLEAN)
    monkeypatch.setattr("lises.transcripts.import_page.check_transcript", lambda *a: 1 / 0)
    page.check()
    assert FAILED in page.result.value and "Traceback" not in page.result.value


def test_the_page_is_off_on_a_server_shared_by_a_class(local, monkeypatch):
    monkeypatch.setenv("LISES_SHARED_SERVER", "1")
    page = build_page()
    assert SHARED_OFF in page.children[1].value
    assert page.upload not in page.children


def test_the_trainer_labels_an_import_as_imported_never_constructed(local):
    import_transcript(CLEAN.encode(), "a.txt", ImportOptions("dyr", "Om dyr"), local)
    trainer = build_app(default_excerpt_dir(), local)
    assert ("Om dyr (importeret)", "dyr") in trainer.chooser.options
    trainer.chooser.value = "dyr"
    assert IMPORTED_NOTE in trainer.header.value.replace("&#x27;", "'")
    assert feedback.CONSTRUCTED_NOTE not in trainer.header.value
    trainer.chooser.value = "praktikken"
    assert feedback.CONSTRUCTED_NOTE in trainer.header.value


def test_a_link_starts_the_excerpt_even_one_imported_after_the_page_was_built(local):
    local.mkdir(parents=True)
    trainer = build_app(default_excerpt_dir(), local)  # as a preheated kernel: before the import
    import_transcript(CLEAN.encode(), "a.txt", ImportOptions("dyr", "Om dyr"), local)
    open_from_link(trainer, {"uddrag": ["dyr"]}, (default_excerpt_dir(), local))
    assert trainer.session is not None and trainer.session.excerpt.id == "dyr"
    assert "Goddag." in trainer.conversation.value
    open_from_link(trainer, {"uddrag": ["praktikken"]})  # never interrupts an excerpt under way
    assert trainer.session.excerpt.id == "dyr"


def test_a_link_to_an_unknown_excerpt_is_ignored(local):
    trainer = build_app()
    open_from_link(trainer, {"uddrag": ["findes-ikke"]})
    open_from_link(trainer, {"uddrag": ["<script>"]})
    assert trainer.session is None
    assert set(load_excerpts()) <= set(trainer.excerpts)
