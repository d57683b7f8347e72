"""The room server's part of the store: what the room does now, tokens, and the room's answers.

A room is a workshop run by the kernel-free room server (:mod:`lises.room`).  The facilitator
decides what every participant does now (one exercise and one item of it), opens and closes it,
releases its key and may start a timer; each change raises the room's ``version``, which every
server process polls to push the change to its participants, so processes behind a load balancer
agree through the database alone.

A participant joins under a nickname and gets a token (a secret kept in the browser, stored here
only as its hash), with which a reload resumes.  Facilitator methods check the key (or the grant
made from it) like :meth:`Store.workshop_answers` and raise ``PermissionError`` for a wrong one.
No widgets here.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lises.privacy.pseudonyms import JoinError, check_nickname

from .store_tables import AnswerRow, Participant, ParticipantRow, RoomRow, WorkshopRow

MAX_TIMER_SECONDS = 4 * 60 * 60
TOKEN_BYTES = 24  # 32 characters of URL-safe base64


def hash_secret(secret: str) -> str:
    """The stored form of a facilitator key or a participant's token."""
    return hashlib.sha256(secret.encode()).hexdigest()


def grant_for(key_hash: str) -> str:
    """The facilitator's session grant: derived from the stored hash, never the key itself."""
    return hmac.new(key_hash.encode(), b"lises-rum-facilitator", hashlib.sha256).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RoomState:
    """What the room does now, as every participant's page shows it."""

    code: str
    title: str
    exercise: str | None
    item: str | None
    is_open: bool
    released: bool
    """The key is released for the current exercise and item."""
    closed: bool
    """The workshop takes no new participants."""
    timer_ends_at: datetime | None
    version: int


@dataclass(frozen=True)
class RoomAnswer:
    """One answer in the room, without the participant's nickname (for the projector)."""

    id: int
    participant_id: int
    step: str
    value: Any
    hidden: bool


@dataclass(frozen=True)
class ExportAnswer:
    """One answer with its participant's nickname (for the facilitator's export)."""

    nickname: str
    exercise: str
    item: str
    step: str
    value: Any
    submitted_at: datetime
    hidden: bool


# The version of a workshop's room (Core: every server process runs it several times a second).
_VERSION = (
    select(RoomRow.__table__.c.version)
    .select_from(
        WorkshopRow.__table__.outerjoin(
            RoomRow.__table__, RoomRow.__table__.c.workshop_id == WorkshopRow.__table__.c.id
        )
    )
    .where(WorkshopRow.__table__.c.code == bindparam("code"))
)


# One item's answers with their participants (Core and bound parameters: the facilitator's page
# and the projector read them every few seconds, thousands of rows in a hall).
_ITEM_ANSWERS = (
    select(
        AnswerRow.__table__.c.id,
        AnswerRow.__table__.c.participant_id,
        AnswerRow.__table__.c.step,
        AnswerRow.__table__.c.value,
        AnswerRow.__table__.c.hidden,
        ParticipantRow.__table__.c.nickname,
    )
    .select_from(
        AnswerRow.__table__.join(
            ParticipantRow.__table__,
            AnswerRow.__table__.c.participant_id == ParticipantRow.__table__.c.id,
        ).join(
            WorkshopRow.__table__,
            ParticipantRow.__table__.c.workshop_id == WorkshopRow.__table__.c.id,
        )
    )
    .where(
        WorkshopRow.__table__.c.code == bindparam("code"),
        AnswerRow.__table__.c.exercise == bindparam("exercise"),
        AnswerRow.__table__.c.item == bindparam("item"),
        AnswerRow.__table__.c.id > bindparam("after"),
    )
    .order_by(AnswerRow.__table__.c.id)
)


def _room_answer(row: Any) -> RoomAnswer:
    return RoomAnswer(row.id, row.participant_id, row.step, row.value, row.hidden)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored as UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _room_row(db: Session, workshop: WorkshopRow) -> RoomRow:
    row = db.get(RoomRow, workshop.id)
    if row is None:
        row = RoomRow(workshop_id=workshop.id, is_open=False, released=[], version=0)
        db.add(row)
        db.flush()
    return row


