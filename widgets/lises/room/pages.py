"""The room's HTML pages: code entry, participant, facilitator (sign-in and controls), projector.

Each page is a small Jinja2 template (``templates/``) with its own script from ``static/`` (no
inline script or style: the CSP allows only this server's files).  The pages carry no secret: the
participant's token lives in the browser, the facilitator's key only in the HttpOnly session
cookie, and the projector shows neither nicknames nor the key.  What changes is fetched as JSON
and pushed by server-sent events (:mod:`lises.room.participant_api`, :mod:`lises.room.push`).
"""

from __future__ import annotations

import io
from typing import Any

import segno
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lises.core.exercises import BY_NAME
from lises.privacy.pseudonyms import normalise_code

from .facilitator_api import KEY_IN_URL, key_in_url, signed_in
from .screens import ROOM_KINDS, items
from .security import TOO_MANY
from .web import CODE, NO_ROOM, call, client_ip, error, join_url, room_code, server

NOT_FOUND = "Siden findes ikke. Tjek adressen, eller skriv workshopkoden igen."


def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    return server(request).templates.TemplateResponse(
        request, name, {"code": None, **context}, status_code=status
    )


async def home(request: Request) -> Response:
    """Code entry: ``/?kode=abcde`` (the form's own GET) goes on to ``/ABCDE``."""
    typed = request.query_params.get("kode")
    if typed is not None:
        code = room_code_from(typed)
        if code is not None:
            return RedirectResponse(f"/{code}", status_code=303)
        return page(request, "start.html", 400, problem="Koden har 5 tegn, fx K7QXM. Prøv igen.")
    return page(request, "start.html")


def room_code_from(text: str) -> str | None:
    code = normalise_code(text)
    return code if CODE.fullmatch(code) else None


async def _known(request: Request) -> tuple[str | None, Response | None]:
    """The room's code if the room exists, else the Danish page to answer with."""
    room = server(request)
    code = room_code(request)
    ip = client_ip(request)
    if not room.limits.may_try(ip, code or "?"):
        return None, page(request, "fejl.html", 429, message=TOO_MANY)
    if code is None or await call(room.store.room_version, code) is None:
        room.limits.failed(ip, code or "?")
        return None, page(request, "start.html", 404, problem=NO_ROOM)
    return code, None


async def participant(request: Request) -> Response:
    code, refusal = await _known(request)
    if refusal is not None:
        return refusal
    state = await call(server(request).store.room_state, code)
    return page(request, "deltager.html", code=code, title=state.title)


async def sign_in_page(
    request: Request,
    code: str,
    problem: str | None = None,
    status: int = 200,
    then: str | None = None,
) -> Response:
    """The sign-in form (``then="projektor"``: go on to the projector after signing in)."""
    state = await call(server(request).store.room_state, code)
    return page(
        request,
        "facilitator_login.html",
        status,
        code=code,
        title=state.title if state else "",
        problem=problem,
        then=then,
    )


def choices() -> list[dict]:
    """The exercises and items the facilitator may set the room to, in the registry's order."""
    return [
        {"kind": kind, "title": BY_NAME[kind].heading, "items": items(kind)} for kind in ROOM_KINDS
    ]


async def facilitator(request: Request) -> Response:
    code, refusal = await _known(request)
    if refusal is not None:
        return refusal
    if key_in_url(request):
        return await sign_in_page(request, code, KEY_IN_URL, status=400)
    entry = signed_in(request, code)
    if entry is None:
        return await sign_in_page(request, code)
    state = await call(server(request).store.room_state, code)
    return page(
        request,
        "facilitator.html",
        code=code,
        title=state.title,
        csrf=entry["csrf"],
        choices=choices(),
        join_url=join_url(request, code),
    )


async def projector(request: Request) -> Response:
    code, refusal = await _known(request)
    if refusal is not None:
        return refusal
    if signed_in(request, code) is None:
        return await sign_in_page(request, code, then="projektor")
    state = await call(server(request).store.room_state, code)
    return page(
        request,
        "projektor.html",
        code=code,
        title=state.title,
        join_url=join_url(request, code),
        short_url=join_url(request, code).split("://", 1)[-1],
    )


def qr_svg(url: str) -> bytes:
    """The join link as a QR code in SVG (scalable: a viewBox and no fixed size)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", xmldecl=False, omitsize=True, border=2, title=f"QR-kode: {url}"
    )
    return out.getvalue()


async def qr(request: Request) -> Response:
    code, refusal = await _known(request)
    if refusal is not None:
        return refusal
    return Response(
        qr_svg(join_url(request, code)),
        media_type="image/svg+xml",
        headers={"Cache-Control": "private, max-age=300"},
    )


async def not_found(request: Request, _exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return error(404, NOT_FOUND)
    return page(request, "fejl.html", 404, message=NOT_FOUND)


ROUTES: list[Any] = [
    Route("/", home, methods=["GET"]),
    Route("/{code}/facilitator", facilitator, methods=["GET"]),
    Route("/{code}/projektor", projector, methods=["GET"]),
    Route("/{code}/qr.svg", qr, methods=["GET"]),
    Route("/{code}", participant, methods=["GET"]),
]
