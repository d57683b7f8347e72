"""The workshop store on SQLite and on a real PostgreSQL server: schema versioning, joining
under a tidied pseudonymous nickname, facilitator-only access, concurrency.

Joining, answering and reading back go through the methods the room server uses
(:meth:`~lises.workshop.store.Store.join_room`, ``store_answer``, ``participant_context``,
``export_answers``); their other guarantees (a taken nickname, a closed room, the first answer
standing, the per-item release) are in ``test_room_store.py``."""

from __future__ import annotations

import multiprocessing
from collections import Counter

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


def test_joining_tidies_the_code_and_the_nickname_and_the_token_finds_them_again(store):
    workshop = store.create_workshop("Fredagsworkshop")
    joined, token = store.join_room(workshop.code.lower(), "  Blå   kop ")
    assert (joined.workshop, joined.nickname) == (workshop.code, "Blå kop")
    assert store.participant_context(workshop.code, token).participant == joined


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


def test_only_the_facilitator_key_opens_the_workshop_data(store):
    workshop = store.create_workshop("W")
    participant, _token = store.join_room(workshop.code, "Kaffe")
    store.store_answer(participant, "gribning", "maanen", "reply:2", "hemmeligt")
    assert store.is_facilitator(workshop.code, workshop.facilitator_key)
    assert not store.is_facilitator(workshop.code, "gæt")
    with pytest.raises(PermissionError):
        store.workshop_answers(workshop.code, "gæt")
    table = store.workshop_answers(workshop.code, workshop.facilitator_key)
    assert list(table["kaldenavn"]) == ["Kaffe"]
    assert list(table["svar"]) == ["hemmeligt"]


def _participant_process(url: str, code: str, index: int, barrier) -> None:
    store = Store(url)
    participant, _token = store.join_room(code, f"Deltager {index}")
    barrier.wait()  # everyone writes at the same moment
    for answer in range(20):
        for _ in range(2):  # every answer is sent twice, like a double click
            store.store_answer(participant, "gribning", "maanen", f"mark:{answer}", answer % 2 == 0)
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
    exported = store.export_answers(workshop.code, workshop.facilitator_key)
    assert len(exported) == 500
    assert sorted(Counter(e.nickname for e in exported).values()) == [20] * 25


def test_the_default_store_is_a_sqlite_file_outside_the_tracked_files(monkeypatch, tmp_path):
    from lises.workshop import store as store_module

    monkeypatch.delenv("LISES_STORE_URL", raising=False)
    assert store_module.default_url().endswith("/.state/workshops.sqlite")
    monkeypatch.setenv("LISES_STORE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert Store().url.endswith("x.sqlite")
    assert create_engine(Store().url).dialect.name == "sqlite"
