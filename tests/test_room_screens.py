"""The room's participant screens (:mod:`lises.room.screens`): driven only by ``due``, every item
of the course data reaches done; nothing of the key is in a screen before it is released; a
forged answer is refused with a Danish StepError."""

from __future__ import annotations

import inspect
import json
import random
import shutil
from collections.abc import Callable, Iterator
from html import escape
from types import SimpleNamespace
from typing import Any

import pytest

from lises.core.model import StepError
from lises.dilemma.files import load_cases
from lises.dilemma.session import DilemmaSession
from lises.excerpts import feedback
from lises.excerpts.files import default_excerpt_dir, load_excerpts
from lises.gribning.session import Session
from lises.potentials import html as potential_html
from lises.potentials.files import load_sets
from lises.potentials.session import PotentialSession
from lises.room import screens, screens_kinds

EXCERPTS = load_excerpts()
CASES = load_cases()
SETS = load_sets()
ALL_ITEMS = [
    *(("gribning", i) for i in EXCERPTS),
    *(("dilemma", i) for i in CASES),
    *(("potentialer", i) for i in SETS),
]
SEEDS = range(4)
TEXTS = [
    "Det lyder, som om dyrene betyder meget for dig. Fortæl mere.",
    "<script>alert('x')</script> & «Hvad tænker du selv?»",
    '=HYPERLINK("https://eksempel.invalid","klik")',
    "Æbler, øl og å: hvad ville du helst?",
]


# -- a walk driven only by the screens -----------------------------------------------------------


def random_value(due: dict, rng: random.Random) -> Any:
    """A valid answer to ``due``, chosen at random from what the screen offers."""
    if due["input"] in ("choice", "next"):
        return rng.choice(due["options"])["value"]
    if due["input"] == "text":
        if not due["required"] and rng.random() < 0.3:
            return ""
        return rng.choice(TEXTS)[: due["max_length"]]
    assert due["input"] == "weights"
    weights = {f["name"]: rng.randint(f["min"], f["max"]) for f in due["fields"]}
    if not any(weights.values()):
        weights[due["fields"][0]["name"]] = 1
    return weights


def walk(
    kind: str,
    item: str,
    rng: random.Random,
    *,
    released: bool = False,
    each: Callable[[dict, list], None] | None = None,
    stop: float = 0.0,
) -> tuple[list[tuple[str, Any]], dict]:
    """Answer what each screen says is due until done; return the answers and the last screen.

    With ``stop`` > 0, the walk may end early (a participant who has not finished).
    """
    answers: list[tuple[str, Any]] = []
    for _ in range(500):
        screen = screens.participant_screen(kind, item, answers, released)
        if each is not None:
            each(screen, answers)
        due = screen["due"]
        if due is None or (stop and rng.random() < stop):
            return answers, screen
        answer = screens.check_answer(kind, item, answers, due["step"], random_value(due, rng))
        answers.append((answer.step, answer.value))
    raise AssertionError(f"{kind} {item} never ended")


def serialised(screen: dict) -> str:
    return json.dumps(screen, ensure_ascii=False)


# -- what the facilitator may choose --------------------------------------------------------------


def test_items_lists_the_course_data_in_the_voila_order():
    assert [i for i, _ in screens.items("dilemma")] == list(CASES)
    assert [i for i, _ in screens.items("potentialer")] == list(SETS)
    excerpts = screens.items("gribning")
    assert sorted(i for i, _ in excerpts) == sorted(EXCERPTS)
    difficulty = [EXCERPTS[i].difficulty.value for i, _ in excerpts]
    assert difficulty == sorted(difficulty, key=["let", "middel", "svær"].index)
    assert all(title for _, title in excerpts)


def test_a_new_excerpt_in_the_brokers_folder_is_offered_after_the_next_look(tmp_path, monkeypatch):
    """The folders are looked at again every RECHECK_SECONDS, not on every request."""
    clock = [5000.0]
    monkeypatch.setattr(screens.time, "monotonic", lambda: clock[0])
    monkeypatch.setenv("LISES_LOCAL_DIR", str(tmp_path))
    before = dict(screens.items("gribning"))
    folder = tmp_path / "uddrag"
    folder.mkdir()
    text = (default_excerpt_dir() / "maanen.yaml").read_text(encoding="utf-8")
    (folder / "ny.yaml").write_text(text.replace("id: maanen", "id: ny-maane"), encoding="utf-8")
    clock[0] += screens.RECHECK_SECONDS / 2
    assert dict(screens.items("gribning")) == before  # no look at the folders yet
    clock[0] += screens.RECHECK_SECONDS
    assert set(dict(screens.items("gribning"))) - set(before) == {"ny-maane"}


