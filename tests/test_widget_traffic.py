"""The widget messages one answer in the catching trainer sends to the page.

Every message is a websocket frame from the learner's kernel through Voilà to the browser, for
every learner of a class on one server (``python -m lises.tools.serve --class``).  Each widget
gets a fake comm, as ipywidgets' own tests do (``ipywidgets/widgets/tests/utils.py``), but one
that counts what a kernel would publish: ``comm_open`` for a new widget, ``comm_msg`` for a state
update or a custom message (focus), ``comm_close`` for a widget taken down.  The answers arrive
as the page sends them (a ``custom`` click message, an ``update`` of the reply box), and one
whole excerpt is played, so every transition (an answer followed by a mark, a classification, a
reply, a "next" or the end) is counted.

If an answer needs more messages, the test fails.  If a change sends fewer, lower the constant
to the new figure that ``pytest -s tests/test_widget_traffic.py`` prints, so the gain is kept.
Raise a constant only on purpose, and then re-measure the exercises with ``make bench``.
"""

from __future__ import annotations

import itertools
from collections import Counter

import comm
import ipywidgets as widgets
import pytest
from comm.base_comm import BaseComm

from lises.gribning.session import StepKind
from lises.gribning.trainer import GribningTrainer, build_app
from test_trainer_widget import NEXT, NO, SAVE, YES, walk

# The most messages one answer of each kind sends (measured 2026-11, ipywidgets 8.1.9, over
# every transition of "trepartsmoede"); the figures per transition are printed with -s.
MAX_MESSAGES = {
    StepKind.MARK: 12,  # "Ja" then a reply pause: 6 opens, 2 updates, 4 closes
    StepKind.CLASSIFY: 10,  # the last classification, then "done": 2 opens, 2 updates, 6 closes
    StepKind.NEXT: 12,  # "Vis næste tur" then a classification: 6 opens, 5 updates, 1 close
    StepKind.REPLY: 11,  # the reply typed (1 echo) and saved: 1 open, 4 updates, 6 closes
}
EXCERPT = "trepartsmoede"  # its steps include every transition between the four kinds


class CountingComm(BaseComm):
    """A comm that keeps, instead of sending, every message the kernel would publish."""

    def __init__(self, sent: list[str], **kwargs) -> None:
        self.sent = sent
        super().__init__(**kwargs)  # publishes comm_open

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys) -> None:
        self.sent.append(msg_type)


@pytest.fixture
def sent(monkeypatch) -> list[str]:
    """Widgets made in the test get counting comms; the messages, in order, in one list."""
    messages: list[str] = []
    ids = itertools.count()

    def create_comm(**kwargs) -> CountingComm:
        kwargs.setdefault("comm_id", f"traffic-{next(ids)}")
        return CountingComm(messages, **kwargs)

    monkeypatch.setattr(comm, "create_comm", create_comm)
    return messages


def _from_the_page(widget: widgets.Widget, data: dict) -> None:
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def _press(app: GribningTrainer, description: str) -> None:
    (button,) = [
        w
        for w in walk(app.step_box)
        if isinstance(w, widgets.Button) and w.description == description
    ]
    _from_the_page(button, {"method": "custom", "content": {"event": "click"}})


def _answer_as_the_key(app: GribningTrainer, step) -> None:
    key = app.session.excerpt.key_by_turn
    if step.kind == StepKind.MARK:
        _press(app, YES if step.turn in key else NO)
    elif step.kind == StepKind.CLASSIFY:
        _press(app, key[step.turn].response.value.capitalize())
    elif step.kind == StepKind.REPLY:
        (box,) = [w for w in walk(app.step_box) if isinstance(w, widgets.Textarea)]
        _from_the_page(box, {"method": "update", "state": {"value": "Mit svar"}})
        _press(app, SAVE)
    else:
        _press(app, NEXT)


def _messages_per_answer(sent: list[str]) -> dict[tuple[str, str], Counter]:
    """(kind answered, kind due next) -> the messages of the most costly such answer."""
    app = build_app()
    app.chooser.value = EXCERPT
    _from_the_page(app.start_button, {"method": "custom", "content": {"event": "click"}})
    assert app.session is not None and app.session.excerpt.id == EXCERPT
    counted: dict[tuple[str, str], Counter] = {}
    for _ in range(4 * app.session.total + 1):
        step = app.session.step()
        if step.kind == StepKind.DONE:
            return counted
        before = (app.session.revealed, step)
        sent.clear()
        _answer_as_the_key(app, step)
        assert (app.session.revealed, app.session.step()) != before, f"{step} was not taken"
        transition = (str(step.kind), str(app.session.step().kind))
        messages = Counter(sent)
        if messages.total() >= counted.get(transition, Counter()).total():
            counted[transition] = messages
    raise AssertionError("the excerpt never ended")


def test_one_answer_sends_no_more_widget_messages_than_measured(sent):
    counted = _messages_per_answer(sent)
    for (answered, following), messages in sorted(counted.items()):
        print(f"{answered} -> {following}: {messages.total()} {dict(messages)}")
    kinds_seen = {answered for answered, _ in counted}
    assert kinds_seen == {str(kind) for kind in MAX_MESSAGES}, "a kind of answer was not played"
    transitions = {following for _, following in counted}
    assert {"mark", "classify", "reply", "next", "done"} <= transitions
    for kind, limit in MAX_MESSAGES.items():
        worst = max(
            (messages.total(), f"{answered} -> {following}: {dict(messages)}")
            for (answered, following), messages in counted.items()
            if answered == kind
        )
        assert worst[0] <= limit, (
            f"one {kind} answer sends {worst[0]} widget messages, more than {limit}: {worst[1]}"
        )
