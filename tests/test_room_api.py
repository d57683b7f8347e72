"""The room server's HTTP API through Starlette's TestClient on a SQLite store in a temporary
folder: joining, the screen, answers through each exercise kind, the facilitator's controls,
the projector's data, the export, and push (unit tier: no server process, no browser)."""

from __future__ import annotations

import asyncio
import re
import warnings

import pytest

from lises.room.app import create_app
from lises.room.push import Push
from lises.room.security import RateLimits

warnings.filterwarnings("ignore", message=".*httpx2.*")

from starlette.testclient import TestClient  # noqa: E402

from conftest import run_async  # noqa: E402

KINDS = [("gribning", "praktikken"), ("dilemma", "praktikken"), ("potentialer", "fem-potentialer")]


class Room:
    """A running app with one workshop, and helpers to act as its people."""

    def __init__(self, client: TestClient, code: str, key: str):
        self.client, self.code, self.key = client, code, key
        self.csrf: str | None = None

    def join(self, nickname: str) -> str:
        reply = self.client.post(f"/api/{self.code}/join", json={"nickname": nickname})
        assert reply.status_code == 201, reply.text
        return reply.json()["token"]

    def screen(self, token: str) -> dict:
        reply = self.client.get(f"/api/{self.code}/skaerm", headers={"X-Deltager-Token": token})
        assert reply.status_code == 200, reply.text
        return reply.json()

    def answer(self, token: str, step: str, value, **extra):
        return self.client.post(
            f"/api/{self.code}/svar",
            json={"step": step, "value": value, **extra},
            headers={"X-Deltager-Token": token},
        )

    def sign_in(self) -> str:
        reply = self.client.post(
            f"/{self.code}/facilitator", data={"noegle": self.key}, follow_redirects=False
        )
        assert reply.status_code == 303, reply.text
        page = self.client.get(f"/{self.code}/facilitator")
        self.csrf = re.search(r'data-csrf="([^"]+)"', page.text).group(1)
        return self.csrf

    def act(self, action: str, body: dict | None = None, csrf: str | None = None):
        return self.client.post(
            f"/api/{self.code}/facilitator/{action}",
            json=body or {},
            headers={"X-CSRF-Token": csrf if csrf is not None else self.csrf or ""},
        )


@pytest.fixture
def room(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'rum.sqlite'}", secret="test", limits=RateLimits())
    store = app.state.room.store
    new = store.create_workshop("Træf i salen")
    with TestClient(app) as client:
        yield Room(client, new.code, new.facilitator_key)
    store.engine.dispose()


def some_value(due: dict):
    if due["input"] == "text":
        return "Jeg ville spørge, hvad hun selv synes."
    if due["input"] == "weights":
        return {field["name"]: 3 for field in due["fields"]}
    return due["options"][0]["value"]


def walk(room: Room, token: str, limit: int = 60) -> dict:
    """Answer whatever is due until the participant is done; the last screen."""
    for _ in range(limit):
        data = room.screen(token)
        due = data["screen"]["due"]
        if due is None:
            return data
        reply = room.answer(token, due["step"], some_value(due))
        assert reply.status_code == 200, reply.text
    raise AssertionError("never done")


def test_join_gives_a_token_that_resumes_the_screen(room):
    token = room.join("Ugle")
    data = room.screen(token)
    assert data["nickname"] == "Ugle"
    assert data["screen"] is None  # no activity chosen yet
    assert data["room"]["code"] == room.code and data["room"]["title"] == "Træf i salen"
    assert "key" not in str(data).lower() or room.key not in str(data)


def test_the_nickname_guard_answers_in_danish_next_to_the_field(room):
    reply = room.client.post(f"/api/{room.code}/join", json={"nickname": "mette@example.dk"})
    assert reply.status_code == 422
    assert reply.json()["field"] == "nickname"
    assert "e-mail" in reply.json()["fejl"]
    room.join("Ugle")
    taken = room.client.post(f"/api/{room.code}/join", json={"nickname": "ugle"})
    assert taken.status_code == 422 and "allerede i brug" in taken.json()["fejl"]


