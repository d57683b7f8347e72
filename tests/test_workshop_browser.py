"""The workshop in real browsers: participants on their own pages, the facilitator's live view,
and a server killed with kill -9 in the middle of the workshop."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from contextlib import contextmanager

import pytest

from conftest import _STATE, free_port
from lises.tools.serve import (
    voila_env,
    wait_for_http,
    workshop_command,
    workshop_links,
    workshop_notebooks,
)
from lises.workshop.store import Store

pytestmark = pytest.mark.browser
TOKEN = "proeve-token"


@contextmanager
def workshop_voila(store: Store, port: int):
    env = voila_env() | {"LISES_WORKSHOP_MODE": "1", "LISES_STORE_URL": store.url}
    log = open(_STATE / f"workshop-voila-{port}.log", "a")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        # The notebooks and Voilà command of `make workshop`, on a store the test prepared.
        workshop_command(port, TOKEN, 2, "127.0.0.1", workshop_notebooks(_STATE / f"nb-{port}")),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=_STATE,
        start_new_session=True,  # kill -9 reaches the server and its kernels together
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/?token={TOKEN}", timeout=60, process=process)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        log.close()


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'workshops.sqlite'}")


def new_page(browser):
    context = browser.new_context(locale="da-DK")
    return context.new_page()


def join(page, link: str, code: str, nickname: str, resume: str = "") -> None:
    page.goto(link, timeout=60_000)
    panel = page.locator(".lises-join")
    panel.wait_for(timeout=60_000)
    code_box = panel.get_by_label("Workshopkode:")
    # The join link carries the code: the page fills it in (read from the request in the kernel).
    page.wait_for_function(
        "() => [...document.querySelectorAll('.lises-join input')].some(i => i.value)",
        timeout=20_000,
    )
    assert code_box.input_value() == code
    panel.get_by_label("Kaldenavn:").fill(nickname)
    if resume:
        panel.get_by_label("Genoptagelseskode (kun hvis du har en):").fill(resume)
    panel.get_by_label("Kaldenavn:").press("Tab")
    panel.get_by_role("button", name="Deltag").click()
    page.get_by_text("Dine svar gemmes").wait_for(timeout=20_000)


def start_excerpt(page, title: str) -> None:
    # Right after joining, the exercise is rebuilt for the participant; wait until only the new
    # one is on the page before choosing (a person cannot click within those milliseconds).
    page.locator(".lises-trainer.lises-joined").wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('.lises-trainer').length === 1")
    page.wait_for_timeout(300)
    trainer = page.locator(".lises-trainer.lises-joined")
    trainer.locator("select").select_option(label=title.replace(" ", "\xa0"))
    trainer.get_by_role("button", name="Start uddraget").click()
    trainer.get_by_text("Fremskridt").wait_for(timeout=30_000)


def answer(page, times: int) -> None:
    """Answer the next ``times`` steps: every citizen turn unmarked, otherwise 'next turn'."""
    trainer = page.locator(".lises-trainer")
    for _ in range(times):
        before = trainer.inner_text()
        for label in ("Nej, ingen meningsytring", "Vis næste tur"):
            button = trainer.get_by_role("button", name=label)
            if button.count():
                button.click()
                break
        page.wait_for_function(
            "b => document.querySelector('.lises-trainer').innerText !== b", arg=before
        )
        # The conversation and the step's buttons arrive as separate updates; let both land.
        page.wait_for_timeout(400)


def wait_until(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def turn_table(page) -> dict[int, int]:
    """The facilitator's Gribning pane, turn by turn: turn number -> how many answered it."""
    rows = page.evaluate(
        """() => {
          const heading = [...document.querySelectorAll('.lises-facilitator h3')]
            .find(h => h.textContent.includes('tur for tur'));
          const table = heading && heading.nextElementSibling;
          if (!table || table.tagName !== 'TABLE') return [];
          const names = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
          return [...table.querySelectorAll('tbody tr')].map(tr => Object.fromEntries(
            [...tr.children].map((cell, i) => [names[i], cell.textContent.trim()])));
        }"""
    )
    return {int(row["tur"]): int(row["svaret"]) for row in rows}


