"""The built book in headless Chromium, with every request to another host blocked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_widget_renders_offline(page, book_server):
    page.goto(f"{book_server}/book/velkommen/vejviser.html")
    tabs = page.locator(".lises-vejviser")
    tabs.wait_for(state="visible", timeout=20_000)
    assert page.get_by_role("tab", name="Studerende").is_visible()
    # The tabs switch without a kernel, from the keyboard.
    page.get_by_role("tab", name="Vidensmægler").click()
    assert page.get_by_text("Du holder en workshop").is_visible()
    assert page.blocked == [], f"blocked requests to other hosts: {page.blocked}"
    assert page.console_errors == []


def test_front_page_and_chapter_load_without_other_hosts(page, book_server):
    for path in ("/index.html", "/book/velkommen/index.html", "/book/litteratur.html"):
        page.goto(book_server + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "da"
    assert page.blocked == [], f"blocked requests to other hosts: {page.blocked}"
