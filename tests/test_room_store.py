"""The room server's part of the store, on SQLite and PostgreSQL: tokens, state, answers."""

from __future__ import annotations

import pytest

from lises.privacy.pseudonyms import JoinError
from lises.workshop.store import Store


@pytest.fixture
def room(store_url):
    store = Store(store_url)
    new = store.create_workshop("Træf")
    yield store, new.code, new.facilitator_key
    store.engine.dispose()


def _who(store, code, token):
    context = store.participant_context(code, token)
    return None if context is None else context.participant


def test_a_token_resumes_its_participant_in_its_own_room_only(room):
    store, code, _key = room
    ugle, token = store.join_room(code, "Ugle")
    assert len(token) == 32
    assert _who(store, code, token) == ugle
    other = store.create_workshop("Et andet rum")
    assert _who(store, other.code, token) is None
    assert _who(store, code, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert _who(store, code, "") is None
    assert _who(store, code, "x" * 10_000) is None
    assert store.participant_count(code) == 1


def test_a_participants_context_is_the_rooms_state_and_their_own_answers_to_its_item(room):
    store, code, key = room
    ugle, token = store.join_room(code, "Ugle")
    ravn, _ = store.join_room(code, "Ravn")
    before = store.participant_context(code, token)
    assert before.state == store.room_state(code)  # no room row yet: the state is the default
    assert before.answers == ()
    store.set_activity(code, key, "gribning", "under-30")
    assert store.store_answer(ugle, "gribning", "under-30", "next:1", True)
    assert not store.store_answer(ugle, "gribning", "under-30", "next:1", False)  # first stands
    store.store_answer(ugle, "gribning", "under-30", "mark:1", {"x": [1, "æ"]})
    store.store_answer(ugle, "gribning", "maanen", "next:1", True)  # another item
    store.store_answer(ravn, "gribning", "under-30", "next:1", True)  # another participant
    context = store.participant_context(code, token)
    assert context.participant == ugle
    assert context.state == store.room_state(code)
    assert context.answers == (("next:1", True), ("mark:1", {"x": [1, "æ"]}))
    store.release(code, key)
    assert store.participant_context(code, token).state.released
    with pytest.raises(TypeError):
        store.store_answer(ugle, "gribning", "under-30", "next:2", object())
    assert len(store.participant_context(code, token).answers) == 2


def test_joining_refuses_taken_and_personal_nicknames_in_danish(room):
    store, code, key = room
    store.join_room(code, "Ugle")
    with pytest.raises(JoinError, match="allerede i brug"):
        store.join_room(code, "ugle")
    with pytest.raises(JoinError):
        store.join_room(code, "mette@example.dk")
    with pytest.raises(JoinError, match="ingen workshop"):
        store.join_room("ZZZZZ", "Ravn")
    store.set_closed(code, key, True)
    with pytest.raises(JoinError, match="lukket"):
        store.join_room(code, "Ravn")
    assert store.room_state(code).closed
    store.set_closed(code, key, False)
    store.join_room(code, "Ravn")


def test_every_change_raises_the_version_and_release_is_per_item(room):
    store, code, key = room
    assert store.room_version(code) == 0
    state = store.room_state(code)
    assert (state.exercise, state.is_open, state.released) == (None, False, False)
    state = store.set_activity(code, key, "gribning", "under-30")
    assert (state.exercise, state.item, state.is_open, state.released) == (
        "gribning",
        "under-30",
        True,
        False,
    )
    assert state.version == 1 == store.room_version(code)
    assert store.release(code, key).released
    state = store.set_activity(code, key, "gribning", "mentor")
    assert not state.released  # another excerpt: its key is not out
    state = store.set_activity(code, key, "gribning", "under-30")
    assert state.released  # back to the first: still released
    assert not store.set_open(code, key, False).is_open
    timed = store.set_timer(code, key, 300)
    assert timed.timer_ends_at is not None and timed.timer_ends_at.tzinfo is not None
    assert store.set_timer(code, key, None).timer_ends_at is None
    with pytest.raises(ValueError):
        store.set_timer(code, key, 10**9)
    assert store.room_version(code) == 7  # the refused timer changed nothing
    assert store.room_version("ZZZZZ") is None


def test_facilitator_changes_need_the_key(room):
    store, code, _key = room
    for change in (
        lambda k: store.set_activity(code, k, "gribning", "under-30"),
        lambda k: store.release(code, k),
        lambda k: store.set_open(code, k, True),
        lambda k: store.set_timer(code, k, 60),
        lambda k: store.set_closed(code, k, True),
        lambda k: store.export_answers(code, k),
        lambda k: store.hide_answer(code, k, 1),
    ):
        with pytest.raises(PermissionError):
            change("forkert")
    assert store.room_version(code) == 0


def test_room_answers_are_anonymous_hideable_and_exported_with_nicknames(room):
    store, code, key = room
    ugle, _ = store.join_room(code, "Ugle")
    ravn, _ = store.join_room(code, "Ravn")
    assert store.store_answer(ugle, "gribning", "under-30", "reply:2", "=1+1")
    assert store.store_answer(ravn, "gribning", "under-30", "mark:1", True)
    assert not store.store_answer(ravn, "gribning", "under-30", "mark:1", False)  # the first stands
    assert store.store_answer(ravn, "gribning", "mentor", "mark:1", False)
    answers = store.item_answers(code, "gribning", "under-30")
    assert [(a.step, a.value, a.hidden) for a in answers] == [
        ("reply:2", "=1+1", False),
        ("mark:1", True, False),
    ]
    assert not hasattr(answers[0], "nickname")
    store.hide_answer(code, key, answers[0].id)
    assert store.item_answers(code, "gribning", "under-30")[0].hidden
    other = store.create_workshop("Et andet rum")
    with pytest.raises(LookupError):
        store.hide_answer(other.code, other.facilitator_key, answers[0].id)
    exported = store.export_answers(code, key)
    assert [(e.nickname, e.item, e.step, e.hidden) for e in exported] == [
        ("Ugle", "under-30", "reply:2", True),
        ("Ravn", "under-30", "mark:1", False),
        ("Ravn", "mentor", "mark:1", False),
    ]
