"""The facilitator's side: sign-in with the key, the room's controls, the overview and the export.

The key is typed into a form and sent by POST, never in a URL (a key in a query string is refused,
not used).  A correct key puts the room in the session cookie (Starlette's ``SessionMiddleware``:
signed, ``HttpOnly``, ``SameSite=Strict``) with a CSRF token of its own; every action is a JSON
POST that must carry that token in ``X-CSRF-Token`` (403 otherwise).  The key itself rides in the
signed cookie, because the store checks it on every facilitator call; a cookie script cannot read
(HttpOnly), sent only to this server, and useless once the session's secret changes.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from lises.core.exercises import BY_NAME
from lises.core.model import StepError
from lises.workshop.store import Store

from .item_rows import ItemRows
from .recent import Recent
from .replays import Replays
from .screens import ROOM_KINDS, items
from .security import CSRF_REFUSED, TOO_MANY, csrf_ok
from .tally import projector_view
from .web import NO_ROOM, body, call, client_ip, error, join_url, room_code, room_json, server

SESSION = "rum"
SECRET_NAMES = {"key", "noegle", "nøgle", "nogle", "token", "facilitatornoegle"}
KEY_IN_URL = (
    "Nøglen må aldrig stå i adressen (den havner i historik og logfiler). "
    "Skriv den i feltet i stedet."
)
WRONG_KEY = "Forkert facilitatornøgle. Tjek nøglen, som serveren skrev, da den startede."
SIGNED_OUT = "Du er ikke logget ind som facilitator for dette rum. Log ind med nøglen."
BAD_ACTION = "Handlingen kunne ikke udføres: {}."
ACTIONS_DONE = {
    "aktivitet": "Rummet arbejder nu med den valgte opgave, og der er åbnet for svar.",
    "aabn": "Der er åbnet for svar.",
    "luk": "Der er lukket for svar.",
    "frigiv": "Nøglen er frigivet.",
    "tilbage": "Nøglen er taget tilbage.",
    "timer": "Timeren er sat.",
    "timer_stop": "Timeren er stoppet.",
    "rum_luk": "Rummet er lukket for nye deltagere.",
    "rum_aabn": "Rummet er åbnet igen for nye deltagere.",
    "skjul": "Svaret er skjult på projektoren.",
    "vis": "Svaret vises igen på projektoren.",
}


def key_in_url(request: Request) -> bool:
    """Whether the query string tries to carry a key (refused, never used)."""
    return any(name.lower() in SECRET_NAMES for name in request.query_params)


def signed_in(request: Request, code: str) -> dict | None:
    """The session's entry for this room (``{"key", "csrf"}``) or ``None``."""
    entry = request.session.get(SESSION, {}).get(code)
    return entry if isinstance(entry, dict) and entry.get("key") else None


async def sign_in(request: Request) -> Response:
    from .pages import sign_in_page  # the form is a page; pages import this module

    room = server(request)
    code = room_code(request)
    if code is None:
        return error(404, NO_ROOM)
    if request.query_params:  # a key in the address is refused, never read
        return await sign_in_page(request, code, KEY_IN_URL, status=400)
    form = await request.form()
    then = "projektor" if form.get("videre") == "projektor" else None
    ip = client_ip(request)
    if not room.limits.may_try(ip, code):
        return await sign_in_page(request, code, TOO_MANY, status=429, then=then)
    key = str(form.get("noegle", "")).strip()[:200]
    # The session keeps a grant derived from the stored hash, never the key: the cookie is
    # signed, not encrypted, and whoever reads it must not learn the key.
    grant = await call(room.store.facilitator_grant, code, key) if key else None
    if grant is None:
        room.limits.failed(ip, code)
        return await sign_in_page(request, code, WRONG_KEY, status=403, then=then)
    rooms = dict(request.session.get(SESSION, {}))
    rooms[code] = {"key": grant, "csrf": secrets.token_urlsafe(24)}
    request.session[SESSION] = rooms
    return RedirectResponse(f"/{code}/{then or 'facilitator'}", status_code=303)


async def sign_out(request: Request) -> Response:
    code = room_code(request)
    entry = signed_in(request, code) if code else None
    if entry is None or not csrf_ok(entry.get("csrf"), (await request.form()).get("csrf")):
        return error(403, CSRF_REFUSED)
    rooms = dict(request.session.get(SESSION, {}))
    rooms.pop(code, None)
    request.session[SESSION] = rooms
    return RedirectResponse(f"/{code}/facilitator", status_code=303)


