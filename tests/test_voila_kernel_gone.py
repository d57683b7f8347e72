"""A page whose kernel is gone says so in Danish and offers a reload; it never shows code.

In real browsers against the workshop server as ``make workshop`` starts it: the page's kernel
is shut down through the API (as the culler does), or its process is killed (a crash), or a
preheated kernel is killed just before the page is handed out (the race in issue 12).
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from workshop_server import workshop_server

pytestmark = pytest.mark.browser

BANNER = "Forbindelsen til øvelsen er afbrudt"
# What a page must never show: the notebooks' source, or a widget's Python repr (the text
# Voilà's front end falls back to when a widget cannot be drawn).
CODE = ("import lises", "from lises", "build_", "children=(", "VBox(", "Button(")


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    with workshop_server(tmp_path_factory.mktemp("kernel-gone"), pool=1) as running:
        running.wait_for_pools(3)
        yield running


def kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


def shut_down(workshop, kernel: str) -> None:
    request = urllib.request.Request(workshop.url(f"/api/kernels/{kernel}"), method="DELETE")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204


def kill(workshop, kernel: str) -> None:
    [process] = [p for p in workshop.kernels() if kernel in " ".join(p.cmdline())]
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
def test_a_page_without_its_kernel_says_so_and_takes_no_clicks(page, workshop, end, seconds):
    page.goto(workshop.url("/voila/render/gribning.ipynb"), timeout=60_000)
    join = page.locator(".lises-join")
    join.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)  # the widgets are connected
    end(workshop, kernel_id(page))
    assert_banner_on_screen(page, seconds)
    # A click on the exercise is not swallowed silently: the focus moves to "Genindlæs siden".
    before = join.inner_text()
    join.get_by_role("button", name="Deltag", exact=True).click()
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Genindlæs siden"
    assert join.inner_text() == before
    assert page.blocked == []
    # The button does what it says: a fresh page with a live kernel.
    page.get_by_role("button", name="Genindlæs siden").click()
    page.locator(".lises-join").wait_for(timeout=60_000)
    assert page.get_by_role("alert").filter(has_text=BANNER).count() == 0


def test_a_page_handed_a_dead_preheated_kernel_shows_no_code(page, tmp_path):
    """The race: a preheated kernel dies as it is handed out.  Jupyter notices a dead kernel
    within ``time_to_dead`` (3 s); here 10 s, so the page is surely handed the dead one."""
    config = {"KernelRestarter": {"time_to_dead": 10}}
    with workshop_server(tmp_path, pool=1, config=config) as workshop:
        workshop.wait_for_pools(3)
        killed = {p.cmdline()[-1] for p in workshop.kernels()}  # their connection files
        for process in workshop.kernels():
            process.kill()
        page.goto(workshop.url("/voila/render/potentialer.ipynb"), timeout=60_000)
        assert any(kernel_id(page) in name for name in killed)
        assert_banner_on_screen(page, seconds=45)
        page.wait_for_timeout(2000)  # whatever the front end falls back to has been drawn
        shown = page.locator("body").inner_text()
        assert not [code for code in CODE if code in shown], shown
        assert "There was an error" not in shown and "Traceback" not in shown
        assert "model not found" not in shown
