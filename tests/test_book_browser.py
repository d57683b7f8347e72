"""The built book in headless Chromium, with every request to another host blocked."""

from __future__ import annotations

import re

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


def test_handouts_print_one_per_page_without_the_site_around_them(page, book_server):
    page.goto(f"{book_server}/book/vidensmaegling/handouts.html")
    page.emulate_media(media="print")
    handouts = page.locator(".lises-handout")
    assert handouts.count() >= 4
    visible = page.evaluate("() => document.body.innerText")
    for chrome in ("Søg i kurset", "forrige", "næste", "Indhold"):
        assert chrome not in visible, f"'{chrome}' is printed"
    breaks = page.evaluate(
        "() => [...document.querySelectorAll('.lises-handout')]"
        ".map(h => getComputedStyle(h).breakBefore)"
    )
    assert all(b in ("page", "always") for b in breaks[1:]), breaks
    pdf = page.pdf(prefer_css_page_size=True)  # the handouts set A4 themselves
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == handouts.count(), "one A4 page per handout"


def test_search_speaks_danish(page, book_server):
    page.goto(f"{book_server}/search.html?q=gribning")
    # Sphinx's search shows "Søger" while it works, then the result heading (Sphinx's own
    # Danish catalogue) and a summary.
    page.wait_for_function(
        "() => (document.querySelector('#search-results h2') || {}).textContent"
        " === 'Søgeresultater'"
    )
    assert page.locator("#search-results li").count() >= 3
    text = page.locator(".bd-search-container, #search-results").first.inner_text()
    for english in ("Search", "Searching", "found", "Results"):
        assert english not in text, english
    assert page.blocked == []
