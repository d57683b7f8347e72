"""Every participant's session for the room's views, replayed only as far as is new.

The facilitator's overview and the projector show what each participant's session accepted, so
both replay every participant's answers to the current item.  In a hall that is 450 sessions and
some ten thousand answers, every few seconds, while a participant's answers only ever grow.
:class:`Replays` keeps each participant's session with the ids of the answers it has taken, and
on the next refresh applies only the answers that came since; a list that does not continue the
one kept (an answer hidden or removed, another item file) is replayed from the start.  The
sessions are the views' own: nothing outside the views reads or changes them, and one lock keeps
two views of one process from extending a session at the same time.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .screens import find, resume


@dataclass
class _Kept:
    data: Any
    """The item the session was made for (a changed file is a new object)."""
    ids: tuple[int, ...]
    session: Any


class Replays:
    """Sessions of one view, by participant, extended with new answers only.

    Parameters
    ----------
    size : int
        The most sessions kept; beyond it the cache starts afresh (a new item, old rooms).
    """

    def __init__(self, size: int = 5000):
        self.size = size
        self.lock = threading.RLock()
        """Held by a view while it replays and reads the sessions (see :meth:`sessions`)."""
        self._kept: dict[tuple[Hashable, str, str, int], _Kept] = {}

    def sessions(
        self, room: Hashable, kind: str, item: str, grouped: Mapping[int, Sequence[Any]]
    ) -> dict:
        """Each participant's session after their answers ``grouped[pid]`` (rows with ``id``,
        ``step`` and ``value``, oldest first).  Call and read the sessions with :attr:`lock`
        held: the next call may extend them.

        ``room`` says whose participants these are (the store's URL and the room's code):
        participant and answer ids are numbers of one database.

        Raises
        ------
        StepError
            For an unknown kind or item.
        """
        data = find(kind, item)
        if len(self._kept) > self.size:
            self._kept.clear()
        out = {}
        for pid, rows in grouped.items():
            ids = tuple(row.id for row in rows)
            kept = self._kept.get((room, kind, item, pid))
            if kept is None or kept.data is not data or ids[: len(kept.ids)] != kept.ids:
                session = resume(kind, item, [(row.step, row.value) for row in rows])
                kept = self._kept[(room, kind, item, pid)] = _Kept(data, ids, session)
            elif len(ids) > len(kept.ids):
                kept.session.replay([(row.step, row.value) for row in rows[len(kept.ids) :]])
                kept.ids = ids
            out[pid] = kept.session
        return out
