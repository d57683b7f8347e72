"""Pure scoring and the session of the five-potentials exercise."""

from __future__ import annotations

import pytest

from lises.gribning.session import StepError
from lises.potentials.files import load_sets
from lises.potentials.items import Potential
from lises.potentials.scoring import PlacementError, Verdict, judge, summarise, validate_potential
from lises.potentials.session import PotentialSession, step_name

(SET,) = load_sets().values()
ITEMS = SET.item_by_id


@pytest.mark.parametrize("bad", [0, 6, -1, True, False, 2.0, "3", None, [1]])
def test_only_potential_numbers_are_accepted(bad):
    with pytest.raises(PlacementError):
        validate_potential(bad)


def test_numbers_one_to_five_are_accepted():
    assert [validate_potential(n) for n in range(1, 6)] == [1, 2, 3, 4, 5]
    assert type(validate_potential(Potential.HELHED)) is int


def test_judge_as_key_plausible_and_other():
    item = ITEMS["favrskov"]  # key 5, also 2
    assert judge(item, 5).verdict == Verdict.KEY
    assert judge(item, 2).verdict == Verdict.PLAUSIBLE
    other = judge(item, 3)
    assert other.verdict == Verdict.OTHER
    assert (other.key, other.placed, other.as_key) == (
        Potential.VIRKSOMHEDER,
        Potential.MOEDET,
        False,
    )


def test_summary_counts_per_potential():
    placements = {item.id: item.key for item in SET.items}
    placements["favrskov"] = 2  # plausible
    placements["krone-sparet"] = 4  # other
    summary = summarise(SET, placements)
    assert summary.placed == len(SET.items)
    assert summary.as_key == len(SET.items) - 2
    assert summary.plausible == 1
    tallies = {t.potential: t for t in summary.per_potential}
    assert sum(t.items for t in tallies.values()) == len(SET.items)
    assert tallies[Potential.VIRKSOMHEDER].as_key == tallies[Potential.VIRKSOMHEDER].items - 1
    assert tallies[Potential.STRATEGIER].as_key == tallies[Potential.STRATEGIER].items - 1
    assert tallies[Potential.HELHED].as_key == tallies[Potential.HELHED].items


def test_summary_of_nothing_placed():
    summary = summarise(SET, {})
    assert (summary.placed, summary.as_key, summary.plausible) == (0, 0, 0)
    assert all(t.as_key == 0 for t in summary.per_potential)


def test_session_takes_items_in_order_and_refuses_others():
    session = PotentialSession(SET)
    first, second = SET.items[0], SET.items[1]
    assert session.due == first and session.position == 1
    with pytest.raises(StepError):
        session.place(second.id, 1)  # not due yet
    with pytest.raises(StepError):
        session.place("ukendt", 1)
    for bad in (0, 6, True, "2", None):
        with pytest.raises(StepError):
            session.place(first.id, bad)
    assert session.placements == {}
    session.place(first.id, 5)
    with pytest.raises(StepError):
        session.place(first.id, 4)  # already placed: the first answer stands
    assert session.placements == {first.id: 5}
    assert session.due == second


def test_replay_accepts_stored_answers_in_any_order_and_skips_bad_ones():
    session = PotentialSession(SET)
    session.replay(
        [
            (step_name(SET.items[2].id), 3),
            (step_name(SET.items[0].id), 1),
            (step_name(SET.items[0].id), 2),  # a repeat: the first stands
            (step_name("ukendt"), 1),
            (step_name(SET.items[1].id), 9),  # invalid
            ("weights", {"x": 1}),
        ]
    )
    assert session.placements == {SET.items[2].id: 3, SET.items[0].id: 1}
    assert session.due == SET.items[1]


def test_done_after_every_item():
    session = PotentialSession(SET)
    for item in SET.items:
        session.place(item.id, item.key)
    assert session.done and session.due is None
    assert session.summary().as_key == len(SET.items)
    with pytest.raises(StepError):
        session.place(SET.items[0].id, 1)
