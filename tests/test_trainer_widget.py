"""Driving the catching trainer (:mod:`lises.gribning.trainer`) without a browser.

The widgets are used as a front end would use them: values are set and buttons clicked.  What
is checked is what a learner (or anyone holding the page) can see in the synced widget state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from html import escape

import ipywidgets as widgets
import pytest
from traitlets import TraitError

from lises.excerpts.files import load_excerpts
from lises.excerpts.model import Excerpt, Response
from lises.gribning.session import StepKind
from lises.gribning.trainer import GribningTrainer, build_app
from widget_state import synced_strings

EXCERPTS = load_excerpts()

YES = "Ja, markér turen"
NO = "Nej, ingen meningsytring"
NEXT = "Vis næste tur"
SAVE = "Gem mit svar og se næste tur"
FEEDBACK = "Se feedback"
AGAIN = "Vælg et andet uddrag"
EMPTY_WARNING = "Skriv et svar, før du går videre."


# -- helpers -----------------------------------------------------------------------------------


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widget and every widget inside it (Boxes, recursively)."""
    yield widget
    if isinstance(widget, widgets.Box):
        for child in widget.children:
            yield from walk(child)


def step_buttons(app: GribningTrainer) -> list[widgets.Button]:
    return [w for w in walk(app.step_box) if isinstance(w, widgets.Button)]


def find_button(app: GribningTrainer, description: str) -> widgets.Button:
    found = [b for b in step_buttons(app) if b.description == description]
    shown = [b.description for b in step_buttons(app)]
    assert len(found) == 1, f"button {description!r} not shown; shown: {shown}"
    return found[0]


def find_button_in(app: GribningTrainer, description: str) -> widgets.Button:
    (button,) = [
        w
        for child in app.children
        for w in walk(child)
        if isinstance(w, widgets.Button) and w.description == description
    ]
    return button


def click(app: GribningTrainer, description: str) -> None:
    find_button(app, description).click()


def reply_box(app: GribningTrainer) -> widgets.Textarea:
    (area,) = [w for w in walk(app.step_box) if isinstance(w, widgets.Textarea)]
    return area


def snapshot(app: GribningTrainer) -> tuple:
    """What a click could change: session state and what is shown."""
    session = app.session
    return (
        id(session),
        None
        if session is None
        else (
            session.revealed,
            dict(session.marked),
            dict(session.responses),
            dict(session.replies),
        ),
        tuple(id(c) for c in app.children),
        tuple(id(c) for c in app.step_box.children),
        app.conversation.value,
        app.after_reply.value,
        app.result.value,
        app.progress.value,
    )


def started(excerpt_id: str) -> GribningTrainer:
    app = build_app()
    app.chooser.value = excerpt_id
    app.start_button.click()
    assert app.session is not None
    assert app.session.excerpt.id == excerpt_id
    return app


def play(
    app: GribningTrainer,
    *,
    mark: Callable[[int], bool],
    respond: Callable[[int], Response],
    reply: Callable[[int], str],
    before_each: Callable[[GribningTrainer], None] | None = None,
    show_feedback: bool = True,
) -> None:
    """Answer every step through the widgets until the feedback is shown."""
    session = app.session
    for _ in range(4 * session.total + 1):
        if before_each is not None:
            before_each(app)
        step = session.step()
        assert app.progress.value == session.revealed
        if step.kind == StepKind.MARK:
            click(app, YES if mark(step.turn) else NO)
        elif step.kind == StepKind.CLASSIFY:
            click(app, respond(step.turn).value.capitalize())
        elif step.kind == StepKind.REPLY:
            reply_box(app).value = reply(step.turn)
            click(app, SAVE)
        elif step.kind == StepKind.NEXT:
            click(app, NEXT)
        else:
            if show_feedback:
                click(app, FEEDBACK)
            return
    raise AssertionError("the excerpt never ended")


def play_as_key(app: GribningTrainer, **kwargs) -> None:
    key = app.session.excerpt.key_by_turn
    play(
        app,
        mark=lambda turn: turn in key,
        respond=lambda turn: key[turn].response,
        reply=lambda turn: f"Mit svar ved tur {turn}",
        **kwargs,
    )


def expert_texts(excerpt: Excerpt) -> list[str]:
    """Texts that belong to the feedback only: key explanations and turn notes."""
    texts = [entry.explanation for entry in excerpt.key]
    texts += [turn.note for turn in excerpt.turns if turn.note]
    return texts


# -- a whole excerpt ---------------------------------------------------------------------------