@pytest.mark.parametrize(("kind", "item"), KINDS)
def test_each_kind_runs_to_the_end_and_the_release_brings_feedback(room, kind, item):
    token = room.join("Ugle")
    room.sign_in()
    assert room.act("aktivitet", {"exercise": kind, "item": item}).status_code == 200
    data = walk(room, token)
    assert data["screen"]["done"] and data["screen"]["waiting"]
    assert data["screen"]["feedback_html"] is None
    overview = room.client.get(f"/api/{room.code}/facilitator/overblik").json()
    assert overview["done"] == ["Ugle"] and overview["joined"] == 1
    assert room.act("frigiv", {"on": True}).json()["besked"] == "Nøglen er frigivet."
    after = room.screen(token)
    assert after["room"]["released"] and after["screen"]["feedback_html"]
    assert not after["screen"]["waiting"]


def test_a_repeated_answer_is_stored_once_and_answered_with_the_screen(room):
    token = room.join("Ugle")
    room.sign_in()
    room.act("aktivitet", {"exercise": "potentialer", "item": "fem-potentialer"})
    due = room.screen(token)["screen"]["due"]
    first = room.answer(token, due["step"], 2)
    again = room.answer(token, due["step"], 4)
    assert first.status_code == again.status_code == 200
    assert again.json()["repeat"] is True
    store = room.client.app.state.room.store
    answers = store.item_answers(room.code, "potentialer", "fem-potentialer")
    assert [(a.step, a.value) for a in answers] == [(due["step"], 2)]


def test_answers_wait_while_answering_is_closed_and_for_the_room_s_current_item(room):
    token = room.join("Ugle")
    room.sign_in()
    room.act("aktivitet", {"exercise": "dilemma", "item": "praktikken"})
    room.act("luk")
    due = room.screen(token)["screen"]["due"]
    closed = room.answer(token, due["step"], some_value(due))
    assert closed.status_code == 409 and "lukket for svar" in closed.json()["fejl"]
    room.act("aabn")
    stale = room.answer(token, due["step"], some_value(due), exercise="dilemma", item="refusion")
    assert stale.status_code == 409 and "anden opgave" in stale.json()["fejl"]
    assert room.answer(token, due["step"], some_value(due)).status_code == 200


def test_closing_the_room_stops_new_joins_but_not_the_participants_already_in(room):
    token = room.join("Ugle")
    room.sign_in()
    room.act("aktivitet", {"exercise": "potentialer", "item": "fem-potentialer"})
    assert room.act("rum", {"on": True}).status_code == 200
    refused = room.client.post(f"/api/{room.code}/join", json={"nickname": "Ravn"})
    assert refused.status_code == 422 and "lukket for nye" in refused.json()["fejl"]
    due = room.screen(token)["screen"]["due"]
    assert room.answer(token, due["step"], 1).status_code == 200
    room.act("rum", {"on": False})
    room.join("Ravn")


def test_timer_and_unknown_items_in_the_facilitator_s_actions(room):
    room.sign_in()
    assert room.act("timer", {"minutes": 5}).json()["room"]["timer_ends_at"]
    assert room.act("timer", {"minutes": None}).json()["room"]["timer_ends_at"] is None
    assert room.act("timer", {"minutes": 999}).status_code == 400
    bad = room.act("aktivitet", {"exercise": "gribning", "item": "findes-ikke"})
    assert bad.status_code == 422 and "findes ikke" in bad.json()["fejl"]
    assert room.act("frigiv", {"on": True}).status_code == 422  # nothing chosen yet
    assert room.act("ukendt").status_code == 400


