"""The room server's Starlette application: pages, JSON API, push, guards, in one ``create_app``.

Participants run nothing on the server but their answers: no kernel, no widget, one store
connection pool per process.  The guard (:class:`~lises.room.security.Guard`) stands outermost,
so every response carries the CSP and the other security headers and every body is limited to
16 KB; inside it the session cookie (signed with ``secret``), then the routes.  Errors are Danish
sentences (JSON under ``/api/``, a page elsewhere), never a traceback.

Several processes (``uvicorn --workers N``, or N servers behind a load balancer) share one store
(``LISES_STORE_URL``, PostgreSQL for more than one machine) and must share the session secret:
give it in ``LISES_ROOM_SECRET``, or each process signs its own cookies and a facilitator is
signed out whenever the balancer sends them elsewhere.  Without it, a random secret per start.
"""

from __future__ import annotations

import logging
import os
import secrets as _secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from lises.privacy.guard import free_text_problem
from lises.privacy.pseudonyms import check_nickname
from lises.workshop.store import Store, open_store

from . import facilitator_api, pages, participant_api
from .push import Push
from .screens import ROOM_KINDS, items
from .security import HEADERS, Guard, RateLimits
from .web import HERE, STORE_DOWN, RoomServer, StoreDown, error, log

SESSION_COOKIE = "lises_rum"
SESSION_HOURS = 12
SERVER_ERROR = "Der gik noget galt på serveren. Prøv igen om lidt; dine gemte svar er i behold."
METHOD = "Den handling findes ikke her."


def session_secret(secret: str | None = None) -> str:
    """The secret that signs session cookies: given, ``LISES_ROOM_SECRET``, or random."""
    return secret or os.environ.get("LISES_ROOM_SECRET") or _secrets.token_urlsafe(32)


def _page_or_json(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return error(status, message)
    return pages.page(request, "fejl.html", status, message=message)


async def _store_down(request: Request, _exc: Exception) -> Response:
    return _page_or_json(request, 503, STORE_DOWN)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("Uventet fejl i rummet: %s", type(exc).__name__, exc_info=exc)
    response = _page_or_json(request, 500, SERVER_ERROR)
    # This handler runs outside the guard (Starlette's outermost layer): its headers here.
    for name, value in HEADERS.items():
        response.headers[name.decode()] = value.decode()
    response.headers["cache-control"] = "no-store"
    return response


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        return await pages.not_found(request, exc)
    if status == 405:
        return _page_or_json(request, 405, METHOD)
    return _page_or_json(request, status, SERVER_ERROR if status >= 500 else METHOD)


def warm_up() -> None:
    """Build, before the first request, what requests would otherwise build on first use.

    The nickname guard's name lists and the items of every kind are built once per process;
    without this, the threads of a hall's first joins would each build them at once (hundreds of
    megabytes for a moment, seconds of CPU) while the first phones wait.
    """
    check_nickname("Ugle")
    free_text_problem("Hvad ville hjælpe dig mest lige nu?")
    for kind in ROOM_KINDS:
        items(kind)


def create_app(
    store_url: str | None = None,
    *,
    secret: str | None = None,
    store: Store | None = None,
    limits: RateLimits | None = None,
    public_url: str | None = None,
    https_only: bool | None = None,
) -> Starlette:
    """The room server as an ASGI application.

    Parameters
    ----------
    store_url : str, optional
        The store's SQLAlchemy URL (default: ``LISES_STORE_URL`` or the course's SQLite file).
    secret : str, optional
        Signs the session cookies; see :func:`session_secret`.  Several processes need the same.
    store : Store, optional
        An open store to use instead of opening ``store_url`` (tests).
    limits : RateLimits, optional
        The join and failure limits (default: :class:`~lises.room.security.RateLimits`).
    public_url : str, optional
        The address participants use, when a proxy's differs from the request's
        (default: ``LISES_ROOM_URL`` or the request's own).
    https_only : bool, optional
        Send the session cookie over HTTPS only (default: ``LISES_ROOM_HTTPS=1``; set it when a
        reverse proxy terminates TLS).

    Raises
    ------
    StoreUnavailable
        The store cannot be opened or written (one Danish line), before anything is served.
    """
    store = store or open_store(store_url)
    push = Push(store.room_version)
    if https_only is None:
        https_only = os.environ.get("LISES_ROOM_HTTPS", "") == "1"
    room = RoomServer(
        store=store,
        push=push,
        limits=limits or RateLimits(),
        templates=Jinja2Templates(directory=HERE / "templates"),
        public_url=public_url,
    )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        warm_up()
        yield
        await push.close()

    app = Starlette(
        routes=[
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
            *participant_api.ROUTES,
            *facilitator_api.ROUTES,
            *pages.ROUTES,
        ],
        middleware=[
            Middleware(Guard),
            Middleware(
                SessionMiddleware,
                secret_key=session_secret(secret),
                session_cookie=SESSION_COOKIE,
                max_age=SESSION_HOURS * 3600,
                same_site="strict",
                https_only=https_only,
            ),
        ],
        exception_handlers={
            HTTPException: _http_error,
            StoreDown: _store_down,
            Exception: _server_error,
        },
        lifespan=lifespan,
    )
    app.state.room = room
    logging.getLogger("lises.room").setLevel(logging.INFO)
    return app


def app_from_env() -> Starlette:
    """The application as ``uvicorn --factory lises.room.app:app_from_env`` (and each worker of
    ``python -m lises.room --workers N``) builds it: store from ``LISES_STORE_URL``, session
    secret from ``LISES_ROOM_SECRET``, join links from ``LISES_ROOM_URL``."""
    return create_app()
