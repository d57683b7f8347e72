"""The projector's aggregates (:mod:`lises.room.tally`): anonymous counts that match what each
participant answered, charts with a text alternative, the key only after release, free texts
only when not hidden and never with a nickname."""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

import pytest

from lises.core.model import StepError
from lises.excerpts.responses import CODE_LABELS
from lises.excerpts.scoring import key_codes
from lises.potentials.html import potential_name
from lises.room import screens, tally
from test_room_screens import CASES, EXCERPTS, SETS, walk


@dataclass(frozen=True)
class RoomAnswer:
    """A stand-in for lises.workshop.store_room.RoomAnswer (the same attribute names)."""

    id: int
    participant_id: int
    step: str
    value: Any
    submitted_at: datetime
    hidden: bool = False


def room(kind: str, item: str, people: int, *, seed: int = 0, stop: float = 0.0, hide=()):
    """``people`` random walks stored as one list of answers (ids in order), and the walks."""
    walks = {
        pid: walk(kind, item, random.Random(seed * 1000 + pid), stop=stop)[0]
        for pid in range(1, people + 1)
    }
    rows, number = [], 0
    for position in range(max(map(len, walks.values()), default=0)):
        for pid, answers in walks.items():
            if position < len(answers):
                number += 1
                step, value = answers[position]
                rows.append(RoomAnswer(number, pid, step, value, datetime.now(UTC), number in hide))
    return rows, walks


def test_counts_of_joined_started_and_done():
    rows, walks = room("gribning", "maanen", 12, stop=0.05)
    view = tally.projector_view("gribning", "maanen", rows, 20, False)
    done = sum(
        screens.participant_screen("gribning", "maanen", a, False)["done"] for a in walks.values()
    )
    started = sum(bool(a) for a in walks.values())
    assert (view["joined"], view["started"], view["done"]) == (20, started, done)
    assert view["summary"] == f"20 deltagere i rummet: {started} er i gang, og {done} er færdige."
    empty = tally.projector_view("gribning", "maanen", [], 3, False)
    assert (empty["joined"], empty["started"], empty["done"]) == (3, 0, 0)
    assert all(sum(c["values"]) == 0 and c["text"] is None for c in empty["charts"])


@pytest.mark.parametrize("item", sorted(EXCERPTS))
def test_each_citizen_turn_counts_the_rooms_marks_and_classifications(item):
    excerpt = EXCERPTS[item]
    rows, walks = room("gribning", item, 10, seed=2, stop=0.02)
    view = tally.projector_view("gribning", item, rows, 10, False)
    assert [c["id"] for c in view["charts"]] == [f"tur-{n}" for n in excerpt.citizen_turns]
    for chart in view["charts"]:
        turn = int(chart["id"].removeprefix("tur-"))
        marks = [dict(a).get(f"mark:{turn}") for a in walks.values()]
        classes = Counter(dict(a).get(f"classify:{turn}") for a in walks.values())
        assert chart["answered"] == sum(m is not None for m in marks)
        assert chart["marked"] == sum(m is True for m in marks)
        values = dict(zip(chart["labels"], chart["values"], strict=True))
        assert values[CODE_LABELS["ingen"]] == sum(m is False for m in marks)
        for code, count in classes.items():
            if code is not None:
                assert values[CODE_LABELS[code]] == count
        assert chart["key"] is None and "Nøglen" not in chart["alt"]
        assert chart["alt"].startswith(f"Tur {turn}: {chart['answered']} svar.")


@pytest.mark.parametrize("item", sorted(EXCERPTS))
def test_the_key_and_model_replies_only_after_release(item):
    excerpt = EXCERPTS[item]
    rows, _ = room("gribning", item, 4, seed=3)
    before = tally.projector_view("gribning", item, rows, 4, False)
    after = tally.projector_view("gribning", item, rows, 4, True)
    text = json.dumps(before, ensure_ascii=False)
    hidden = [k.explanation for k in excerpt.key]
    hidden += [r for p in excerpt.pauses for r in p.model_replies]
    assert not [h for h in hidden if h in text or escape(h) in text]
    assert all(t["model_replies"] is None for t in before["texts"])
    keys = key_codes(excerpt)
    for chart in after["charts"]:
        turn = int(chart["id"].removeprefix("tur-"))
        assert chart["labels"][chart["key"]] == CODE_LABELS[keys[turn]]
        assert chart["alt"].endswith(f"Nøglen: {CODE_LABELS[keys[turn]]}.")
    assert [t["model_replies"] for t in after["texts"]] == [p.model_replies for p in excerpt.pauses]


