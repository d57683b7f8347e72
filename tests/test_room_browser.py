"""The room served as the facilitator starts it (``python -m lises.room`` in a process of its
own, uvicorn on a free port, a SQLite store in a temporary folder), driven by headless Chromium.

A facilitator (1366 px), a projector and three phone-sized participants (390 px) go through each
exercise kind from the keyboard alone; the release reaches the participants by push; a reload
continues where the participant was; a free text with markup stays text on the projector; a
server that stops shows the Danish connection banner, which goes away when it is back
(``--resume``); axe-core finds no serious or critical problem; no page asks another host for
anything or breaks its CSP; phone text is at least 16 px.  Two server processes on one store
push each other's changes and take each other's answers (as behind a load balancer).

The browser tests are the ``browser`` tier; the CLI and two-process tests start servers
(``slow``).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import httpx
import pytest

from conftest import REPO, free_port
from keyboard import focused_text, tab_to
from lises.tools.headless import is_local

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
NICKNAMES = ("Ugle", "Ravn", "Blå 7")
MARKUP = '<img src=x onerror="document.title=1">Spørg ind'
SMALLEST_TEXT = """() => {
  let smallest = 99;
  for (const e of document.querySelectorAll('main *')) {
    if (!e.getClientRects().length) continue;
    if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (e.closest('.visually-hidden')) continue;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(e).fontSize));
  }
  return smallest;
}"""


class Server:
    """``python -m lises.room`` in its own process; stopped with SIGTERM as a service would."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = os.environ | {
            "LISES_STORE_URL": f"sqlite:///{folder / 'rum.sqlite'}",
            "LISES_ROOM_SECRET": "browser-test-secret",
        }
        self.env.pop("LISES_ROOM_URL", None)
        self.process: subprocess.Popen | None = None
        self.output = ""

    def start(self, *args: str) -> str:
        log = self.folder / f"server-{time.monotonic_ns()}.log"
        with log.open("w") as out:
            command = [sys.executable, "-m", "lises.room", "--host", "127.0.0.1"]
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port), *args],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.folder,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self.output = log.read_text(encoding="utf-8")
            if "Fortsæt senere" in self.output:
                try:
                    urllib.request.urlopen(self.url + "/", timeout=2).close()
                    return self.output
                except OSError:
                    pass
            assert self.process.poll() is None, self.output
            time.sleep(0.2)
        raise AssertionError(f"the room server did not start:\n{self.output}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    room = Server(tmp_path_factory.mktemp("rum"))
    output = room.start("--title", "Træf i salen")
    room.code = re.search(r"Workshopkode: (\w+)", output).group(1)
    room.key = re.search(r"Facilitatornøgle \(hemmelig[^)]*\):\s+(\S+)", output).group(1)
    yield room
    if room.process.poll() is None:
        room.stop()


@pytest.fixture
def new_page(browser):
    """Pages in contexts of their own, closed after the test (see :func:`open_page`)."""
    contexts: list = []

    def make(viewport: dict, problems: list):
        page = open_page(browser, viewport, problems)
        contexts.append(page.context)
        return page

    yield make
    for context in contexts:
        for page in context.pages:
            page.unroute_all(behavior="ignoreErrors")
            page.close(run_before_unload=True)
        context.close()


def open_page(browser, viewport: dict, problems: list):
    """A page that may only talk to this machine; other requests and CSP reports are kept."""
    context = browser.new_context(viewport=viewport, locale="da-DK")
    page = context.new_page()

    def route(request_route):
        if is_local(request_route.request.url):
            request_route.continue_()
        else:
            problems.append(f"anden vært: {request_route.request.url}")
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: problems.append(f"fejl: {error}"))
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and problems.append(f"CSP: {message.text}")
        ),
    )
    return page


