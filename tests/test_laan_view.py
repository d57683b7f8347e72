"""From the trainer's "Gem min kodning til Lån et øre" to the comparison page, without a
browser: two colleagues code the same excerpt, save, and the page shows kappa and agenda."""

from __future__ import annotations

import base64
import re

import pytest

from lises.excerpts.coding_files import scan_codings
from lises.excerpts.files import load_excerpts
from lises.excerpts.model import Response
from lises.gribning.coding_panel import SAVE_LABEL
from lises.gribning.session import Session, StepKind
from lises.gribning.trainer import GribningTrainer, build_app
from lises.laan.view import LaanEtOere
from test_trainer_widget import play, play_as_key

EXCERPTS = load_excerpts()


@pytest.fixture
def local(tmp_path, monkeypatch):
    monkeypatch.setenv("LISES_LOCAL_DIR", str(tmp_path))
    return tmp_path


def finished(excerpt_id: str, as_key: bool) -> GribningTrainer:
    app = GribningTrainer(EXCERPTS, offer_coding=True)
    app.chooser.value = excerpt_id
    app.start_button.click()
    if as_key:
        play_as_key(app)
    else:  # marks every citizen turn and calls each response overheard
        play(
            app,
            mark=lambda turn: True,
            respond=lambda turn: Response.OVERHORT,
            reply=lambda turn: "Fortæl mere.",
        )
    return app


def save_as(app: GribningTrainer, nickname: str) -> str:
    panel = app.coding_panel
    assert panel in app.children
    assert panel.save_button.description == SAVE_LABEL
    panel.nickname.value = nickname
    panel.save_button.click()
    return panel.message.value


def test_the_trainer_offers_the_panel_only_when_working_alone():
    assert GribningTrainer(EXCERPTS).coding_panel is None  # as it is made outside build_app
    assert build_app().coding_panel is not None


def test_saving_a_coding_from_the_trainer(local):
    app = finished("praktikken", as_key=True)
    message = save_as(app, "anna@jobcenter.dk")
    assert 'role="alert"' in message and "e-mailadresse" in message
    assert not (local / "kodninger").exists()
    message = save_as(app, "Ræv")
    assert 'role="status"' in message and "praktikken--raev.yaml" in message
    (saved,), bad = scan_codings(local / "kodninger", EXCERPTS)
    assert bad == []
    assert saved.coding.codes == {2: "grebet", 4: "overhalet", 6: "overhalet"}


def test_two_saved_codings_compared_on_the_page(local):
    save_as(finished("praktikken", as_key=True), "Ræv")
    save_as(finished("praktikken", as_key=False), "Ugle")
    page = LaanEtOere()
    assert page.excerpt_choice.value == "praktikken"
    assert [label.split(" (")[0] for label, _ in page.coding_a.options] == ["Ræv", "Ugle"]
    assert page.coding_a.value != page.coding_b.value
    page.with_key.value = True
    page.compare_button.click()
    html = page.result.value
    # Ræv (the key): grebet, overhalet, overhalet; Ugle: overhørt × 3 → alike on no turn.
    # po = 0, pe = 0 (no code shared), so kappa = 0.
    assert "Ens kodet: 0 af 3 ture (0 %). Cohens kappa er 0,00: svag enighed." in html
    assert re.findall(r'<th scope="row">(\d+)</th>', html) == ["2", "4", "6"]
    assert "Jeg vil bare gerne ud af den praktik." in html
    assert "Hver med nøglen" in html
    link = re.search(r'href="data:text/csv;base64,([^"]+)"', html)
    csv = base64.b64decode(link.group(1)).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Tur;Borgeren siger")
    assert 'download="laan-et-oere-praktikken.html"' in html


def test_one_coding_is_not_enough(local):
    save_as(finished("praktikken", as_key=True), "Ræv")
    page = LaanEtOere()
    assert page.compare_button.disabled
    assert "kun én kodning" in page.result.value


def test_the_same_coding_twice_is_refused(local):
    save_as(finished("praktikken", as_key=True), "Ræv")
    save_as(finished("praktikken", as_key=False), "Ugle")
    page = LaanEtOere()
    page.coding_b.value = page.coding_a.value
    assert not page.show_comparison()
    assert "to forskellige kodninger" in page.result.value


