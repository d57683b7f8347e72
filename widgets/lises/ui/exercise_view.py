"""The base every exercise view extends: chooser → start → the step that is due → feedback.

An exercise view is a thin ipywidgets layer over a session state machine that follows
:class:`lises.core.answers.AnswerSession`.  This base holds what the views share:

- the chooser screen (``show_chooser``) and ``start``, which resumes from the recorder's answers;
- ``submit``: check → record → apply for every answer.  A stale or tampered answer changes
  nothing and says nothing.  An answer that cannot be stored (the store is down, the privacy guard
  refuses a text) leaves the session where it was, keeps what the learner typed on the page and
  says so in a Danish alert; the retry that stores it replaces the alert with a polite status;
- ``_render``: the step's controls replace the old ones (which are closed) and focus moves to the
  first of them;
- the wait for the facilitator's key, with its "Tjek igen" button.

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
from lises.privacy.pseudonyms import JoinError
from lises.workshop.recorder import SAVED_AFTER_RETRY, Recorder

from .closing import close_tree
from .controls import alert_html, button, focus_first, status_html

SAVE_FAILED = "Dit svar kunne ikke gemmes lige nu. Prøv igen om lidt."
NOT_RELEASED = "Feedbacken er ikke frigivet endnu. Prøv igen om lidt."
CHECK_AGAIN = ("Tjek igen", "Se, om facilitatoren har frigivet feedbacken")


class ExerciseView(widgets.VBox):
    """One learner's exercise: a chooser, then the steps of the chosen item.

    Attributes
    ----------
    items : Mapping[str, Any]
        What the chooser offers, by id (excerpts, cases, sets).
    recorder : Recorder
        Stores every answer (solo: stores nothing) and says whether the key is released.
    session : AnswerSession or None
        The item under way, or None on the chooser.
    current : str or None
        The id of the item under way.
    chooser : ipywidgets.Dropdown
        The item to work on (value: its id).
    intro : ipywidgets.HTML
        A few words about the chosen item.
    start_button : ipywidgets.Button
        Starts the chosen item, resuming after the answers already recorded.
    message : ipywidgets.HTML
        Warnings and problems saving (``role="alert"``), or that all is saved (``role="status"``).
    step_box : ipywidgets.VBox
        The controls for the step that is due.
    back_button : ipywidgets.Button
        Back to the chooser.
    """

    clears_message_on_save = True
    """Whether an answer stored normally takes the message down (the trainer keeps the note that
    followed a reply until the next reply)."""

    def __init__(
        self,
        items: Mapping[str, Any],
        recorder: Recorder,
        *,
        start: tuple[str, str],
        back: tuple[str, str],
        css_class: str,
    ):
        self.items = items
        self.recorder = recorder
        self.session: AnswerSession | None = None
        self.current: str | None = None
        self._save_notice: str | None = None
        """"failed" after an answer could not be stored, "saved" after the retry, else None."""
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
        """Called when an item starts, after the session is resumed and before the render."""

    def _answered(self, answer: Answer) -> None:
        """Called after an answer is stored and applied, before the render."""

    # -- screens ------------------------------------------------------------------------------

    def show_chooser(self) -> None:
        """Show the list of items to choose from."""
        self.session = None
        self.current = None
        self._on_chooser()
        self._show_intro()
        self._set_controls([])
        self.children = self._chooser_children()
        self.start_button.focus()

    def start(self, item_id: object) -> None:
        """Start an item, resuming from the recorder's answers (unknown ids are ignored)."""
        if not isinstance(item_id, str) or item_id not in self.items:
            return
        self.current = item_id
        self.session = self._new_session(self.items[item_id])
        self.session.replay(self.recorder.replay(item_id))
        self._save_notice = None
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
        """Check, record, then apply one answer and show what is due next.

        Returns whether the answer was taken.  Anything invalid or stale changes nothing.
        """
        session = self.session
        if session is None:
            return False
        try:
            answer = session.check(step, value)
        except StepError:
            return False
        try:
            stored = self.recorder.record(self.current, answer.step, answer.value)
        except Exception as error:  # never a traceback: the store, or the privacy guard
            self._save_failed(error)
            return False
        self._saved()
        if stored is False:  # answered already (another tab): the first answer stands
            self.start(self.current)
            return False
        session.apply(answer)
        self._answered(answer)
        self._render()
        return True

    def _save_failed(self, error: Exception) -> None:
        text = str(error) if isinstance(error, JoinError) else SAVE_FAILED
        self.message.value = alert_html(text)
        self._save_notice = "failed"

    def _saved(self) -> None:
        # The alert about a failed save must not outlive the retry that stored the answer: it
        # gives way to a polite status, which in turn goes with the next answer stored.
        if self._save_notice == "failed":
            self.message.value = status_html(SAVED_AFTER_RETRY)
            self._save_notice = "saved"
            return
        if self._save_notice == "saved" or self.clears_message_on_save:
            self.message.value = ""
        self._save_notice = None

    # -- the wait for the key -----------------------------------------------------------------

    def _waiting_controls(self, waiting_html: str) -> list[widgets.Widget]:
        """Every answer is saved; the facilitator has not released the key yet."""
        check = button(*CHECK_AGAIN)
        check.on_click(lambda _: self._check_again())
        return [widgets.HTML(waiting_html), check, self.back_button]

    def _check_again(self) -> None:
        if self.session is None or not self.session.done:
            return
        self._render()
        self.message.value = "" if self.recorder.revealed() else status_html(NOT_RELEASED)
