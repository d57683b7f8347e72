"""What a widget app puts into the browser's hands: every string in the synced state of every
widget it holds, shown or not (tests check that no key or traceback is among them)."""

from __future__ import annotations

import ipywidgets as widgets


def synced_strings(app: widgets.Widget) -> str:
    """All synced strings of ``app``, its children and the widgets it keeps as attributes."""
    strings: list[str] = []
    seen: set[int] = set()

    def visit(value) -> None:
        if isinstance(value, widgets.Widget):
            if id(value) in seen:
                return
            seen.add(id(value))
            for name in value.keys:
                visit(getattr(value, name))
        elif isinstance(value, str):
            strings.append(value)
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    visit(app)
    for attribute in vars(app).values():
        visit(attribute)
    return "\n".join(strings)
