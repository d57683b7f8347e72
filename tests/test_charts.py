"""The facilitator's SVG charts name themselves: every id that ``aria-labelledby`` (or
``aria-describedby``) points at exists in the same HTML, and no id is used twice, for one chart,
for several charts on one page, and for the facilitator view as it renders a room's answers."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from lises.dilemma.files import load_cases
from lises.dilemma.view import DilemmaExercise
from lises.ui.charts import bar_chart
from lises.workshop.recorder import WorkshopRecorder
from test_facilitator import opened, store, workshop  # noqa: F401 (fixtures)
from test_trainer_widget import play_as_key
from test_trainer_workshop import joined_app, start, trainer_of

REFERENCES = ("aria-labelledby", "aria-describedby")


class _Ids(HTMLParser):
    """Every id defined in the HTML, every id referenced, and the text of each id's element."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.referenced: list[str] = []
        self.text: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids[attributes["id"]] += 1
            self.text.setdefault(attributes["id"], "")
        for name in REFERENCES:
            self.referenced += (attributes.get(name) or "").split()
        self._open.append(attributes.get("id"))

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            if element_id is not None:
                self.text[element_id] += data


def parsed(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    parser.close()
    return parser


def assert_every_reference_exists(html: str) -> _Ids:
    ids = parsed(html)
    assert ids.referenced, "no aria reference at all: the check would pass on anything"
    missing = [name for name in ids.referenced if name not in ids.ids]
    assert not missing, f"aria references to ids that do not exist: {missing}"
    twice = [name for name, count in ids.ids.items() if count > 1]
    assert not twice, f"ids used more than once: {twice}"
    return ids


CHARTS = {
    "one chart": [bar_chart("Antal pr. enighedsgrad", [("Moderat", 2), ("Næsten perfekt", 1)])],
    "with a marker and a unit": [
        bar_chart("Enighed", [("Kop", 0.41), ("Krus", 0.8)], maximum=1, unit=" κ", marker=0.6)
    ],
    "markup in the labels": [bar_chart('Vægt: <b>"sag"</b>', [("<i>respekt</i>", 3)])],
    "several charts on one page": [
        bar_chart(f"Gennemsnitlig vægt: {case}", [("effektivitet", 2.5), ("respekt", 4)])
        for case in ("praktikken", "ledigheden", "sygemeldingen")
    ],
    "the same title, other numbers": [
        bar_chart("Gennemsnitlig vægt", [("respekt", 1)]),
        bar_chart("Gennemsnitlig vægt", [("respekt", 2)]),
    ],
}


@pytest.mark.parametrize("charts", CHARTS.values(), ids=CHARTS.keys())
def test_every_aria_reference_points_at_an_id_in_the_chart(charts):
    ids = assert_every_reference_exists("".join(charts))
    # The name a screen reader gets is the title and the numbers, as the bars show them.
    named = " ".join(ids.text[name] for name in ids.referenced)
    assert "respekt" in named or "Moderat" in named or "Kop" in named, named


def test_the_same_chart_keeps_its_ids_at_every_refresh():
    bars = [("effektivitet", 2.5), ("respekt", 4)]
    assert bar_chart("Vægt", bars) == bar_chart("Vægt", bars)


def test_the_facilitator_view_names_its_charts(store, workshop):  # noqa: F811 (fixtures)
    for nickname in ("Kop", "Krus"):
        trainer = trainer_of(joined_app(store, workshop.code, nickname))
        start(trainer, "praktikken")
        play_as_key(trainer)
        participant = trainer.recorder.participant
        cases = load_cases()
        dilemma = DilemmaExercise(cases, WorkshopRecorder(store, participant, "dilemma"))
        for case_id in list(cases)[:2]:
            dilemma.start(case_id)
            for slider in dilemma.sliders.values():
                slider.value = 3
            dilemma._save_weights()
    view = opened(store, workshop)
    view.refresh(force=True)
    page = "".join(pane.value for pane in view.panes.values())
    assert page.count("<svg") >= 3  # the agreement chart and one per dilemma case
    assert_every_reference_exists(page)
