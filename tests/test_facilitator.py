"""The facilitator view: only the key opens it, it shows the room's answers (free text escaped,
never executed), reveals the key, closes the workshop and exports CSV and Excel."""

from __future__ import annotations

import base64
import io
import re

import pandas as pd
import pytest

from lises.facilitator.room import agreement, dilemma_weights, potential_sorting, turn_overview
from lises.facilitator.view import FacilitatorView
from lises.workshop.store import Store
from test_trainer_widget import play_as_key
from test_trainer_workshop import joined_app, start, trainer_of

XSS = '<script>window.pwned=1</script><img src=x onerror="alert(1)">'


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'workshops.sqlite'}")


@pytest.fixture
def workshop(store):
    return store.create_workshop("Workshop <b>fed</b>")


def opened(store, workshop) -> FacilitatorView:
    view = FacilitatorView(store.url)
    assert view.sign_in(workshop.code.lower(), workshop.facilitator_key)
    return view


def test_a_wrong_key_does_not_open_it(store, workshop):
    view = FacilitatorView(store.url)
    assert not view.sign_in(workshop.code, "gæt")
    assert not view.sign_in(workshop.code, None)
    assert "Forkert" in view.message.value
    assert list(view.children) == [view.login]


def test_the_key_does_not_stay_in_the_page(store, workshop):
    view = FacilitatorView(store.url)
    view.key.value = workshop.facilitator_key
    view.sign_in(workshop.code, view.key.value)
    assert view.key.value == ""


def test_free_text_is_shown_escaped(store, workshop):
    participant = store.join(workshop.code, "Kop")
    store.submit(participant, "gribning", "praktikken", "reply:3", XSS)
    view = opened(store, workshop)
    html = view.panes["fritekst"].value
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
    assert "<script" not in html and "<img" not in html
    assert "Workshop &lt;b&gt;fed&lt;/b&gt;" in view.summary.value


def test_it_shows_the_room_against_the_key(store, workshop):
    for nickname in ("Kop", "Krus"):
        trainer = trainer_of(joined_app(store, workshop.code, nickname))
        start(trainer, "praktikken")
        play_as_key(trainer)
    view = opened(store, workshop)
    view.excerpt_choice.value = "praktikken"
    view.refresh(force=True)
    grib = view.panes["gribning"].value
    assert "rummets markeringer tur for tur" in grib
    assert grib.count("<tr>") > 2
    assert "Kop" in grib and "Krus" in grib
    assert "2 deltagere" in view.summary.value


def test_reveal_and_close_reach_the_participants(store, workshop):
    view = opened(store, workshop)
    view.reveal["gribning"].value = True
    assert store.workshop(workshop.code).revealed == {"gribning"}
    view.close_button.click()
    assert not store.workshop(workshop.code).closed  # needs the confirmation tick
    view.close_confirm.value = True
    view.close_button.click()
    assert store.workshop(workshop.code).closed


def test_export_as_csv_and_excel(store, workshop):
    participant = store.join(workshop.code, "Kop")
    store.submit(participant, "gribning", "praktikken", "reply:3", "Fortæl mere, æøå")
    store.submit(participant, "dilemma", "praktik", "weights", {"respekt": 4})
    view = opened(store, workshop)
    view.export_button.click()
    links = dict(
        re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', view.export_links.value)
    )
    csv = base64.b64decode(links[f"workshop-{workshop.code}.csv"]).decode("utf-8-sig")
    assert "Fortæl mere, æøå" in csv
    excel = pd.read_excel(io.BytesIO(base64.b64decode(links[f"workshop-{workshop.code}.xlsx"])))
    assert list(excel["kaldenavn"]) == ["Kop", "Kop"]
    assert "{'respekt': 4}" in list(excel["svar"])


def test_room_summaries_from_a_known_table():
    from lises.excerpts.files import load_excerpts

    excerpts = load_excerpts()
    excerpt = excerpts["praktikken"]
    key = excerpt.key_by_turn
    rows = []
    for nickname, agree in (("A", True), ("B", False)):
        for turn in excerpt.citizen_turns:
            marked = (turn in key) if agree else (turn not in key)
            rows.append((nickname, "gribning", "praktikken", f"mark:{turn}", marked, None))
            if marked:
                response = key[turn].response.value if turn in key else "grebet"
                rows.append(
                    (nickname, "gribning", "praktikken", f"classify:{turn}", response, None)
                )
    rows.append(("A", "dilemma", "praktik", "weights", {"respekt": 4, "effektivitet": 2}, None))
    rows.append(("B", "dilemma", "praktik", "weights", {"respekt": 2, "effektivitet": "x"}, None))
    rows.append(("A", "potentialer", "x", "sort:eks-1", 3, None))
    rows.append(("B", "potentialer", "x", "sort:eks-1", 5, None))
    table = pd.DataFrame(rows, columns=["kaldenavn", "øvelse", "emne", "trin", "svar", "tidspunkt"])

    overview = turn_overview(table, excerpt)
    assert list(overview["svaret"]) == [2] * len(excerpt.citizen_turns)
    assert set(overview["markeret"]) == {1}  # A marks the keyed turns, B the others
    scores = agreement(table, excerpts).set_index("kaldenavn")
    assert scores.loc["A", "kappa"] == 1.0
    assert scores.loc["B", "F1"] == 0.0
    weights = dilemma_weights(table).set_index("dimension")
    assert weights.loc["respekt", "gennemsnit"] == 3.0
    assert weights.loc["effektivitet", "n"] == 1  # the non-number was left out
    sorting = potential_sorting(table, {"eks-1": 3}).iloc[0]
    assert (sorting["som nøglen"], sorting["hyppigste andet"]) == (0.5, 5)


def test_a_store_that_cannot_be_opened_is_a_danish_message_not_a_cell_error(tmp_path):
    broken = tmp_path / "workshops.sqlite"
    broken.write_bytes(b"ikke en database " * 200)
    view = FacilitatorView(f"sqlite:///{broken}")  # built, not raised: Voilà shows the page
    assert "Workshopdatabasen" in view.message.value and 'role="alert"' in view.message.value
    assert not view.sign_in("ABCDE", "nøgle")
    assert "Traceback" not in view.message.value


def test_a_store_that_fails_after_sign_in_is_said_and_the_view_goes_on(store, workshop):
    view = opened(store, workshop)

    def down(*_args, **_kwargs):
        raise ConnectionError("database nede")

    view.store.workshop_answers = down
    view.store.close_workshop = down
    view.close_confirm.value = True
    view.close_button.click()
    assert "svarer ikke lige nu" in view.message.value
    view.export_button.click()
    assert "svarer ikke lige nu" in view.message.value