class Activity(BaseModel):
    exercise: str = Field(max_length=40)
    item: str = Field(min_length=1, max_length=80)


class Toggle(BaseModel):
    on: bool = True


class Timer(BaseModel):
    minutes: float | None = Field(default=None, ge=0, le=240)


class Hide(BaseModel):
    answer_id: int = Field(ge=1)
    hidden: bool = True


MODELS: dict[str, type[BaseModel]] = {
    "aktivitet": Activity,
    "aabn": Toggle,
    "luk": Toggle,
    "frigiv": Toggle,
    "timer": Timer,
    "rum": Toggle,
    "skjul": Hide,
}


def _act(store: Store, code: str, key: str, action: str, data: Any) -> tuple[Any, str]:
    """Carry out one action in the store: ``(new state or None, Danish confirmation)``."""
    if action == "aktivitet":
        if data.exercise not in ROOM_KINDS or data.item not in dict(items(data.exercise)):
            raise ValueError("den opgave findes ikke")
        return store.set_activity(code, key, data.exercise, data.item), ACTIONS_DONE[action]
    if action in ("aabn", "luk"):
        return store.set_open(code, key, action == "aabn"), ACTIONS_DONE[action]
    if action == "frigiv":
        return store.release(code, key, data.on), ACTIONS_DONE["frigiv" if data.on else "tilbage"]
    if action == "timer":
        seconds = round(data.minutes * 60) if data.minutes else None
        done = ACTIONS_DONE["timer" if seconds else "timer_stop"]
        return store.set_timer(code, key, seconds), done
    if action == "rum":
        return store.set_closed(code, key, data.on), ACTIONS_DONE[
            "rum_luk" if data.on else "rum_aabn"
        ]
    store.hide_answer(code, key, data.answer_id, data.hidden)
    return None, ACTIONS_DONE["skjul" if data.hidden else "vis"]


async def act(request: Request) -> Response:
    room = server(request)
    code = room_code(request)
    action = request.path_params["action"]
    entry = signed_in(request, code) if code else None
    if entry is None:
        return error(403, SIGNED_OUT)
    if not csrf_ok(entry.get("csrf"), request.headers.get("x-csrf-token")):
        return error(403, CSRF_REFUSED)
    model = MODELS.get(action)
    data = await body(request, model) if model else None
    if data is None:
        return error(400, BAD_ACTION.format("ukendt handling eller ugyldige felter"))
    try:
        state, done = await call(_act, room.store, code, entry["key"], action, data)
    except PermissionError:
        return error(403, SIGNED_OUT)
    except (ValueError, LookupError) as refused:
        return error(422, BAD_ACTION.format(str(refused).rstrip(".")))
    if state is not None:
        room.push.changed_here(code, state.version)
        return JSONResponse({"room": room_json(state), "besked": done})
    return JSONResponse({"besked": done})


@lru_cache(maxsize=4096)
def _free_text(exercise: str, step: str) -> bool:
    kind = BY_NAME.get(exercise)
    parsed = kind.codec.parse(step) if kind and kind.codec else None
    return parsed is not None and kind.codec.kind(parsed.kind).free_text


def overview(store: Store, code: str, key: str) -> dict:
    """What the facilitator sees: counts, who is done (nicknames here only), free texts."""
    state = store.room_state(code)
    out: dict[str, Any] = {
        "room": room_json(state),
        "joined": store.participant_count(code),
        "done": [],
        "working": [],
        "texts": [],
    }
    if not (state.exercise and state.item):
        return out
    named = OVERVIEW_ROWS.rows(
        (store.url, code, state.exercise, state.item, state.version),
        lambda after: store.named_item_answers(code, key, state.exercise, state.item, after),
    )
    by_participant: dict[int, list] = defaultdict(list)
    nicknames: dict[int, str] = {}
    for nickname, answer in named:
        by_participant[answer.participant_id].append(answer)
        nicknames[answer.participant_id] = nickname
    try:
        with OVERVIEW_REPLAYS.lock:
            sessions = OVERVIEW_REPLAYS.sessions(
                (store.url, code), state.exercise, state.item, by_participant
            )
            finished = {pid for pid, session in sessions.items() if session.done}
    except StepError:  # the item is gone: nobody can finish it
        finished = set()
    for pid in sorted(nicknames, key=lambda pid: nicknames[pid].casefold()):
        (out["done"] if pid in finished else out["working"]).append(nicknames[pid])
    out["texts"] = [
        {"id": a.id, "step": a.step, "text": str(a.value), "hidden": a.hidden}
        for _nickname, a in named
        if _free_text(state.exercise, a.step)
    ]
    return out


