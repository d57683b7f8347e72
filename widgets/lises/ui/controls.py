"""Controls every exercise view builds the same way: buttons, alerts, focus, shared step parts."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from .closing import keep_open

FOCUSABLE = (widgets.Button, widgets.Textarea, widgets.IntSlider, widgets.RadioButtons)
"""The controls a step can start with; focus goes to the first one."""


def button(label: str, tooltip: str, style: str = "") -> widgets.Button:
    """A button as wide as its label, with a tooltip that says what it does."""
    made = widgets.Button(description=label, tooltip=tooltip, button_style=style)
    made.layout.width = "auto"
    return made


def alert_html(text: str) -> str:
    """A message screen readers announce at once (a problem the learner must act on)."""
    return f'<p role="alert">{escape(text)}</p>'


def focus_first(controls: Iterable[widgets.Widget]) -> None:
    """Move focus to the first control of a step (looking one level into rows and columns), so
    the exercise works from the keyboard."""
    for control in controls:
        targets = control.children if isinstance(control, widgets.Box) else [control]
        for target in targets:
            if isinstance(target, FOCUSABLE):
                target.focus()
                return


class StepParts:
    """Layout and style widgets shared by the controls of every step.

    Each step's controls are new widgets (so a stale click on an old control is never
    mistaken for an answer to the current step), but their layouts and styles do not need to
    be: sharing them cuts the widget messages per answer to a third, which is what a class on
    one server notices.  ``close_tree`` leaves shared parts open.
    """

    def __init__(self) -> None:
        self.button_layout = keep_open(widgets.Layout(width="auto"))
        self.button_style = keep_open(widgets.ButtonStyle())
        self.html_layout = keep_open(widgets.Layout())
        self.html_style = keep_open(HTMLStyle())
        self.row_layout = keep_open(widgets.Layout())

    def button(self, label: str, tooltip: str, style: str = "") -> widgets.Button:
        return widgets.Button(
            description=label,
            tooltip=tooltip,
            button_style=style,
            layout=self.button_layout,
            style=self.button_style,
        )

    def html(self, value: str = "") -> widgets.HTML:
        return widgets.HTML(value, layout=self.html_layout, style=self.html_style)

    def row(self, children: list[widgets.Widget]) -> widgets.HBox:
        return widgets.HBox(children, layout=self.row_layout)
