"""Forged and hostile requests to the room server are refused (unit tier, Starlette TestClient
on a SQLite store): answers that are not due, tokens of another room, oversized bodies, markup in
a nickname or a free text, missing or wrong CSRF tokens, cross-site posts, guessing (429), a key
in the query string; and every response carries the CSP, and no page names another host."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from lises.room import screens
from lises.room.app import create_app
from lises.room.security import CSP, RateLimits

warnings.filterwarnings("ignore", message=".*httpx2.*")

from starlette.testclient import TestClient  # noqa: E402

from test_room_api import Room, some_value  # noqa: E402

ROOM = Path(__file__).resolve().parents[1] / "widgets" / "lises" / "room"
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def make_room(tmp_path, limits: RateLimits | None = None):
    app = create_app(
        f"sqlite:///{tmp_path / 'rum.sqlite'}", secret="test", limits=limits or RateLimits()
    )
    store = app.state.room.store
    first = store.create_workshop("Rum A")
    second = store.create_workshop("Rum B")
    return app, store, first, second


@pytest.fixture
def rooms(tmp_path):
    app, store, first, second = make_room(tmp_path)
    with TestClient(app) as client:
        yield (
            Room(client, first.code, first.facilitator_key),
            Room(client, second.code, second.facilitator_key),
        )
    store.engine.dispose()


@pytest.fixture
def room(rooms):
    return rooms[0]


def test_an_answer_that_is_not_due_is_refused_and_not_stored(room):
    token = room.join("Ugle")
    room.sign_in()
    room.act("aktivitet", {"exercise": "gribning", "item": "praktikken"})
    due = room.screen(token)["screen"]["due"]
    assert due["step"] == "next:2"
    for step, value in [
        ("mark:5", True),  # a later turn
        ("classify:2", "grebet"),  # not yet
        ("next:3", True),  # skipping a turn
        ("next:2", "ja"),  # wrong type
        ("reply:2", "tekst"),  # no pause there
        ("ukendt", 1),
        ("weights", {"respekt": 5}),  # another exercise's step
    ]:
        reply = room.answer(token, step, value)
        assert reply.status_code == 422, (step, reply.text)
        assert reply.json()["fejl"] and "Traceback" not in reply.text
    store = room.client.app.state.room.store
    assert store.item_answers(room.code, "gribning", "praktikken") == []


def test_a_token_belongs_to_its_own_room_and_a_made_up_one_reads_nothing(rooms):
    first, second = rooms
    token = first.join("Ugle")
    other = second.join("Ravn")
    elsewhere = first.client.get(f"/api/{second.code}/skaerm", headers={"X-Deltager-Token": token})
    assert elsewhere.status_code == 401 and elsewhere.json()["token_invalid"] is True
    assert first.answer(other, "next:2", True).status_code == 401
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert (
        first.client.get(
            f"/api/{first.code}/skaerm", headers={"X-Deltager-Token": forged}
        ).status_code
        == 401
    )
    # The token is never read from the address.
    assert first.client.get(f"/api/{first.code}/skaerm?token={token}").status_code == 401
    assert first.screen(token)["nickname"] == "Ugle"


def test_oversized_bodies_are_refused_with_413(room):
    token = room.join("Ugle")
    big = {"step": "reply:1", "value": "x" * 20_000}
    reply = room.client.post(
        f"/api/{room.code}/svar", json=big, headers={"X-Deltager-Token": token}
    )
    assert reply.status_code == 413 and "16 KB" in reply.json()["fejl"]

    def chunks():  # no Content-Length: counted while it is read
        for _ in range(40):
            yield b"x" * 1024

    chunked = room.client.post(
        f"/api/{room.code}/join",
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert chunked.status_code == 413
    assert "content-security-policy" in chunked.headers


def test_markup_in_a_nickname_is_refused_and_in_free_text_stays_text(room):
    reply = room.client.post(f"/api/{room.code}/join", json={"nickname": "<script>x</script>"})
    assert reply.status_code == 422 and "<script>" not in reply.json()["fejl"]
    token = room.join("Ugle")
    room.sign_in()
    room.act("aktivitet", {"exercise": "dilemma", "item": "praktikken"})
    for _ in range(5):
        due = room.screen(token)["screen"]["due"]
        if due is None:
            break
        value = SCRIPT if due["input"] == "text" else some_value(due)
        assert room.answer(token, due["step"], value).status_code == 200
    screen = room.screen(token)["screen"]
    html = " ".join([*screen["parts_html"], screen.get("status_html") or ""])
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html  # the participant sees their own text, escaped
    # The projector and the facilitator get it as data, drawn with textContent by their pages.
    texts = room.client.get(f"/api/{room.code}/projektor").json()["view"]["texts"][0]["answers"]
    assert texts[0]["text"] == SCRIPT


def test_facilitator_actions_need_the_session_s_csrf_token(room):
    room.sign_in()
    for csrf in ("", "forkert"):
        reply = room.act("aktivitet", {"exercise": "gribning", "item": "praktikken"}, csrf=csrf)
        assert reply.status_code == 403 and "Genindlæs siden" in reply.json()["fejl"]
    no_header = room.client.post(f"/api/{room.code}/facilitator/luk", json={})
    assert no_header.status_code == 403
    assert room.act("luk").status_code == 200
    # Another room's session token does not open this one.
    out = room.client.post(f"/{room.code}/facilitator/log-ud", data={"csrf": "forkert"})
    assert out.status_code == 403


def test_a_post_from_another_site_is_refused(room):
    room.sign_in()
    reply = room.client.post(
        f"/api/{room.code}/facilitator/luk",
        json={},
        headers={"X-CSRF-Token": room.csrf, "Origin": "https://ondsindet.example"},
    )
    assert reply.status_code == 403 and "anden side" in reply.json()["fejl"]
    form = room.client.post(
        f"/{room.code}/facilitator",
        data={"noegle": room.key},
        headers={"Origin": "https://ondsindet.example"},
    )
    assert form.status_code == 403


def test_json_calls_take_only_json(room):
    reply = room.client.post(
        f"/api/{room.code}/join",
        content='{"nickname": "Ugle"}',
        headers={"Content-Type": "text/plain"},
    )
    assert reply.status_code == 400


def test_guessing_codes_tokens_and_keys_is_rate_limited(tmp_path):
    app, store, first, _second = make_room(tmp_path, RateLimits(joins=100, failures=5))
    with TestClient(app) as client:
        for n in range(5):
            assert client.post(f"/api/ZZZ{n}Z/join", json={"nickname": "Ugle"}).status_code == 404
        refused = client.post(f"/api/{first.code}/join", json={"nickname": "Ugle"})
        assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
        assert "For mange forsøg" in refused.json()["fejl"]
        assert (
            client.get(
                f"/api/{first.code}/skaerm", headers={"X-Deltager-Token": "x" * 32}
            ).status_code
            == 429
        )
        assert (
            client.post(
                f"/{first.code}/facilitator", data={"noegle": first.facilitator_key}
            ).status_code
            == 429
        )
    store.engine.dispose()


def test_resume_guessing_and_wrong_keys_are_rate_limited(tmp_path):
    app, store, first, _second = make_room(tmp_path, RateLimits(joins=100, failures=5))
    with TestClient(app) as client:
        for _ in range(3):
            assert (
                client.get(
                    f"/api/{first.code}/skaerm", headers={"X-Deltager-Token": "y" * 32}
                ).status_code
                == 401
            )
        for _ in range(2):
            assert (
                client.post(f"/{first.code}/facilitator", data={"noegle": "gæt"}).status_code == 403
            )
        assert (
            client.get(
                f"/api/{first.code}/skaerm", headers={"X-Deltager-Token": "z" * 32}
            ).status_code
            == 429
        )
    store.engine.dispose()


def test_joins_are_limited_per_address_and_room(tmp_path):
    app, store, first, _second = make_room(tmp_path, RateLimits(joins=3, failures=50))
    with TestClient(app) as client:
        codes = [
            client.post(f"/api/{first.code}/join", json={"nickname": name}).status_code
            for name in ("Ugle", "Ravn", "Mejse", "Stær")
        ]
    assert codes == [201, 201, 201, 429]
    store.engine.dispose()


def test_the_facilitator_key_is_never_taken_from_the_query_string(room):
    for name in ("noegle", "key", "nøgle", "token"):
        page = room.client.get(f"/{room.code}/facilitator?{name}={room.key}")
        assert page.status_code == 400 and "aldrig stå i adressen" in page.text
        posted = room.client.post(
            f"/{room.code}/facilitator?{name}={room.key}", follow_redirects=False
        )
        assert posted.status_code == 400
    assert "lises_rum" not in room.client.cookies
    assert room.client.get(f"/api/{room.code}/facilitator/overblik").status_code == 403
    wrong = room.client.post(f"/{room.code}/facilitator", data={"noegle": "forkert"})
    assert wrong.status_code == 403 and "Forkert facilitatornøgle" in wrong.text
    assert 'aria-describedby="noegle-fejl"' in wrong.text


def test_the_session_cookie_is_httponly_and_samesite_strict(room):
    reply = room.client.post(
        f"/{room.code}/facilitator", data={"noegle": room.key}, follow_redirects=False
    )
    cookie = reply.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert room.key not in reply.headers["location"]


def test_every_response_carries_the_csp_and_security_headers(room):
    token = room.join("Ugle")
    room.sign_in()
    responses = [
        room.client.get(path)
        for path in (
            "/",
            f"/{room.code}",
            f"/{room.code}/facilitator",
            f"/{room.code}/projektor",
            f"/{room.code}/qr.svg",
            "/static/room.css",
            "/static/deltager.js",
            "/ZZZZZ",
            "/findes/ikke/her",
            f"/api/{room.code}/facilitator/overblik",
            f"/api/{room.code}/projektor",
        )
    ]
    responses.append(
        room.client.get(f"/api/{room.code}/skaerm", headers={"X-Deltager-Token": token})
    )
    responses.append(room.client.post(f"/api/{room.code}/svar", json={"step": "x", "value": 1}))
    for reply in responses:
        assert reply.headers["content-security-policy"] == CSP, reply.url
        assert reply.headers["x-content-type-options"] == "nosniff"
        assert reply.headers["referrer-policy"] == "same-origin"
        assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]
        assert "Traceback" not in reply.text


def test_no_page_or_script_names_another_host():
    """Templates, scripts and styles load only from this server: no http(s) URL, no //host."""
    allowed = {"http://www.w3.org/2000/svg"}
    for path in [*ROOM.glob("templates/*.html"), *ROOM.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        urls = set(re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"')]*", text)) - allowed
        assert not urls, f"{path.name}: {urls}"
        assert "<style" not in text and " style=" not in text, path.name
        if path.suffix == ".html":
            assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", text), path.name
            assert not re.search(r"\son[a-z]+=", text), path.name


