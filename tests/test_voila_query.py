"""The page's query string reaches every callback in a preheated kernel, not just the last one.

Voilà keeps one waiting socket per kernel, so every callback a page registers (the trainer's
``?uddrag=``, the annotator's, Lån et øre's reload) must share one wait: a second socket would
starve the first.
"""

from __future__ import annotations

import json
import threading

from lises.ui import voila_query


def test_every_callback_gets_the_query_from_one_socket(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(voila_query, "_received", None)
    monkeypatch.setattr(voila_query, "_started", False)
    monkeypatch.setattr(voila_query, "_waiting", [])
    sockets = []
    release = threading.Event()

    async def receive(url):
        sockets.append(url)
        release.wait(10)
        return json.dumps({"QUERY_STRING": "uddrag=dyr&x=1"})

    monkeypatch.setattr(voila_query, "_receive", receive)
    got: list[tuple[str, dict]] = []
    done = threading.Event()
    voila_query.on_query(lambda q: got.append(("first", q)))
    voila_query.on_query(lambda q: 1 / 0)  # a failing callback disturbs no other
    voila_query.on_query(lambda q: (got.append(("trainer", q)), done.set()))
    release.set()
    assert done.wait(10)
    assert [name for name, _ in got] == ["first", "trainer"]
    assert got[0][1] == {"uddrag": ["dyr"], "x": ["1"]}
    assert len(sockets) == 1
    voila_query.on_query(lambda q: got.append(("late", q)))  # after delivery: at once
    assert got[-1] == ("late", {"uddrag": ["dyr"], "x": ["1"]})


def test_without_preheating_the_environment_is_read(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "uddrag=dyr")
    got = []
    voila_query.on_query(got.append)
    assert got == [{"uddrag": ["dyr"]}]