def test_the_projector_is_anonymous_and_hides_what_the_facilitator_hides(room):
    token = room.join("Ugle")
    room.sign_in()
    room.act("aktivitet", {"exercise": "dilemma", "item": "praktikken"})
    data = walk(room, token)
    assert data["screen"]["done"]
    projector = room.client.get(f"/api/{room.code}/projektor")
    assert projector.status_code == 200
    text = projector.text
    assert "Ugle" not in text and room.key not in text
    view = projector.json()["view"]
    assert view["done"] == 1 and view["joined"] == 1
    reasons = view["texts"][0]["answers"]
    assert [r["text"] for r in reasons] == ["Jeg ville spørge, hvad hun selv synes."]
    assert room.act("skjul", {"answer_id": reasons[0]["id"]}).status_code == 200
    assert (
        room.client.get(f"/api/{room.code}/projektor").json()["view"]["texts"][0]["answers"] == []
    )
    overview = room.client.get(f"/api/{room.code}/facilitator/overblik").json()
    assert overview["texts"][0]["hidden"] is True


def test_the_projector_and_overview_need_the_facilitator_session(room):
    for path in (f"/api/{room.code}/projektor", f"/api/{room.code}/facilitator/overblik"):
        assert room.client.get(path).status_code == 403
    page = room.client.get(f"/{room.code}/projektor")
    assert 'name="noegle"' in page.text and 'value="projektor"' in page.text


def test_export_downloads_as_attachments(room):
    token = room.join("Ugle")
    room.sign_in()
    room.act("aktivitet", {"exercise": "potentialer", "item": "fem-potentialer"})
    walk(room, token)
    csv = room.client.get(f"/{room.code}/eksport.csv")
    assert csv.status_code == 200
    assert csv.headers["content-disposition"] == f'attachment; filename="workshop-{room.code}.csv"'
    assert csv.content.startswith(b"\xef\xbb\xbf") and b";" in csv.content
    xlsx = room.client.get(f"/{room.code}/eksport.xlsx")
    assert xlsx.content[:2] == b"PK" and "attachment" in xlsx.headers["content-disposition"]
    room.client.cookies.clear()
    assert room.client.get(f"/{room.code}/eksport.csv", follow_redirects=False).status_code == 303


def test_pages_are_danish_and_unknown_codes_get_a_danish_page(room):
    home = room.client.get("/")
    assert home.status_code == 200 and 'lang="da"' in home.text and "Workshopkode" in home.text
    assert (
        room.client.get(f"/?kode={room.code.lower()}", follow_redirects=False).headers["location"]
        == f"/{room.code}"
    )
    participant = room.client.get(f"/{room.code.lower()}")
    assert participant.status_code == 200 and f'value="{room.code}"' in participant.text
    missing = room.client.get("/ZZZZZ")
    assert missing.status_code == 404 and "Der findes ingen workshop" in missing.text
    assert "Traceback" not in missing.text
    api = room.client.post("/api/ZZZZZ/join", json={"nickname": "Ugle"})
    assert api.status_code == 404 and api.json()["fejl"].startswith("Der findes ingen")
    no_token = room.client.get(f"/api/{room.code}/skaerm")
    assert no_token.status_code == 401 and "kaldenavn" in no_token.json()["fejl"]


def test_qr_code_is_svg_of_the_join_link(room):
    reply = room.client.get(f"/{room.code}/qr.svg")
    assert reply.status_code == 200 and reply.headers["content-type"] == "image/svg+xml"
    assert reply.text.startswith("<svg") and f"/{room.code}" in reply.text


def test_push_wakes_every_listener_once_per_version():
    versions = iter([1, 1, 2, 2, 2, 3])

    async def scenario():
        push = Push(lambda code: next(versions, 3), interval=0.01)
        seen = []

        async def listen():
            async for version in push.versions("ABCDE", 0):
                seen.append(version)
                if version == 3:
                    return

        await asyncio.wait_for(listen(), 5)
        assert push.listeners() == 0
        await push.close()
        return seen

    assert run_async(scenario()) == [0, 1, 2, 3]
