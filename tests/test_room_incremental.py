"""The room's views refreshed incrementally (:mod:`lises.room.replays`,
:mod:`lises.room.item_rows`): what they show is exactly what a full replay of every answer shows,
however the answers arrive."""

from __future__ import annotations

import random

import pytest

from lises.room import item_rows, tally
from lises.room.item_rows import ItemRows
from lises.room.replays import Replays
from lises.room.screens import resume
from test_room_tally import room

ITEMS = [
    ("gribning", "maanen"),
    ("gribning", "god-gribning"),
    ("dilemma", "praktikken"),
    ("potentialer", "fem-potentialer"),
]


@pytest.mark.parametrize(("kind", "item"), ITEMS)
@pytest.mark.parametrize("released", [False, True])
def test_a_view_kept_between_refreshes_equals_a_full_replay(kind, item, released):
    rows, _walks = room(kind, item, 9, seed=5, stop=0.03, hide={4, 9})
    replays = Replays()
    cuts = [*sorted(random.Random(7).sample(range(1, len(rows)), 6)), len(rows)]
    for cut in cuts:  # the rows so far, as a refresh would read them
        kept = tally.projector_view(kind, item, rows[:cut], 12, released, (replays, "rum"))
        fresh = tally.projector_view(kind, item, rows[:cut], 12, released)
        assert kept == fresh


def test_another_rooms_participant_with_the_same_ids_is_not_taken_for_a_kept_one():
    """Ids are numbers of one database: a second store's participant 1 is someone else."""
    rows, _walks = room("gribning", "maanen", 2, seed=3)
    other, _walks = room("gribning", "maanen", 2, seed=4)
    replays = Replays()
    for where, answers in (("a", rows), ("b", other)):
        view = tally.projector_view("gribning", "maanen", answers, 2, True, (replays, where))
        assert view == tally.projector_view("gribning", "maanen", answers, 2, True)


def test_a_list_that_does_not_continue_the_kept_one_is_replayed_from_the_start():
    rows, _walks = room("gribning", "maanen", 3, seed=1)
    mine = [r for r in rows if r.participant_id == 1]
    replays = Replays()
    grouped = {1: mine}
    with replays.lock:
        first = replays.sessions("rum", "gribning", "maanen", grouped)[1]
    assert first.done == resume("gribning", "maanen", [(r.step, r.value) for r in mine]).done
    shorter = mine[:3] + mine[4:]  # a row gone from the middle: not a continuation
    with replays.lock:
        again = replays.sessions("rum", "gribning", "maanen", {1: shorter})[1]
    expected = resume("gribning", "maanen", [(r.step, r.value) for r in shorter])
    assert again is not first
    assert (again.revealed, again.marked, again.done) == (
        expected.revealed,
        expected.marked,
        expected.done,
    )


class Table:
    """A stand-in for the store: rows become visible when ``commit`` is called, in any order."""

    def __init__(self) -> None:
        self.visible: dict[int, tuple[int, str]] = {}
        self.asked: list[int] = []

    def commit(self, *ids: int) -> None:
        for number in ids:
            self.visible[number] = (number, f"svar {number}")

    def read(self, after: int) -> list[tuple[int, str]]:
        self.asked.append(after)
        return [self.visible[n] for n in sorted(self.visible) if n > after]


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(item_rows.time, "monotonic", lambda: now[0])
    return now


def test_rows_read_again_from_the_lagged_id_so_a_late_commit_is_not_missed(clock):
    table, kept = Table(), ItemRows(lambda row: row[0])
    table.commit(1, 2, 4)  # 3 was inserted before 4 but commits after it (PostgreSQL)
    assert [r[0] for r in kept.rows("rum", table.read)] == [1, 2, 4]
    clock[0] += 1
    table.commit(3, 5)
    assert [r[0] for r in kept.rows("rum", table.read)] == [1, 2, 3, 4, 5]
    assert table.asked == [0, 0]  # within the lag every read starts from the beginning
    clock[0] += item_rows.LAG_SECONDS
    table.commit(6)
    assert [r[0] for r in kept.rows("rum", table.read)] == [1, 2, 3, 4, 5, 6]
    assert table.asked[-1] == 5  # the highest id of a read at least the lag ago
    clock[0] += item_rows.LAG_SECONDS
    table.commit(8)
    kept.rows("rum", table.read)
    table.commit(7)  # late again: after the start, so it is read
    clock[0] += 1
    assert [r[0] for r in kept.rows("rum", table.read)] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert table.asked[-1] == 6


def test_each_key_keeps_its_own_rows_and_the_oldest_key_goes_first(clock):
    tables = {key: Table() for key in "abc"}
    kept = ItemRows(lambda row: row[0], size=2)
    for number, key in enumerate("abc", start=1):
        tables[key].commit(number)
        assert [r[0] for r in kept.rows(key, tables[key].read)] == [number]
    clock[0] += item_rows.LAG_SECONDS
    kept.rows("a", tables["a"].read)  # "a" was dropped for "c": read from the start again
    assert tables["a"].asked == [0, 0]
    kept.rows("c", tables["c"].read)
    assert tables["c"].asked == [0, 3]