def test_an_empty_folder_and_a_bad_file_are_explained(local):
    page = LaanEtOere()
    assert "ingen gemte kodninger endnu" in page.notice.value
    (local / "kodninger").mkdir()
    (local / "kodninger" / "i-stykker.yaml").write_text("codes: [", encoding="utf-8")
    page.reload_button.click()
    assert "i-stykker.yaml: linje" in page.notice.value
    assert 'role="alert"' in page.notice.value


def answer_in_the_room(store, participant, excerpt, mark, respond, stop_after=None) -> None:
    """Go through the catching exercise as the room server does for a participant: each answer
    is checked by the session that is due, stored with :meth:`Store.store_answer`, then applied."""
    session = Session(excerpt)
    stored = 0
    while (step := session.step()).kind != StepKind.DONE and stored != stop_after:
        if step.kind == StepKind.MARK:
            name, value = f"mark:{step.turn}", mark(step.turn)
        elif step.kind == StepKind.CLASSIFY:
            name, value = f"classify:{step.turn}", respond(step.turn).value
        elif step.kind == StepKind.REPLY:
            name, value = f"reply:{step.turn}", "Fortæl mere om det."
        else:
            name, value = f"next:{session.revealed + 1}", True
        answer = session.check(name, value)
        assert store.store_answer(participant, "gribning", excerpt.id, answer.step, answer.value)
        session.apply(answer)
        stored += 1


def test_two_participants_of_a_workshop_room_compared(local, tmp_path):
    """Lån et øre after a workshop in the room: the participants joined with
    :meth:`Store.join_room` and answered through the room; the facilitator opens the workshop
    with its code and key once it is closed, and compares two of them."""
    from lises.workshop.store import Store

    url = f"sqlite:///{tmp_path / 'workshops.sqlite'}"
    store = Store(url)
    workshop = store.create_workshop("Lån et øre")
    excerpt = EXCERPTS["praktikken"]
    assert tuple(excerpt.citizen_turns) == (2, 4, 6)
    fox, _token = store.join_room(workshop.code, "Ræv")
    as_fox = {2: Response.GREBET, 4: Response.OVERHORT, 6: Response.OVERHALET}
    answer_in_the_room(store, fox, excerpt, lambda turn: True, as_fox.get)
    owl, _token = store.join_room(workshop.code, "Ugle")
    answer_in_the_room(store, owl, excerpt, lambda turn: turn == 2, as_fox.get)
    gull, _token = store.join_room(workshop.code, "Måge")  # only the first answers
    answer_in_the_room(store, gull, excerpt, lambda turn: False, as_fox.get, stop_after=2)
    store.set_closed(workshop.code, workshop.facilitator_key, True)

    page = LaanEtOere(store_url=url)
    assert not page.open_workshop(workshop.code, "forkert-nøgle")
    assert "Forkert workshopkode" in page.workshop_message.value
    assert page.open_workshop(workshop.code.lower(), workshop.facilitator_key)
    assert page.workshop_key.value == ""  # the key does not stay in the widget state
    labels = {label.split(" (")[0]: value for label, value in page.coding_a.options}
    assert set(labels) == {"Ræv", "Ugle", "Måge"}
    page.coding_a.value, page.coding_b.value = labels["Ræv"], labels["Ugle"]
    assert page.show_comparison()
    # Ræv: grebet, overhørt, overhalet; Ugle: grebet, ingen, ingen: kappa 0.25 by hand.
    assert "Cohens kappa er 0,25: rimelig enighed." in page.result.value
    page.coding_b.value = labels["Måge"]
    assert not page.show_comparison()
    assert "Måge har ikke markeret alle borgerens ture endnu" in page.result.value


def test_served_to_a_class_nothing_writes_to_the_servers_folder(monkeypatch):
    from lises.laan.annotator import SHARED_OFF, build_annotator

    monkeypatch.setenv("LISES_SHARED_SERVER", "1")
    assert build_app().coding_panel is None
    page = build_annotator()
    assert SHARED_OFF in page.value