@pytest.mark.parametrize("exercise_check", ["med", "uden"], ids=lambda v: f"{v}-oevelsens-kontrol")
def test_a_cpr_number_in_a_free_text_is_refused_in_danish_and_not_stored(
    room, monkeypatch, exercise_check
):
    # Two checks stand before the store: the exercise's own (screens) and the room's
    # check_free_text just before store_answer.  "uden": the second refuses on its own.
    if exercise_check == "uden":
        monkeypatch.setattr(screens, "free_text_problem", lambda text: None)
    token = room.join("Ugle")
    room.sign_in()
    room.act("aktivitet", {"exercise": "dilemma", "item": "praktikken"})
    for _ in range(3):
        due = room.screen(token)["screen"]["due"]
        if due["input"] == "text":
            break
        room.answer(token, due["step"], some_value(due))
    assert due["input"] == "text", "the dilemma never asked for a typed reason"
    reply = room.answer(token, due["step"], "Hun har CPR 010203-1234, skriv til hende")
    assert reply.status_code == 422, f"a CPR number was accepted: {reply.text}"
    assert "CPR-nummer" in reply.json()["fejl"]
    store = room.client.app.state.room.store
    steps = [a.step for a in store.item_answers(room.code, "dilemma", "praktikken")]
    assert due["step"] not in steps
    # The same step with an ordinary reason is taken: it was the text that was refused.
    assert room.answer(token, due["step"], some_value(due)).status_code == 200