def test_a_turn_is_on_the_wall_only_once_everyone_has_seen_it():
    item = "maanen"
    first = RoomAnswer(1, 1, "next:2", True, datetime.now(UTC))
    view = tally.projector_view("gribning", item, [first], 2, False)
    assert view["charts"][0]["text"] is not None  # everyone who started has seen turn 2
    slow = RoomAnswer(2, 2, "mark:99", True, datetime.now(UTC))  # started, still on turn 1
    view = tally.projector_view("gribning", item, [first, slow], 2, False)
    assert view["started"] == 1  # a forged answer is not a start
    rows, _ = room("gribning", item, 3, seed=4)
    behind = RoomAnswer(10_000, 99, "next:2", True, datetime.now(UTC))
    view = tally.projector_view("gribning", item, [*rows, behind], 4, False)
    later = [c for c in view["charts"] if int(c["id"].removeprefix("tur-")) > 2]
    assert later and all(c["text"] is None for c in later)
    released = tally.projector_view("gribning", item, [*rows, behind], 4, True)
    assert all(c["text"] for c in released["charts"])


def test_free_texts_are_listed_with_their_id_unless_hidden():
    item = next(e.id for e in EXCERPTS.values() if e.pauses)
    rows, _ = room("gribning", item, 6, seed=5)
    replies = [r for r in rows if r.step.startswith("reply:")]
    hide = {replies[0].id}
    rows = [RoomAnswer(**{**r.__dict__, "hidden": r.id in hide}) for r in rows]
    view = tally.projector_view("gribning", item, rows, 6, False)
    listed = {a["id"]: a["text"] for t in view["texts"] for a in t["answers"]}
    assert set(listed) == {r.id for r in replies} - hide
    assert all(listed[r.id] == r.value for r in replies if r.id not in hide)
    assert all(set(a) == {"id", "text"} for t in view["texts"] for a in t["answers"])


def test_no_nickname_or_participant_id_is_in_the_view():
    rows, _ = room("dilemma", "praktikken", 5, seed=6)
    view = tally.projector_view("dilemma", "praktikken", rows, 5, False)
    text = json.dumps(view, ensure_ascii=False)
    assert "participant" not in text and "kaldenavn" not in text.lower()


def test_dilemma_weights_are_averaged_and_actions_counted():
    case = CASES["praktikken"]
    rows, walks = room("dilemma", case.id, 9, seed=7)
    view = tally.projector_view("dilemma", case.id, rows, 9, False)
    weights, actions = view["charts"]
    given = [dict(a)["weights"] for a in walks.values()]
    expected = [round(sum(w[d] for w in given) / len(given), 2) for d in given[0]]
    assert weights["values"] == expected and weights["mean"] and weights["answered"] == 9
    assert "," in weights["alt"]  # a Danish decimal comma
    chosen = Counter(dict(a)["action"] for a in walks.values())
    assert actions["values"] == [chosen[a.id] for a in case.actions]
    assert actions["labels"] == [a.label for a in case.actions]
    reasons = {a["text"] for a in view["texts"][0]["answers"]}
    assert reasons == {dict(a)["begrundelse"] for a in walks.values()} - {""}
    leaks = [c.text for c in case.considerations] + [a.tradeoff for a in case.actions]
    text = json.dumps(tally.projector_view("dilemma", case.id, rows, 9, True), ensure_ascii=False)
    assert not [t for t in leaks if t in text]


def test_potentials_distribution_per_item_and_the_key_after_release():
    chosen = next(iter(SETS.values()))
    rows, walks = room("potentialer", chosen.id, 8, seed=8, stop=0.03)
    before = tally.projector_view("potentialer", chosen.id, rows, 8, False)
    after = tally.projector_view("potentialer", chosen.id, rows, 8, True)
    for item, chart, released in zip(chosen.items, before["charts"], after["charts"], strict=True):
        placed = Counter(dict(a).get(f"sort:{item.id}") for a in walks.values())
        assert chart["values"] == [placed[p] for p in range(1, 6)]
        assert chart["key"] is None
        assert released["labels"][released["key"]] == potential_name(item.key)
    text = json.dumps(before, ensure_ascii=False)
    assert not [i.explanation for i in chosen.items if i.explanation in text]


def test_unknown_kind_or_item_is_refused():
    with pytest.raises(StepError):
        tally.projector_view("facilitator", "maanen", [], 1, False)
    with pytest.raises(StepError):
        tally.projector_view("gribning", "findes-ikke", [], 1, False)


def test_the_view_is_plain_json():
    for kind, item in (("gribning", "maanen"), ("dilemma", "refusion")):
        rows, _ = room(kind, item, 3, seed=9)
        view = tally.projector_view(kind, item, rows, 3, True)
        assert json.loads(json.dumps(view)) == view
        for chart in view["charts"]:
            assert len(chart["labels"]) == len(chart["values"])
            assert chart["alt"].endswith(".") and chart["title"] in chart["alt"]