RECENT_OVERVIEWS = Recent(overview)
OVERVIEW_REPLAYS = Replays()
PROJECTOR_REPLAYS = Replays()
"""Each view's sessions, extended with new answers only at the next refresh (:mod:`.replays`)."""
OVERVIEW_ROWS = ItemRows(lambda named: named[1].id)
PROJECTOR_ROWS = ItemRows(lambda answer: answer.id)
"""Each view's rows, read from the store from where the last read ended (:mod:`.item_rows`)."""


def recent_overview(store: Store, code: str, key: str) -> dict:
    """:func:`overview`, made at most every 2 s per room version (see :mod:`.recent`)."""
    return RECENT_OVERVIEWS.get((store.url, code, key, store.room_version(code)), store, code, key)


async def overview_json(request: Request) -> Response:
    code = room_code(request)
    entry = signed_in(request, code) if code else None
    if entry is None:
        return error(403, SIGNED_OUT)
    try:
        return JSONResponse(await call(recent_overview, server(request).store, code, entry["key"]))
    except PermissionError:
        return error(403, SIGNED_OUT)


def projector(store: Store, code: str) -> dict:
    """The projector's data: anonymous (no nicknames, no key)."""
    state = store.room_state(code)
    joined = store.participant_count(code)
    view = problem = None
    if state.exercise and state.item:
        answers = PROJECTOR_ROWS.rows(
            (store.url, code, state.exercise, state.item, state.version),
            lambda after: store.item_answers(code, state.exercise, state.item, after),
        )
        try:
            view = projector_view(
                state.exercise,
                state.item,
                answers,
                joined,
                state.released,
                (PROJECTOR_REPLAYS, (store.url, code)),
            )
        except StepError as gone:  # the item's file was removed or broken since it was chosen
            problem = str(gone)
    return {"room": room_json(state), "joined": joined, "view": view, "problem": problem}


RECENT_PROJECTIONS = Recent(projector)


def recent_projector(store: Store, code: str) -> dict:
    """:func:`projector`, made at most every 2 s per room version (see :mod:`.recent`)."""
    return RECENT_PROJECTIONS.get((store.url, code, store.room_version(code)), store, code)


async def projector_json(request: Request) -> Response:
    code = room_code(request)
    if code is None or signed_in(request, code) is None:
        return error(403, SIGNED_OUT)
    data = await call(recent_projector, server(request).store, code)
    return JSONResponse({**data, "join_url": join_url(request, code)})


async def export(request: Request) -> Response:
    code = room_code(request)
    entry = signed_in(request, code) if code else None
    if entry is None:
        return RedirectResponse(f"/{code or ''}/facilitator", status_code=303)
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "xlsx"):
        return error(404, "Eksporten findes som .csv og .xlsx.")

    def make() -> bytes:
        # pandas and openpyxl cost a process about 55 MB: loaded on the first export only.
        from .export import export_csv, export_table, export_xlsx

        table = export_table(server(request).store.export_answers(code, entry["key"]))
        return export_csv(table) if fmt == "csv" else export_xlsx(table)

    try:
        content = await call(make)
    except PermissionError:
        return error(403, SIGNED_OUT)
    media = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]
    name = f"workshop-{code}.{fmt}"
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


ROUTES: list[Any] = [
    Route("/{code}/facilitator", sign_in, methods=["POST"]),
    Route("/{code}/facilitator/log-ud", sign_out, methods=["POST"]),
    Route("/api/{code}/facilitator/overblik", overview_json, methods=["GET"]),
    Route("/api/{code}/facilitator/{action}", act, methods=["POST"]),
    Route("/api/{code}/projektor", projector_json, methods=["GET"]),
    Route("/{code}/eksport.{fmt:str}", export, methods=["GET"]),
]
