"""Push: every open page learns at once that the room changed, in every server process.

The facilitator's changes raise the room's ``version`` in the store
(:meth:`~lises.workshop.store.Store.room_version`).  Each server process runs one small poll per
room that has listeners (one query every :data:`POLL_SECONDS`, however many pages listen) and
wakes every listener of that room when the number moves; a page then fetches what it shows.  So a
release made through one process behind a load balancer reaches the participants connected to
another one through the database alone, on SQLite and PostgreSQL alike, without a message bus.

The stream is server-sent events (``sse-starlette``): ``data: {"version": N}`` on connect and on
every change, a comment ping every 15 s so proxies keep the connection, and ``retry: 2000`` so a
browser whose connection dropped reconnects after two seconds by itself.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress

from sse_starlette import EventSourceResponse, ServerSentEvent

log = logging.getLogger(__name__)

POLL_SECONDS = 0.3
PING_SECONDS = 15
RETRY_MS = 2000
# The polls have threads of their own: in a busy hall they must not wait behind the answers,
# or the release would reach the phones only when the queue of answers had been worked off.
_POLL_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="lises-push")


class _Feed:
    """One room's latest version in this process and the event its listeners wait on."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.changed = asyncio.Event()
        self.listeners = 0
        self.task: asyncio.Task | None = None

    def update(self, version: int | None) -> None:
        if version is not None and version != self.version:
            self.version = version
            woken, self.changed = self.changed, asyncio.Event()
            woken.set()


class Push:
    """The push hub of one server process.

    Parameters
    ----------
    version_of : callable
        ``code -> int | None``: the room's version in the store (blocking; run in a thread).
    interval : float
        Seconds between two polls of one room.
    """

    def __init__(self, version_of: Callable[[str], int | None], interval: float = POLL_SECONDS):
        self.version_of = version_of
        self.interval = interval
        self._feeds: dict[str, _Feed] = {}

    def listeners(self, code: str | None = None) -> int:
        """How many streams this process holds open (for one room, or for all)."""
        if code is not None:
            feed = self._feeds.get(code)
            return feed.listeners if feed else 0
        return sum(feed.listeners for feed in self._feeds.values())

    def changed_here(self, code: str, version: int) -> None:
        """A change made through this process: wake its listeners without waiting for a poll."""
        feed = self._feeds.get(code)
        if feed is not None:
            feed.update(version)

    async def _poll(self, code: str, feed: _Feed) -> None:
        while True:
            try:
                loop = asyncio.get_running_loop()
                feed.update(await loop.run_in_executor(_POLL_POOL, self.version_of, code))
            except Exception:  # a database hiccup must not end the room's push
                log.warning("Rummets version kunne ikke læses (%s); prøver igen.", code)
            await asyncio.sleep(self.interval)

    async def versions(self, code: str, first: int) -> AsyncIterator[int]:
        """The room's version now and after every change, until the listener goes away."""
        feed = self._feeds.get(code)
        if feed is None:
            feed = self._feeds[code] = _Feed()
            feed.update(first)
            feed.task = asyncio.create_task(self._poll(code, feed))
        feed.listeners += 1
        try:
            sent = feed.version if feed.version is not None else first
            yield sent
            while True:
                await feed.changed.wait()
                if feed.version != sent:
                    sent = feed.version
                    yield sent
        finally:
            feed.listeners -= 1
            if feed.listeners == 0 and self._feeds.get(code) is feed:
                del self._feeds[code]
                if feed.task is not None:
                    feed.task.cancel()

    async def close(self) -> None:
        """Stop every poll (at shutdown)."""
        for feed in list(self._feeds.values()):
            if feed.task is not None:
                feed.task.cancel()
                with suppress(asyncio.CancelledError):
                    await feed.task
        self._feeds.clear()

    def response(self, code: str, first: int) -> EventSourceResponse:
        """The event stream of one room for one page."""

        async def events() -> AsyncIterator[ServerSentEvent]:
            async for version in self.versions(code, first):
                yield ServerSentEvent(data=json.dumps({"version": version}), retry=RETRY_MS)

        return EventSourceResponse(events(), ping=PING_SECONDS, send_timeout=30)
