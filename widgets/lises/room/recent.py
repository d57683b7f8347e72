"""One computation for many readers: the facilitator's overview and the projector, per room.

Both read every participant's answers to the current item and replay each through its session
(about 0.2 s for 450 people).  Every open facilitator tab and projector asks every few seconds, so
at a conference the same work would be done over and over while participants wait for their
answers.  :class:`Recent` keeps each result for a short time, keyed by the room's version, so a
facilitator's change (a new item, a release, a hidden answer) is seen at once, and new answers
within ``seconds``.  Readers arriving while a result is being made wait for it instead of making
it again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any


class Recent:
    """Results of ``function`` by key, each kept for ``seconds`` (thread-safe).

    Parameters
    ----------
    function : callable
        What to compute; called with the arguments given to :meth:`get`.
    seconds : float
        How long a result is served before it is made again.
    """

    def __init__(self, function: Callable[..., Any], seconds: float = 2.0, size: int = 64):
        self.function = function
        self.seconds = seconds
        self.size = size
        self._results: dict[Hashable, tuple[float, Any]] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: Hashable, *args: Any) -> Any:
        """The result for ``key``: a recent one, or ``function(*args)`` made now."""
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            made = self._results.get(key)
            if made is not None and time.monotonic() - made[0] < self.seconds:
                return made[1]
            value = self.function(*args)
            with self._guard:
                if len(self._results) >= self.size:  # old rooms and versions: start afresh
                    self._results.clear()
                    self._locks = {key: lock}
                self._results[key] = (time.monotonic(), value)
            return value
