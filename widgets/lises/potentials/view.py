"""The five-potentials sorting exercise as a Voilà/JupyterLab app: a thin view over a session.

The learner sorts practice examples and short quotes from the sources to the five LISES
potentials, one item at a time.  Each placement is validated by the session and recorded through
the :class:`~lises.workshop.recorder.Recorder` before the exercise moves on.  When the feedback is
released (always when working alone), the key and why follow each placement, and a summary
ends the set; in a workshop the learner is told the answers are saved until the facilitator
releases the feedback.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from lises.core.model import StepError
from lises.privacy.pseudonyms import JoinError
from lises.ui.closing import close_tree
from lises.ui.shell import exercise_app
from lises.workshop.recorder import SAVED_AFTER_RETRY, Recorder

from . import html
from .files import load_sets
from .items import Potential, PotentialSet
from .scoring import judge
from .session import PotentialSession, step_name

EXERCISE = "potentialer"


def _button(label: str, tooltip: str, style: str = "") -> widgets.Button:
    button = widgets.Button(description=label, tooltip=tooltip, button_style=style)
    button.layout.width = "auto"
    return button


class PotentialsExercise(widgets.VBox):
    """The sorting exercise for one learner.

    Attributes
    ----------
    chooser : ipywidgets.Dropdown
        The set of items to sort (value: set id).
    start_button : ipywidgets.Button
        Starts the chosen set, resuming after the items already placed.
    progress : ipywidgets.IntProgress
        Items placed out of the set's size.
    item_view : ipywidgets.HTML
        The item that is due (text and who says it; never its key or source place).
    message : ipywidgets.HTML
        Problems saving, announced to screen readers.
    step_box : ipywidgets.VBox
        The five potential buttons, or the button that moves on.
    feedback : ipywidgets.HTML
        Feedback for the item just placed, or the summary at the end; empty until the
        learner has answered and the recorder says the feedback is released.
    """

    def __init__(self, sets: dict[str, PotentialSet], recorder: Recorder):
        self.sets = sets
        self.recorder = recorder
        self.session: PotentialSession | None = None
        self._save_failed = False
        self.showing: str | None = None
        """The id of the item whose feedback is shown (after placing it), if any."""
        self.header = widgets.HTML(html.INTRO + html.legend_html())
        self.chooser = widgets.Dropdown(
            options=[(s.title, s.id) for s in sets.values()],
            description="Vælg sæt:",
            style={"description_width": "initial"},
            layout={"width": "min(100%, 38rem)"},
        )
        self.intro = widgets.HTML()
        self.chooser.observe(lambda _: self._show_intro(), names="value")
        self.start_button = _button(*html.START, "primary")
        self.start_button.on_click(lambda _: self.start(self.chooser.value))
        self.progress = widgets.IntProgress(
            min=0, description="Placeret:", style={"description_width": "initial"}
        )
        self.item_view = widgets.HTML()
        self.message = widgets.HTML()
        self.step_box = widgets.VBox()
        self.feedback = widgets.HTML()
        self.back_button = _button("Tilbage til oversigten", "Tilbage til listen over sæt")
        self.back_button.on_click(lambda _: self.show_chooser())
        super().__init__([self.header])
        self.add_class("lises-potentials-app")
        self.show_chooser()

    # -- screens ------------------------------------------------------------------------------

    def show_chooser(self) -> None:
        self.session = None
        self.showing = None
        self.feedback.value = ""
        self._set_controls([])
        self._show_intro()
        self.children = [self.header, self.chooser, self.intro, self.start_button]
        self.start_button.focus()

    def _show_intro(self) -> None:
        chosen = self.sets.get(self.chooser.value)
        if chosen is not None:
            self.intro.value = f"<p>{escape(chosen.intro)} ({len(chosen.items)} emner)</p>"

    def start(self, set_id: object) -> None:
        """Start a set, resuming from the recorder's answers (unknown ids are ignored)."""
        if not isinstance(set_id, str) or set_id not in self.sets:
            return
        self.session = PotentialSession(self.sets[set_id])
        self.session.replay(self.recorder.replay(set_id))
        self.showing = None
        self.progress.max = self.session.total
        self.message.value = ""
        self.children = [
            self.header,
            self.progress,
            self.item_view,
            self.message,
            self.feedback,
            self.step_box,
        ]
        self._render()

    # -- what is due --------------------------------------------------------------------------

    def _render(self) -> None:
        session = self.session
        self.progress.value = len(session.placements)
        if self.showing is not None:
            controls = self._feedback_controls(self.showing)
        elif session.due is not None:
            controls = self._sort_controls()
        else:
            controls = self._done_controls()
        self._set_controls(controls)
        for control in controls:
            if isinstance(control, widgets.Button):
                control.focus()
                break
            if isinstance(control, widgets.Box) and control.children:
                control.children[0].focus()
                break

    def _sort_controls(self) -> list[widgets.Widget]:
        session = self.session
        item = session.due
        self.item_view.value = html.item_html(item, session.position, session.total)
        self.feedback.value = ""
        buttons = []
        for potential in Potential:
            button = _button(*html.place_button(potential))
            button.on_click(lambda _, i=item.id, p=int(potential): self.place(i, p))
            buttons.append(button)
        question = widgets.HTML(html.QUESTION)
        box = widgets.VBox(buttons)
        box.layout.align_items = "flex-start"
        return [question, box]

    def _feedback_controls(self, item_id: str) -> list[widgets.Widget]:
        session = self.session
        item = session.potential_set.item_by_id[item_id]
        result = judge(item, session.placements[item_id])
        self.feedback.value = html.item_feedback_html(item, result)
        last = session.done
        button = _button(*(html.SEE_SUMMARY if last else html.NEXT_ITEM), "primary")
        button.on_click(lambda _, i=item_id: self._next(i))
        return [button]

    def _done_controls(self) -> list[widgets.Widget]:
        session = self.session
        self.item_view.value = html.ALL_PLACED
        if self.recorder.revealed():
            summary = session.summary()
            results = {r.item: r for r in summary.results}
            self.feedback.value = html.summary_html(summary) + html.all_feedback_html(
                session.potential_set.items, results
            )
            return [self.back_button]
        self.feedback.value = ""
        check = _button("Tjek igen", "Se, om facilitatoren har frigivet feedbacken")
        check.on_click(lambda _: self._check_again())
        return [widgets.HTML(html.waiting_html()), check, self.back_button]

    def _set_controls(self, controls: list[widgets.Widget]) -> None:
        retired = [w for w in self.step_box.children if w is not self.back_button]
        self.step_box.children = controls
        close_tree(retired)

    # -- answers ------------------------------------------------------------------------------

    def place(self, item_id: object, potential: object) -> None:
        """Place an item; a stale, unknown or tampered placement changes nothing."""
        session = self.session
        if session is None or self.showing is not None:
            return
        try:
            number = session.check(item_id, potential)
        except StepError:
            return
        try:
            stored = self.recorder.record(session.potential_set.id, step_name(item_id), number)
        except JoinError as error:
            self.message.value = f'<p role="alert">{escape(str(error))}</p>'
            self._save_failed = True
            return
        except Exception:  # the store cannot be reached: never show a traceback
            self.message.value = (
                '<p role="alert">Dit svar kunne ikke gemmes lige nu. Prøv igen om lidt.</p>'
            )
            self._save_failed = True
            return
        # A retry that stored the answer takes the alert down and says so, politely.
        saved = SAVED_AFTER_RETRY if self._save_failed else "Dit svar er gemt."
        self.message.value = f'<p role="status">{saved}</p>' if self._save_failed else ""
        self._save_failed = False
        if stored is False:  # placed already (another tab): the first answer stands
            self.start(session.potential_set.id)
            return
        session.place(item_id, number)
        if self.recorder.revealed():
            self.showing = item_id
        else:
            self.message.value = f'<p role="status">{saved}</p>'
        self._render()

    def _next(self, item_id: str) -> None:
        if self.session is None or self.showing != item_id:
            return
        self.showing = None
        self._render()

    def _check_again(self) -> None:
        if self.session is None or not self.session.done:
            return
        self._render()
        self.message.value = (
            ""
            if self.recorder.revealed()
            else '<p role="status">Feedbacken er ikke frigivet endnu. Prøv igen om lidt.</p>'
        )


def build_app(*set_dirs: Path) -> widgets.Widget:
    """Build the sorting exercise in its workshop frame (course sets plus any extra folders)."""
    sets = load_sets(*set_dirs)
    return exercise_app(EXERCISE, lambda recorder: PotentialsExercise(sets, recorder))
