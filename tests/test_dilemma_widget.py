"""Driving the dilemma exercise (:mod:`lises.dilemma.view`) without a browser.

Widgets are used as a front end uses them: values are set (or sent as widget state, the way a
comm message arrives) and buttons clicked.  Checked: what is taken and when, what is in the
synced widget state before the learner has answered, tampered and stale input.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

import ipywidgets as widgets
import pytest
from traitlets import TraitError

from lises.dilemma.files import load_cases
from lises.dilemma.session import DilemmaStep
from lises.dilemma.view import DilemmaExercise, build_app
from widget_state import synced_strings

CASES = load_cases()
W = {"effektivitet": 1, "fairness": 0, "responsivitet": 3, "respekt": 5}


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


def answers(app: DilemmaExercise) -> tuple:
    return app.session.weights, app.session.action, app.session.reason


def opened(case_id: str = "praktikken") -> DilemmaExercise:
    app = DilemmaExercise(CASES)
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


def test_build_app_is_the_exercise():
    app = build_app()
    assert isinstance(app, DilemmaExercise)
    first = app.chooser.options[0]
    assert first == ("Den unge kvinde i virksomhedspraktik", "praktikken")
    assert all("(konstrueret)" in label for label, _ in app.chooser.options[1:])


def test_a_case_from_weighing_to_feedback_takes_each_answer_at_once():
    app = opened()
    weigh(app)
    assert answers(app) == (W, None, None)
    assert "Respekt: 5" in app.answers_view.value
    choose(app, "stop")
    assert answers(app) == (W, "stop", None)
    justify(app, "  Hun skal høres først.  ")
    assert answers(app) == (W, "stop", "Hun skal høres først.")

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
    app = opened("roede-lamper")
    weigh(app)
    choose(app, "vent")
    justify(app, "")
    assert answers(app) == (W, "vent", "")
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


def test_nothing_weighed_gives_a_warning_and_takes_nothing():
    app = opened()
    before = snapshot(app)
    button(app, "Gem min vægtning").click()
    assert snapshot(app) == before
    assert answers(app) == (None, None, None)
    assert 'role="alert"' in app.message.value and "vægt over 0" in app.message.value
    weigh(app)
    assert app.message.value == ""


def test_no_action_chosen_gives_a_warning():
    app = opened()
    weigh(app)
    before = snapshot(app)
    button(app, "Vælg handlingen").click()
    assert snapshot(app) == before
    assert "Vælg en handling" in app.message.value
    assert answers(app) == (W, None, None)


# -- tampered and stale input ------------------------------------------------------------------


def test_a_slider_value_out_of_range_is_refused():
    app = opened()
    slider = app.sliders["respekt"]
    # A tampered comm message first widens the slider, then sets a value outside 0-5.
    slider.set_state({"max": 99})
    slider.set_state({"value": 99})
    assert slider.value == 99
    before = snapshot(app)
    button(app, "Gem min vægtning").click()
    assert snapshot(app) == before
    assert app.session.weights is None
    slider.set_state({"min": -9, "value": -3})
    button(app, "Gem min vægtning").click()
    assert snapshot(app) == before and app.session.weights is None


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
    app = opened()
    before = snapshot(app)
    app._submit(DilemmaStep.WEIGHTS, bad)
    assert snapshot(app) == before
    assert app.session.weights is None


@pytest.mark.parametrize("bad", ["ukendt", "", 3, ["stop"], {"id": "stop"}])
def test_an_unknown_action_is_refused(bad):
    app = opened()
    weigh(app)
    before = snapshot(app)
    app._choose(bad)
    assert snapshot(app) == before
    assert answers(app) == (W, None, None)
    (radio,) = controls(app, widgets.RadioButtons)
    with pytest.raises(TraitError):
        radio.set_state({"index": 17})  # the widget itself refuses an index it does not have
    assert radio.value is None


@pytest.mark.parametrize("bad", [42, None, ["tekst"], {"tekst": "x"}, b"bytes"])
def test_a_non_string_justification_is_refused(bad):
    app = opened()
    weigh(app)
    choose(app, "stop")
    before = snapshot(app)
    app._submit(DilemmaStep.REASON, bad)
    assert snapshot(app) == before
    assert answers(app) == (W, "stop", None)
    (area,) = controls(app, widgets.Textarea)
    with pytest.raises(TraitError):
        area.set_state({"value": 42})


def test_stale_buttons_change_nothing():
    app = opened()
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
    assert answers(app) == (W, "stop", "fordi")
    app.back_button.click()
    before = snapshot(app)
    for stale in (stale_weights, stale_choose, stale_save):
        stale.click()
    assert snapshot(app) == before and app.session is None


def test_unknown_case_is_ignored():
    app = DilemmaExercise(CASES)
    before = snapshot(app)
    for bad in ("ukendt", None, 3):
        app.start(bad)
    assert snapshot(app) == before and app.session is None


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
