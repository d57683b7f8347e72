"""A page whose kernel is gone says so in Danish and offers a reload; it never shows code.

In real browsers against the exercises served as ``make serve`` serves them (the course's Voilà
configuration, one preheated kernel per learner page): the page's kernel is shut down through the
API (as the culler does), or its process is killed (a crash), or a preheated kernel is killed
just before the page is handed out (the race in issue 12).
"""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from conftest import free_port

pytestmark = pytest.mark.browser

BANNER = "Forbindelsen til øvelsen er afbrudt"
# What a page must never show: the notebooks' source, or a widget's Python repr (the text
# Voilà's front end falls back to when a widget cannot be drawn).
CODE = ("import lises", "from lises", "build_", "children=(", "VBox(", "Button(")


@dataclass
class Served:
    base: str
    process: subprocess.Popen
    log: Path

    def url(self, path: str) -> str:
        return self.base + path

    def kernels(self) -> list[psutil.Process]:
        """The server's kernel processes."""
        return [
            child
            for child in psutil.Process(self.process.pid).children(recursive=True)
            if "ipykernel" in " ".join(child.cmdline())
        ]

    def wait_for_pools(self, count: int, timeout: float = 240) -> None:
        """Until ``count`` notebooks' pools are filled (Voilà logs each)."""
        deadline = time.monotonic() + timeout
        while self.log.read_text(errors="replace").count("is filled with") < count:
            assert time.monotonic() < deadline, self.log.read_text(errors="replace")[-3000:]
            time.sleep(0.5)


@contextmanager
def make_serve_voila(folder: Path, *extra: str) -> Iterator[Served]:
    """Voilà over the exercises as ``make serve`` starts it, on a free port; ``extra`` options
    only for settings the course leaves at Jupyter's defaults."""
    from lises.tools.serve import EXERCISES, stop, voila_command, voila_env, wait_for_http

    port = free_port()
    log = folder / "voila.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            voila_command(port, EXERCISES, "--Voila.log_level=INFO", *extra),
            env=voila_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=60, process=process)
        yield Served(f"http://127.0.0.1:{port}", process, log)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with make_serve_voila(tmp_path_factory.mktemp("kernel-gone")) as running:
        running.wait_for_pools(3)
        yield running


def kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


def shut_down(served: Served, kernel: str) -> None:
    # No token on this server, so Jupyter asks for its double-submit check: any value will do,
    # as long as the cookie and the header agree (a page's own request would carry both).
    xsrf = {"X-XSRFToken": "proeve", "Cookie": "_xsrf=proeve"}
    request = urllib.request.Request(
        served.url(f"/api/kernels/{kernel}"), method="DELETE", headers=xsrf
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204


def kill(served: Served, kernel: str) -> None:
    [process] = [p for p in served.kernels() if kernel in " ".join(p.cmdline())]
    process.kill()


def assert_banner_on_screen(page, seconds: float = 30) -> None:
    banner = page.get_by_role("alert").filter(has_text=BANNER)
    banner.wait_for(state="visible", timeout=seconds * 1000)
    box, viewport = banner.bounding_box(), page.viewport_size
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    assert banner.get_by_role("button", name="Genindlæs siden").is_visible()


# Shut down, the page learns it when it next asks the server (every 20 s); killed, Jupyter
# tells the page within its 3 s check ("dead").
@pytest.mark.parametrize(("end", "seconds"), [(shut_down, 30), (kill, 10)], ids=["lukket", "død"])
def test_a_page_without_its_kernel_says_so_and_takes_no_clicks(page, served, end, seconds):
    page.goto(served.url("/voila/render/gribning.ipynb"), timeout=60_000)
    trainer = page.locator(".lises-trainer")
    trainer.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)  # the widgets are connected
    end(served, kernel_id(page))
    assert_banner_on_screen(page, seconds)
    # A click on the exercise is not swallowed silently: the focus moves to "Genindlæs siden".
    before = trainer.inner_text()
    trainer.get_by_role("button", name="Start uddraget", exact=True).click()
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Genindlæs siden"
    assert trainer.inner_text() == before
    assert page.blocked == []
    # The button does what it says: a fresh page with a live kernel.
    page.get_by_role("button", name="Genindlæs siden").click()
    page.locator(".lises-trainer").wait_for(timeout=60_000)
    assert page.get_by_role("alert").filter(has_text=BANNER).count() == 0


def test_a_page_handed_a_dead_preheated_kernel_shows_no_code(page, tmp_path):
    """The race: a preheated kernel dies as it is handed out.  Jupyter notices a dead kernel
    within ``time_to_dead`` (3 s); here 10 s, so the page is surely handed the dead one."""
    with make_serve_voila(tmp_path, "--KernelRestarter.time_to_dead=10") as served:
        served.wait_for_pools(3)
        killed = {p.cmdline()[-1] for p in served.kernels()}  # their connection files
        for process in served.kernels():
            process.kill()
        page.goto(served.url("/voila/render/potentialer.ipynb"), timeout=60_000)
        assert any(kernel_id(page) in name for name in killed)
        assert_banner_on_screen(page, seconds=45)
        page.wait_for_timeout(2000)  # whatever the front end falls back to has been drawn
        shown = page.locator("body").inner_text()
        assert not [code for code in CODE if code in shown], shown
        assert "There was an error" not in shown and "Traceback" not in shown
        assert "model not found" not in shown
