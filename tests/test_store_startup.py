"""A store that cannot be used stops the start with one Danish line, never a traceback.

Each bad store (a file of garbage, a file overwritten after its header, the first half of a real
store, a read-only and an immutable file, a read-only folder, a folder that cannot be made, a newer
schema, a PostgreSQL server that is down) is refused by :func:`lises.workshop.store.open_store` with
a :class:`StoreUnavailable` whose message names the store (a password masked) and says what to do,
and the file that was there is left byte for byte as it was.  (The room server's command opens
its store through :func:`open_store`.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url, select, text

from conftest import free_port
from lises.workshop.store import Meta, Store, StoreUnavailable, open_store

FIXTURES = Path(__file__).parent / "fixtures" / "bad_stores"
DAMAGED = "filen er beskadiget eller er ikke en SQLite-database"
READ_ONLY = "der kan ikke skrives i den"


def _real_store(path: Path) -> Path:
    """A store with a workshop, a participant and answers, closed as a server leaves it."""
    store = Store(f"sqlite:///{path}")
    workshop = store.create_workshop("Fredag")
    participant, _token = store.join_room(workshop.code, "Blå kop")
    for turn in range(40):
        store.store_answer(participant, "gribning", "maanen", f"mark:{turn}", turn % 2 == 0)
    store.engine.dispose()
    return path


@contextmanager
def _immutable(path: Path) -> Iterator[None]:
    """The file cannot be changed, even by root (root ignores chmod, so chattr +i there)."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i virker ikke her: {done.stderr.decode().strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        path.parent.chmod(0o555)
        try:
            yield
        finally:
            path.parent.chmod(0o755)
            path.chmod(0o644)


