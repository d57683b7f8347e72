"""The participant's JSON API: join, the screen, answers and the push stream.

A participant is known by the token :meth:`~lises.workshop.store.Store.join_room` handed out, sent
in the ``X-Deltager-Token`` header (never in a URL, so it is in no log and no history) and kept in
the browser's localStorage; a token belongs to one room and is checked against it on every call.

The client is never trusted.  An answer is checked on the server by the exercise's own session
state machine, replayed from the store (:func:`~lises.room.screens.check_answer`), and by the
free-text guard; it is stored, and only then acknowledged with the new screen.  A step already
stored is answered with the current screen (200): a double tap, a retry after a dropped connection
and a replay all land once, and the first value stands.  Joins and failed tokens count against
the rate limits (429).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, JsonValue
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from lises.core.model import StepError
from lises.privacy.pseudonyms import JoinError
from lises.workshop.recorder import check_free_text
from lises.workshop.store import Store
from lises.workshop.store_context import ParticipantContext

from .screens import answer_screen, participant_screen
from .web import (
    NO_ROOM,
    body,
    call,
    client_ip,
    error,
    room_code,
    room_json,
    server,
    too_many,
)

TOKEN_HEADER = "x-deltager-token"
NOT_JOINED = "Du er ikke med i rummet endnu. Skriv et kaldenavn for at deltage."
BAD_REQUEST = "Forespørgslen kunne ikke læses. Genindlæs siden, og prøv igen."
NO_ACTIVITY = "Facilitatoren har ikke valgt en opgave endnu. Vent et øjeblik."
NOT_OPEN = "Der er lukket for svar lige nu. Vent på facilitatoren."
MOVED_ON = "Rummet er gået videre til en anden opgave. Siden er opdateret."


class JoinBody(BaseModel):
    nickname: str = Field(max_length=200)


class AnswerBody(BaseModel):
    step: str = Field(min_length=1, max_length=80)
    value: JsonValue = None
    exercise: str | None = Field(default=None, max_length=40)
    item: str | None = Field(default=None, max_length=80)
    """What the page showed when the answer was given: an answer to an item the room has left
    is refused instead of landing on the new one."""


def _view(context: ParticipantContext, screen: dict | None = None) -> dict:
    """Everything the participant's page shows now (``screen`` when the caller has it)."""
    state = context.state
    problem = None
    if screen is None and state.exercise and state.item:
        try:
            screen = participant_screen(state.exercise, state.item, context.answers, state.released)
        except StepError as gone:  # the item's file was removed or broken since it was chosen
            problem = str(gone)
    view = {"room": room_json(state), "nickname": context.participant.nickname, "screen": screen}
    return view | ({"problem": problem} if problem else {})


def _screen_view(store: Store, code: str, token: str) -> dict | None:
    """The participant's view, or ``None`` for a wrong token (one thread-pool call)."""
    context = store.participant_context(code, token)
    return None if context is None else _view(context)


async def _refused(request: Request, code: str) -> Response | None:
    """The refusal to send before the token is even looked at (rate limit), or ``None``."""
    if not server(request).limits.may_try(client_ip(request), code):
        return too_many()
    return None


def _unknown_token(request: Request, code: str, token: str) -> Response:
    server(request).limits.failed(client_ip(request), code)
    return error(401, NOT_JOINED, token_invalid=bool(token))


async def join(request: Request) -> Response:
    room = server(request)
    code = room_code(request)
    ip = client_ip(request)
    if code is None:
        room.limits.failed(ip, "?")
        return error(404, NO_ROOM)
    if not room.limits.may_join(ip, code):
        return too_many()
    data = await body(request, JoinBody)
    if data is None:
        return error(400, BAD_REQUEST)
    if await call(room.store.room_version, code) is None:
        room.limits.failed(ip, code)
        return error(404, NO_ROOM)
    try:
        participant, token = await call(room.store.join_room, code, data.nickname)
    except JoinError as refused:
        return error(422, str(refused), field="nickname")
    return JSONResponse({"token": token, "nickname": participant.nickname}, status_code=201)


async def screen(request: Request) -> Response:
    code = room_code(request)
    if code is None:
        return error(404, NO_ROOM)
    refused = await _refused(request, code)
    if refused is not None:
        return refused
    token = request.headers.get(TOKEN_HEADER, "")
    view = await call(_screen_view, server(request).store, code, token) if token else None
    if view is None:
        return _unknown_token(request, code, token)
    return JSONResponse(view)


def _answer(store: Store, code: str, token: str, data: AnswerBody) -> tuple[int, dict] | None:
    """Check, store and acknowledge one answer: ``(status, body)``, or ``None`` for a wrong
    token (one thread-pool call: one read, one replay, one write)."""
    context = store.participant_context(code, token)
    if context is None:
        return None
    state = context.state
    if not (state.exercise and state.item):
        return 409, {"fejl": NO_ACTIVITY, **_view(context)}
    if (data.exercise, data.item) not in ((None, None), (state.exercise, state.item)):
        return 409, {"fejl": MOVED_ON, **_view(context)}
    if any(step == data.step for step, _ in context.answers):
        return 200, {**_view(context), "repeat": True}
    if not state.is_open:
        return 409, {"fejl": NOT_OPEN, **_view(context)}
    try:
        checked, screen = answer_screen(
            state.exercise, state.item, context.answers, data.step, data.value, state.released
        )
    except StepError as refused:
        # The session's own Danish sentence: not due, not valid, too long, personal data.
        return 422, {"fejl": str(refused), **_view(context)}
    try:
        check_free_text(checked.value)
        stored = store.store_answer(
            context.participant, state.exercise, state.item, checked.step, checked.value
        )
    except JoinError as refused:  # FreeTextError included: the text stays in the field
        return 422, {"fejl": str(refused)}
    if not stored:  # a race with the same step (a double tap on two connections): it is stored
        return 200, {**_view(store.participant_context(code, token) or context), "repeat": True}
    return 200, _view(context, screen)


async def answer(request: Request) -> Response:
    code = room_code(request)
    if code is None:
        return error(404, NO_ROOM)
    refused = await _refused(request, code)
    if refused is not None:
        return refused
    token = request.headers.get(TOKEN_HEADER, "")
    if not token:
        return _unknown_token(request, code, token)
    data = await body(request, AnswerBody)
    if data is None:
        return error(400, BAD_REQUEST)
    result = await call(_answer, server(request).store, code, token, data)
    if result is None:
        return _unknown_token(request, code, token)
    status, content = result
    return JSONResponse(content, status_code=status)


async def events(request: Request) -> Response:
    """Server-sent events: the room's version now and at every change (no token needed: the
    version says only that something changed)."""
    room = server(request)
    code = room_code(request)
    ip = client_ip(request)
    if code is None or not room.limits.may_try(ip, code):
        return error(404, NO_ROOM) if code is None else too_many()
    version = await call(room.store.room_version, code)
    if version is None:
        room.limits.failed(ip, code)
        return error(404, NO_ROOM)
    return room.push.response(code, version)


ROUTES: list[Any] = [
    Route("/api/{code}/join", join, methods=["POST"]),
    Route("/api/{code}/skaerm", screen, methods=["GET"]),
    Route("/api/{code}/svar", answer, methods=["POST"]),
    Route("/api/{code}/begivenheder", events, methods=["GET"]),
]
