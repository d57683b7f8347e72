"""The built book in headless Chromium, with every request to another host blocked."""

from __future__ import annotations

import re

import pytest

from conftest import BOOK_HTML

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


# -- what a person sees on a phone and on paper -----------------------------------------------

BOOK_PAGES = sorted(
    str(p.relative_to(BOOK_HTML))
    for p in (BOOK_HTML / "book").rglob("*.html")
    if "_static" not in p.parts
)


@pytest.mark.parametrize("width", [390, 320])
def test_no_page_scrolls_sideways_on_a_phone(page, book_server, width):
    """WCAG 1.4.10: at 390 px (a phone) and 320 px (reflow) every page fits the width; wide
    tables scroll inside their own box.  The front page was 578 px wide (its title did not
    wrap) and two chapter pages also scrolled sideways."""
    page.set_viewport_size({"width": width, "height": 844})
    wide = {}
    for path in BOOK_PAGES:
        page.goto(f"{book_server}/{path}")
        page.wait_for_load_state("load")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide[path] = scroll_width
    assert len(BOOK_PAGES) >= 15
    assert wide == {}, f"pages wider than {width} px: {wide}"


def test_the_guide_prints_every_tab_with_its_exercises(page, book_server):
    page.goto(f"{book_server}/book/velkommen/vejviser.html")
    page.locator(".lises-vejviser").wait_for(state="visible", timeout=20_000)
    # on screen: one tab at a time, and each tab links to its exercises
    for tab in ("Studerende", "Vidensmægler", "Underviser"):
        page.get_by_role("tab", name=tab).click()
        panel = page.locator(".lises-vejviser .widget-html:visible")
        assert panel.count() == 1
        assert panel.locator("a[href]").count() >= 3, tab
    page.emulate_media(media="print")
    text = page.locator(".lises-vejviser").inner_text()
    for lead in ("Du læser kurset alene", "Du holder en workshop", "Du kører øvelserne"):
        assert lead in text, f"'{lead}' is not printed"
    for title in ("Studerende", "Vidensmægler", "Underviser"):
        assert title in text
    assert "Gribning (Voilà)" in text  # the exercises print as names, not dead links
    assert page.locator(".lises-vejviser a[href^='http']:visible").count() == 0
    assert page.locator(".lises-vejviser [role=tablist]:visible").count() == 0


@pytest.mark.parametrize(
    ("path", "items"),
    [("/book/potentialer/index.html", "ol li"), ("/book/samtalen/index.html", "ul li")],
)
def test_a_self_check_prints_as_its_items_and_where_to_do_it(page, book_server, path, items):
    page.goto(book_server + path)
    page.locator(".lises-selvtest button").first.wait_for()
    page.emulate_media(media="print")
    check = page.locator(".lises-selvtest").first
    assert check.locator("button:visible, select:visible, progress:visible").count() == 0
    printed = check.locator(".lises-selvtest-print")
    assert printed.is_visible()
    assert "Øvelsen laves på skærmen" in printed.inner_text()
    assert printed.locator(items).count() >= 3
    page.emulate_media(media="screen")
    assert not printed.is_visible()
