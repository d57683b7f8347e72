"""The base every exercise view extends: chooser → start → the step that is due → feedback.

An exercise view is a thin ipywidgets layer over a session state machine that follows
:class:`lises.core.answers.AnswerSession`.  This base holds what the views share:

- the chooser screen (``show_chooser``) and ``start``;
- ``submit``: check → apply for every answer.  A stale or tampered answer changes nothing and
  says nothing;
- ``_render``: the step's controls replace the old ones (which are closed) and focus moves to the
  first of them.

A learner works alone in Voilà (or JupyterLab): nothing is stored, and the feedback follows at
once.  A room that answers together uses the room server (:mod:`lises.room`) instead.

A subclass sets ``header``, ``chooser`` (and anything of its own) and then calls
``super().__init__``; it implements ``_new_session``, ``_show_intro``, ``_exercise_children`` and
``_controls``, and may hook into ``_answered``, ``_on_start`` and ``_on_chooser``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from lises.core.answers import Answer, AnswerSession
from lises.core.model import StepError

from .closing import close_tree
from .controls import button, focus_first


class ExerciseView(widgets.VBox):
    """One learner's exercise: a chooser, then the steps of the chosen item.

    Attributes
    ----------
    items : Mapping[str, Any]
        What the chooser offers, by id (excerpts, cases, sets).
    session : AnswerSession or None
        The item under way, or None on the chooser.
    chooser : ipywidgets.Dropdown
        The item to work on (value: its id).
    intro : ipywidgets.HTML
        A few words about the chosen item.
    start_button : ipywidgets.Button
        Starts the chosen item.
    message : ipywidgets.HTML
        Warnings about an answer that cannot be taken yet (``role="alert"``), or a note.
    step_box : ipywidgets.VBox
        The controls for the step that is due.
    back_button : ipywidgets.Button
        Back to the chooser.
    """

    clears_message_on_answer = True
    """Whether an answer taken takes the message down (the trainer keeps the note that followed a
    reply until the next reply)."""

    def __init__(
        self,
        items: Mapping[str, Any],
        *,
        start: tuple[str, str],
        back: tuple[str, str],
        css_class: str,
    ):
        self.items = items
        self.session: AnswerSession | None = None
        self.intro = widgets.HTML()
        self.start_button = button(*start, "primary")
        self.start_button.on_click(lambda _: self.start(self.chooser.value))
        self.chooser.observe(lambda _: self._show_intro(), names="value")
        self.message = widgets.HTML()
        self.step_box = widgets.VBox()
        self.back_button = button(*back)
        self.back_button.on_click(lambda _: self.show_chooser())
        super().__init__([self.header])
        self.add_class(css_class)

    # -- what a subclass supplies -------------------------------------------------------------

    def _new_session(self, item: Any) -> AnswerSession:
        raise NotImplementedError

    def _show_intro(self) -> None:
        raise NotImplementedError

    def _exercise_children(self) -> list[widgets.Widget]:
        raise NotImplementedError

    def _controls(self) -> list[widgets.Widget]:
        """The controls for the step that is due (and whatever else the step shows)."""
        raise NotImplementedError

    def _chooser_children(self) -> list[widgets.Widget]:
        return [self.header, self.chooser, self.intro, self.start_button]

    def _on_chooser(self) -> None:
        """Called when the chooser is shown, before the intro."""

    def _on_start(self) -> None:
        """Called when an item starts, after its session is made and before the render."""

    def _answered(self, answer: Answer) -> None:
        """Called after an answer is applied, before the render."""

    # -- screens ------------------------------------------------------------------------------

    def show_chooser(self) -> None:
        """Show the list of items to choose from."""
        self.session = None
        self._on_chooser()
        self._show_intro()
        self._set_controls([])
        self.children = self._chooser_children()
        self.start_button.focus()

    def start(self, item_id: object) -> None:
        """Start an item from its beginning (unknown ids are ignored)."""
        if not isinstance(item_id, str) or item_id not in self.items:
            return
        self.session = self._new_session(self.items[item_id])
        self.message.value = ""
        self._on_start()
        self.children = self._exercise_children()
        self._render()

    def _render(self) -> None:
        controls = self._controls()
        self._set_controls(controls)
        focus_first(controls)

    def _set_controls(self, controls: list[widgets.Widget]) -> None:
        retired = [w for w in self.step_box.children if w is not self.back_button]
        self.step_box.children = controls
        close_tree(retired)

    # -- answers ------------------------------------------------------------------------------

    def submit(self, step: str, value: object) -> bool:
        """Check, then apply one answer and show what is due next.

        Returns whether the answer was taken.  Anything invalid or stale changes nothing.
        """
        session = self.session
        if session is None:
            return False
        try:
            answer = session.check(step, value)
        except StepError:
            return False
        if self.clears_message_on_answer:
            self.message.value = ""
        session.apply(answer)
        self._answered(answer)
        self._render()
        return True
