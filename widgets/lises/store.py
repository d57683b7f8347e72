"""The workshop store: workshops, pseudonymous participants and every answer they submit.

SQLAlchemy over a SQLite file by default (``LISES_STORE_URL`` unset: ``.state/workshops.sqlite``
in the course folder, never tracked) or any database URL, e.g. PostgreSQL
(``postgresql+psycopg://user@host/db``) for a server or several servers behind one database.

An answer is one event in a participant's way through one item of one exercise, keyed by
``(participant, exercise, item, step)``: the same answer sent twice (a double click, a retry, a
reload that replays) is stored once, and the first value stands.  Each answer is committed in
its own transaction before the exercise moves on, so an answer the learner has seen accepted
survives a crash of the server.  No widgets here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from .pseudonyms import JoinError, check_nickname, new_code, new_secret, normalise_code

SCHEMA_VERSION = 1
DEFAULT_PATH = Path(__file__).resolve().parents[2] / ".state" / "workshops.sqlite"


class Base(DeclarativeBase):
    pass


class Meta(Base):
    __tablename__ = "lises_meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class WorkshopRow(Base):
    __tablename__ = "workshops"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    revealed: Mapped[list] = mapped_column(JSON, default=list)


class ParticipantRow(Base):
    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("workshop_id", "nickname_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    nickname: Mapped[str] = mapped_column(String(40))
    nickname_key: Mapped[str] = mapped_column(String(40))
    resume_hash: Mapped[str] = mapped_column(String(64))
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AnswerRow(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("participant_id", "exercise", "item", "step"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    exercise: Mapped[str] = mapped_column(String(40))
    item: Mapped[str] = mapped_column(String(80))
    step: Mapped[str] = mapped_column(String(80))
    value: Mapped[Any] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Workshop:
    code: str
    title: str
    closed: bool
    revealed: frozenset[str]


@dataclass(frozen=True)
class NewWorkshop:
    """A workshop just created: the code for the room and the facilitator's secret key."""

    code: str
    facilitator_key: str


@dataclass(frozen=True)
class Participant:
    id: int
    workshop: str
    nickname: str
    resume_key: str | None = None
    """Only set when the participant has just joined: shown once, needed to resume."""


@dataclass(frozen=True)
class Answer:
    exercise: str
    item: str
    step: str
    value: Any
    submitted_at: datetime


class StoreError(RuntimeError):
    """The store cannot be used (e.g. written by a newer version of the course)."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


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


class Store:
    """Access to the workshop database (safe to share across threads; one per process)."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        if self.url.startswith("sqlite:///") and not self.url.startswith("sqlite:///:memory:"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(self.url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        Base.metadata.create_all(self.engine)
        with self._sessions.begin() as db:
            row = db.get(Meta, "schema_version")
            if row is None:
                try:
                    db.add(Meta(key="schema_version", value=str(SCHEMA_VERSION)))
                    db.flush()
                except IntegrityError:  # another process created it at the same moment
                    db.rollback()
                    return
            elif int(row.value) > SCHEMA_VERSION:
                raise StoreError(
                    f"databasen har skemaversion {row.value}, men kurset kender kun "
                    f"{SCHEMA_VERSION}: opdatér kurset"
                )

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
        row = self._workshop_row(db, code)
        if row is None or not hmac.compare_digest(row.key_hash, _hash(str(key))):
            raise PermissionError("forkert workshopkode eller facilitatornøgle")
        return row

    def set_revealed(self, code: str, key: str, exercise: str, revealed: bool = True) -> None:
        with self._sessions.begin() as db:
            row = self._facilitated(db, code, key)
            shown = set(row.revealed or [])
            shown = shown | {exercise} if revealed else shown - {exercise}
            row.revealed = sorted(shown)

    def close_workshop(self, code: str, key: str) -> None:
        with self._sessions.begin() as db:
            self._facilitated(db, code, key).closed = True

    # -- participants -------------------------------------------------------------------------

    def join(self, code: str, nickname: str, resume_key: str | None = None) -> Participant:
        """Join a workshop under a nickname, or resume as that nickname with its resume key."""
        nickname = check_nickname(nickname)
        with self._sessions.begin() as db:
            workshop = self._workshop_row(db, code)
            if workshop is None:
                raise JoinError("Der findes ingen workshop med den kode. Tjek koden.")
            existing = db.scalar(
                select(ParticipantRow).where(
                    ParticipantRow.workshop_id == workshop.id,
                    ParticipantRow.nickname_key == nickname.casefold(),
                )
            )
            if existing is not None:
                if resume_key and hmac.compare_digest(
                    existing.resume_hash, _hash(resume_key.strip().upper())
                ):
                    return Participant(existing.id, workshop.code, existing.nickname)
                raise JoinError(
                    "Kaldenavnet er allerede i brug i denne workshop. Vælg et andet, eller skriv "
                    "din genoptagelseskode, hvis det er dit."
                )
            if workshop.closed:
                raise JoinError("Workshoppen er lukket for nye deltagere.")
            resume = new_code(6)
            row = ParticipantRow(
                workshop_id=workshop.id,
                nickname=nickname,
                nickname_key=nickname.casefold(),
                resume_hash=_hash(resume),
                joined_at=_now(),
            )
            db.add(row)
            db.flush()
            return Participant(row.id, workshop.code, nickname, resume)

    # -- answers ------------------------------------------------------------------------------

    def submit(self, participant: Participant, exercise: str, item: str, step: str, value) -> bool:
        """Store one answer; return False if this step was already answered (kept as it was)."""
        json.dumps(value)  # refuse anything that is not plain data before touching the database
        try:
            with self._sessions.begin() as db:
                workshop = db.get(WorkshopRow, self._workshop_id(db, participant))
                if workshop is None or workshop.closed:
                    raise JoinError("Workshoppen er lukket: svaret blev ikke gemt.")
                db.add(
                    AnswerRow(
                        participant_id=participant.id,
                        exercise=exercise,
                        item=item,
                        step=step,
                        value=value,
                        submitted_at=_now(),
                    )
                )
            return True
        except IntegrityError:
            return False

    def _workshop_id(self, db: Session, participant: Participant) -> int | None:
        return db.scalar(
            select(ParticipantRow.workshop_id).where(ParticipantRow.id == participant.id)
        )

    def answers(self, participant: Participant, exercise: str | None = None) -> list[Answer]:
        """The participant's own answers, in the order they were given."""
        query = select(AnswerRow).where(AnswerRow.participant_id == participant.id)
        if exercise is not None:
            query = query.where(AnswerRow.exercise == exercise)
        with self._sessions() as db:
            rows = db.scalars(query.order_by(AnswerRow.id)).all()
            return [Answer(r.exercise, r.item, r.step, r.value, r.submitted_at) for r in rows]

    def count_answers(self) -> int:
        with self._sessions() as db:
            return db.scalar(select(func.count(AnswerRow.id)))

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

    def workshop_participants(self, code: str, key: str) -> list[str]:
        with self._sessions() as db:
            workshop = self._facilitated(db, code, key)
            return list(
                db.scalars(
                    select(ParticipantRow.nickname)
                    .where(ParticipantRow.workshop_id == workshop.id)
                    .order_by(ParticipantRow.id)
                )
            )
