"""The five-potentials exercise in Voilà, completed with the keyboard only."""

from __future__ import annotations

import pytest

from lises.potentials.files import load_sets
from lises.potentials.items import POTENTIAL_TITLES, Potential
from test_dilemma_browser import tab_to, wait_focus

pytestmark = pytest.mark.browser

(SET,) = load_sets().values()


def test_sort_every_item_with_the_keyboard_only(page, voila_server):
    page.goto(f"{voila_server}/voila/render/potentialer.ipynb", timeout=60_000)
    app = page.locator(".lises-potentials-app")
    app.wait_for(state="visible", timeout=60_000)
    tab_to(page, "Start sorteringen")
    page.keyboard.press("Enter")

    for n, item in enumerate(SET.items, start=1):
        app.get_by_text(f"Emne {n} af {len(SET.items)}").wait_for(timeout=10_000)
        shown = app.locator(".lises-sort-item").inner_text().replace("\xa0", " ")
        assert item.text.split()[0] in shown
        wait_focus(page, "1. Strategier og legitimitet")  # focus moves to the first choice
        key = Potential(item.key)
        tab_to(page, f"{int(key)}. {POTENTIAL_TITLES[key]}")
        page.keyboard.press("Enter")
        app.get_by_text("Som nøglen").wait_for(timeout=10_000)
        last = n == len(SET.items)
        wait_focus(page, "Se opsummering" if last else "Næste emne")
        page.keyboard.press("Enter")

    app.get_by_text("Du placerede").wait_for(timeout=10_000)
    text = app.inner_text()
    assert f"Du placerede {len(SET.items)} af {len(SET.items)} emner som nøglen." in text
    assert "Larsen m.fl. 2018, afsnit 7" in text
    assert page.blocked == []
    assert "Traceback" not in page.content()
