"""Driving the five-potentials exercise (:mod:`lises.potentials.view`) without a browser."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pytest

from lises.potentials.files import load_sets
from lises.potentials.items import POTENTIAL_TITLES, Potential
from lises.potentials.view import PotentialsExercise, build_app
from test_dilemma_widget import walk
from widget_state import synced_strings

SETS = load_sets()
(SET,) = SETS.values()
LABELS = {p: f"{int(p)}. {POTENTIAL_TITLES[p]}" for p in Potential}


def buttons(app: PotentialsExercise) -> list[widgets.Button]:
    return [w for w in walk(app.step_box) if isinstance(w, widgets.Button)]


def button(app: PotentialsExercise, description: str) -> widgets.Button:
    found = [b for b in buttons(app) if b.description == description]
    assert len(found) == 1, f"{description!r} not in {[b.description for b in buttons(app)]}"
    return found[0]


def started() -> PotentialsExercise:
    app = PotentialsExercise(SETS)
    app.start_button.click()
    assert app.session is not None
    return app


def snapshot(app: PotentialsExercise) -> tuple:
    return (
        None if app.session is None else dict(app.session.placements),
        app.showing,
        tuple(id(c) for c in app.step_box.children),
        app.item_view.value,
        app.feedback.value,
    )


def hidden_texts(item) -> list[str]:
    texts = [item.explanation, str(item.source) if item.source else ""]
    return [t for t in [*texts, item.also_note or ""] if t]


# -- one learner --------------------------------------------------------------------------------


def test_build_app_is_the_exercise():
    assert isinstance(build_app(), PotentialsExercise)


def test_each_placement_is_taken_then_explained_and_the_end_is_summarised():
    app = started()
    first = SET.items[0]  # favrskov: key 5, also 2
    button(app, LABELS[Potential.HELHED]).click()
    assert app.session.placements == {first.id: 2}
    html = app.feedback.value
    assert "Det er også plausibelt" in html and "5. Samarbejdet med virksomhederne" in html
    assert escape(first.explanation) in html and escape(first.also_note) in html
    assert escape(str(first.source)) in html
    button(app, "Næste emne").click()
    assert app.feedback.value == ""
    assert escape(SET.items[1].text) in app.item_view.value

    for item in SET.items[1:]:
        button(app, LABELS[Potential(item.key)]).click()
        assert "✓ Som nøglen" in app.feedback.value
        button(app, "Se opsummering" if item == SET.items[-1] else "Næste emne").click()
    assert len(app.session.placements) == len(SET.items)
    summary = app.feedback.value
    assert f"Du placerede {len(SET.items) - 1} af {len(SET.items)} emner som nøglen." in summary
    assert "1 af de andre placerede du på et potentiale, som emnet også plausibelt" in summary
    assert "Emne for emne" in summary
    assert buttons(app) == [app.back_button]


def test_the_constructed_example_is_labelled_before_and_after():
    app = started()
    for item in SET.items:
        if item.constructed:
            assert "Konstrueret eksempel" in app.item_view.value
            button(app, LABELS[Potential(item.key)]).click()
            assert "Konstrueret eksempel" in app.feedback.value
            assert "Bygger på:" in app.feedback.value
            return
        button(app, LABELS[Potential(item.key)]).click()
        button(app, "Næste emne").click()
    raise AssertionError("no constructed item")


def test_nothing_of_an_items_key_is_in_the_widget_state_before_it_is_placed():
    app = started()
    for n, item in enumerate(SET.items):
        state = synced_strings(app)
        for later in SET.items[n:]:
            for text in hidden_texts(later):
                assert text not in state and escape(text) not in state, (later.id, text)
        button(app, LABELS[Potential(item.key)]).click()
        assert escape(item.explanation) in synced_strings(app)
        button(app, "Se opsummering" if item == SET.items[-1] else "Næste emne").click()


def test_every_potential_button_is_labelled_and_focus_moves(monkeypatch):
    focused: list[widgets.Widget] = []
    monkeypatch.setattr(widgets.DOMWidget, "focus", lambda self: focused.append(self))
    app = started()
    assert [b.description for b in buttons(app)] == list(LABELS.values())
    assert focused[-1] is buttons(app)[0]
    button(app, LABELS[Potential.STRATEGIER]).click()
    assert focused[-1] is button(app, "Næste emne")
    button(app, "Næste emne").click()
    assert focused[-1] is buttons(app)[0]


# -- tampered and stale input ------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, 6, -1, True, 2.0, "3", None])
def test_a_tampered_potential_is_refused(bad):
    app = started()
    before = snapshot(app)
    app.place(SET.items[0].id, bad)
    assert snapshot(app) == before and app.session.placements == {}


@pytest.mark.parametrize("item_id", ["ukendt", None, 3])
def test_an_unknown_or_not_due_item_is_refused(item_id):
    app = started()
    before = snapshot(app)
    app.place(item_id, 1)
    app.place(SET.items[1].id, 1)  # a real item, but not the one that is due
    assert snapshot(app) == before and app.session.placements == {}


def test_stale_buttons_change_nothing():
    app = started()
    stale = buttons(app)
    stale[0].click()
    before = snapshot(app)
    for old in stale:  # while the feedback is shown
        old.click()
    assert snapshot(app) == before
    stale_next = button(app, "Næste emne")
    stale_next.click()
    before = snapshot(app)
    for old in [*stale, stale_next]:  # the next item is due: the old buttons name the first
        old.click()
    assert snapshot(app) == before
    assert app.session.placements == {SET.items[0].id: 1}


def test_unknown_set_is_ignored():
    app = PotentialsExercise(SETS)
    before = snapshot(app)
    app.start("ukendt")
    assert snapshot(app) == before and app.session is None
