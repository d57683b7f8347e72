"""The workshop store: workshops, pseudonymous participants and every answer they submit.

SQLAlchemy over a SQLite file by default (``LISES_STORE_URL`` unset: ``.state/workshops.sqlite``
in the course folder, never tracked) or any database URL, e.g. PostgreSQL
(``postgresql+psycopg://user@host/db``) for a server or several servers behind one database.

An answer is one event in a participant's way through one item of one exercise, keyed by
``(participant, exercise, item, step)``: the same answer sent twice (a double click, a retry, a
reload that replays) is stored once, and the first value stands.  Each answer is committed in
its own transaction before the exercise moves on, so an answer the learner has seen accepted
survives a crash of the server.  No widgets here.

A server opens its store with :func:`open_store`, which also checks that the file is sound and
that an answer can really be written (a committed write, not a rolled-back one: an immutable file
accepts the latter).  Whatever is wrong is raised as :class:`StoreUnavailable`, one Danish line
naming the store and what to do, before the server starts rather than at every join.
"""

from __future__ import annotations

import hmac
import os
import secrets
import sqlite3
import threading
from contextlib import nullcontext
from typing import Any

from sqlalchemy import (
    create_engine,
    delete,
    event,
    select,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from lises.core import paths
from lises.privacy.pseudonyms import new_code, new_secret, normalise_code

from .store_context import ParticipantStore
from .store_errors import (
    DAMAGED,
    StoreError,
    StoreUnavailable,
    sqlite_path,
    store_name,
    unavailable,
)
from .store_room import RoomStore, grant_for
from .store_room import hash_secret as _hash
from .store_room import now as _now
from .store_schema import ensure_schema
from .store_tables import (
    SCHEMA_VERSION,  # noqa: F401 (callers read it here)
    AnswerRow,
    Meta,
    NewWorkshop,
    ParticipantRow,
    Workshop,
    WorkshopRow,
)

DEFAULT_PATH = paths.STATE / "workshops.sqlite"


def default_url() -> str:
    return os.environ.get("LISES_STORE_URL") or f"sqlite:///{DEFAULT_PATH}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets many kernels read while one writes. With WAL, synchronous=NORMAL keeps every
    # committed answer through a crash or kill -9 of the server (the WAL is written before the
    # commit returns); only a power cut can lose the last transactions, and it spares an fsync
    # per answer (LISES_SQLITE_SYNC=FULL restores it). The busy timeout queues writers instead of
    # failing them.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    sync = "FULL" if os.environ.get("LISES_SQLITE_SYNC", "").upper() == "FULL" else "NORMAL"
    cursor.execute(f"PRAGMA synchronous={sync}")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# What opening or writing a store can raise when the store (not the course's code) is at fault.
STORE_FAULTS = (SQLAlchemyError, sqlite3.Error, OSError, ImportError)


def open_store(url: str | None = None) -> Store:
    """Open the store for a server about to start: sound, current and writable, or refused.

    Raises
    ------
    StoreUnavailable
        The file is damaged or read-only, the database server does not answer, the login is
        refused, or the schema is newer than the course: one Danish line for the user.
    """
    return Store(url, check=True)


def _connect_args(url: str) -> dict[str, Any]:
    # A database server that does not answer must not hold a starting server (or a joining
    # participant) for minutes: give up after 10 s unless the URL says otherwise.
    if url.startswith("postgresql") and "connect_timeout" not in url:
        return {"connect_timeout": 10}
    return {}


class Store(RoomStore, ParticipantStore):
    """Access to the workshop database (safe to share across threads; one per process).

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL; ``LISES_STORE_URL`` or the default SQLite file when left out.
    check : bool
        Also check a SQLite file's integrity before anything is written, and that an answer can
        be written (see :meth:`check_writable`).  Servers check at start (:func:`open_store`);
        a participant's kernel joining a running server does not repeat it.

    Raises
    ------
    StoreUnavailable
        The store cannot be opened or used (one Danish line naming it and what to do).
    """

    def __init__(self, url: str | None = None, check: bool = False):
        self.url = url or default_url()
        self.engine = None
        try:
            path = sqlite_path(self.url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            # A database server may drop idle connections (ping them first); a SQLite file
            # does not, and the ping would cost every request of a full room a round trip.
            self.engine = create_engine(
                self.url,
                pool_pre_ping=path is None,
                connect_args=_connect_args(self.url),
            )
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
            # SQLite takes one writer at a time, and a writer that finds the file locked sleeps
            # in growing steps (1, 2, 5, 10 … ms) before it tries again: a hall's answers would
            # queue in those sleeps.  The threads of one process take turns here instead.
            self._writing = (
                threading.Lock() if self.engine.dialect.name == "sqlite" else nullcontext()
            )
            if check and path is not None and path.is_file():
                self._check_sqlite_file()  # before anything could write into a damaged file
            self._ensure_schema()
            if check:
                self.check_writable()
        except STORE_FAULTS as error:
            self._close()
            raise unavailable(self.url, error) from error
        except StoreError:
            self._close()
            raise

    def _close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()

    def _check_sqlite_file(self) -> None:
        # quick_check reads every page: a truncated or overwritten file fails here, before any
        # write, so what is left of it stays as it was for whoever tries to rescue it.
        with self.engine.connect() as connection:
            rows = connection.exec_driver_sql("PRAGMA quick_check").all()
        if [tuple(row) for row in rows] != [("ok",)]:
            raise StoreUnavailable(store_name(self.url), *DAMAGED)

    def check_writable(self) -> None:
        """Write a row and delete it again, each in a committed transaction.

        A transaction that is rolled back proves nothing: an immutable file (``chattr +i``), a
        read-only mount or a read-only database user refuse only at commit.

        Raises
        ------
        StoreUnavailable
            Nothing can be written to the store.
        """
        key = f"check:{secrets.token_hex(8)}"  # unique: servers may check one database at once
        try:
            with self._sessions.begin() as db:
                db.add(Meta(key=key, value=_now().isoformat()))
            with self._sessions.begin() as db:
                db.execute(delete(Meta).where(Meta.key == key))
        except STORE_FAULTS as error:
            raise unavailable(self.url, error) from error

    def _ensure_schema(self) -> None:
        ensure_schema(self.engine, self.url)

    def schema_version(self) -> int:
        with self._sessions() as db:
            return int(db.get(Meta, "schema_version").value)

    # -- workshops ----------------------------------------------------------------------------

    def create_workshop(self, title: str) -> NewWorkshop:
        key = new_secret()
        for _ in range(20):
            code = new_code()
            try:
                with self._sessions.begin() as db:
                    db.add(
                        WorkshopRow(
                            code=code,
                            title=title.strip()[:200] or "Workshop",
                            key_hash=_hash(key),
                            created_at=_now(),
                            closed=False,
                            revealed=[],
                        )
                    )
                return NewWorkshop(code, key)
            except IntegrityError:
                continue
        raise StoreError("kunne ikke finde en ledig workshopkode")

    def _workshop_row(self, db: Session, code: str) -> WorkshopRow | None:
        return db.scalar(select(WorkshopRow).where(WorkshopRow.code == normalise_code(code)))

    def workshop(self, code: str) -> Workshop | None:
        with self._sessions() as db:
            row = self._workshop_row(db, code)
            if row is None:
                return None
            return Workshop(row.code, row.title, row.closed, frozenset(row.revealed or []))

    def is_facilitator(self, code: str, key: str) -> bool:
        with self._sessions() as db:
            row = self._workshop_row(db, code)
            return row is not None and hmac.compare_digest(row.key_hash, _hash(str(key)))

    def _facilitated(self, db: Session, code: str, key: str) -> WorkshopRow:
        """The workshop, if ``key`` is its facilitator key or a grant made from it."""
        row = self._workshop_row(db, code)
        key = str(key)
        if row is None or not (
            hmac.compare_digest(row.key_hash, _hash(key))
            or hmac.compare_digest(grant_for(row.key_hash).encode(), key.encode())
        ):
            raise PermissionError("forkert workshopkode eller facilitatornøgle")
        return row

    def facilitator_grant(self, code: str, key: str) -> str | None:
        """What a signed-in facilitator's session keeps instead of the key (``None``: wrong key).

        Derived from the stored hash, so it opens this workshop's facilitator methods like the
        key does, but a session cookie that is read cannot give the key away.
        """
        with self._sessions() as db:
            row = self._workshop_row(db, code)
            if row is None or not hmac.compare_digest(row.key_hash, _hash(str(key))):
                return None
            return grant_for(row.key_hash)

    # -- answers ------------------------------------------------------------------------------

    def workshop_answers(self, code: str, key: str):
        """Every answer in the workshop as a pandas DataFrame (facilitator only)."""
        import pandas as pd

        with self._sessions() as db:
            workshop = self._facilitated(db, code, key)
            rows = db.execute(
                select(
                    ParticipantRow.nickname,
                    AnswerRow.exercise,
                    AnswerRow.item,
                    AnswerRow.step,
                    AnswerRow.value,
                    AnswerRow.submitted_at,
                )
                .join(ParticipantRow, AnswerRow.participant_id == ParticipantRow.id)
                .where(ParticipantRow.workshop_id == workshop.id)
                .order_by(AnswerRow.id)
            ).all()
        columns = ["kaldenavn", "øvelse", "emne", "trin", "svar", "tidspunkt"]
        return pd.DataFrame([tuple(r) for r in rows], columns=columns)