def test_an_unexpected_error_is_a_danish_sentence_with_the_security_headers(room, monkeypatch):
    from lises.room import participant_api

    def broken(*_args):
        raise RuntimeError("internal detail")

    token = room.join("Ugle")
    room.sign_in()
    room.act("aktivitet", {"exercise": "dilemma", "item": "praktikken"})
    monkeypatch.setattr(participant_api, "participant_screen", broken)
    client = TestClient(room.client.app, raise_server_exceptions=False)
    reply = client.get(f"/api/{room.code}/skaerm", headers={"X-Deltager-Token": token})
    assert reply.status_code == 500
    assert reply.json()["fejl"].startswith("Der gik noget galt")
    assert "internal detail" not in reply.text and "Traceback" not in reply.text
    assert reply.headers["content-security-policy"] == CSP


def test_the_session_cookie_does_not_carry_the_facilitator_key(room):
    import base64

    room.sign_in()
    cookie = room.client.cookies["lises_rum"]
    # Starlette's session cookie is signed, not encrypted: its first part is readable.
    readable = base64.b64decode(cookie.split(".")[0] + "==").decode()
    assert room.key not in readable and room.code in readable
    # The grant it holds opens this room's facilitator actions, as the key would.
    assert room.act("aktivitet", {"exercise": "gribning", "item": "praktikken"}).status_code == 200