def test_a_new_excerpt_in_the_brokers_folder_is_offered(tmp_path, monkeypatch):
    monkeypatch.setattr(screens, "RECHECK_SECONDS", 0.0)
    monkeypatch.setenv("LISES_LOCAL_DIR", str(tmp_path))
    before = dict(screens.items("gribning"))
    folder = tmp_path / "uddrag"
    folder.mkdir()
    text = (default_excerpt_dir() / "maanen.yaml").read_text(encoding="utf-8")
    (folder / "vores.yaml").write_text(
        text.replace("id: maanen", "id: vores-maane"), encoding="utf-8"
    )
    after = dict(screens.items("gribning"))
    assert set(after) - set(before) == {"vores-maane"}
    (folder / "ødelagt.yaml").write_text("id: [", encoding="utf-8")  # skipped, not fatal
    assert "vores-maane" in dict(screens.items("gribning"))
    shutil.rmtree(folder)
    assert "vores-maane" not in dict(screens.items("gribning"))


@pytest.mark.parametrize("kind", [None, "", "facilitator", "importer", "GRIBNING", 3])
def test_an_unknown_kind_is_refused_in_danish(kind):
    for call in (
        lambda: screens.items(kind),
        lambda: screens.participant_screen(kind, "maanen", [], False),
        lambda: screens.check_answer(kind, "maanen", [], "mark:2", True),
    ):
        with pytest.raises(StepError, match="Rummet kender ikke"):
            call()


@pytest.mark.parametrize("item", [None, "", "findes-ikke", "../maanen", "x" * 500, ["maanen"]])
def test_an_unknown_item_is_refused_in_danish(item):
    for kind in screens.ROOM_KINDS:
        with pytest.raises(StepError, match="Øvelsen har ikke"):
            screens.participant_screen(kind, item, [], False)
        with pytest.raises(StepError, match="Øvelsen har ikke"):
            screens.check_answer(kind, item, [], "weights", {})


# -- every item reaches done, driven by the screens only ------------------------------------------


FORGED_VALUES = [True, False, None, 0, 6, -1, 2.5, "", "ja", "ingen", "x" * 100_000, {}, [1]]


def forged_steps(kind: str, item: str) -> list[str]:
    """Every step name this kind's codec writes for ``item``, and some it never writes."""
    if kind == "gribning":
        turns = range(1, len(EXCERPTS[item].turns) + 2)
        found = [f"{k}:{n}" for k in ("mark", "classify", "reply", "next") for n in turns]
    elif kind == "dilemma":
        found = ["weights", "action", "begrundelse"]
    else:
        found = [f"sort:{i.id}" for i in SETS[item].items]
    return [*found, "mark:0", "sort:", "weights:1", "", "done", "x" * 100_000]


def refuses_what_is_not_due(kind: str, item: str, rng: random.Random) -> Callable:
    """A check for the walk: a random forged answer is refused before each real one."""
    steps = forged_steps(kind, item)

    def check(screen: dict, answers: list) -> None:
        check_shape(screen, answers)
        due = screen["due"]
        offered = [o["value"] for o in due.get("options", [])] if due else []
        for _ in range(3):
            step, value = rng.choice(steps), rng.choice(FORGED_VALUES)
            if due is not None and step == due["step"]:
                text = due["input"] == "text" and isinstance(value, str)
                if text and (value.strip() or not due["required"]) and len(value) <= 2000:
                    continue  # a valid reply
                if value in offered and type(value) in {type(o) for o in offered}:
                    continue  # a valid choice
            with pytest.raises(StepError):
                screens.check_answer(kind, item, answers, step, value)

    return check


@pytest.mark.parametrize(("kind", "item"), ALL_ITEMS)
def test_a_random_walk_reaches_done(kind, item):
    for seed in SEEDS:
        rng = random.Random(seed)
        check = refuses_what_is_not_due(kind, item, random.Random(seed + 100))
        answers, screen = walk(kind, item, rng, each=check)
        assert screen["done"] and screen["waiting"] and screen["due"] is None
        assert screen["feedback_html"] is None and screen["status_html"]
        released = screens.participant_screen(kind, item, answers, True)
        assert released["done"] and not released["waiting"] and released["feedback_html"]
        check_shape(released, answers)


