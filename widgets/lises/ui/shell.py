"""The frame every exercise sits in: alone by default, or joined to a workshop.

``exercise_app(exercise, build)`` shows the exercise built for solo use with a small bar above it:
"Deltag i en workshop".  When the participant joins, the exercise is built again around a
:class:`~lises.workshop.recorder.WorkshopRecorder`, so it resumes from the answers already stored
and stores every new one.  The exercise itself only ever talks to its recorder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from lises.workshop.join import JoinPanel
from lises.workshop.recorder import Recorder

from .closing import close_tree


class ExerciseApp(widgets.VBox):
    """An exercise with its workshop bar.

    Attributes
    ----------
    exercise : ipywidgets.Widget
        The exercise as currently built (solo, or for the joined participant).
    status : ipywidgets.HTML
        Solo, or which workshop and nickname the answers go to.
    join_panel : JoinPanel
        Shown when the participant chooses to join.
    """

    def __init__(self, name: str, build: Callable[[Recorder], widgets.Widget], store_url=None):
        self.name = name
        self.build = build
        self.recorder: Recorder = Recorder()
        self.status = widgets.HTML(
            "<p class='lises-muted'>Du arbejder alene: dine svar gemmes ikke.</p>"
        )
        self.join_toggle = widgets.Button(
            description="Deltag i en workshop", tooltip="Vis felterne til workshopkode og kaldenavn"
        )
        self.join_toggle.on_click(lambda _: self._show_join())
        self.join_panel = JoinPanel(name, self._joined, store_url)
        self.exercise = build(self.recorder)
        self.bar = widgets.VBox([self.status, self.join_toggle])
        self.bar.add_class("lises-workshop-bar")
        super().__init__([self.bar, self.exercise])
        self.add_class("lises-app")
        if os.environ.get("LISES_WORKSHOP_MODE") == "1":
            self._show_join()  # served for a room: joining is the first thing to do

    def _show_join(self) -> None:
        self.bar.children = [self.status, self.join_panel]
        self.join_panel.code.focus()

    def _joined(self, recorder: Recorder) -> None:
        # Build the participant's exercise first, then swap it in and say so: by the time the
        # status says the answers are stored, the exercise on the page is the one storing them.
        self.recorder = recorder
        old = self.exercise
        self.exercise = self.build(recorder)
        self.exercise.add_class("lises-joined")  # marks the page's exercise as the stored one
        self.children = [self.bar, self.exercise]
        close_tree([old])
        self.bar.children = [self.status, self.join_panel.message]
        self.status.value = (
            f"<p role='status'>Workshop <strong>{escape(recorder.workshop or '')}</strong> · "
            f"du er <strong>{escape(recorder.nickname or '')}</strong>. Dine svar gemmes.</p>"
        )


def exercise_app(name: str, build: Callable[[Recorder], widgets.Widget], store_url=None):
    """Build the frame for exercise ``name``; ``build(recorder)`` makes the exercise itself."""
    return ExerciseApp(name, build, store_url)
