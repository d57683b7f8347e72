"""The five-potentials sorting exercise as a Voilà/JupyterLab app: a thin view over a session.

The learner sorts practice examples and short quotes from the sources to the five LISES
potentials, one item at a time.  Each placement is validated by the session before the exercise
moves on; the key and why follow each placement, and a summary ends the set.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from lises.core.answers import Answer
from lises.ui.controls import StepParts
from lises.ui.exercise_view import ExerciseView

from . import html
from .files import load_sets
from .items import Potential, PotentialSet
from .scoring import judge
from .session import STEP_PREFIX, PotentialSession, step_name


class PotentialsExercise(ExerciseView):
    """The sorting exercise for one learner.

    Attributes
    ----------
    chooser : ipywidgets.Dropdown
        The set of items to sort (value: set id).
    start_button : ipywidgets.Button
        Starts the chosen set.
    progress : ipywidgets.IntProgress
        Items placed out of the set's size.
    item_view : ipywidgets.HTML
        The item that is due (text and who says it; never its key or source place).
    step_box : ipywidgets.VBox
        The five potential buttons, or the button that moves on.
    feedback : ipywidgets.HTML
        Feedback for the item just placed, or the summary at the end; empty until the
        learner has answered.
    """

    def __init__(self, sets: dict[str, PotentialSet]):
        self.sets = sets
        self.showing: str | None = None
        """The id of the item whose feedback is shown (after placing it), if any."""
        self.parts = StepParts()
        self.header = widgets.HTML(html.INTRO + html.legend_html())
        self.chooser = widgets.Dropdown(
            options=[(s.title, s.id) for s in sets.values()],
            description="Vælg sæt:",
            style={"description_width": "initial"},
            layout={"width": "min(100%, 38rem)"},
        )
        self.progress = widgets.IntProgress(
            min=0, description="Placeret:", style={"description_width": "initial"}
        )
        self.item_view = widgets.HTML()
        self.feedback = widgets.HTML()
        super().__init__(
            sets,
            start=html.START,
            back=("Tilbage til oversigten", "Tilbage til listen over sæt"),
            css_class="lises-potentials-app",
        )
        self.show_chooser()

    # -- screens ------------------------------------------------------------------------------

    def _on_chooser(self) -> None:
        self.showing = None
        self.feedback.value = ""

    def _show_intro(self) -> None:
        chosen = self.sets.get(self.chooser.value)
        if chosen is not None:
            self.intro.value = f"<p>{escape(chosen.intro)} ({len(chosen.items)} emner)</p>"

    def _new_session(self, potential_set: PotentialSet) -> PotentialSession:
        return PotentialSession(potential_set)

    def _on_start(self) -> None:
        self.showing = None
        self.progress.max = self.session.total

    def _exercise_children(self) -> list[widgets.Widget]:
        return [
            self.header,
            self.progress,
            self.item_view,
            self.feedback,
            self.step_box,
        ]

    # -- what is due --------------------------------------------------------------------------

    def _controls(self) -> list[widgets.Widget]:
        session = self.session
        self.progress.value = len(session.placements)
        if self.showing is not None:
            return self._feedback_controls(self.showing)
        if session.due is not None:
            return self._sort_controls()
        return self._done_controls()

    def _sort_controls(self) -> list[widgets.Widget]:
        session = self.session
        item = session.due
        self.item_view.value = html.item_html(item, session.position, session.total)
        self.feedback.value = ""
        buttons = []
        for potential in Potential:
            button = self.parts.button(*html.place_button(potential))
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
        button = self.parts.button(*(html.SEE_SUMMARY if last else html.NEXT_ITEM), "primary")
        button.on_click(lambda _, i=item_id: self._next(i))
        return [button]

    def _done_controls(self) -> list[widgets.Widget]:
        session = self.session
        self.item_view.value = html.ALL_PLACED
        summary = session.summary()
        results = {r.item: r for r in summary.results}
        self.feedback.value = html.summary_html(summary) + html.all_feedback_html(
            session.potential_set.items, results
        )
        return [self.back_button]

    # -- answers ------------------------------------------------------------------------------

    def place(self, item_id: object, potential: object) -> None:
        """Place an item; a stale, unknown or tampered placement changes nothing."""
        if self.session is None or self.showing is not None:
            return
        self.submit(step_name(item_id), potential)

    def _answered(self, answer: Answer) -> None:
        self.showing = answer.step.removeprefix(STEP_PREFIX)

    def _next(self, item_id: str) -> None:
        if self.session is None or self.showing != item_id:
            return
        self.showing = None
        self._render()


def build_app(*set_dirs: Path) -> PotentialsExercise:
    """The sorting exercise for one learner (course sets plus any extra folders)."""
    return PotentialsExercise(load_sets(*set_dirs))