@pytest.mark.parametrize("excerpt_id", ["praktikken", "trepartsmoede"])
def test_answering_as_the_key_gives_full_agreement(excerpt_id):
    app = started(excerpt_id)
    excerpt = app.session.excerpt
    play_as_key(app)

    html = app.result.value
    assert "næsten perfekt" in html
    assert "Cohens kappa er 1,00" in html
    assert f"Meningsytringer du fandt: {len(excerpt.key)} af {len(excerpt.key)}" in html
    assert "<svg" in html
    assert 'role="img"' in html
    assert "<desc" in html
    for entry in excerpt.key:
        assert escape(entry.explanation) in html
    for turn in excerpt.pause_by_turn:
        assert f"Mit svar ved tur {turn}" in html
    # built as the page builds it (alone): the Lån et øre panel sits above "another excerpt"
    assert list(app.children) == [app.header, app.result, app.coding_panel, app.again_button]


@pytest.mark.parametrize("excerpt_id", ["praktikken", "trepartsmoede"])
def test_nothing_ahead_of_the_learner_is_in_the_widget_state(excerpt_id):
    app = started(excerpt_id)
    excerpt = app.session.excerpt
    texts = [turn.text for turn in excerpt.turns]
    hidden = expert_texts(excerpt)
    checked_steps = []

    def check(app: GribningTrainer) -> None:
        session = app.session
        revealed = session.revealed
        conversation = app.conversation.value
        assert conversation.count("<li") == revealed
        for n, text in enumerate(texts, start=1):
            if n <= revealed:
                assert escape(text) in conversation
            elif not any(text in earlier for earlier in texts[:revealed]):
                assert escape(text) not in conversation, f"turn {n} shown at turn {revealed}"
        state = synced_strings(app)
        for text in hidden:
            assert text not in state and escape(text) not in state
        for turn, pause in excerpt.pause_by_turn.items():
            if turn not in session.replies:
                for model_reply in pause.model_replies:
                    assert escape(model_reply) not in state
        assert app.result.value == ""
        checked_steps.append(session.step())

    play_as_key(app, before_each=check)
    assert checked_steps[-1].kind == StepKind.DONE
    assert len(checked_steps) > len(excerpt.turns)
    # After the feedback the explanations are there: the check above could see them.
    state = synced_strings(app)
    for entry in excerpt.key:
        assert escape(entry.explanation) in state


# -- pauses and replies ------------------------------------------------------------------------


def to_first_pause(app: GribningTrainer) -> int:
    session = app.session
    while session.step().kind != StepKind.REPLY:
        step = session.step()
        if step.kind == StepKind.MARK:
            click(app, NO)
        elif step.kind == StepKind.NEXT:
            click(app, NEXT)
        else:
            raise AssertionError(f"unexpected {step}")
    return session.step().turn


@pytest.mark.parametrize("empty", ["", "   ", "\n\t "])
def test_empty_reply_shows_a_warning_and_does_not_advance(empty):
    app = started("praktikken")
    turn = to_first_pause(app)
    before = snapshot(app)
    reply_box(app).value = empty
    click(app, SAVE)
    assert snapshot(app) == before
    assert app.session.step().kind == StepKind.REPLY
    assert app.session.replies == {}
    warnings = [w.value for w in walk(app.step_box) if isinstance(w, widgets.HTML)]
    assert any(EMPTY_WARNING in value and 'role="alert"' in value for value in warnings)

    reply_box(app).value = "Du vil gerne ud af praktikken?"
    click(app, SAVE)
    assert app.session.replies == {turn: "Du vil gerne ud af praktikken?"}
    assert app.session.revealed == turn
    assert "Du vil gerne ud af praktikken?" in app.after_reply.value
    for model_reply in app.session.excerpt.pause_by_turn[turn].model_replies:
        assert escape(model_reply) in app.after_reply.value
    click(app, NEXT)
    assert app.session.revealed == turn + 1


def test_markup_in_a_reply_is_shown_as_text():
    app = started("praktikken")
    attack = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    shown_after_pause = []

    def check_after_reply(app: GribningTrainer) -> None:
        if app.after_reply.value:
            assert "<script" not in app.after_reply.value
            assert escape(attack) in app.after_reply.value
            shown_after_pause.append(app.session.revealed)

    key = app.session.excerpt.key_by_turn
    play(
        app,
        mark=lambda turn: turn in key,
        respond=lambda turn: key[turn].response,
        reply=lambda turn: attack,
        before_each=check_after_reply,
    )
    assert shown_after_pause, "the reply was never shown after the pause"
    html = app.result.value
    assert escape(attack) in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html
    assert "<img" not in html


# -- stale and unknown input -------------------------------------------------------------------