def test_two_participants_appear_live_in_the_facilitator_view(browser, store):
    workshop = store.create_workshop("Workshop i lokalet")
    port = free_port()
    with workshop_voila(store, port):
        links = workshop_links("127.0.0.1", port, TOKEN, workshop.code, workshop.facilitator_key)
        lead = new_page(browser)
        lead.goto(links["facilitator"], timeout=60_000)
        view = lead.locator(".lises-facilitator")
        view.wait_for(timeout=60_000)
        lead.wait_for_function(
            "() => [...document.querySelectorAll('.lises-facilitator input')].some(i => i.value)",
            timeout=20_000,
        )
        assert view.get_by_label("Workshopkode:").input_value() == workshop.code
        view.get_by_role("button", name="Åbn workshoppen").click()
        view.get_by_text("0 deltagere").wait_for(timeout=20_000)

        pages = [new_page(browser), new_page(browser)]
        for page, nickname in zip(pages, ("Blå kop", "Rød kop"), strict=True):
            join(page, links["gribning"], workshop.code, nickname)
            start_excerpt(page, "Jeg kan ikke holde til mere (let)")
            answer(page, 2)
        started = time.monotonic()
        view.get_by_text("2 deltagere").wait_for(timeout=15_000)
        # Both participants' answers are in the store; the live view must show that count.
        wait_until(
            lambda: (
                set(store.workshop_answers(workshop.code, workshop.facilitator_key)["kaldenavn"])
                == {"Blå kop", "Rød kop"}
            )
        )
        time.sleep(1)  # let a straggling answer land, then read the count the view must show
        count = store.count_answers()
        view.get_by_text(f"{count} svar").wait_for(timeout=15_000)
        seen_after = time.monotonic() - started
        assert seen_after < 15, f"the facilitator saw the answers after {seen_after:.1f} s"
        view.get_by_role("tab", name="Gribning").click()
        # The pane's heading says "tur for tur" whatever the data: check its table instead.
        # Every citizen turn the room has marked shows how many marked it, and the turn both
        # participants answered shows 2.
        answers = store.workshop_answers(workshop.code, workshop.facilitator_key)
        marks = answers[answers["trin"].str.startswith("mark:")]
        expected = marks["trin"].str.split(":").str[1].astype(int).value_counts().to_dict()
        assert 2 in expected.values(), expected
        title = "Jeg kan ikke holde til mere"  # the excerpt both participants answered
        choice = view.get_by_label("Uddrag:")
        options = [t.replace("\xa0", " ") for t in choice.locator("option").all_inner_texts()]
        choice.select_option(index=options.index(title))
        lead.wait_for_function(
            "t => [...document.querySelectorAll('.lises-facilitator h3')]"
            ".some(h => h.textContent.replace(/\\u00a0/g, ' ').startsWith(t))",
            arg=title,
        )
        shown = turn_table(lead)
        assert set(expected) <= set(shown)
        assert shown == {turn: expected.get(turn, 0) for turn in shown}
        assert "Traceback" not in lead.content()


def test_answers_survive_kill_9_and_the_workshop_carries_on(browser, store):
    workshop = store.create_workshop("Workshop der går ned")
    port = free_port()
    page = new_page(browser)
    with workshop_voila(store, port) as server:
        links = workshop_links("127.0.0.1", port, TOKEN, workshop.code, workshop.facilitator_key)
        join(page, links["gribning"], workshop.code, "Grøn kop")
        page.get_by_text("Din genoptagelseskode er").wait_for(timeout=20_000)
        bar = page.locator(".lises-workshop-bar").inner_text()
        resume = re.search(r"genoptagelseskode er\s+(\w{6})", bar).group(1)
        start_excerpt(page, "Jeg kan ikke holde til mere (let)")
        answer(page, 4)
        wait_until(lambda: store.count_answers() >= 4)
        submitted = store.count_answers()
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    assert Store(store.url).count_answers() == submitted  # nothing lost

    with workshop_voila(store, port):
        page.reload()
        join(page, links["gribning"], workshop.code, "grøn kop", resume)
        start_excerpt(page, "Jeg kan ikke holde til mere (let)")
        participant = store.join(workshop.code, "grøn kop", resume)
        shown = 1 + sum(a.step.startswith("next:") for a in store.answers(participant))
        page.locator(".lises-trainer").get_by_text(f"Tur {shown} af").wait_for(timeout=20_000)
        answer(page, 1)
        wait_until(lambda: store.count_answers() > submitted)
        assert store.count_answers() == submitted + 1
