"""The room's guards: security headers, the body-size limit, cross-site checks, CSRF, rate limits.

Everything here is plain ASGI or plain Python (no store, no templates), so the same guards stand in
front of every page, every JSON call and the push stream:

- :class:`Guard` is one ASGI middleware that adds the Content-Security-Policy and the other
  security headers to every response, refuses a body over :data:`MAX_BODY` bytes with 413 (by its
  ``Content-Length`` and, for a chunked body, while it is read), and refuses a state-changing
  request whose ``Origin`` names another host (403) before any endpoint sees it.
- :func:`csrf_ok` compares the facilitator session's CSRF token with the ``X-CSRF-Token`` header.
- :class:`SlidingWindow` and :class:`RateLimits` count joins and failed attempts (an unknown code,
  a token that is not the room's, a wrong facilitator key) per client IP and per room, in this
  process's memory: several processes each keep their own count, so the limit a guesser meets is
  at most the process count times the one configured.
"""

from __future__ import annotations

import hmac
import json
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 16 * 1024
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'"
)
# Referrer-Policy "same-origin", not "no-referrer": under "no-referrer" the browser sends
# "Origin: null" even on the page's own POSTs, and the cross-site check could not tell them apart.
HEADERS = {
    b"content-security-policy": CSP.encode(),
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
    b"x-frame-options": b"DENY",
    b"cross-origin-opener-policy": b"same-origin",
    b"cross-origin-resource-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=(), payment=()",
}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
TOO_LARGE = "Forespørgslen er for stor (højst 16 KB). Skriv et kortere svar."
OTHER_SITE = "Forespørgslen kom fra en anden side og blev afvist."
CSRF_REFUSED = "Handlingen blev afvist: siden er for gammel. Genindlæs siden, og prøv igen."
TOO_MANY = "For mange forsøg på kort tid. Vent et par minutter, og prøv igen."


class BodyTooLarge(Exception):
    """A request body grew past :data:`MAX_BODY` while it was read."""


def _json(status: int, message: str) -> list[Message]:
    body = json.dumps({"fejl": message}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json; charset=utf-8")]
    headers += [(b"content-length", str(len(body)).encode())]
    return [
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body},
    ]


def _same_origin(scope: Scope) -> bool:
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin")
    if origin is None or (origin == b"null" and scope["method"] in SAFE_METHODS):
        return True  # same-origin GETs and non-browser clients send no Origin
    host = headers.get(b"host", b"").decode("latin-1").lower()
    return urlparse(origin.decode("latin-1")).netloc.lower() == host


class Guard:
    """ASGI middleware: security headers on every response, 413 for big bodies, 403 cross-site.

    Parameters
    ----------
    app : ASGIApp
        The application behind the guard.
    max_body : int
        The largest request body accepted, in bytes.
    """

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS.items() if k not in present]
                if b"cache-control" not in present:
                    # Pages and answers are never cached; the static files are revalidated.
                    static = scope["path"].startswith("/static/")
                    extra.append((b"cache-control", b"no-cache" if static else b"no-store"))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        async def refuse(status: int, text: str) -> None:
            for message in _json(status, text):
                await send_with_headers(message)

        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await refuse(413, TOO_LARGE)
            return
        if scope["method"] not in SAFE_METHODS and not _same_origin(scope):
            await refuse(403, OTHER_SITE)
            return
        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await refuse(413, TOO_LARGE)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    """Whether the ``X-CSRF-Token`` header matches the session's token (constant time)."""
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))


@dataclass
class SlidingWindow:
    """At most ``limit`` events per key within the last ``seconds`` (in this process).

    Keys with no recent event are dropped now and then, so a stream of distinct addresses cannot
    grow the table without bound.
    """

    limit: int
    seconds: float
    clock: Callable[[], float] = time.monotonic
    _events: dict[str, deque] = field(default_factory=dict)

    def _recent(self, key: str) -> deque:
        events = self._events.setdefault(key, deque())
        horizon = self.clock() - self.seconds
        while events and events[0] <= horizon:
            events.popleft()
        return events

    def full(self, key: str) -> bool:
        """Whether ``key`` has used up its events (without counting one)."""
        return len(self._recent(key)) >= self.limit

    def add(self, key: str) -> None:
        if len(self._events) > 50_000:
            for stale in [k for k in self._events if not self._recent(k)]:
                del self._events[stale]
        self._recent(key).append(self.clock())

    def take(self, key: str) -> bool:
        """Count one event for ``key``; False (nothing counted) if the window is full."""
        if self.full(key):
            return False
        self.add(key)
        return True


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


@dataclass
class RateLimits:
    """How often one client address and one room may join or fail (per process).

    Joins are generous (a whole hall may share one address behind the venue's Wi-Fi and join
    within seconds); failures are what guessing produces (an unknown code, a token that is not the
    room's, a wrong facilitator key), so they are few.  The environment may raise or lower each:
    ``LISES_ROOM_JOINS_PER_MINUTE`` (per address and per room) and
    ``LISES_ROOM_FAILURES`` (per address per five minutes; a room allows five times as many).
    """

    joins: int = field(default_factory=lambda: _env_int("LISES_ROOM_JOINS_PER_MINUTE", 600))
    failures: int = field(default_factory=lambda: _env_int("LISES_ROOM_FAILURES", 60))

    def __post_init__(self) -> None:
        self.join_ip = SlidingWindow(self.joins, 60)
        self.join_room = SlidingWindow(self.joins, 60)
        self.fail_ip = SlidingWindow(self.failures, 300)
        self.fail_room = SlidingWindow(self.failures * 5, 300)

    def may_try(self, ip: str, room: str) -> bool:
        """Whether this address may try a join, resume or sign-in now (failures not used up)."""
        return not (self.fail_ip.full(ip) or self.fail_room.full(room))

    def may_join(self, ip: str, room: str) -> bool:
        if not self.may_try(ip, room) or self.join_ip.full(ip) or self.join_room.full(room):
            return False
        self.join_ip.add(ip)
        self.join_room.add(room)
        return True

    def failed(self, ip: str, room: str) -> None:
        self.fail_ip.add(ip)
        self.fail_room.add(room)
