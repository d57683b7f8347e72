"""Driving the dilemma exercise (:mod:`lises.dilemma.view`) without a browser.

Widgets are used as a front end uses them: values are set (or sent as widget state, the way a
comm message arrives) and buttons clicked.  Checked: what is recorded and when, what is in the
synced widget state before the learner has answered, tampered input, workshop reveal and resume.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

import ipywidgets as widgets
import pytest
from traitlets import TraitError

from lises.dilemma.files import load_cases
from lises.dilemma.session import DilemmaStep
from lises.dilemma.view import DilemmaExercise, build_app
from lises.privacy.pseudonyms import JoinError
from lises.ui.shell import ExerciseApp
from lises.workshop.recorder import Recorder, WorkshopRecorder
from lises.workshop.store import Store
from widget_state import synced_strings

CASES = load_cases()
W = {"effektivitet": 1, "fairness": 0, "responsivitet": 3, "respekt": 5}
WAITING = "Dine svar er gemt. Feedback vises, når facilitatoren frigiver den."


class ListRecorder(Recorder):
    """Solo behaviour, but every record() call is kept (and revealed() can be switched)."""

    def __init__(self, revealed: bool = True):
        self.calls: list[tuple[str, str, Any]] = []
        self.shown = revealed

    def record(self, item, step, value):
        self.calls.append((item, step, value))
        return True

    def revealed(self):
        return self.shown


class BrokenRecorder(ListRecorder):
    def __init__(self, error: Exception):
        super().__init__()
        self.error = error

    def record(self, item, step, value):
        raise self.error


class FlakyRecorder(ListRecorder):
    """The store is down for the first ``failures`` answers, then works again."""

    def __init__(self, failures: int = 1, revealed: bool = True):
        super().__init__(revealed)
        self.failures = failures

    def record(self, item, step, value):
        if self.failures:
            self.failures -= 1
            raise OSError("database is locked")
        return super().record(item, step, value)


# -- helpers -----------------------------------------------------------------------------------


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    if isinstance(widget, widgets.Box):
        for child in widget.children:
            yield from walk(child)


def controls(app: DilemmaExercise, kind: type) -> list:
    return [w for w in walk(app.step_box) if isinstance(w, kind)]


def button(app: DilemmaExercise, description: str) -> widgets.Button:
    found = [b for b in controls(app, widgets.Button) if b.description == description]
    shown = [b.description for b in controls(app, widgets.Button)]
    assert len(found) == 1, f"{description!r} not shown; shown: {shown}"
    return found[0]


def snapshot(app: DilemmaExercise) -> tuple:
    s = app.session
    return (
        None if s is None else (s.weights, s.action, s.reason),
        tuple(id(c) for c in app.children),
        tuple(id(c) for c in app.step_box.children),
        app.answers_view.value,
        app.feedback.value,
    )


def opened(case_id: str = "praktikken", recorder: Recorder | None = None) -> DilemmaExercise:
    app = DilemmaExercise(CASES, recorder or ListRecorder())
    app.chooser.value = case_id
    app.start_button.click()
    assert app.session.case.id == case_id
    return app


def weigh(app: DilemmaExercise, weights: dict[str, int] = W) -> None:
    for name, value in weights.items():
        app.sliders[name].value = value
    button(app, "Gem min vægtning").click()


def choose(app: DilemmaExercise, action: str) -> None:
    (radio,) = controls(app, widgets.RadioButtons)
    radio.value = action
    button(app, "Vælg handlingen").click()


def justify(app: DilemmaExercise, text: str) -> None:
    (area,) = controls(app, widgets.Textarea)
    area.value = text
    button(app, "Gem og afslut sagen").click()


def key_texts(case_id: str) -> list[str]:
    case = CASES[case_id]
    texts = [c.text for c in case.considerations] + [a.tradeoff for a in case.actions]
    return texts + ([case.note] if case.note else [])


# -- the whole case ----------------------------------------------------------------------------


def test_build_app_is_the_exercise_in_its_workshop_frame():
    app = build_app()
    assert isinstance(app, ExerciseApp)
    assert app.name == "dilemma"
    assert isinstance(app.exercise, DilemmaExercise)
    first = app.exercise.chooser.options[0]
    assert first == ("Den unge kvinde i virksomhedspraktik", "praktikken")
    assert all("(konstrueret)" in label for label, _ in app.exercise.chooser.options[1:])


def test_a_case_from_weighing_to_feedback_records_each_answer_at_once():
    recorder = ListRecorder()
    app = opened(recorder=recorder)
    weigh(app)
    assert recorder.calls == [("praktikken", "weights", W)]
    assert "Respekt: 5" in app.answers_view.value
    choose(app, "stop")
    assert recorder.calls[-1] == ("praktikken", "action", "stop")
    justify(app, "  Hun skal høres først.  ")
    assert recorder.calls[-1] == ("praktikken", "begrundelse", "Hun skal høres først.")
    assert len(recorder.calls) == 3

    html = app.feedback.value
    assert "Hensyn, som forskningen nævner" in html
    assert "(Larsen m.fl. 2018, afsnit 2, s. 9)" in html
    for text in key_texts("praktikken"):
        assert escape(text) in html
    assert "(dit valg)" in html
    assert "Du vægtede respekt højest" in html
    assert "Ingen af handlingerne er gratis" in html
    assert "Hun skal høres først." in app.answers_view.value
    assert controls(app, widgets.Button) == [app.back_button]


def test_the_justification_is_optional():
    recorder = ListRecorder()
    app = opened("roede-lamper", recorder)
    weigh(app)
    choose(app, "vent")
    justify(app, "")
    assert recorder.calls[-1] == ("roede-lamper", "begrundelse", "")
    assert app.session.done and app.feedback.value


@pytest.mark.parametrize("case_id", list(CASES))
def test_nothing_of_the_feedback_is_in_the_widget_state_before_the_case_is_answered(case_id):
    app = opened(case_id)
    action = CASES[case_id].actions[0].id
    for answer in (lambda: weigh(app), lambda: choose(app, action), None):
        state = synced_strings(app)
        for text in key_texts(case_id):
            assert text not in state and escape(text) not in state
        assert "Tjener" not in state and "Koster" not in state
        if answer is not None:
            answer()
    justify(app, "fordi")
    state = synced_strings(app)
    assert all(escape(text) in state for text in key_texts(case_id))


def test_markup_in_the_justification_is_shown_as_text():
    app = opened()
    weigh(app)
    choose(app, "moede")
    attack = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    justify(app, attack)
    assert escape(attack) in app.answers_view.value
    assert "<script" not in app.answers_view.value and "<img" not in app.answers_view.value


def test_every_control_is_labelled_and_focus_moves_to_the_next_control(monkeypatch):
    focused: list[widgets.Widget] = []
    monkeypatch.setattr(widgets.DOMWidget, "focus", lambda self: focused.append(self))
    app = opened()
    sliders = controls(app, widgets.IntSlider)
    assert len(sliders) == 4 and all(s.description for s in sliders)
    assert focused[-1] is sliders[0]
    weigh(app)
    (radio,) = controls(app, widgets.RadioButtons)
    assert radio.description == "Handling:"
    assert focused[-1] is radio
    choose(app, "moede")
    (area,) = controls(app, widgets.Textarea)
    assert area.description.startswith("Din begrundelse")
    assert focused[-1] is area
    justify(app, "")
    assert focused[-1] is app.back_button
    app.back_button.click()
    assert focused[-1] is app.start_button


# -- warnings a learner can reach --------------------------------------------------------------


def test_nothing_weighed_gives_a_warning_and_records_nothing():
    recorder = ListRecorder()
    app = opened(recorder=recorder)
    before = snapshot(app)
    button(app, "Gem min vægtning").click()
    assert snapshot(app) == before
    assert recorder.calls == []
    assert 'role="alert"' in app.message.value and "vægt over 0" in app.message.value
    weigh(app)
    assert app.message.value == ""


def test_no_action_chosen_gives_a_warning():
    recorder = ListRecorder()
    app = opened(recorder=recorder)
    weigh(app)
    before = snapshot(app)
    button(app, "Vælg handlingen").click()
    assert snapshot(app) == before
    assert "Vælg en handling" in app.message.value
    assert len(recorder.calls) == 1


# -- tampered and stale input ------------------------------------------------------------------


def test_a_slider_value_out_of_range_is_refused():
    recorder = ListRecorder()
    app = opened(recorder=recorder)
    slider = app.sliders["respekt"]
    # A tampered comm message first widens the slider, then sets a value outside 0-5.
    slider.set_state({"max": 99})
    slider.set_state({"value": 99})
    assert slider.value == 99
    before = snapshot(app)
    button(app, "Gem min vægtning").click()
    assert snapshot(app) == before
    assert recorder.calls == [] and app.session.weights is None
    slider.set_state({"min": -9, "value": -3})
    button(app, "Gem min vægtning").click()
    assert snapshot(app) == before and recorder.calls == []


@pytest.mark.parametrize(
    "bad",
    [
        {**W, "respekt": 7},
        {**W, "fairness": 1.5},
        {**W, "fairness": True},
        {**W, "venlighed": 1},
        {"effektivitet": 5},
        "alt",
        None,
    ],
)
def test_tampered_weights_reaching_the_callback_change_nothing(bad):
    recorder = ListRecorder()
    app = opened(recorder=recorder)
    before = snapshot(app)
    app._submit(DilemmaStep.WEIGHTS, bad)
    assert snapshot(app) == before
    assert recorder.calls == []


@pytest.mark.parametrize("bad", ["ukendt", "", 3, ["stop"], {"id": "stop"}])
def test_an_unknown_action_is_refused(bad):
    recorder = ListRecorder()
    app = opened(recorder=recorder)
    weigh(app)
    before = snapshot(app)
    app._choose(bad)
    assert snapshot(app) == before
    assert len(recorder.calls) == 1 and app.session.action is None
    (radio,) = controls(app, widgets.RadioButtons)
    with pytest.raises(TraitError):
        radio.set_state({"index": 17})  # the widget itself refuses an index it does not have
    assert radio.value is None


@pytest.mark.parametrize("bad", [42, None, ["tekst"], {"tekst": "x"}, b"bytes"])
def test_a_non_string_justification_is_refused(bad):
    recorder = ListRecorder()
    app = opened(recorder=recorder)
    weigh(app)
    choose(app, "stop")
    before = snapshot(app)
    app._submit(DilemmaStep.REASON, bad)
    assert snapshot(app) == before
    assert len(recorder.calls) == 2 and app.session.reason is None
    (area,) = controls(app, widgets.Textarea)
    with pytest.raises(TraitError):
        area.set_state({"value": 42})


def test_stale_buttons_change_nothing():
    recorder = ListRecorder()
    app = opened(recorder=recorder)
    stale_weights = button(app, "Gem min vægtning")
    weigh(app)
    stale_choose = button(app, "Vælg handlingen")
    before = snapshot(app)
    stale_weights.click()
    assert snapshot(app) == before
    choose(app, "stop")
    stale_save = button(app, "Gem og afslut sagen")
    before = snapshot(app)
    stale_weights.click()
    stale_choose.click()
    assert snapshot(app) == before
    justify(app, "fordi")
    before = snapshot(app)
    for stale in (stale_weights, stale_choose, stale_save):
        stale.click()
    assert snapshot(app) == before
    assert [step for _, step, _ in recorder.calls] == ["weights", "action", "begrundelse"]
    app.back_button.click()
    before = snapshot(app)
    for stale in (stale_weights, stale_choose, stale_save):
        stale.click()
    assert snapshot(app) == before and app.session is None


def test_unknown_case_is_ignored():
    app = DilemmaExercise(CASES, ListRecorder())
    before = snapshot(app)
    for bad in ("ukendt", None, 3):
        app.start(bad)
    assert snapshot(app) == before and app.session is None


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (
            RuntimeError("database is locked\nTraceback (most recent call last)"),
            "kunne ikke gemmes",
        ),
        (JoinError("Workshoppen er lukket: svaret blev ikke gemt."), "Workshoppen er lukket"),
    ],
)
def test_an_answer_that_cannot_be_stored_is_not_applied(error, shown):
    app = opened(recorder=BrokenRecorder(error))
    for name, value in W.items():
        app.sliders[name].value = value
    button(app, "Gem min vægtning").click()
    assert app.session.weights is None
    assert shown in app.message.value and 'role="alert"' in app.message.value
    assert "Traceback" not in synced_strings(app)
    assert controls(app, widgets.IntSlider)  # still on the weighing step


def test_the_alert_goes_when_a_retry_stores_the_answer():
    recorder = FlakyRecorder(failures=1)
    app = opened(recorder=recorder)
    for name, value in W.items():
        app.sliders[name].value = value
    button(app, "Gem min vægtning").click()
    assert 'role="alert"' in app.message.value and recorder.calls == []
    button(app, "Gem min vægtning").click()  # the retry, with the store back
    assert app.session.weights == W and len(recorder.calls) == 1
    assert 'role="alert"' not in app.message.value
    assert 'role="status"' in app.message.value and "Nu er dit svar gemt" in app.message.value
    controls(app, widgets.RadioButtons)[0].value = CASES["praktikken"].actions[0].id
    button(app, "Vælg handlingen").click()  # the notice was about that one retry
    assert len(recorder.calls) == 2 and app.message.value == ""


def test_widgets_that_leave_the_page_are_closed():
    from ipywidgets.widgets.widget import _instances

    app = opened()
    weigh(app)
    choose(app, "stop")
    justify(app, "")
    app.back_button.click()
    open_after_one = len(_instances)
    for case_id in CASES:
        app.chooser.value = case_id
        app.start_button.click()
        weigh(app)
        choose(app, CASES[case_id].actions[-1].id)
        justify(app, "")
        app.back_button.click()
    assert len(_instances) <= open_after_one


# -- workshop: store, reveal, resume -----------------------------------------------------------


@pytest.fixture
def workshop(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/s.sqlite")
    new = store.create_workshop("Test")
    participant = store.join(new.code, "Blå kop")
    recorder = WorkshopRecorder(store, participant, "dilemma")
    return store, new, participant, recorder


def test_workshop_answers_are_stored_and_a_reload_resumes(workshop):
    store, _, participant, recorder = workshop
    app = opened(recorder=recorder)
    weigh(app)
    choose(app, "moede")
    stored = [(a.item, a.step, a.value) for a in store.answers(participant, "dilemma")]
    assert stored == [("praktikken", "weights", W), ("praktikken", "action", "moede")]

    reloaded = DilemmaExercise(CASES, recorder)  # a new page for the same participant
    labels = dict((v, k) for k, v in reloaded.chooser.options)
    assert labels["praktikken"].endswith("– påbegyndt")
    reloaded.chooser.value = "praktikken"
    reloaded.start_button.click()
    assert reloaded.session.step() == DilemmaStep.REASON
    assert reloaded.session.weights == W and reloaded.session.action == "moede"
    assert "Respekt: 5" in reloaded.answers_view.value
    justify(reloaded, "Fordi")
    assert [a.step for a in store.answers(participant, "dilemma")] == [
        "weights",
        "action",
        "begrundelse",
    ]
    again = DilemmaExercise(CASES, recorder)
    assert dict((v, k) for k, v in again.chooser.options)["praktikken"].endswith("– besvaret")


def test_feedback_waits_for_the_facilitator(workshop):
    store, new, _, recorder = workshop
    app = opened(recorder=recorder)
    weigh(app)
    choose(app, "stop")
    justify(app, "fordi")
    texts = [w.value for w in controls(app, widgets.HTML)]
    assert any(WAITING in t for t in texts)
    assert app.feedback.value == ""
    state = synced_strings(app)
    assert all(escape(t) not in state and t not in state for t in key_texts("praktikken"))

    button(app, "Tjek igen").click()
    assert "ikke frigivet endnu" in app.message.value
    assert app.feedback.value == ""

    store.set_revealed(new.code, new.facilitator_key, "dilemma")
    button(app, "Tjek igen").click()
    assert "Hensyn, som forskningen nævner" in app.feedback.value
    assert app.message.value == ""


def test_the_first_stored_answer_stands_across_two_pages(workshop):
    store, _, participant, recorder = workshop
    first, second = opened(recorder=recorder), opened(recorder=recorder)
    weigh(first, W)
    other = {**W, "effektivitet": 5}
    weigh(second, other)  # stored already by the first page: the second page catches up
    assert second.session.weights == W
    assert [a.value for a in store.answers(participant, "dilemma")] == [W]
    assert controls(second, widgets.RadioButtons)
