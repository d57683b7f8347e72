"""The exercise view base (:mod:`lises.ui.exercise_view`) and the answer protocol
(:mod:`lises.core.answers`): one flow, check → apply, for every exercise."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets
import pytest

from lises.core.answers import Answer, AnswerSession
from lises.core.model import StepError
from lises.dilemma.files import load_cases
from lises.dilemma.session import DilemmaSession
from lises.excerpts.files import load_excerpts
from lises.gribning.session import Session
from lises.potentials.files import load_sets
from lises.potentials.session import PotentialSession
from lises.ui.controls import button
from lises.ui.exercise_view import ExerciseView

STEPS = ("first", "second")


class FakeSession:
    """Two text answers in order; follows the protocol and nothing else."""

    def __init__(self, item: str):
        self.item = item
        self.answers: dict[str, str] = {}

    @property
    def due(self) -> str | None:
        return next((s for s in STEPS if s not in self.answers), None)

    @property
    def done(self) -> bool:
        return self.due is None

    def check(self, step: str, value: object) -> Answer:
        if step != self.due:
            raise StepError(f"{step!r} er ikke det næste trin")
        if not isinstance(value, str) or not value.strip():
            raise StepError("skriv noget")
        return Answer(step, value.strip())

    def apply(self, answer: Answer) -> None:
        self.answers[answer.step] = answer.value

    def replay(self, answers: Iterable[tuple[str, Any]]) -> None:
        for step, value in answers:
            try:
                self.apply(self.check(step, value))
            except StepError:
                continue


class FakeView(ExerciseView):
    def __init__(self, items=("a", "b")):
        self.header = widgets.HTML("<h2>Prøve</h2>")
        self.chooser = widgets.Dropdown(options=list(items))
        self.text: widgets.Textarea | None = None
        self.answered: list[Answer] = []
        super().__init__(
            {i: i for i in items},
            start=("Start", "Begynd"),
            back=("Tilbage", "Til listen"),
            css_class="lises-fake",
        )
        self.show_chooser()

    def _new_session(self, item):
        return FakeSession(item)

    def _show_intro(self):
        self.intro.value = f"<p>{self.chooser.value}</p>"

    def _exercise_children(self):
        return [self.header, self.message, self.step_box]

    def _controls(self):
        due = self.session.due
        if due is None:
            return [self.back_button]
        self.text = widgets.Textarea(description=due)
        save = button("Gem", "Gem svaret", "primary")
        save.on_click(lambda _, text=self.text, step=due: self.submit(step, text.value))
        return [self.text, save]

    def _answered(self, answer):
        self.answered.append(answer)


def save(view: FakeView, text: str) -> None:
    view.text.value = text
    (save_button,) = [w for w in view.step_box.children if isinstance(w, widgets.Button)]
    save_button.click()


def test_the_fake_and_the_three_sessions_follow_the_protocol():
    case = next(iter(load_cases().values()))
    potential_set = next(iter(load_sets().values()))
    excerpt = load_excerpts()["praktikken"]
    for session in (FakeSession("a"), DilemmaSession(case), PotentialSession(potential_set)):
        assert isinstance(session, AnswerSession)
    assert isinstance(Session(excerpt), AnswerSession)


@pytest.mark.parametrize(
    ("make", "step", "value", "stored"),
    [
        (lambda: Session(load_excerpts()["praktikken"]), "next:2", True, True),
        (lambda: DilemmaSession(next(iter(load_cases().values()))), "weights", None, None),
        (lambda: PotentialSession(next(iter(load_sets().values()))), None, 3, 3),
    ],
    ids=["gribning", "dilemma", "potentials"],
)
def test_check_changes_nothing_and_apply_does(make, step, value, stored):
    session = make()
    if isinstance(session, DilemmaSession):
        value = stored = {"effektivitet": 1, "fairness": 0, "responsivitet": 3, "respekt": 5}
    if isinstance(session, PotentialSession):
        step = f"sort:{session.due.id}"
    before = repr(vars(session))
    answer = session.check(step, value)
    assert answer == Answer(step, stored)
    assert repr(vars(session)) == before  # pure validation
    session.apply(answer)
    assert repr(vars(session)) != before
    with pytest.raises(StepError):  # the same answer again is no longer due
        session.check(step, value)


def test_check_then_apply():
    view = FakeView()
    view.start_button.click()
    assert view.session.item == "a" and view.text.description == "first"
    save(view, "  svar  ")
    assert view.session.answers == {"first": "svar"} and view.answered == [Answer("first", "svar")]
    assert view.text.description == "second"


def test_stale_or_invalid_answers_change_nothing():
    view = FakeView()
    view.start("a")
    assert not view.submit("second", "for tidligt")
    assert not view.submit("first", {"html": "<script>"})
    assert not view.submit("first", "   ")
    assert view.session.answers == {} and view.answered == [] and view.message.value == ""
    view.show_chooser()
    assert not view.submit("first", "efter lukning") and view.answered == []
    view.start("ukendt")
    view.start(["a"])
    assert view.session is None


@pytest.mark.parametrize("clears", [True, False])
def test_an_answer_taken_clears_the_message_unless_the_view_keeps_it(clears, monkeypatch):
    monkeypatch.setattr(FakeView, "clears_message_on_answer", clears)
    view = FakeView()
    view.start("a")
    view.message.value = '<p role="alert">Skriv noget først.</p>'
    assert not view.submit("first", "   ")  # refused: the warning stays
    assert view.message.value == '<p role="alert">Skriv noget først.</p>'
    save(view, "svar")
    assert (view.message.value == "") is clears


def test_focus_moves_to_the_first_control(monkeypatch):
    focused = []
    monkeypatch.setattr(widgets.DOMWidget, "focus", lambda self: focused.append(self))
    view = FakeView()
    assert focused[-1] is view.start_button
    view.start("a")
    assert focused[-1] is view.text
    save(view, "x")
    assert focused[-1] is view.text and view.text.description == "second"


def test_old_controls_are_closed_and_the_back_button_is_kept():
    view = FakeView()
    view.start("a")
    old = view.text
    save(view, "x")
    assert old.comm is None  # closed
    save(view, "y")
    assert list(view.step_box.children) == [view.back_button]
    view.back_button.click()
    assert view.back_button.comm is not None and view.session is None