def room_state_of(workshop: Any, room: Any | None) -> RoomState:
    """The room's state from a workshop and its room (rows or ORM objects with their columns'
    names; ``room`` is ``None`` before the facilitator's first change)."""
    exercise = room.exercise if room else None
    item = room.item if room else None
    released = bool(exercise and f"{exercise}/{item}" in (room.released or []))
    return RoomState(
        code=workshop.code,
        title=workshop.title,
        exercise=exercise,
        item=item,
        is_open=bool(room and room.is_open),
        released=released,
        closed=workshop.closed,
        timer_ends_at=_aware(room.timer_ends_at) if room else None,
        version=room.version if room else 0,
    )


class RoomStore:
    """The room's methods of :class:`~lises.workshop.store.Store` (mixed into it)."""

    # -- participants -------------------------------------------------------------------------

    def join_room(self, code: str, nickname: str) -> tuple[Participant, str]:
        """Join under ``nickname``; return the participant and the token that resumes them.

        Raises
        ------
        JoinError
            A nickname the guard refuses, an unknown code, a nickname already taken, or a
            workshop closed to new participants (one Danish sentence each).
        """
        nickname = check_nickname(nickname)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        try:
            with self._writing, self._sessions.begin() as db:
                workshop = self._workshop_row(db, code)
                if workshop is None:
                    raise JoinError("Der findes ingen workshop med den kode. Tjek koden.")
                if workshop.closed:
                    raise JoinError("Workshoppen er lukket for nye deltagere.")
                row = ParticipantRow(
                    workshop_id=workshop.id,
                    nickname=nickname,
                    nickname_key=nickname.casefold(),
                    resume_hash=hash_secret(token),
                    joined_at=now(),
                )
                db.add(row)
                db.flush()
                return Participant(row.id, workshop.code, nickname), token
        except IntegrityError:
            raise JoinError(
                "Kaldenavnet er allerede i brug i denne workshop. Vælg et andet."
            ) from None

    def participant_count(self, code: str) -> int:
        with self._sessions() as db:
            workshop = self._workshop_row(db, code)
            if workshop is None:
                return 0
            return db.scalar(
                select(func.count(ParticipantRow.id)).where(
                    ParticipantRow.workshop_id == workshop.id
                )
            )

    # -- the room's state ---------------------------------------------------------------------

    def room_state(self, code: str) -> RoomState | None:
        with self._sessions() as db:
            workshop = self._workshop_row(db, code)
            if workshop is None:
                return None
            return room_state_of(workshop, db.get(RoomRow, workshop.id))

    def room_version(self, code: str) -> int | None:
        """The room's version (one small query: every server process polls it)."""
        with self.engine.connect() as connection:
            row = connection.execute(_VERSION, {"code": code}).first()
        return None if row is None else row.version or 0

    def _change(self, code: str, key: str, change) -> RoomState:
        with self._sessions.begin() as db:
            workshop = self._facilitated(db, code, key)
            room = _room_row(db, workshop)
            change(workshop, room)
            # An UPDATE that adds one, not a read-modify-write: two facilitators' tabs (or two
            # processes) changing the room at once still give two versions.
            db.execute(
                update(RoomRow)
                .where(RoomRow.workshop_id == workshop.id)
                .values(version=RoomRow.version + 1)
            )
            db.flush()
            db.refresh(room)
            return room_state_of(workshop, room)

    def set_activity(self, code: str, key: str, exercise: str, item: str) -> RoomState:
        """The room does ``item`` of ``exercise`` now: open for answers, timer off."""

        def change(_workshop, room):
            room.exercise, room.item = str(exercise)[:40], str(item)[:80]
            room.is_open, room.timer_ends_at = True, None

        return self._change(code, key, change)

    def set_open(self, code: str, key: str, is_open: bool) -> RoomState:
        def change(_workshop, room):
            room.is_open = bool(is_open)

        return self._change(code, key, change)

    def release(self, code: str, key: str, released: bool = True) -> RoomState:
        """Release (or take back) the key of the current item."""

        def change(_workshop, room):
            if room.exercise is None:
                raise ValueError("Vælg først, hvad rummet skal arbejde med.")
            name = f"{room.exercise}/{room.item}"
            shown = set(room.released or [])
            room.released = sorted(shown | {name} if released else shown - {name})

        return self._change(code, key, change)

    def set_timer(self, code: str, key: str, seconds: int | None) -> RoomState:
        """Start a timer of ``seconds`` (``None`` or 0 stops it)."""
        if seconds is not None and not 0 <= int(seconds) <= MAX_TIMER_SECONDS:
            raise ValueError("En timer kan højst gå 4 timer.")

        def change(_workshop, room):
            room.timer_ends_at = now() + timedelta(seconds=int(seconds)) if seconds else None

        return self._change(code, key, change)

    def set_closed(self, code: str, key: str, closed: bool) -> RoomState:
        """Close the workshop to new participants, or reopen it."""

        def change(workshop, _room):
            workshop.closed = bool(closed)

        return self._change(code, key, change)

    # -- the room's answers -------------------------------------------------------------------

    def hide_answer(self, code: str, key: str, answer_id: int, hidden: bool = True) -> None:
        """Take a free-text answer off the projector (or put it back); it stays in the export."""
        with self._sessions.begin() as db:
            workshop = self._facilitated(db, code, key)
            row = db.get(AnswerRow, int(answer_id))
            owner = row and db.get(ParticipantRow, row.participant_id)
            if owner is None or owner.workshop_id != workshop.id:
                raise LookupError("Svaret findes ikke i denne workshop.")
            row.hidden = bool(hidden)
            # The projectors follow the version: the answer leaves the wall at once.
            _room_row(db, workshop)
            db.execute(
                update(RoomRow)
                .where(RoomRow.workshop_id == workshop.id)
                .values(version=RoomRow.version + 1)
            )

    def item_answers(
        self, code: str, exercise: str, item: str, after_id: int = 0
    ) -> list[RoomAnswer]:
        """Every participant's answers to one item, oldest first, without nicknames (only those
        with an id above ``after_id``)."""
        values = {"code": code, "exercise": exercise, "item": item, "after": after_id}
        with self.engine.connect() as connection:
            rows = connection.execute(_ITEM_ANSWERS, values).all()
        return [_room_answer(row) for row in rows]

    def named_item_answers(
        self, code: str, key: str, exercise: str, item: str, after_id: int = 0
    ) -> list[tuple[str, RoomAnswer]]:
        """Every answer to one item with its participant's nickname, oldest first (only those
        with an id above ``after_id``; facilitator only: ``PermissionError`` for a wrong key)."""
        values = {"code": code, "exercise": exercise, "item": item, "after": after_id}
        with self._sessions() as db:
            self._facilitated(db, code, key)
            rows = db.connection().execute(_ITEM_ANSWERS, values)
            return [(row.nickname, _room_answer(row)) for row in rows]

    def export_answers(self, code: str, key: str) -> list[ExportAnswer]:
        """Every answer in the workshop with its nickname, oldest first (facilitator only)."""
        with self._sessions() as db:
            workshop = self._facilitated(db, code, key)
            rows = db.execute(
                select(ParticipantRow.nickname, AnswerRow)
                .join(ParticipantRow, AnswerRow.participant_id == ParticipantRow.id)
                .where(ParticipantRow.workshop_id == workshop.id)
                .order_by(AnswerRow.id)
            ).all()
            return [
                ExportAnswer(
                    nickname,
                    a.exercise,
                    a.item,
                    a.step,
                    a.value,
                    _aware(a.submitted_at),
                    a.hidden,
                )
                for nickname, a in rows
            ]