@contextmanager
def _read_only_folder(folder: Path) -> Iterator[Path]:
    """The folder, seen read-only (root: a read-only bind mount of it; others: chmod 555)."""
    if os.geteuid() == 0:
        view = folder.parent / "skrivebeskyttet"
        view.mkdir()
        done = subprocess.run(
            ["mount", "--bind", "-o", "ro", str(folder), str(view)], capture_output=True
        )
        if done.returncode != 0:
            pytest.skip(f"en skrivebeskyttet mappe kan ikke laves her: {done.stderr.decode()}")
        try:
            yield view
        finally:
            subprocess.run(["umount", str(view)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)


@contextmanager
def bad_store(kind: str, tmp_path: Path) -> Iterator[tuple[str, Path | None]]:
    """The URL of one kind of bad store, and the file that must stay untouched (or None)."""
    folder = tmp_path / "store"
    folder.mkdir()
    path = folder / "workshops.sqlite"
    if kind in ("skrald", "overskrevet"):
        shutil.copyfile(FIXTURES / f"{kind}.sqlite", path)
    elif kind == "afkortet":
        whole = _real_store(tmp_path / "hel.sqlite").read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif kind in ("skrivebeskyttet-url", "uforanderlig", "skrivebeskyttet-mappe", "nyere-skema"):
        _real_store(path)
    if kind == "nyere-skema":
        store = Store(f"sqlite:///{path}")
        with store.engine.begin() as connection:
            connection.execute(
                text("UPDATE lises_meta SET value = '99' WHERE key = 'schema_version'")
            )
        store.engine.dispose()
    if kind == "skrivebeskyttet-url":
        yield f"sqlite:///file:{path}?mode=ro&uri=true", path
    elif kind == "uforanderlig":
        with _immutable(path):
            yield f"sqlite:///{path}", path
    elif kind == "skrivebeskyttet-mappe":
        with _read_only_folder(folder) as view:
            yield f"sqlite:///{view / path.name}", path
    elif kind == "mappe-er-en-fil":
        (folder / "ikke-en-mappe").write_text("en fil, hvor en mappe skulle være\n")
        yield f"sqlite:///{folder / 'ikke-en-mappe' / 'workshops.sqlite'}", None
    elif kind == "postgres-nede":
        yield f"postgresql+psycopg://lises:hemmelig@127.0.0.1:{free_port()}/lises", None
    else:
        yield f"sqlite:///{path}", path


# kind -> what the message must say (the problem); the store's name is checked for every kind.
CASES = {
    "skrald": DAMAGED,
    "overskrevet": DAMAGED,
    "afkortet": DAMAGED,
    "skrivebeskyttet-url": READ_ONLY,
    "uforanderlig": READ_ONLY,
    "skrivebeskyttet-mappe": READ_ONLY,
    "mappe-er-en-fil": "mappen til filen kan ikke oprettes",
    "nyere-skema": "skemaversion 99, men kurset kender kun 1",
    "postgres-nede": "databaseserveren svarer ikke",
}
ENGLISH = ("Traceback", "sqlalchemy", "sqlite3", "psycopg.", "Error", "[SQL", "(Background")


def _named(url: str) -> str:
    if url.startswith("postgresql"):
        return url.replace(":hemmelig@", ":***@")
    return url.removeprefix("sqlite:///").removeprefix("file:").split("?")[0]


def _check_message(message: str, kind: str, url: str) -> None:
    assert CASES[kind] in message, message
    assert message.startswith(f"Workshopdatabasen {_named(url)} kan ikke bruges: "), message
    assert "start igen" in message  # and what to do about it
    assert "\n" not in message.strip()
    assert "hemmelig" not in message
    for english in ENGLISH:
        assert english not in message, message


@pytest.mark.parametrize("kind", CASES)
def test_a_bad_store_is_refused_with_one_danish_line(kind, tmp_path):
    with bad_store(kind, tmp_path) as (url, path):
        before = path.read_bytes() if path else None
        with pytest.raises(StoreUnavailable) as refused:
            open_store(url)
        assert path is None or path.read_bytes() == before  # never make a bad file worse
    _check_message(str(refused.value), kind, url)


def test_an_immutable_store_is_refused_at_start_not_at_the_first_join(tmp_path):
    """Reading works and a rolled-back write "works": only a committed write shows the problem.
    Without the check at start the server started and then every join failed."""
    with bad_store("uforanderlig", tmp_path) as (url, _):
        store = Store(url)  # a store opened without the check: reading is fine
        assert store.schema_version() == 1
        store.engine.dispose()
        with pytest.raises(StoreUnavailable, match=READ_ONLY):
            open_store(url)


def test_a_sound_store_opens_and_the_check_leaves_nothing_behind(store_url):
    open_store(store_url).engine.dispose()
    store = open_store(store_url)  # the second start finds the same database
    with store._sessions() as db:
        assert db.scalars(select(Meta.key)).all() == ["schema_version"]
    store.check_writable()
    store.engine.dispose()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"database": "findes_ikke"}, "databasen findes ikke på serveren"),
        ({"username": "ukendt", "password": "hemmelig"}, "afviste brugernavnet eller adgangskoden"),
    ],
)
def test_a_wrong_postgresql_url_is_named_without_its_password(postgres_url, change, problem):
    url = make_url(postgres_url).set(**change).render_as_string(hide_password=False)
    with pytest.raises(StoreUnavailable) as refused:
        open_store(url)
    message = str(refused.value)
    assert problem in message and "hemmelig" not in message, message
    assert make_url(url).render_as_string(hide_password=True) in message


def test_a_sqlite_uri_makes_no_folder_of_its_name(tmp_path, monkeypatch):
    """``sqlite:///file:/path?mode=ro&uri=true`` names the file /path: no folder called "file:"
    appears in the working folder."""
    _real_store(tmp_path / "w.sqlite")
    here = tmp_path / "arbejdsmappe"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(StoreUnavailable, match=READ_ONLY):
        open_store(f"sqlite:///file:{tmp_path / 'w.sqlite'}?mode=ro&uri=true")
    assert list(here.iterdir()) == []
