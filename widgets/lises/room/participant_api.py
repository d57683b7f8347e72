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
from lises.workshop.store_room import RoomState
from lises.workshop.store_tables import Participant

from .screens import check_answer, participant_screen
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


def _own_answers(store: Store, participant: Participant, state: RoomState) -> list[tuple]:
    return [
        (a.step, a.value)
        for a in store.answers(participant, state.exercise)
        if a.item == state.item
    ]


def _view(
    store: Store,
    participant: Participant,
    state: RoomState | None = None,
    answers: list[tuple] | None = None,
) -> dict:
    """Everything the participant's page shows now (one thread-pool call; ``answers`` when the
    caller has just read them)."""
    state = state or store.room_state(participant.workshop)
    screen = problem = None
    if state.exercise and state.item:
        if answers is None:
            answers = _own_answers(store, participant, state)
        try:
            screen = participant_screen(state.exercise, state.item, answers, state.released)
        except StepError as gone:  # the item's file was removed or broken since it was chosen
            problem = str(gone)
    view = {"room": room_json(state), "nickname": participant.nickname, "screen": screen}
    return view | ({"problem": problem} if problem else {})


async def _participant(request: Request, code: str) -> Participant | JSONResponse:
    """The participant the token names in this room, or the refusal to send."""
    room = server(request)
    ip = client_ip(request)
    if not room.limits.may_try(ip, code):
        return too_many()
    token = request.headers.get(TOKEN_HEADER, "")
    participant = await call(room.store.resume_room, code, token) if token else None
    if participant is None:
        room.limits.failed(ip, code)
        return error(401, NOT_JOINED, token_invalid=bool(token))
    return participant


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
    participant = await _participant(request, code)
    if isinstance(participant, Response):
        return participant
    return JSONResponse(await call(_view, server(request).store, participant))


def _answer(store: Store, participant: Participant, data: AnswerBody) -> tuple[int, dict]:
    """Check, store and acknowledge one answer: ``(status, body)`` (one thread-pool call)."""
    state = store.room_state(participant.workshop)
    if not (state.exercise and state.item):
        return 409, {"fejl": NO_ACTIVITY, **_view(store, participant, state)}
    if (data.exercise, data.item) not in ((None, None), (state.exercise, state.item)):
        return 409, {"fejl": MOVED_ON, **_view(store, participant, state)}
    answers = _own_answers(store, participant, state)
    if any(step == data.step for step, _ in answers):
        return 200, {**_view(store, participant, state, answers), "repeat": True}
    if not state.is_open:
        return 409, {"fejl": NOT_OPEN, **_view(store, participant, state, answers)}
    try:
        checked = check_answer(state.exercise, state.item, answers, data.step, data.value)
    except StepError as refused:
        # The session's own Danish sentence: not due, not valid, too long, personal data.
        return 422, {"fejl": str(refused), **_view(store, participant, state, answers)}
    try:
        check_free_text(checked.value)
        if not store.submit(participant, state.exercise, state.item, checked.step, checked.value):
            return 200, {**_view(store, participant, state), "repeat": True}  # a race: stored
    except JoinError as refused:  # FreeTextError included: the text stays in the field
        return 422, {"fejl": str(refused), "keep": True}
    return 200, _view(store, participant, state, [*answers, (checked.step, checked.value)])


async def answer(request: Request) -> Response:
    code = room_code(request)
    if code is None:
        return error(404, NO_ROOM)
    participant = await _participant(request, code)
    if isinstance(participant, Response):
        return participant
    data = await body(request, AnswerBody)
    if data is None:
        return error(400, BAD_REQUEST)
    status, content = await call(_answer, server(request).store, participant, data)
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
