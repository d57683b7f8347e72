"""Driving a page with the keyboard alone, as the browser tests do."""

from __future__ import annotations


def focused_text(page) -> str:
    """Tag name and visible text (or value, or label) of the focused element,
    e.g. 'BUTTON Vis næste tur'; a select shows only its tag."""
    return page.evaluate(
        "() => { const e = document.activeElement; return e ? e.tagName + ' ' + "
        "(e.tagName === 'SELECT' ? '' : "
        "(e.innerText || e.value || e.getAttribute('aria-label') || '')) : '' }"
    )


def tab_to(page, label: str, limit: int = 40) -> None:
    """Press Tab until the focused element's text contains ``label`` (case-insensitive)."""
    for _ in range(limit):
        if label.lower() in focused_text(page).lower():
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"'{label}' could not be reached with Tab (focus: {focused_text(page)})")
