"""The dilemma exercise in Voilà, completed with the keyboard only, as a learner would."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def focused(page) -> str:
    """Role or tag, type and visible text of the focused element."""
    return page.evaluate(
        "() => { const e = document.activeElement; if (!e || e === document.body) return 'BODY';"
        " const role = e.getAttribute('role') || e.tagName;"
        " const text = role + ' ' + (e.type || '') + ' ' + (e.innerText || '');"
        " return text.replace(/\\u00a0/g, ' ');"
        " }"
    )


def tab_to(page, label: str, limit: int = 60) -> None:
    """Press Tab until the focused element shows ``label``.

    The exercise moves focus to the next control itself; when the control that had focus
    leaves the page, wait briefly for that before tabbing.
    """
    for _ in range(20):
        if focused(page) != "BODY":
            break
        page.wait_for_timeout(100)
    for _ in range(limit):
        if label.lower() in focused(page).lower():
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"'{label}' could not be reached with Tab (focus: {focused(page)})")


def wait_focus(page, label: str, timeout_ms: int = 10_000) -> None:
    """Wait until the exercise has moved focus to the control showing ``label``."""
    for _ in range(timeout_ms // 100):
        if label.lower() in focused(page).lower():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"focus did not move to '{label}' (focus: {focused(page)})")


def test_weigh_choose_and_justify_with_the_keyboard_only(page, voila_server):
    page.goto(f"{voila_server}/voila/render/dilemma.ipynb", timeout=60_000)
    app = page.locator(".lises-dilemma")
    app.wait_for(state="visible", timeout=60_000)
    chosen = app.locator("select").evaluate("s => s.selectedOptions[0].text")
    assert chosen.replace("\xa0", " ") == "Den unge kvinde i virksomhedspraktik"

    tab_to(page, "Åbn sagen")
    page.keyboard.press("Enter")
    app.get_by_text("Hvor meget vejer hvert hensyn").wait_for(timeout=10_000)
    # ipywidgets' slider view ignores focus requests, so the learner tabs to the first slider.
    # Four sliders, each moved with the arrow keys: 1, 2, 3, 4.
    for presses in range(1, 5):
        page.keyboard.press("Tab")
        tab_to(page, "slider")
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)  # let the last slider value reach the kernel
    tab_to(page, "Gem min vægtning")
    page.keyboard.press("Enter")
    app.get_by_text("Hvad vil du gøre?").wait_for(timeout=10_000)
    text = app.inner_text()
    for line in ("Effektivitet: 1", "Fairness (lige adgang): 2", "Respekt: 4"):
        assert line in text

    wait_focus(page, "radio")
    page.keyboard.press("Space")  # the first action: stop the internship
    tab_to(page, "Vælg handlingen")
    page.keyboard.press("Enter")
    app.locator("textarea").wait_for(timeout=10_000)

    wait_focus(page, "TEXTAREA")
    page.keyboard.type("Hun skal have indflydelse på, hvad der nu skal ske.")
    tab_to(page, "Gem og afslut sagen")
    page.keyboard.press("Enter")

    app.get_by_text("Hensyn, som forskningen nævner").wait_for(timeout=10_000)
    text = app.inner_text()
    assert "Larsen m.fl. 2018, afsnit 2, s. 9" in text
    assert "(dit valg)" in text
    assert "Du vægtede respekt højest" in text
    assert "Hun skal have indflydelse" in text
    assert page.blocked == []
    assert "Traceback" not in page.content()