def check_shape(screen: dict, answers: list) -> None:
    """The screen is plain JSON data with the documented keys, and says what it is about."""
    assert json.loads(json.dumps(screen)) == screen
    assert set(screen) == {
        "kind", "item", "title", "intro_html", "parts_html", "progress", "due", "done",
        "released", "waiting", "status_html", "feedback_html",
    }  # fmt: skip
    assert screen["parts_html"] and all(isinstance(p, str) and p for p in screen["parts_html"])
    assert 0 <= screen["progress"]["done"] <= screen["progress"]["total"]
    due = screen["due"]
    if due is not None:
        assert due["input"] in ("choice", "next", "text", "weights")
        assert isinstance(due["step"], str) and "prompt_html" in due
        if due["input"] in ("choice", "next"):
            assert due["options"]
            assert all(o["label"] and "help" in o for o in due["options"])
        if due["input"] == "text":
            assert due["label"] and due["submit"]["label"] and due["max_length"] == 2000
        if due["input"] == "weights":
            assert [f["name"] for f in due["fields"]] == [
                "effektivitet", "fairness", "responsivitet", "respekt"
            ]  # fmt: skip


# -- nothing of the key before it is due and released -------------------------------------------


def secrets(kind: str, item: str) -> list[str]:
    """Texts that belong to the feedback only, escaped as the renderers escape them."""
    if kind == "gribning":
        excerpt = EXCERPTS[item]
        found = [k.explanation for k in excerpt.key]
        found += [t.note for t in excerpt.turns if t.note]
        found += [r for p in excerpt.pauses for r in p.model_replies]
    elif kind == "dilemma":
        case = CASES[item]
        found = [c.text for c in case.considerations] + [a.tradeoff for a in case.actions]
        found += [case.note] if case.note else []
    else:
        chosen = SETS[item]
        found = [i.explanation for i in chosen.items]
        found += [i.also_note for i in chosen.items if i.also_note]
    return [escape(text) for text in found]


def later_turns(item: str, revealed: int) -> list[str]:
    """The turns not yet revealed: as the conversation shows them, and their words (where no
    revealed turn holds them)."""
    excerpt = EXCERPTS[item]
    shown = " ".join(t.text for t in excerpt.turns[:revealed])
    later = range(revealed + 1, len(excerpt.turns) + 1)
    found = [feedback.turn_html(excerpt, n) for n in later]
    words = [escape(excerpt.turns[n - 1].text) for n in later]
    return found + [w for w in words if len(w) > 20 and w not in escape(shown)]


@pytest.mark.parametrize(("kind", "item"), ALL_ITEMS)
def test_no_key_before_release_and_all_of_it_after(kind, item):
    hidden = secrets(kind, item)

    def check(screen: dict, answers: list) -> None:
        text = serialised(screen)
        leaked = [s for s in hidden if s in text]
        assert not leaked, f"{kind} {item} shows feedback before release: {leaked[:1]}"
        if kind == "gribning":
            ahead = [t for t in later_turns(item, screen["progress"]["done"]) if t in text]
            assert not ahead, f"a turn not yet revealed is in the screen: {ahead[:1]}"
        assert "<script>" not in text

    answers, _ = walk(kind, item, random.Random(7), each=check)
    released = serialised(screens.participant_screen(kind, item, answers, True))
    missing = [s for s in hidden if s not in released]
    assert not missing, f"{kind} {item} lacks feedback after release: {missing[:1]}"
    assert "<script>" not in released


def test_model_replies_follow_a_pause_only_once_released():
    excerpt = next(e for e in EXCERPTS.values() if e.pauses)
    pause = excerpt.pauses[0]
    answers: list = []
    while True:
        screen = screens.participant_screen("gribning", excerpt.id, answers, False)
        due = screen["due"]
        if due["step"] == f"reply:{pause.after_turn}":
            break
        answers.append((due["step"], due["options"][0]["value"]))
    answers.append((due["step"], TEXTS[1]))
    waiting = screens.participant_screen("gribning", excerpt.id, answers, False)
    assert waiting["due"]["input"] == "next"
    assert waiting["status_html"] == screens_kinds.status_html(screens_kinds.REPLY_SAVED)
    assert escape(pause.model_replies[0]) not in serialised(waiting)
    shown = screens.participant_screen("gribning", excerpt.id, answers, True)
    assert shown["feedback_html"] == feedback.model_replies_html(
        excerpt, pause.after_turn, TEXTS[1]
    )
    assert "&lt;script&gt;" in shown["feedback_html"]


