"""The query string of the page a Voilà kernel serves (``gribning.ipynb?uddrag=<id>``), without
importing Voilà itself into the kernel (it pulls in the whole server stack: tens of MB per page).

Without a preheated kernel Voilà puts the query string in the kernel's environment.  A
preheated kernel ran its notebook before anyone asked for the page; Voilà then sends the
request's details over a websocket once the page is requested, which is what this waits for,
in a thread, so the exercise is built in advance.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Callable
from urllib.parse import parse_qs


def _request_info_url() -> str:
    # The same address Voilà's own helper (voila.utils.wait_for_request) uses.
    protocol = os.getenv("VOILA_WS_PROTOCOL", "ws")
    host = os.getenv("VOILA_APP_IP", "127.0.0.1")
    port = os.getenv("VOILA_APP_PORT", "8866")
    base = os.getenv("VOILA_WS_BASE_URL", os.getenv("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{os.getenv('VOILA_KERNEL_ID', '')}"


async def _receive(url: str) -> str | None:
    import websockets

    try:
        async with websockets.connect(url, open_timeout=10) as socket:
            return await socket.recv()
    except Exception:
        return None


# Voilà keeps one waiting socket per kernel (the last one to connect), so every callback in a
# kernel shares a single wait: a second socket would silently starve the first.
_lock = threading.Lock()
_waiting: list[Callable[[dict[str, list[str]]], None]] = []
_received: dict[str, list[str]] | None = None
_started = False


def _deliver(callback: Callable[[dict[str, list[str]]], None], query: dict) -> None:
    try:
        callback(query)
    except Exception:  # a malformed request must not disturb the exercise
        return


def _wait() -> None:
    global _received
    info = asyncio.new_event_loop().run_until_complete(_receive(_request_info_url()))
    try:
        query = parse_qs(json.loads(info or "{}").get("QUERY_STRING", ""))
    except Exception:  # a malformed request: no callback is called, as before
        query = None
    with _lock:
        _received = query if query is not None else {}
        callbacks, _waiting[:] = list(_waiting), []
    if query is not None:
        for callback in callbacks:
            _deliver(callback, query)


def on_query(callback: Callable[[dict[str, list[str]]], None]) -> None:
    """Call ``callback`` with the page's query parameters once they are known (in Voilà only)."""
    global _started
    if os.getenv("VOILA_PREHEAT", "False") != "True":
        if "QUERY_STRING" in os.environ:
            callback(parse_qs(os.environ["QUERY_STRING"]))
        return
    with _lock:
        query = _received
        if query is None:
            _waiting.append(callback)
            start, _started = not _started, True
    if query is not None:
        _deliver(callback, query)
    elif start:
        threading.Thread(target=_wait, daemon=True).start()
