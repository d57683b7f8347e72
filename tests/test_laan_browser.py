"""Lån et øre in Voilà: annotate an own excerpt and open it in the trainer; compare two saved
codings.  The excerpt and codings are written to the test session's ``LISES_LOCAL_DIR``, which
the Voilà server inherits."""

from __future__ import annotations

import pytest

from lises.excerpts.files import load_excerpt, load_excerpts
from lises.excerpts.model import Response
from voila_pages import (
    annotate_excerpt,
    compare_codings,
    mark_turn,
    open_annotator,
    open_in_trainer,
    open_laan_et_oere,
    press_button,
    save_codings,
    type_into,
    write_own_excerpt,
)

pytestmark = pytest.mark.browser

EXCERPT_ID = "browser-eget-uddrag"
TITLE = "Vores egen samtale i browseren"


@pytest.fixture
def own_excerpt():
    """A course excerpt as the import leaves it (no key, pauses or notes), removed afterwards
    so that other tests see the trainer's usual list."""
    path = write_own_excerpt(EXCERPT_ID, TITLE)
    yield path
    path.unlink(missing_ok=True)


def test_annotate_an_own_excerpt_and_open_it_in_the_trainer(page, voila_server, own_excerpt):
    open_annotator(page, voila_server, TITLE)
    annotate_excerpt(page, TITLE)

    marked = page.get_by_label("Tur 2 bærer en meningsytring")
    marked.wait_for(timeout=10_000)
    assert "holde til mere" in page.locator(".lises-annotator").inner_text()
    mark_turn(page, 2, "bekymring", "grebet", explanation="Hun sætter ord på en grænse.")
    page.get_by_label("Pausepunkt efter tur 2").focus()
    page.keyboard.press("Space")
    type_into(page, "Forslag til svar (ét pr. linje):", "Hvad gør det ved dig?")

    # Turn 4 next, with the keyboard: mark it but forget the explanation first.
    press_button(page, "Næste borgertur")
    mark_turn(page, 4, "bekymring", "overhørt")
    press_button(page, "Gem nøglen")
    alert = page.locator("[role=alert]", has_text="Nøglen er ikke gemt")
    alert.wait_for(timeout=10_000)
    assert "tur 4, felt 'explanation': skriv en forklaring" in alert.inner_text()
    assert load_excerpt(own_excerpt).key == []  # nothing saved, the file is as it was

    type_into(page, "Forklaring til deltagerne:", "Den næste tur går forbi det.")
    press_button(page, "Gem nøglen")
    page.get_by_text("Nøglen er gemt").wait_for(timeout=10_000)
    saved = load_excerpt(own_excerpt)
    assert [(k.turn, k.response.value) for k in saved.key] == [(2, "grebet"), (4, "overhørt")]
    assert saved.pauses[0].model_replies == ["Hvad gør det ved dig?"]
    assert page.blocked == []
    assert "Traceback" not in page.content()

    link = page.get_by_role("link", name="Åbn i gribningstræneren")
    assert link.get_attribute("href") == f"gribning.ipynb?uddrag={EXCERPT_ID}"
    trainer = open_in_trainer(page, EXCERPT_ID)
    trainer.get_by_role("button", name="Vis næste tur").wait_for(timeout=20_000)
    assert TITLE in trainer.inner_text()
    assert saved.turns[0].text.split(".")[0] in trainer.inner_text()
    assert "holde til mere" not in trainer.inner_text()  # turn 2 is not shown before turn 1
    assert page.blocked == []
    assert "Traceback" not in page.content()


@pytest.fixture
def two_codings():
    excerpt = load_excerpts()["praktikken"]
    paths = save_codings(
        excerpt,
        {
            "Ræv": {2: Response.GREBET, 4: Response.OVERHORT, 6: Response.OVERHALET},
            "Ugle": {2: Response.GREBET},
        },
    )
    yield paths
    for path in paths:
        path.unlink(missing_ok=True)


def test_two_saved_codings_compared_in_voila(page, voila_server, two_codings):
    view = open_laan_et_oere(page, voila_server, "Ugle")
    table = compare_codings(page, load_excerpts()["praktikken"].title, "Ræv", "Ugle")
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
