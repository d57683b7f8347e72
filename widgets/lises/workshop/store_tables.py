"""The workshop store's tables and the frozen values it hands out (see :mod:`.store`).

The tables are made and changed by the Alembic migrations in ``migrations/versions/``
(:mod:`.store_schema`); ``SCHEMA_REVISION`` is the newest of them, so that opening a current store
needs no Alembic.  ``SCHEMA_VERSION`` in ``lises_meta`` is what the code before migrations
checked: raise it when a change would break that code, which then refuses the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = 1
SCHEMA_REVISION = "0002"


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
    resume_hash: Mapped[str] = mapped_column(String(64), index=True)
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
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """The facilitator took this free-text answer off the projector (it stays in the export)."""


class RoomRow(Base):
    """What a room server's participants do now: one row per workshop, made on first use."""

    __tablename__ = "rooms"
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), primary_key=True)
    exercise: Mapped[str | None] = mapped_column(String(40), nullable=True)
    item: Mapped[str | None] = mapped_column(String(80), nullable=True)
    is_open: Mapped[bool] = mapped_column(Boolean, default=False)
    released: Mapped[list] = mapped_column(JSON, default=list)
    """``exercise/item`` of every item whose key the facilitator has released."""
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    """Raised by every change the facilitator makes: the servers' push follows it."""


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
