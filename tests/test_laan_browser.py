"""Lån et øre in Voilà: annotate an own excerpt and open it in the trainer; compare two saved
codings.  The excerpt and codings are written to the test session's ``LISES_LOCAL_DIR``, which
the Voilà server inherits."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from lises.excerpts.coding import coding_from_marks
from lises.excerpts.coding_files import save_coding
from lises.excerpts.files import default_excerpt_dir, load_excerpt, load_excerpts
from lises.excerpts.model import Response

pytestmark = pytest.mark.browser

EXCERPT_ID = "browser-eget-uddrag"
TITLE = "Vores egen samtale i browseren"


def _local_dir() -> Path:
    return Path(os.environ["LISES_LOCAL_DIR"])


@pytest.fixture
def own_excerpt():
    """A course excerpt as the import leaves it (no key, pauses or notes), removed afterwards
    so that other tests see the trainer's usual list."""
    data = yaml.safe_load((default_excerpt_dir() / "praktikken.yaml").read_text(encoding="utf-8"))
    data.update(id=EXCERPT_ID, title=TITLE, key=[], pauses=[])
    for turn in data["turns"]:
        turn.pop("note", None)
    folder = _local_dir() / "uddrag"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{EXCERPT_ID}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    yield path
    path.unlink(missing_ok=True)


def _focus_and_type(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    expect(field).to_be_enabled(timeout=10_000)  # enabled by the kernel once marked
    field.focus()
    page.keyboard.type(text)
    page.keyboard.press("Tab")  # ipywidgets sends a text value on change/blur


def test_annotate_an_own_excerpt_and_open_it_in_the_trainer(page, voila_server, own_excerpt):
    page.goto(f"{voila_server}/voila/render/annoter.ipynb", timeout=60_000)
    page.locator(".lises-annotator").wait_for(state="visible", timeout=60_000)
    chooser = page.get_by_label("Vælg uddrag:")
    # The page reads the folder again once it is requested (the kernel may be preheated).
    chooser.locator("option", has_text=TITLE).wait_for(state="attached", timeout=20_000)
    chooser.select_option(label=TITLE)
    page.get_by_role("button", name="Åbn uddraget").focus()
    page.keyboard.press("Enter")

    marked = page.get_by_label("Tur 2 bærer en meningsytring")
    marked.wait_for(timeout=10_000)
    assert "holde til mere" in page.locator(".lises-annotator").inner_text()
    marked.focus()
    page.keyboard.press("Space")
    page.get_by_label("Slags meningsytring:").select_option(label="bekymring")
    page.get_by_label("Hvad gjorde den professionelles næste tur?").select_option("grebet")
    _focus_and_type(page, "Forklaring til deltagerne:", "Hun sætter ord på en grænse.")
    page.get_by_label("Pausepunkt efter tur 2").focus()
    page.keyboard.press("Space")
    _focus_and_type(page, "Forslag til svar (ét pr. linje):", "Hvad gør det ved dig?")

    # Turn 4 next, with the keyboard: mark it but forget the explanation first.
    page.get_by_role("button", name="Næste borgertur").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Tur 4 bærer en meningsytring").focus()
    page.keyboard.press("Space")
    page.get_by_label("Slags meningsytring:").select_option(label="bekymring")
    page.get_by_label("Hvad gjorde den professionelles næste tur?").select_option("overhørt")
    page.get_by_role("button", name="Gem nøglen").focus()
    page.keyboard.press("Enter")
    alert = page.locator("[role=alert]", has_text="Nøglen er ikke gemt")
    alert.wait_for(timeout=10_000)
    assert "tur 4, felt 'explanation': skriv en forklaring" in alert.inner_text()
    assert load_excerpt(own_excerpt).key == []  # nothing saved, the file is as it was

    _focus_and_type(page, "Forklaring til deltagerne:", "Den næste tur går forbi det.")
    page.get_by_role("button", name="Gem nøglen").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Nøglen er gemt").wait_for(timeout=10_000)
    saved = load_excerpt(own_excerpt)
    assert [(k.turn, k.response.value) for k in saved.key] == [(2, "grebet"), (4, "overhørt")]
    assert saved.pauses[0].model_replies == ["Hvad gør det ved dig?"]
    assert page.blocked == []
    assert "Traceback" not in page.content()

    link = page.get_by_role("link", name="Åbn i gribningstræneren")
    assert link.get_attribute("href") == f"gribning.ipynb?uddrag={EXCERPT_ID}"
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"gribning\.ipynb\?uddrag={EXCERPT_ID}"), timeout=30_000)
    trainer = page.locator(".lises-trainer")
    trainer.wait_for(state="visible", timeout=60_000)
    trainer.get_by_role("button", name="Vis næste tur").wait_for(timeout=20_000)
    assert TITLE in trainer.inner_text()
    assert saved.turns[0].text.split(".")[0] in trainer.inner_text()
    assert "holde til mere" not in trainer.inner_text()  # turn 2 is not shown before turn 1
    assert page.blocked == []
    assert "Traceback" not in page.content()


@pytest.fixture
def two_codings():
    excerpt = load_excerpts()["praktikken"]
    folder = _local_dir() / "kodninger"
    paths = [
        save_coding(
            coding_from_marks(
                excerpt, "Ræv", {2: Response.GREBET, 4: Response.OVERHORT, 6: Response.OVERHALET}
            ),
            folder,
        ),
        save_coding(coding_from_marks(excerpt, "Ugle", {2: Response.GREBET}), folder),
    ]
    yield paths
    for path in paths:
        path.unlink(missing_ok=True)


def test_two_saved_codings_compared_in_voila(page, voila_server, two_codings):
    page.goto(f"{voila_server}/voila/render/laan-et-oere.ipynb", timeout=60_000)
    view = page.locator(".lises-laan")
    view.wait_for(state="visible", timeout=60_000)
    second = page.get_by_label("Kollega B:").locator("option", has_text="Ugle")
    second.wait_for(state="attached", timeout=20_000)  # read again when the page is requested
    page.get_by_label("Uddrag:").select_option(label=load_excerpts()["praktikken"].title)
    for label, nickname in (("Kollega A:", "Ræv"), ("Kollega B:", "Ugle")):
        select = page.get_by_label(label)
        option = select.locator("option", has_text=nickname).inner_text()
        select.select_option(label=option)
    page.get_by_role("button", name="Sammenlign").focus()
    page.keyboard.press("Enter")
    table = page.locator("table.lises-agenda")
    table.wait_for(timeout=10_000)
    # Ræv: grebet, overhørt, overhalet; Ugle: grebet, ingen, ingen.
    # po = 1/3; pe = (1*1)/9 (only grebet is shared); kappa = (3/9 - 1/9) / (8/9) = 0.25.
    text = view.inner_text()
    assert "Ens kodet: 1 af 3 ture (33 %). Cohens kappa er 0,25: rimelig enighed." in text
    assert table.locator("caption").inner_text().startswith("Dagsorden: de 2 ture")
    assert table.locator("th[scope=row]").all_inner_texts() == ["4", "6"]
    assert table.locator("th[scope=col]").count() >= 5
    assert "Jeg føler mig usynlig." in table.inner_text()
    assert page.get_by_role("link", name="CSV").get_attribute("href").startswith("data:text/csv")
    assert page.blocked == []
    assert "Traceback" not in page.content()
