"""One participant's request in the room, in as few round trips as the store allows.

Every call of a participant's page (the screen, an answer, the fetch after a push) needs three
things: who the token belongs to, what the room does now, and the participant's own answers to
the room's current item.  :meth:`ParticipantStore.participant_context` reads them with two
queries on one connection, and :meth:`ParticipantStore.store_answer` writes an answer with one
INSERT in its own transaction.  They use SQLAlchemy Core rather than ORM objects: a hall of
participants makes these calls several hundred times a second, and an ORM session, identity map
and flush cost several times the query itself.  No widgets here.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from .store_room import RoomState, hash_secret, now, room_state_of
from .store_tables import AnswerRow, Participant, ParticipantRow, RoomRow, WorkshopRow

MIN_TOKEN, MAX_TOKEN = 20, 64

_workshop = WorkshopRow.__table__.c
_participant = ParticipantRow.__table__.c
_room = RoomRow.__table__.c
_answer = AnswerRow.__table__.c

# The participant, their workshop and its room in one row (the room may not exist yet).
_CONTEXT = (
    select(
        _participant.id,
        _participant.nickname,
        _participant.resume_hash,
        _workshop.code,
        _workshop.title,
        _workshop.closed,
        _room.exercise,
        _room.item,
        _room.is_open,
        _room.released,
        _room.timer_ends_at,
        _room.version,
    )
    .select_from(
        WorkshopRow.__table__.join(
            ParticipantRow.__table__, _participant.workshop_id == _workshop.id
        ).outerjoin(RoomRow.__table__, _room.workshop_id == _workshop.id)
    )
    .where(_workshop.code == bindparam("code"), _participant.resume_hash == bindparam("digest"))
)
# Built once with bound parameters: building a statement per call costs more than running it.
_OWN_ANSWERS = (
    select(_answer.step, _answer.value)
    .where(
        _answer.participant_id == bindparam("participant"),
        _answer.exercise == bindparam("exercise"),
        _answer.item == bindparam("item"),
    )
    .order_by(_answer.id)
)

_INSERT = insert(AnswerRow.__table__)


@dataclass(frozen=True)
class ParticipantContext:
    """What one participant's request needs: who, what the room does now, their answers."""

    participant: Participant
    state: RoomState
    answers: tuple[tuple[str, Any], ...]
    """The participant's own answers ``(step, value)`` to the room's current item, oldest
    first (empty when the room has no item)."""


class ParticipantStore:
    """The participant's fast path of :class:`~lises.workshop.store.Store` (mixed into it)."""

    def participant_context(self, code: str, token: str) -> ParticipantContext | None:
        """The participant whose token this is, in this workshop only, with the room's state and
        their answers to its current item; ``None`` for an unknown code or a wrong token."""
        if not isinstance(token, str) or not MIN_TOKEN <= len(token) <= MAX_TOKEN:
            return None
        digest = hash_secret(token)
        with self.engine.connect() as connection:
            row = connection.execute(_CONTEXT, {"code": code, "digest": digest}).first()
            if row is None or not hmac.compare_digest(row.resume_hash, digest):
                return None
            state = room_state_of(row, row if row.version is not None else None)
            answers: tuple[tuple[str, Any], ...] = ()
            if state.exercise and state.item:
                answers = tuple(
                    (step, value)
                    for step, value in connection.execute(
                        _OWN_ANSWERS,
                        {"participant": row.id, "exercise": state.exercise, "item": state.item},
                    )
                )
        return ParticipantContext(Participant(row.id, row.code, row.nickname), state, answers)

    def store_answer(
        self, participant: Participant, exercise: str, item: str, step: str, value: Any
    ) -> bool:
        """Store one answer of a participant just read by :meth:`participant_context`; return
        False if this step was already answered (the first answer stands).

        The caller has checked the answer (the exercise's session, and
        :func:`~lises.workshop.recorder.check_free_text` on its text); here it is only refused
        when it is not plain data (``TypeError``).  The database's unique key (participant,
        exercise, item, step) makes a retry or a race land once.
        """
        json.dumps(value)  # refuse anything that is not plain data before touching the database
        try:
            with self._writing, self.engine.begin() as connection:
                connection.execute(
                    _INSERT,
                    {
                        "participant_id": participant.id,
                        "exercise": exercise,
                        "item": item,
                        "step": step,
                        "value": value,
                        "submitted_at": now(),
                        "hidden": False,
                    },
                )
            return True
        except IntegrityError:
            return False
