"""What every room endpoint shares: the server's context, codes from the path, Danish errors.

The context (:class:`RoomServer`) lives in ``app.state.room``: the store, the push hub, the rate
limits and the templates.  Store calls block (SQLAlchemy), so endpoints run them in a thread pool
of the room's own with :func:`call`; a store that fails is answered with one Danish sentence
(503), never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.templating import Jinja2Templates

from lises.core.exercises import BY_NAME
from lises.privacy.pseudonyms import CODE_ALPHABET, normalise_code
from lises.workshop.store import STORE_FAULTS, Store
from lises.workshop.store_room import RoomState

from .push import Push
from .security import TOO_MANY, RateLimits

log = logging.getLogger("lises.room")

HERE = Path(__file__).resolve().parent
CODE = re.compile(f"[{CODE_ALPHABET}]{{4,12}}")
STORE_DOWN = "Rummets database svarer ikke lige nu. Vent lidt, og prøv igen."
NO_ROOM = "Der findes ingen workshop med den kode. Tjek koden."
T = TypeVar("T")


class StoreDown(Exception):
    """The store failed during a request (answered 503 in Danish)."""


@dataclass
class RoomServer:
    """One server process's shared parts (in ``request.app.state.room``)."""

    store: Store
    push: Push
    limits: RateLimits
    templates: Jinja2Templates
    public_url: str | None = None
    """The address participants use (``LISES_ROOM_URL``), when the server sits behind a proxy
    whose host name differs from what the request says."""


def server(request: Request) -> RoomServer:
    return request.app.state.room


STORE_THREADS = 8
"""Blocking calls (the store, a session's replay) a process runs at once.  More threads would
only queue for Python's global lock and the database's write lock, and a hall's first joins
would all start at once what one of them can do in a millisecond; fewer would leave the cores
idle while a thread waits for PostgreSQL."""
_STORE_POOL = ThreadPoolExecutor(max_workers=STORE_THREADS, thread_name_prefix="lises-rum")


async def call(function, *args: Any, **kwargs: Any) -> Any:
    """Run a blocking store call in the room's thread pool (:data:`STORE_THREADS`); a store
    fault becomes :class:`StoreDown`."""
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_STORE_POOL, partial(function, *args, **kwargs))
    except STORE_FAULTS as error:
        log.warning("Databasefejl: %s", type(error).__name__)
        raise StoreDown from error


def room_code(request: Request) -> str | None:
    """The workshop code in the path, normalised, or ``None`` if it cannot be a code."""
    code = normalise_code(request.path_params.get("code", ""))
    return code if CODE.fullmatch(code) else None


def client_ip(request: Request) -> str:
    # Behind a load balancer uvicorn's --proxy-headers puts the real address here.
    return request.client.host if request.client else "ukendt"


def error(status: int, message: str, **extra: Any) -> JSONResponse:
    """A JSON error with a Danish message under ``fejl``."""
    return JSONResponse({"fejl": message, **extra}, status_code=status)


def too_many() -> JSONResponse:
    return JSONResponse({"fejl": TOO_MANY}, status_code=429, headers={"Retry-After": "60"})


def join_url(request: Request, code: str) -> str:
    """The short link participants open: ``<base>/<CODE>``."""
    base = server(request).public_url or os.environ.get("LISES_ROOM_URL")
    if not base:
        base = str(request.base_url)
    return f"{base.rstrip('/')}/{code}"


async def json_body(request: Request) -> dict[str, Any] | None:
    """The request's JSON object, or ``None`` if it is not JSON or not an object.

    Only ``application/json`` is read: a cross-site form cannot send it without the browser
    asking first, so every JSON call is out of reach of a forged form.
    """
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


M = TypeVar("M", bound=BaseModel)


async def body(request: Request, model: type[M]) -> M | None:
    """The request's JSON body validated by ``model``, or ``None`` if it does not fit."""
    data = await json_body(request)
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def room_json(state: RoomState) -> dict[str, Any]:
    """The room's state as every page reads it (no key, no nicknames)."""
    kind = BY_NAME.get(state.exercise or "")
    return {
        "code": state.code,
        "title": state.title,
        "exercise": state.exercise,
        "exercise_title": kind.heading if kind else None,
        "item": state.item,
        "is_open": state.is_open,
        "released": state.released,
        "closed": state.closed,
        "timer_ends_at": iso(state.timer_ends_at),
        "now": iso(datetime.now(UTC)),
        "version": state.version,
    }
