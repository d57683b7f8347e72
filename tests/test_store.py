"""The workshop store on SQLite and on a real PostgreSQL server: joining, answers that are never
duplicated or lost, facilitator-only access, schema versioning, concurrency."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import create_engine, text

from lises.privacy.pseudonyms import JoinError, check_nickname
from lises.workshop.store import SCHEMA_VERSION, Store, StoreError


@pytest.fixture
def store(store_url) -> Store:
    return Store(store_url)


def test_schema_is_created_on_first_use_and_versioned(store, store_url):
    assert store.schema_version() == SCHEMA_VERSION
    again = Store(store_url)  # a second process opening the same database changes nothing
    assert again.schema_version() == SCHEMA_VERSION


def test_a_newer_schema_is_refused(store, store_url):
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE lises_meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(StoreError, match="skemaversion 99"):
        Store(store_url)


def test_join_and_resume_with_the_resume_key(store):
    workshop = store.create_workshop("Fredagsworkshop")
    joined = store.join(workshop.code.lower(), "  Blå   kop ")
    assert joined.nickname == "Blå kop"
    assert joined.resume_key
    store.submit(joined, "gribning", "praktikken", "mark:2", True)

    resumed = store.join(workshop.code, "blå kop", joined.resume_key.lower())
    assert resumed.id == joined.id
    assert resumed.resume_key is None  # shown once only
    assert [a.step for a in store.answers(resumed)] == ["mark:2"]


def test_a_taken_nickname_needs_the_resume_key(store):
    workshop = store.create_workshop("W")
    store.join(workshop.code, "Kaffe")
    with pytest.raises(JoinError, match="allerede i brug"):
        store.join(workshop.code, "kaffe")
    with pytest.raises(JoinError, match="allerede i brug"):
        store.join(workshop.code, "kaffe", "FORKERT")


def test_unknown_workshop_code(store):
    with pytest.raises(JoinError, match="ingen workshop"):
        store.join("ZZZZZ", "Kaffe")


@pytest.mark.parametrize(
    ("nickname", "message"),
    [
        ("", "mindst 2 tegn"),
        ("x" * 25, "højst have 24 tegn"),
        ("anne@jobcenter.dk", "e-mailadresse"),
        ("010203-1234", "CPR-nummer"),
        ("Kop 0102031234", "CPR-nummer"),
        ("<script>", "Brug kun bogstaver"),
        (None, "Skriv et kaldenavn"),
    ],
)
def test_nicknames_stay_pseudonymous(nickname, message):
    with pytest.raises(JoinError, match=message):
        check_nickname(nickname)


def test_the_same_answer_is_stored_once_and_the_first_value_stands(store):
    workshop = store.create_workshop("W")
    participant = store.join(workshop.code, "Kaffe")
    assert store.submit(participant, "gribning", "maanen", "mark:2", True) is True
    assert store.submit(participant, "gribning", "maanen", "mark:2", False) is False
    answers = store.answers(participant)
    assert [(a.step, a.value) for a in answers] == [("mark:2", True)]


def test_answers_keep_their_order_and_data(store):
    workshop = store.create_workshop("W")
    participant = store.join(workshop.code, "Kaffe")
    steps = [("mark:2", True), ("reply:2", "Fortæl mere <b>om</b> det"), ("weights", {"a": 3})]
    for step, value in steps:
        store.submit(participant, "gribning", "maanen", step, value)
    assert [(a.step, a.value) for a in store.answers(participant, "gribning")] == steps
    assert store.answers(participant, "dilemma") == []


def test_non_data_values_are_refused(store):
    workshop = store.create_workshop("W")
    participant = store.join(workshop.code, "Kaffe")
    with pytest.raises(TypeError):
        store.submit(participant, "gribning", "maanen", "mark:2", object())
    assert store.count_answers() == 0


def test_only_the_facilitator_key_opens_the_workshop_data(store):
    workshop = store.create_workshop("W")
    participant = store.join(workshop.code, "Kaffe")
    store.submit(participant, "gribning", "maanen", "reply:2", "hemmeligt")
    assert store.is_facilitator(workshop.code, workshop.facilitator_key)
    assert not store.is_facilitator(workshop.code, "gæt")
    with pytest.raises(PermissionError):
        store.workshop_answers(workshop.code, "gæt")
    with pytest.raises(PermissionError):
        store.set_revealed(workshop.code, "gæt", "gribning")
    table = store.workshop_answers(workshop.code, workshop.facilitator_key)
    assert list(table["kaldenavn"]) == ["Kaffe"]
    assert list(table["svar"]) == ["hemmeligt"]


def test_reveal_and_close(store):
    workshop = store.create_workshop("W")
    participant = store.join(workshop.code, "Kaffe")
    store.set_revealed(workshop.code, workshop.facilitator_key, "gribning")
    assert store.workshop(workshop.code).revealed == {"gribning"}
    store.set_revealed(workshop.code, workshop.facilitator_key, "gribning", revealed=False)
    assert store.workshop(workshop.code).revealed == frozenset()

    store.close_workshop(workshop.code, workshop.facilitator_key)
    assert store.workshop(workshop.code).closed
    with pytest.raises(JoinError, match="lukket"):
        store.join(workshop.code, "Ny")
    # Closed to new participants; those already in keep answering.
    assert store.submit(participant, "gribning", "maanen", "mark:2", True)
    # Someone who was already in can still come back and see their answers.
    assert store.join(workshop.code, "Kaffe", participant.resume_key).id == participant.id


def _participant_process(url: str, code: str, index: int, barrier) -> None:
    store = Store(url)
    participant = store.join(code, f"Deltager {index}")
    barrier.wait()  # everyone writes at the same moment
    for answer in range(20):
        for _ in range(2):  # every answer is sent twice, like a double click
            store.submit(participant, "gribning", "maanen", f"mark:{answer}", answer % 2 == 0)
    store.engine.dispose()


@pytest.mark.slow
def test_25_processes_answering_at_once_store_exactly_500_answers(store, store_url):
    workshop = store.create_workshop("Konference")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(25)
    processes = [
        context.Process(target=_participant_process, args=(store_url, workshop.code, i, barrier))
        for i in range(25)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * 25
    assert store.count_answers() == 500
    table = store.workshop_answers(workshop.code, workshop.facilitator_key)
    assert table.groupby("kaldenavn").size().tolist() == [20] * 25


def test_the_default_store_is_a_sqlite_file_outside_the_tracked_files(monkeypatch, tmp_path):
    from lises.workshop import store as store_module

    monkeypatch.delenv("LISES_STORE_URL", raising=False)
    assert store_module.default_url().endswith("/.state/workshops.sqlite")
    monkeypatch.setenv("LISES_STORE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert Store().url.endswith("x.sqlite")
    assert create_engine(Store().url).dialect.name == "sqlite"