# -- one source for the texts ---------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "item"), ALL_ITEMS)
def test_feedback_is_the_exercises_own(kind, item):
    answers, _ = walk(kind, item, random.Random(3))
    screen = screens.participant_screen(kind, item, answers, True)
    if kind == "gribning":
        session = Session(EXCERPTS[item])
        session.replay(answers)
        score = session.score()
        expected = (
            feedback.summary_html(score)
            + feedback.picture_html(session.excerpt, score)
            + feedback.turn_feedback_html(session.excerpt, score, session.replies)
        )
    elif kind == "dilemma":
        from lises.dilemma import html

        session = DilemmaSession(CASES[item])
        session.replay(answers)
        expected = html.feedback_html(
            session.case, session.weights, session.action, session.reflection()
        )
    else:
        session = PotentialSession(SETS[item])
        session.replay(answers)
        summary = session.summary()
        results = {r.item: r for r in summary.results}
        expected = potential_html.summary_html(summary) + potential_html.all_feedback_html(
            SETS[item].items, results
        )
    assert screen["feedback_html"] == expected


def _widgets(widget) -> Iterator:
    import ipywidgets as widgets

    yield widget
    if isinstance(widget, widgets.Box):
        for child in widget.children:
            yield from _widgets(child)


def _view(view_class, items):
    """A Voilà view over ``items`` (with a stand-in recorder where the view still takes one)."""
    if "recorder" not in inspect.signature(view_class).parameters:
        return view_class(items)
    solo = SimpleNamespace(replay=lambda item: [], revealed=lambda: True, workshop=None)
    return view_class(items, solo)


def _shown(view, kind) -> list:
    return [w for w in _widgets(view.step_box) if isinstance(w, kind)]


def test_the_voila_words_are_the_views_own():
    """The few words the Voilà views write inline are repeated in the room: the same here."""
    import ipywidgets as widgets

    from lises.dilemma.view import DilemmaExercise
    from lises.gribning.trainer import GribningTrainer

    excerpt = next(e for e in EXCERPTS.values() if e.pauses)
    answers, due = answers_until("gribning", excerpt.id, lambda d: d["input"] == "text")
    app = _view(GribningTrainer, {excerpt.id: excerpt})
    app.start(excerpt.id)
    app.session.replay(answers)
    app._render()
    (area,) = _shown(app, widgets.Textarea)
    (save,) = _shown(app, widgets.Button)
    assert (area.description, area.placeholder) == (due["label"], due["placeholder"])
    assert (save.description, save.tooltip) == tuple(due["submit"].values())
    assert due["prompt_html"] in [w.value for w in _shown(app, widgets.HTML)]

    case = next(iter(CASES.values()))
    view = _view(DilemmaExercise, CASES)
    assert view.header.value == screens_kinds.VOILA_DILEMMA_HEADER
    view.start(case.id)
    due = screens.participant_screen("dilemma", case.id, [], False)["due"]
    question = " ".join(w.value for w in _shown(view, widgets.HTML))
    assert due["prompt_html"].removesuffix("</p>") in question
    (save,) = _shown(view, widgets.Button)
    assert (save.description, save.tooltip) == tuple(due["submit"].values())
    view.session.apply(view.session.check("weights", random_value(due, random.Random(1))))
    view._render()
    assert screens_kinds.VOILA_ACTION_PROMPT in [w.value for w in _shown(view, widgets.HTML)]
    view.session.apply(view.session.check("action", case.actions[0].id))
    view._render()
    (area,) = _shown(view, widgets.Textarea)
    (save,) = _shown(view, widgets.Button)
    words = screens_kinds.VOILA_REASON
    assert (area.description, area.placeholder) == (words["label"], words["placeholder"])
    assert (save.description, save.tooltip) == words["submit"]


# -- forged answers ------------------------------------------------------------------------------


def answers_until(kind: str, item: str, wanted: Callable[[dict], bool]) -> tuple[list, dict]:
    """Answer with the first option (or a valid value) until ``wanted(due)``."""
    rng = random.Random(11)
    answers: list = []
    for _ in range(300):
        due = screens.participant_screen(kind, item, answers, False)["due"]
        if due is None or wanted(due):
            return answers, due
        value = due["options"][0]["value"] if "options" in due else random_value(due, rng)
        answers.append((due["step"], value))
    raise AssertionError("never due")


def refused(kind: str, item: str, answers: list, step: object, value: object) -> str:
    with pytest.raises(StepError) as caught:
        screens.check_answer(kind, item, answers, step, value)
    message = str(caught.value)
    assert message and "Traceback" not in message
    return message


