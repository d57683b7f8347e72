"""Pure feedback functions and the session of the dilemma exercise."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lises.dilemma.cases import Dimension
from lises.dilemma.files import load_cases
from lises.dilemma.scoring import (
    AnswerError,
    balances,
    reflect,
    validate_action,
    validate_reason,
    validate_weights,
)
from lises.dilemma.session import DilemmaSession, DilemmaStep
from lises.gribning.session import StepError

CASES = load_cases()
CASE = CASES["praktikken"]
W = {"effektivitet": 1, "fairness": 0, "responsivitet": 3, "respekt": 5}
weights_strategy = st.fixed_dictionaries(
    {d.value: st.integers(min_value=0, max_value=5) for d in Dimension}
).filter(lambda w: any(w.values()))


# -- validation --------------------------------------------------------------------------------


def test_valid_weights_come_back_in_dimension_order():
    shuffled = dict(reversed(list(W.items())))
    assert list(validate_weights(shuffled)) == [d.value for d in Dimension]
    assert validate_weights(shuffled) == W


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [1, 2, 3, 4],
        "effektivitet",
        {**W, "effektivitet": 6},
        {**W, "respekt": -1},
        {**W, "fairness": 2.5},
        {**W, "fairness": "3"},
        {**W, "fairness": True},
        {**W, "venlighed": 2},
        {k: v for k, v in W.items() if k != "respekt"},
        dict.fromkeys(W, 0),
    ],
)
def test_invalid_weights_are_refused(bad):
    with pytest.raises(AnswerError):
        validate_weights(bad)


@pytest.mark.parametrize("bad", [None, 3, "ukendt", "", ["stop"], {"id": "stop"}])
def test_unknown_action_is_refused(bad):
    with pytest.raises(AnswerError):
        validate_action(CASE, bad)
    assert validate_action(CASE, "stop") == "stop"


def test_reason_is_text_stripped_and_capped():
    assert validate_reason("  fordi  ") == "fordi"
    assert validate_reason("") == ""
    assert len(validate_reason("x" * 5000)) == 2000
    for bad in (None, 42, ["tekst"], {"tekst": 1}, b"bytes"):
        with pytest.raises(AnswerError):
            validate_reason(bad)


# -- reflection --------------------------------------------------------------------------------


def test_balances_weigh_what_each_action_serves_against_what_it_costs():
    by_action = {b.action: b for b in balances(CASE, W)}
    # stop serves respekt+responsivitet (5+3), costs effektivitet+fairness (1+0)
    assert (by_action["stop"].served, by_action["stop"].cost, by_action["stop"].balance) == (
        8,
        1,
        7,
    )
    # fortsaet serves effektivitet+fairness (1), costs responsivitet+respekt (8)
    assert by_action["fortsaet"].balance == -7


def test_reflection_names_top_dimensions_what_is_served_and_what_is_costed():
    reflection = reflect(CASE, W, "fortsaet")
    assert reflection.top == (Dimension.RESPEKT,)
    assert reflection.served_top == ()
    assert reflection.cost_weighted == ((Dimension.RESPEKT, 5), (Dimension.RESPONSIVITET, 3))
    assert reflection.best == ("stop",)
    assert not reflection.chose_a_best

    mine = reflect(CASE, W, "stop")
    assert mine.served_top == (Dimension.RESPEKT,)
    assert mine.cost_weighted == ((Dimension.EFFEKTIVITET, 1),)  # fairness has weight 0
    assert mine.chose_a_best


def test_ties_give_every_top_dimension_and_every_best_action():
    even = dict.fromkeys(W, 2)
    reflection = reflect(CASE, even, "moede")
    assert reflection.top == tuple(Dimension)
    # balance = 2 x (served - costed): stop 0, moede +2, fortsaet 0
    assert reflection.best == ("moede",)
    assert reflect(CASE, even, "stop").best == ("moede",)


@given(weights=weights_strategy)
def test_the_best_actions_are_never_outweighed(weights):
    for case in CASES.values():
        for action in case.actions:
            reflection = reflect(case, weights, action.id)
            assert reflection.best
            best = {b.action: b.balance for b in balances(case, weights)}
            top = max(best.values())
            assert all(best[a] == top for a in reflection.best)
            assert reflection.chosen.balance <= top
            assert reflection.chose_a_best == (reflection.chosen.balance == top)


def test_for_every_case_each_action_is_best_for_some_weighing():
    for case in CASES.values():
        for action in case.actions:
            weights = {d.value: (5 if d in action.serves else 0) for d in Dimension}
            assert action.id in reflect(case, weights, action.id).best, (case.id, action.id)


def test_steps_come_in_order_and_out_of_order_answers_are_refused():
    session = DilemmaSession(CASE)
    assert session.step() == DilemmaStep.WEIGHTS
    with pytest.raises(StepError):
        session.answer(DilemmaStep.ACTION, "stop")
    with pytest.raises(StepError):
        session.answer(DilemmaStep.REASON, "fordi")
    session.answer(DilemmaStep.WEIGHTS, W)
    with pytest.raises(StepError):
        session.answer(DilemmaStep.WEIGHTS, W)  # the first weighing stands
    assert session.step() == DilemmaStep.ACTION
    with pytest.raises(StepError):
        session.answer(DilemmaStep.ACTION, "ukendt")
    assert session.action is None
    session.answer(DilemmaStep.ACTION, "moede")
    with pytest.raises(StepError):
        session.answer(DilemmaStep.REASON, 17)
    assert session.answer(DilemmaStep.REASON, "  ") == ""
    assert session.done
    with pytest.raises(StepError):
        session.check(DilemmaStep.DONE, None)
    assert session.reflection().chosen.action == "moede"


def test_replay_rebuilds_the_state_and_skips_what_is_invalid():
    session = DilemmaSession(CASE)
    session.replay(
        [
            ("action", "stop"),  # out of order: skipped
            ("weights", {"effektivitet": 9}),  # invalid: skipped
            ("weights", W),
            ("ukendt-trin", 1),
            ("action", "ukendt"),
            ("action", "stop"),
        ]
    )
    assert session.weights == W
    assert session.action == "stop"
    assert session.step() == DilemmaStep.REASON


def test_reflection_needs_weights_and_action():
    with pytest.raises(StepError):
        DilemmaSession(CASE).reflection()
