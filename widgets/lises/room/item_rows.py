"""One item's answers for the room's views, read from the store only from where the last read
ended.

The facilitator's overview and the projector read every answer to the current item every few
seconds: in a hall some ten thousand rows, each with a JSON value to decode, while only the
newest few hundred are new.  :class:`ItemRows` keeps the rows of a view between refreshes and
asks the store only for rows with a higher id.

Ids are handed out when a row is inserted, and on PostgreSQL two answers may commit in the other
order, so a row with a lower id can become visible after one with a higher id.  An answer is one
short INSERT that commits at once, so the reads start from the highest id seen by a read made at
least :data:`LAG_SECONDS` ago, not the highest id seen: a late row is still read, and a row read
twice is kept once.  A change the facilitator makes (a hidden answer, a release) raises the
room's version, which starts the kept rows afresh, so a changed row is read again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

LAG_SECONDS = 5.0
"""How far back a read reaches for rows committed after a row with a higher id."""


@dataclass
class _Kept:
    by_id: dict[int, Any] = field(default_factory=dict)
    reads: list[tuple[float, int]] = field(default_factory=list)
    """(when, the highest id then) of every read in the last :data:`LAG_SECONDS`, and one
    before them."""
    ordered: list[Any] = field(default_factory=list)

    def after(self, moment: float) -> int:
        """The id from which the next read starts."""
        old = [top for when, top in self.reads if moment - when >= LAG_SECONDS]
        return max(old, default=0)

    def merge(self, rows: list[Any], ident: Callable[[Any], int], moment: float) -> None:
        top = max(self.by_id, default=0)
        late = False
        for row in rows:
            number = ident(row)
            if number not in self.by_id:
                self.by_id[number] = row
                late = late or number < top
                if not late:
                    self.ordered.append(row)
        if late:
            self.ordered = [self.by_id[n] for n in sorted(self.by_id)]
        self.reads.append((moment, max(self.by_id, default=0)))
        # Keep the reads that may still set the start, and the newest one older than the lag.
        recent = [r for r in self.reads if moment - r[0] < LAG_SECONDS]
        older = [r for r in self.reads if moment - r[0] >= LAG_SECONDS]
        self.reads = older[-1:] + recent


class ItemRows:
    """Rows of one view by key (the room, its item and its version), kept between refreshes.

    Parameters
    ----------
    ident : callable
        The id of a row (the answer's id).
    size : int
        The most keys kept (rooms, items, versions); the oldest goes first.
    """

    def __init__(self, ident: Callable[[Any], int], size: int = 16):
        self.ident = ident
        self.size = size
        self._kept: dict[Hashable, _Kept] = {}
        self._lock = threading.Lock()

    def rows(self, key: Hashable, read: Callable[[int], list[Any]]) -> list[Any]:
        """Every row for ``key``, oldest id first: the kept ones and ``read(after_id)``'s.

        ``read`` returns the rows with an id above its argument (the store's query).
        """
        with self._lock:
            kept = self._kept.pop(key, None) or _Kept()
            while len(self._kept) >= self.size:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = kept  # the newest key last
            moment = time.monotonic()
            kept.merge(read(kept.after(moment)), self.ident, moment)
            return list(kept.ordered)