@pytest.mark.parametrize("item", sorted(EXCERPTS))
def test_forged_gribning_answers_are_refused(item):
    excerpt = EXCERPTS[item]
    answers, due = answers_until("gribning", item, lambda d: d["step"].startswith("mark:"))
    turn = int(due["step"].split(":")[1])
    later = [n for n in excerpt.citizen_turns if n > turn]
    if later:
        refused("gribning", item, answers, f"mark:{later[0]}", True)  # a later turn
    refused("gribning", item, answers, f"classify:{turn}", "grebet")  # classify before mark
    refused("gribning", item, answers, f"reply:{turn}", "tekst")
    refused("gribning", item, answers, f"next:{turn + 1}", True)  # reveal before marking
    refused("gribning", item, answers, due["step"], "ja")  # text where a bool is due
    refused("gribning", item, answers, due["step"], 1)
    for forged in (f"mark:0{turn}", f"mark:{turn}.0", "mark:-1", "mark", "MARK:2", "x" * 100_000):
        refused("gribning", item, answers, forged, True)
    refused("gribning", item, answers, None, True)
    refused("gribning", item, answers, ["mark", turn], True)
    # the same answer again (a double click): the page must treat a stored step as a repeat
    accepted = screens.check_answer("gribning", item, answers, due["step"], True)
    assert refused("gribning", item, [*answers, (accepted.step, True)], due["step"], True)


def test_a_bool_or_a_huge_text_where_a_reply_is_due_is_refused():
    item = next(e.id for e in EXCERPTS.values() if e.pauses)
    answers, due = answers_until("gribning", item, lambda d: d["input"] == "text")
    step = due["step"]
    refused("gribning", item, answers, step, True)
    refused("gribning", item, answers, step, None)
    refused("gribning", item, answers, step, {"tekst": "hej"})
    refused("gribning", item, answers, step, "   ")
    assert "højst 2000 tegn" in refused("gribning", item, answers, step, "a" * 100_000)
    assert "højst 2000 tegn" in refused("gribning", item, answers, step, "a" * 2001)
    assert "CPR" in refused("gribning", item, answers, step, "Hun har CPR 010203-1234")
    assert screens.check_answer("gribning", item, answers, step, " " + "a" * 2000 + " ").value
    # a next that names an old count (a stale page) is refused after the reply
    answers.append((step, "Mit svar"))
    nxt = screens.participant_screen("gribning", item, answers, False)["due"]["step"]
    number = int(nxt.split(":")[1])
    refused("gribning", item, answers, f"next:{number - 1}", True)
    refused("gribning", item, answers, f"next:{number + 1}", True)
    refused("gribning", item, answers, nxt, False)


def test_forged_dilemma_answers_are_refused():
    item = next(iter(CASES))
    case = CASES[item]
    refused("dilemma", item, [], "action", case.actions[0].id)  # before the weights
    refused("dilemma", item, [], "begrundelse", "fordi")
    for weights in (
        {"effektivitet": 9, "fairness": 1, "responsivitet": 1, "respekt": 1},
        {"effektivitet": True, "fairness": 1, "responsivitet": 1, "respekt": 1},
        {"effektivitet": 0, "fairness": 0, "responsivitet": 0, "respekt": 0},
        {"effektivitet": 1},
        [1, 2, 3, 4],
        "1,2,3,4",
    ):
        refused("dilemma", item, [], "weights", weights)
    answers = [("weights", {"effektivitet": 1, "fairness": 2, "responsivitet": 3, "respekt": 4})]
    refused("dilemma", item, answers, "action", "findes-ikke")
    refused("dilemma", item, answers, "action", 1)
    answers.append(("action", case.actions[0].id))
    refused("dilemma", item, answers, "begrundelse", True)
    refused("dilemma", item, answers, "begrundelse", "x" * 100_000)
    answers.append(("begrundelse", ""))
    assert "allerede" in refused("dilemma", item, answers, "begrundelse", "mere")


def test_forged_placements_are_refused():
    item = next(iter(SETS))
    items = SETS[item].items
    due = f"sort:{items[0].id}"
    refused("potentialer", item, [], f"sort:{items[1].id}", 1)  # not the item due
    refused("potentialer", item, [], "sort:findes-ikke", 1)
    for value in (0, 6, True, "3", 3.0, None):
        refused("potentialer", item, [], due, value)
    assert screens.check_answer("potentialer", item, [], due, 3).value == 3


def test_stored_junk_is_skipped_on_replay():
    """Answers that a session would not accept change nothing in the screen."""
    item = "maanen"
    answers, _ = walk("gribning", item, random.Random(5), stop=0.05)
    junk = [("mark:99", True), ("classify:1", "grebet"), ("next:1", True), ("reply:2", 7)]
    mixed = [*junk[:2], *answers, *junk[2:]]
    for released in (False, True):
        assert screens.participant_screen("gribning", item, mixed, released) == (
            screens.participant_screen("gribning", item, answers, released)
        )
