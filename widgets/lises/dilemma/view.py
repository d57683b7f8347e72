"""The dilemma-weighing exercise as a Voilà/JupyterLab app: a thin view over a DilemmaSession.

The learner opens a case (the internship case first), weighs the four moral dimensions with sliders
(0–5), chooses one of the case's actions, may write a justification, and then sees the
considerations the research names and what each action serves and costs.  Every answer is validated
by the session before the exercise moves on.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from lises.ui.controls import alert_html, button
from lises.ui.exercise_view import ExerciseView

from . import html
from .cases import DIMENSION_HELP, DIMENSION_LABELS, DilemmaCase, Dimension
from .files import load_cases
from .scoring import MAX_WEIGHT, MIN_WEIGHT
from .session import DilemmaSession, DilemmaStep

WIDE = {"width": "min(100%, 38rem)"}


class DilemmaExercise(ExerciseView):
    """The dilemma exercise for one learner.

    Attributes
    ----------
    chooser : ipywidgets.Dropdown
        The case to work on (value: case id), in the cases' order.
    start_button : ipywidgets.Button
        Opens the chosen case.
    case_view : ipywidgets.HTML
        The case text and question.
    answers_view : ipywidgets.HTML
        What the learner has answered so far.
    message : ipywidgets.HTML
        Warnings (e.g. nothing weighed), announced to screen readers.
    step_box : ipywidgets.VBox
        The controls for the step that is due.
    feedback : ipywidgets.HTML
        The research's considerations and the trade-offs: empty until the case is answered.
    sliders : dict[str, ipywidgets.IntSlider]
        The weight per dimension while the weighing step is due.
    """

    def __init__(self, cases: dict[str, DilemmaCase]):
        self.cases = cases
        self.sliders: dict[str, widgets.IntSlider] = {}
        self.header = widgets.HTML(
            "<h2>Dilemmaer: vej de fire hensyn</h2>"
            "<p>I hver sag vejer du først de fire moralske dimensioner fra LISES-projektet: "
            "effektivitet, fairness (lige adgang), responsivitet (individuel problemløsning) og "
            "respekt. Så vælger du en handling og kan skrive en kort begrundelse. Bagefter ser "
            "du de hensyn, forskningen nævner, og hvad hver handling tjener og koster. Ingen "
            "handling er den rigtige.</p>"
        )
        self.chooser = widgets.Dropdown(
            options=[
                (f"{case.title}{' (konstrueret)' if case.constructed else ''}", case.id)
                for case in cases.values()
            ],
            description="Vælg sag:",
            style={"description_width": "initial"},
            layout=WIDE,
        )
        self.case_view = widgets.HTML()
        self.answers_view = widgets.HTML()
        self.feedback = widgets.HTML()
        super().__init__(
            cases,
            start=("Åbn sagen", "Læs sagen og begynd at veje"),
            back=("Vælg en anden sag", "Tilbage til listen over sager"),
            css_class="lises-dilemma",
        )
        self.show_chooser()

    # -- screens ------------------------------------------------------------------------------

    def _show_intro(self) -> None:
        case = self.cases.get(self.chooser.value)
        if case is not None:
            kind = "Konstrueret sag" if case.constructed else "Sag fra kilderne"
            self.intro.value = (
                f"<p>{kind} · {len(case.actions)} handlinger at vælge mellem.</p>"
                f'<p class="lises-muted">{escape(case.origin)}</p>'
            )

    def _new_session(self, case: DilemmaCase) -> DilemmaSession:
        return DilemmaSession(case)

    def _on_start(self) -> None:
        self.case_view.value = html.case_html(self.session.case)
        self.feedback.value = ""

    def _exercise_children(self) -> list[widgets.Widget]:
        return [
            self.header,
            self.case_view,
            self.answers_view,
            self.message,
            self.step_box,
            self.feedback,
        ]

    # -- the step that is due -----------------------------------------------------------------

    def _controls(self) -> list[widgets.Widget]:
        session = self.session
        case = session.case
        self.answers_view.value = html.answers_html(
            case, session.weights, session.action, session.reason
        )
        step = session.step()
        self.sliders = {}
        if step == DilemmaStep.WEIGHTS:
            controls = self._weights_controls()
        elif step == DilemmaStep.ACTION:
            choice = widgets.RadioButtons(
                options=[(a.label, a.id) for a in case.actions],
                value=None,
                description="Handling:",
                style={"description_width": "initial"},
                layout=WIDE,
            )
            save = button("Vælg handlingen", "Gem dit valg af handling", "primary")
            save.on_click(lambda _: self._choose(choice.value))
            controls = [widgets.HTML("<p><strong>Hvad vil du gøre?</strong></p>"), choice, save]
        elif step == DilemmaStep.REASON:
            text = widgets.Textarea(
                description="Din begrundelse (valgfri):",
                placeholder="Hvorfor valgte du sådan? Hvad koster dit valg?",
                continuous_update=False,
                style={"description_width": "initial"},
                layout={"width": "min(100%, 38rem)", "height": "6rem"},
            )
            save = button("Gem og afslut sagen", "Gem begrundelsen og afslut", "primary")
            save.on_click(lambda _: self._submit(DilemmaStep.REASON, text.value))
            controls = [text, save]
        else:
            self.feedback.value = html.feedback_html(
                case, session.weights, session.action, session.reflection()
            )
            controls = [self.back_button]
        return controls

    def _weights_controls(self) -> list[widgets.Widget]:
        for dimension in Dimension:
            self.sliders[dimension.value] = widgets.IntSlider(
                value=0,
                min=MIN_WEIGHT,
                max=MAX_WEIGHT,
                continuous_update=False,
                description=f"{DIMENSION_LABELS[dimension]}:",
                tooltip=DIMENSION_HELP[dimension],
                # Wide enough for the longest dimension on a laptop; on a phone the Voilà
                # template puts the label above the slider, so the track has the whole row.
                style={"description_width": "20rem"},
                layout=WIDE,
            )
        help_text = "".join(
            f"<li><strong>{escape(DIMENSION_LABELS[d])}</strong>: {escape(DIMENSION_HELP[d])}</li>"
            for d in Dimension
        )
        save = button("Gem min vægtning", "Gem vægtene og gå videre til handlingerne", "primary")
        save.on_click(lambda _: self._save_weights())
        intro = widgets.HTML(
            "<p><strong>Hvor meget vejer hvert hensyn for dig i denne sag?</strong> "
            "0 = slet ikke, 5 = meget. Brug piletasterne på en skyder.</p>"
            f"<ul class='lises-muted'>{help_text}</ul>"
        )
        return [intro, *self.sliders.values(), save]

    # -- answers ------------------------------------------------------------------------------

    def _save_weights(self) -> None:
        values = {name: slider.value for name, slider in self.sliders.items()}
        if values and all(v == 0 for v in values.values()):
            self.message.value = alert_html(
                "Giv mindst ét hensyn en vægt over 0, før du går videre."
            )
            return
        self._submit(DilemmaStep.WEIGHTS, values)

    def _choose(self, action_id: object) -> None:
        if action_id is None:
            self.message.value = alert_html("Vælg en handling, før du går videre.")
            return
        self._submit(DilemmaStep.ACTION, action_id)

    def _submit(self, step: DilemmaStep, value: object) -> None:
        """Validate, then apply one answer; anything invalid or stale changes nothing."""
        self.submit(step, value)


def build_app(*case_dirs: Path) -> DilemmaExercise:
    """The dilemma exercise for one learner (course cases plus any extra folders)."""
    return DilemmaExercise(load_cases(*case_dirs))
