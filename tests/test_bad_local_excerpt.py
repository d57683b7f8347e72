"""One bad file in the knowledge broker's folder is named in Danish and skipped: the trainer works
with the other excerpts (issue 12: it used to take the page down with Voilà's English "There was
an error when executing cell")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lises.excerpts.files import load_excerpts
from lises.gribning.trainer import build_app, open_from_link

FIXTURES = Path(__file__).parent / "fixtures"
NOTICE = "Et af jeres uddrag kunne ikke læses og er sprunget over:"


@pytest.fixture
def local(monkeypatch, tmp_path) -> Path:
    """A broker's folder with one good excerpt of its own and one broken by hand."""
    monkeypatch.setenv("LISES_LOCAL_DIR", str(tmp_path))
    monkeypatch.delenv("LISES_SHARED_SERVER", raising=False)
    folder = tmp_path / "uddrag"
    folder.mkdir()
    valid = (FIXTURES / "duplicate_ids" / "a-original.yaml").read_text(encoding="utf-8")
    (folder / "eget.yaml").write_text(valid.replace("fixtur-dublet", "eget"), encoding="utf-8")
    shutil.copy2(FIXTURES / "bad_excerpts" / "taler-ukendt.yaml", folder / "<i>rettet.yaml")
    return folder


def test_the_trainer_names_the_bad_file_and_offers_the_rest(local):
    trainer = build_app()
    assert set(trainer.excerpts) == set(load_excerpts()) | {"eget"}
    assert trainer.notice in trainer.children
    html = trainer.notice.value
    assert NOTICE in html
    assert (
        "&lt;i&gt;rettet.yaml: tur 3, felt &#x27;speaker&#x27;: ukendt taler &#x27;X&#x27; "
        "(kendte: B, S)"
    ) in html
    assert "<i>" not in html
    trainer.start("eget")  # the broker's good excerpt works
    assert trainer.session is not None


def test_a_link_still_opens_an_excerpt_when_another_file_is_bad(local):
    trainer = build_app()
    open_from_link(trainer, {"uddrag": ["eget"]})
    assert trainer.session is not None and trainer.session.excerpt.id == "eget"


def test_without_bad_files_there_is_no_notice(local):
    (local / "<i>rettet.yaml").unlink()
    trainer = build_app()
    assert trainer.notice.value == "" and trainer.notice not in trainer.children
