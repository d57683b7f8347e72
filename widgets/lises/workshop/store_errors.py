"""Why the workshop store cannot be used, as one Danish line that names the store and says what
to do (no widgets, no database access here).

A server that cannot use its store must say so before it starts, in words a facilitator can act
on: which database (a file, or a URL with its password masked), what is wrong with it, and what to
do next.  The driver's own error (SQLAlchemy, sqlite3, psycopg) is English and multi-line, so it
is only matched against known causes here and kept as the exception's ``__cause__`` for whoever
debugs; it is never the message.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class StoreError(RuntimeError):
    """The store cannot be used (e.g. written by a newer version of the course)."""


class StoreUnavailable(StoreError):
    """The store cannot be opened, read or written; the message is one Danish line for people.

    Attributes
    ----------
    store : str
        The store as shown to people: a SQLite file's path, or the URL with the password masked.
    """

    def __init__(self, store: str, problem: str, advice: str):
        self.store = store
        super().__init__(f"Workshopdatabasen {store} kan ikke bruges: {problem}. {advice}")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (also ``sqlite:///file:…?mode=ro&uri=true``), else None."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):  # a SQLite URI filename: the path without its options
        database = database.removeprefix("file:").split("?", 1)[0]
        if database.startswith("//"):
            database = database[2:]
        if database in ("", ":memory:") or parsed.query.get("mode") == "memory":
            return None
    return Path(database)


def store_name(url: str) -> str:
    """How the store is named to people: a SQLite file's path, or the URL without its password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(ugyldig LISES_STORE_URL)"


AGAIN = "og start igen"
ELSEWHERE = "eller sæt LISES_STORE_URL til en anden database"
DAMAGED = (
    "filen er beskadiget eller er ikke en SQLite-database",
    f"Flyt filen til side (behold den som kopi), {AGAIN}: så oprettes en ny, tom database; "
    f"{ELSEWHERE}.",
)
READ_ONLY = (
    "der kan ikke skrives i den (filen eller mappen er skrivebeskyttet)",
    f"Giv skriveadgang til filen og dens mappe, {ELSEWHERE}, {AGAIN}.",
)
NO_FOLDER = (
    "mappen til filen kan ikke oprettes",
    f"Ret stien, eller opret mappen med skriveadgang, {AGAIN}.",
)
LOCKED = (
    "filen er låst af et andet program",
    f"Luk det andet program (eller vent på det), {AGAIN}.",
)
FULL = ("disken er fuld", f"Gør plads på disken, {AGAIN}.")
SERVER_DOWN = (
    "databaseserveren svarer ikke",
    f"Start databaseserveren, eller ret værten og porten i LISES_STORE_URL, {AGAIN}.",
)
LOGIN_REFUSED = (
    "databaseserveren afviste brugernavnet eller adgangskoden",
    f"Ret brugeren og adgangskoden i LISES_STORE_URL, {AGAIN}.",
)
NO_DATABASE = (
    "databasen findes ikke på serveren",
    f"Opret den (fx med createdb), eller ret navnet i LISES_STORE_URL, {AGAIN}.",
)
NO_DRIVER = (
    "Python-pakken til denne slags database er ikke installeret",
    f"Brug en sqlite:// eller postgresql+psycopg:// URL i LISES_STORE_URL, {AGAIN}.",
)

# Patterns in driver messages (sqlite3, psycopg, SQLAlchemy), matched lower-case, most specific
# first: a refused login and a missing database also say "connection failed".
KNOWN_CAUSES = (
    (r"file is not a database|disk image is malformed|malformed database", DAMAGED),
    (r"readonly database|read-only file system|read-only transaction", READ_ONLY),
    (r"database is locked", LOCKED),
    (r"database or disk is full|no space left", FULL),
    (r"authentication failed|no password supplied|role \S+ does not exist", LOGIN_REFUSED),
    (r"database \S+ does not exist", NO_DATABASE),
    (
        r"connection refused|could not connect|connection timeout|timeout expired|could not "
        r"translate host name|name or service not known|no route to host|server closed the "
        r"connection|connection failed",
        SERVER_DOWN,
    ),
    (r"unable to open database file", READ_ONLY),
    (r"no module named|can't load plugin", NO_DRIVER),
)


def _password(url: str) -> str | None:
    try:
        return make_url(url).password
    except ArgumentError:
        return None


def _chain(error: BaseException):
    """The error, the driver's error inside a SQLAlchemy error, and their causes."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [getattr(current, "orig", None), current.__cause__, current.__context__]


def unavailable(url: str, error: BaseException) -> StoreUnavailable:
    """Translate why opening or writing the store at ``url`` failed into a StoreUnavailable."""
    store = store_name(url)
    for current in _chain(error):
        if isinstance(current, StoreUnavailable):
            return current
        if isinstance(current, OSError) and current.errno in (
            errno.EACCES,
            errno.EPERM,
            errno.EROFS,
        ):
            return StoreUnavailable(store, *READ_ONLY)
        if isinstance(current, OSError) and current.errno in (
            errno.ENOTDIR,
            errno.EEXIST,
            errno.ENOENT,
        ):
            return StoreUnavailable(store, *NO_FOLDER)
        text = str(current).lower()
        for pattern, (problem, advice) in KNOWN_CAUSES:
            if re.search(pattern, text):
                return StoreUnavailable(store, problem, advice)
    # An unforeseen cause: still one line, with the driver's first line for whoever debugs it.
    first = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
    password = _password(url)
    if password:
        first = first.replace(password, "***")
    return StoreUnavailable(
        store,
        f"uventet fejl fra databasen ({type(error).__name__}: {first})",
        f"Tjek databasen og LISES_STORE_URL, {AGAIN}.",
    )
