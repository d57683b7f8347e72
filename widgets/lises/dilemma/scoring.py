"""Feedback for the dilemma exercise: pure functions over a case, weights and a chosen action.

Nothing here says which action is right.  The functions relate the learner's own weighing to
what the chosen action serves and costs: which dimensions the learner weighted highest, which of
those the action serves, which it costs, and which actions would serve the learner's weighing
best (the "balance": the weight of what an action serves minus the weight of what it costs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .cases import Action, DilemmaCase, Dimension

MIN_WEIGHT = 0
MAX_WEIGHT = 5
MAX_REASON_LENGTH = 2000


class AnswerError(ValueError):
    """A value that is not a valid answer (a tampered widget message or a bad stored value)."""


def validate_weights(value: object) -> dict[str, int]:
    """Check a weighing: exactly the four dimensions, each a whole number 0–5.

    Returns the weights as a plain dict in dimension order (the form that is stored).
    Raises :class:`AnswerError` otherwise; all zeros is refused too (nothing was weighed).
    """
    if not isinstance(value, Mapping):
        raise AnswerError("vægtningen skal være en mapping fra dimension til tal")
    if set(value) != {d.value for d in Dimension}:
        raise AnswerError("vægtningen skal have præcis de fire dimensioner")
    weights: dict[str, int] = {}
    for dimension in Dimension:
        number = value[dimension.value]
        if isinstance(number, bool) or not isinstance(number, int):
            raise AnswerError(f"vægten for {dimension.value} skal være et helt tal")
        if not MIN_WEIGHT <= number <= MAX_WEIGHT:
            raise AnswerError(f"vægten for {dimension.value} skal være mellem 0 og 5")
        weights[dimension.value] = number
    if not any(weights.values()):
        raise AnswerError("giv mindst én dimension en vægt over 0")
    return weights


def validate_action(case: DilemmaCase, value: object) -> str:
    """Check a chosen action id; raise :class:`AnswerError` for anything the case lacks."""
    if not isinstance(value, str) or value not in case.action_by_id:
        raise AnswerError(f"ukendt handling {value!r}")
    return value


def validate_reason(value: object) -> str:
    """Check a justification: text (may be empty), stripped and cut to 2000 characters."""
    if not isinstance(value, str):
        raise AnswerError("begrundelsen skal være tekst")
    return value.strip()[:MAX_REASON_LENGTH]


@dataclass(frozen=True)
class Balance:
    """How an action fares against a weighing."""

    action: str
    served: int
    """Sum of the weights of the dimensions the action serves."""
    cost: int
    """Sum of the weights of the dimensions the action costs."""

    @property
    def balance(self) -> int:
        return self.served - self.cost


@dataclass(frozen=True)
class Reflection:
    """The learner's weighing set against the chosen action."""

    top: tuple[Dimension, ...]
    """The dimension(s) with the highest weight."""
    served_top: tuple[Dimension, ...]
    """Top dimensions the chosen action serves."""
    cost_weighted: tuple[tuple[Dimension, int], ...]
    """Dimensions the chosen action costs that the learner gave weight, highest first."""
    chosen: Balance
    best: tuple[str, ...]
    """The action(s) with the highest balance for this weighing."""

    @property
    def chose_a_best(self) -> bool:
        return self.chosen.action in self.best


def balance(action: Action, weights: Mapping[str, int]) -> Balance:
    served = sum(weights[d.value] for d in action.serves)
    cost = sum(weights[d.value] for d in action.costs)
    return Balance(action.id, served, cost)


def balances(case: DilemmaCase, weights: Mapping[str, int]) -> tuple[Balance, ...]:
    """Every action's balance, in the case's order."""
    return tuple(balance(action, weights) for action in case.actions)


def reflect(case: DilemmaCase, weights: Mapping[str, int], action_id: str) -> Reflection:
    """Relate a valid weighing to a valid chosen action."""
    weights = validate_weights(weights)
    action = case.action_by_id[validate_action(case, action_id)]
    highest = max(weights.values())
    top = tuple(d for d in Dimension if weights[d.value] == highest)
    all_balances = balances(case, weights)
    best_value = max(b.balance for b in all_balances)
    costs = sorted(
        ((d, weights[d.value]) for d in action.costs if weights[d.value] > 0),
        key=lambda pair: (-pair[1], list(Dimension).index(pair[0])),
    )
    return Reflection(
        top=top,
        served_top=tuple(d for d in top if d in action.serves),
        cost_weighted=tuple(costs),
        chosen=balance(action, weights),
        best=tuple(b.action for b in all_balances if b.balance == best_value),
    )