def axe_problems(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the browser, not the page
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 2).map(n => n.html)}))"
    )
    return [
        f"{v['impact']} {v['id']} {v['nodes']}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def sign_in(page, server, then: str = "facilitator") -> None:
    page.goto(f"{server.url}/{server.code}/{then}")
    tab_to(page, "Spring til")
    page.keyboard.press("Tab")
    tab_to(page, "INPUT")
    page.keyboard.type(server.key)
    page.keyboard.press("Enter")
    # The sign-in form has the same address as the page it leads to: wait for the page.
    page.wait_for_selector("main[data-csrf]" if then == "facilitator" else ".wall")


def join(page, server, nickname: str) -> None:
    page.goto(f"{server.url}/{server.code}")
    page.wait_for_selector("#deltag:not([hidden])")
    assert page.input_value("#kode") == server.code
    page.focus("#kode")
    page.keyboard.press("Tab")
    page.keyboard.type(nickname)
    page.keyboard.press("Enter")
    page.wait_for_selector("#opgave:not([hidden])")
    assert page.text_content("#navn") == nickname


def choose(page, value: str) -> None:
    """The facilitator picks an exercise and item with the arrow keys and starts it."""
    # The form's button is enabled once the page's script has taken over its submit: a Tab
    # before that skips the disabled button (CI: the focus landed on "Åbn for svar").
    page.wait_for_selector("button[data-script-form]:not([disabled])")
    page.focus("#emne")
    values = page.eval_on_selector_all("#emne option", "options => options.map(o => o.value)")
    here = values.index(page.input_value("#emne"))
    there = values.index(value)
    for _ in range(abs(there - here)):
        page.keyboard.press("ArrowDown" if there > here else "ArrowUp")
    assert page.input_value("#emne") == value
    page.keyboard.press("Tab")
    assert "Start denne opgave" in focused_text(page)
    page.keyboard.press("Enter")
    page.wait_for_selector("#besked:has-text('Rummet arbejder nu')")


def answer_once(page, n: int, text: str) -> bool:
    """Answer what is due from the keyboard (option ``n`` of a choice); False when none is."""
    if not page.locator(".due").count():
        return False
    step_before = page.eval_on_selector("#skaerm", "e => e.textContent.length")
    if page.evaluate("document.activeElement === document.body"):
        page.keyboard.press("Tab")  # after a reload: the body's text would match any label
    if page.locator("#svar-tekst").count():
        tab_to(page, "TEXTAREA")
        page.keyboard.type(text)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    elif page.locator(".weights").count():
        page.focus(".weights input[type=radio]:checked")
        for group in range(page.locator(".weights fieldset").count()):
            for _ in range((n + group) % 4):
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Tab")
        assert "Gem" in focused_text(page)
        page.keyboard.press("Enter")
    else:
        labels = page.locator(".due .choices button").all_inner_texts()
        tab_to(page, labels[n % len(labels)])
        page.keyboard.press("Enter")
    page.wait_for_function(
        "before => document.querySelector('#skaerm').textContent.length !== before"
        " && !document.querySelector('.due button:disabled')",
        arg=step_before,
    )
    return True


def finish(page, n: int, text: str = "Jeg ville spørge, hvad hun selv ønsker.") -> int:
    steps = 0
    while answer_once(page, n, text):
        steps += 1
        assert steps < 60
    return steps


def test_the_cli_prints_the_room_in_danish(server):
    out = server.output
    assert f"Deltagerne åbner:  {server.url}/{server.code}" in out
    assert f"{server.url}/{server.code}/facilitator" in out
    assert "█" in out  # the QR code in the terminal
    assert "Stop med Ctrl+C" in out and f"make workshop RESUME={server.code}" in out
    assert not [line for line in out.splitlines() if "http" in line and server.key in line]


def test_a_room_with_three_phones_from_the_keyboard(new_page, server):
    problems: list[str] = []
    facilitator = new_page(DESK, problems)
    sign_in(facilitator, server)
    projector = facilitator.context.new_page()
    projector.goto(f"{server.url}/{server.code}/projektor")
    phones = [new_page(PHONE, problems) for _ in NICKNAMES]
    for phone, nickname in zip(phones, NICKNAMES, strict=True):
        join(phone, server, nickname)
        assert phone.evaluate(SMALLEST_TEXT) >= 16
    assert phones[0].locator("text=Venter på, at facilitatoren vælger en opgave").count()
    for page in (facilitator, projector, phones[0]):
        assert axe_problems(page) == [], page.url

    # Gribning: the first participant reloads half-way and continues where they were.
    choose(facilitator, "gribning|praktikken")
    phones[0].wait_for_selector(".due")
    for _ in range(4):
        answer_once(phones[0], 0, MARKUP)
    assert phones[0].evaluate("document.activeElement.closest('#skaerm') !== null")
    phones[0].wait_for_function("() => document.querySelector('#meddelelse').textContent.trim()")
    progress = phones[0].text_content(".part [role=status]")
    phones[0].reload()
    phones[0].wait_for_selector(".due")
    assert phones[0].text_content(".part [role=status]") == progress
    for n, phone in enumerate(phones):
        finish(phone, n, MARKUP if n == 0 else "Jeg ville spørge ind.")
        phone.wait_for_selector("text=Venter på, at facilitatoren frigiver nøglen.")
        assert phone.evaluate(SMALLEST_TEXT) >= 16
    projector.wait_for_selector("#p-faerdige:text('3')")
    assert projector.locator(".key-mark").count() == 0  # no key before the release
    projector.wait_for_selector(".quotes li:has-text('Spørg ind')")
    assert projector.locator(".quotes img").count() == 0  # markup stays text
    wall = projector.inner_text("main")
    assert not any(nickname in wall for nickname in NICKNAMES) and server.key not in wall
    facilitator.wait_for_selector("#faerdige li:has-text('Blå 7')")
    assert facilitator.locator("#tekster img").count() == 0
    assert axe_problems(projector) == [] and axe_problems(phones[1]) == []

    facilitator.focus("#frigiv")
    facilitator.keyboard.press("Enter")
    for phone in phones:  # pushed: no reload, no button to press
        phone.wait_for_selector("#feedback", timeout=10_000)
    assert phones[0].evaluate("document.activeElement.id") == "feedback"
    projector.wait_for_selector(".key-mark", timeout=10_000)
    assert axe_problems(phones[2]) == []

    # The facilitator hides the free text with markup from the wall.
    facilitator.locator("#tekster li:has-text('Spørg ind') button").first.focus()
    facilitator.keyboard.press("Enter")
    facilitator.wait_for_selector("#tekster li.skjult")
    projector.wait_for_function(
        "() => ![...document.querySelectorAll('.quotes li')]"
        ".some(li => li.textContent.includes('onerror'))"
    )

    # Dilemma and potentials, every participant by keyboard.
    for value in ("dilemma|praktikken", "potentialer|fem-potentialer"):
        choose(facilitator, value)
        for n, phone in enumerate(phones):
            phone.wait_for_selector(".due", timeout=10_000)
            assert finish(phone, n) >= 3
            phone.wait_for_selector("text=Venter på, at facilitatoren frigiver nøglen.")
        facilitator.focus("#frigiv")
        facilitator.keyboard.press("Enter")
        for phone in phones:
            phone.wait_for_selector("#feedback", timeout=10_000)
        projector.wait_for_selector(".chart", timeout=10_000)
        assert axe_problems(projector) == [] and axe_problems(phones[0]) == []
    assert axe_problems(facilitator) == []
    assert problems == []


def test_a_dropped_connection_shows_a_banner_until_the_server_is_back(new_page, server):
    problems: list[str] = []
    facilitator = new_page(DESK, problems)
    sign_in(facilitator, server)
    choose(facilitator, "potentialer|fem-potentialer")
    phone = new_page(PHONE, problems)
    join(phone, server, "Mejse")
    phone.wait_for_selector(".due")
    answer_once(phone, 1, "")
    assert server.stop() == 0
    banner = phone.locator("#forbindelse")
    phone.wait_for_function(
        "() => document.querySelector('#forbindelse').textContent.includes('afbrudt')",
        timeout=15_000,
    )
    assert banner.get_attribute("role") == "status"
    output = server.start("--resume", server.code)
    assert f"Workshopkode: {server.code}" in output and "Facilitatornøgle: den samme" in output
    phone.wait_for_function(
        "() => document.querySelector('#forbindelse').textContent === ''", timeout=20_000
    )
    assert answer_once(phone, 2, "")  # the participant continues after the restart
    assert phone.locator(".part").first.inner_text().startswith("Emne 3")
    # The facilitator's session survives the restart (the same LISES_ROOM_SECRET).
    facilitator.reload()
    assert facilitator.locator("#emne").count() == 1
    problems = [p for p in problems if "ERR_CONNECTION_REFUSED" not in p]
    assert problems == []


def test_a_change_made_through_one_process_is_pushed_by_another(server, tmp_path):
    """Two servers on one store (as behind a load balancer): the facilitator acts through the
    first, a participant listens and answers through the second."""
    other = Server(server.folder)
    other.start("--resume", server.code)
    try:
        with httpx.Client(base_url=server.url) as first, httpx.Client(base_url=other.url) as second:
            token = first.post(f"/api/{server.code}/join", json={"nickname": "Grævling"}).json()[
                "token"
            ]
            first.post(f"/{server.code}/facilitator", data={"noegle": server.key})
            page = first.get(f"/{server.code}/facilitator").text
            csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
            with second.stream("GET", f"/api/{server.code}/begivenheder", timeout=10) as events:
                lines = events.iter_lines()
                start = next(line for line in lines if line.startswith("data:"))
                acted = time.monotonic()
                reply = first.post(
                    f"/api/{server.code}/facilitator/aktivitet",
                    json={"exercise": "dilemma", "item": "refusion"},
                    headers={"X-CSRF-Token": csrf},
                )
                assert reply.status_code == 200
                pushed = next(line for line in lines if line.startswith("data:"))
                assert time.monotonic() - acted < 2
            assert int(pushed.split('"version": ')[1].rstrip("}")) > int(
                start.split('"version": ')[1].rstrip("}")
            )
            header = {"X-Deltager-Token": token}
            due = second.get(f"/api/{server.code}/skaerm", headers=header).json()["screen"]["due"]
            value = {field["name"]: 2 for field in due["fields"]}
            answer = {"step": due["step"], "value": value}
            assert second.post(f"/api/{server.code}/svar", json=answer, headers=header).is_success
            mine = first.get(f"/api/{server.code}/skaerm", headers=header).json()
            assert mine["screen"]["due"]["step"] == "action"
    finally:
        assert other.stop() == 0


def test_an_answer_that_does_not_get_through_is_sent_again_and_stored_once(new_page, server):
    """A lost request, a server between restarts (503) and a lost response: the page sends the
    answer again by itself, the participant sees the next screen, and the store has it once."""
    from lises.workshop.store import Store

    problems: list[str] = []
    facilitator = new_page(DESK, problems)
    sign_in(facilitator, server)
    choose(facilitator, "potentialer|fem-potentialer")
    phone = new_page(PHONE, problems)
    join(phone, server, "Stær")
    phone.wait_for_selector(".due")
    calls: list[str] = []

    def flaky(route):
        calls.append(route.request.post_data or "")
        if len(calls) == 1:
            route.abort("connectionreset")  # never reached the server
        elif len(calls) == 2:
            route.fulfill(status=503, content_type="application/json", body='{"fejl": "…"}')
        elif len(calls) == 3:
            route.fetch()  # stored by the server, but the answer never reaches the phone
            route.abort("connectionreset")
        else:
            route.continue_()

    phone.route("**/api/*/svar", flaky)
    before = phone.locator(".part").first.inner_text()
    answer_once(phone, 1, "")
    assert len(calls) == 4 and len(set(calls)) == 1  # the same answer each time
    assert phone.locator(".part").first.inner_text() != before
    assert phone.locator("#svar-fejl").inner_text() == ""
    assert phone.locator("#forbindelse").inner_text() == ""
    store = Store(server.env["LISES_STORE_URL"])
    try:
        mine = [a for a in store.export_answers(server.code, server.key) if a.nickname == "Stær"]
    finally:
        store.engine.dispose()
    assert len(mine) == 1
    assert [p for p in problems if "ERR_CONNECTION_RESET" not in p] == []
