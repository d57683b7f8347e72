"""Closing widgets that have left the page (the kernel keeps every open widget alive)."""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as widgets


def keep_open(widget: widgets.Widget) -> widgets.Widget:
    """Mark a layout or style that several widgets share: ``close_tree`` leaves it open."""
    widget._lises_shared = True
    return widget


def close_tree(retired: Iterable[widgets.Widget]) -> None:
    """Close widgets with their children, layouts and styles.

    The kernel keeps every open widget (and its comm) for as long as it runs; a learner who works
    through many items would otherwise pile up hundreds of dead controls.
    """
    for widget in retired:
        if isinstance(widget, widgets.Box):
            close_tree(widget.children)
        # Layout and style are widgets of their own, with their own comms.
        for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
            if isinstance(part, widgets.Widget) and not getattr(part, "_lises_shared", False):
                part.close()
        widget.close()