def test_stale_buttons_change_nothing():
    app = started("praktikken")
    click(app, NEXT)
    assert app.session.step().turn == 2
    stale_yes, stale_no = find_button(app, YES), find_button(app, NO)

    click(app, YES)  # turn 2 carries an utterance; NEXT is due
    before = snapshot(app)
    stale_no.click()
    stale_yes.click()
    assert snapshot(app) == before
    assert app.session.marked == {2: True}

    click(app, NEXT)  # turn 3 revealed: classify turn 2
    stale_classify = find_button(app, "Grebet")
    click(app, "Grebet")
    click(app, NEXT)  # turn 4: MARK 4 is due
    assert app.session.step().turn == 4
    before = snapshot(app)
    stale_no.click()
    stale_yes.click()
    stale_classify.click()
    assert snapshot(app) == before

    click(app, YES)
    click(app, NEXT)  # turn 5: classify turn 4
    assert app.session.step().kind == StepKind.CLASSIFY
    before = snapshot(app)
    stale_classify.click()  # a classify button, but for turn 2
    assert snapshot(app) == before
    assert app.session.responses == {2: Response.GREBET}

    click(app, "Overhørt")
    click(app, NEXT)
    click(app, YES)  # turn 6, then the pause
    stale_save = find_button(app, SAVE)
    reply_box(app).value = "Hvad vil du hellere?"
    stale_save.click()
    assert app.session.replies == {6: "Hvad vil du hellere?"}
    before = snapshot(app)
    stale_save.click()
    assert snapshot(app) == before

    click(app, NEXT)
    click(app, "Overhalet")
    stale_feedback = find_button(app, FEEDBACK)
    stale_feedback.click()
    assert app.result.value

    app.again_button.click()
    before = snapshot(app)
    for button in (stale_yes, stale_no, stale_classify, stale_save, stale_feedback):
        button.click()
    assert snapshot(app) == before
    assert app.session is None


def test_stale_next_button_changes_nothing():
    app = started("praktikken")
    click(app, NEXT)
    click(app, NO)  # turn 2: no utterance, so NEXT is due
    stale_next = find_button(app, NEXT)
    stale_next.click()  # turn 3 revealed; turn 2 was not marked, so NEXT is due again
    assert app.session.revealed == 3
    assert app.session.step().kind == StepKind.NEXT
    before = snapshot(app)
    stale_next.click()
    assert snapshot(app) == before


def test_unknown_excerpt_is_ignored():
    app = build_app()
    before = snapshot(app)
    app.start("ukendt")
    assert snapshot(app) == before
    assert app.session is None
    assert list(app.children) == [app.header, app.chooser, app.intro, app.start_button]

    app = started("praktikken")
    click(app, NEXT)
    before = snapshot(app)
    app.start("ukendt")
    assert snapshot(app) == before


def test_tampered_widget_messages_change_nothing():
    """A forged chooser state and forged answers that are not due (anyone holding the page can
    send widget messages to its kernel) are refused, and nothing moves."""
    app = build_app()
    before = (app.chooser.value, snapshot(app))
    for state in ({"index": 999}, {"value": "<img src=x onerror=alert(1)>"}, {"index": "x"}):
        with contextlib.suppress(TraitError):  # the kernel's comm handler logs it, no more
            app.chooser.set_state(state)
    assert (app.chooser.value, snapshot(app)) == before
    app = started("praktikken")
    before = snapshot(app)
    app._act("classify:1", "grebet")
    app._act("reply:1", {"html": "<script>"})
    app._act("mark:1", "ja")
    assert snapshot(app) == before


def test_choose_another_excerpt():
    app = started("praktikken")
    play_as_key(app)
    assert find_button_in(app, AGAIN) is app.again_button
    app.again_button.click()
    assert app.session is None
    assert list(app.children) == [app.header, app.chooser, app.intro, app.start_button]

    other = EXCERPTS["trepartsmoede"]
    app.chooser.value = other.id
    assert escape(other.summary) in app.intro.value
    app.start_button.click()
    assert app.session.excerpt.id == other.id
    assert app.session.revealed == 1
    assert app.progress.max == len(other.turns)
    assert app.result.value == ""
    assert app.after_reply.value == ""
    assert escape(other.turns[0].text) in app.conversation.value
    assert escape(other.title) in "".join(
        w.value for w in app.children if isinstance(w, widgets.HTML)
    )


def test_widgets_that_leave_the_page_are_closed():
    # The kernel keeps every open widget alive; a learner who works through many excerpts must
    # not pile up dead controls (the benchmark's kernel memory grew with each excerpt before).
    from ipywidgets.widgets.widget import _instances

    app = started("praktikken")
    play_as_key(app)
    app.again_button.click()
    open_after_one = len(_instances)
    for excerpt_id in ("praktikken", "maanen", "praktikken"):
        app.chooser.value = excerpt_id
        app.start_button.click()
        play_as_key(app)
        app.again_button.click()
    assert len(_instances) <= open_after_one
