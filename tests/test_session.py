"""Tests for :mod:`lises.gribning.session`: the step machine refuses every answer that is not
due."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lises.excerpts.files import load_excerpts
from lises.excerpts.model import Excerpt, Response, next_professional_turn
from lises.gribning.session import MAX_REPLY_LENGTH, Session, Step, StepError, StepKind

EXCERPTS = load_excerpts()
EXCERPT_IDS = sorted(EXCERPTS)

MARK, CLASSIFY, REPLY, NEXT, DONE = (
    StepKind.MARK,
    StepKind.CLASSIFY,
    StepKind.REPLY,
    StepKind.NEXT,
    StepKind.DONE,
)


def state(session: Session) -> tuple:
    """Everything an answer could change, as a comparable value."""
    return (
        session.revealed,
        copy.deepcopy(session.marked),
        copy.deepcopy(session.responses),
        copy.deepcopy(session.replies),
    )


def assert_refused(session: Session, action) -> None:
    """``action`` raises StepError and leaves the session exactly as it was."""
    before = state(session)
    with pytest.raises(StepError):
        action()
    assert state(session) == before


def walk(session: Session, marks: dict[int, bool], responses: dict[int, Response], reply: str):
    """Answer every step as told; return the trace of (revealed, step) before each answer.

    Before every answer, check that nothing else is accepted: no turn is revealed while an
    answer is due, and no other kind of answer is taken.
    """
    trace = []
    while True:
        step = session.step()
        trace.append((session.revealed, step))
        if step.kind == DONE:
            assert_refused(session, session.advance)
            return trace
        if step.kind != NEXT:
            assert_refused(session, session.advance)
        if step.kind != MARK:
            for turn in session.excerpt.citizen_turns:
                assert_refused(session, lambda t=turn: session.mark(t, True))
        if step.kind == MARK:
            session.mark(step.turn, marks[step.turn])
        elif step.kind == CLASSIFY:
            session.classify(step.turn, responses[step.turn])
        elif step.kind == REPLY:
            session.reply(step.turn, reply)
        else:
            before = session.revealed
            assert session.advance() == before + 1
            assert session.revealed == before + 1


# -- the first step ---------------------------------------------------------------------------


@pytest.mark.parametrize("excerpt_id", EXCERPT_IDS)
def test_first_step(excerpt_id):
    excerpt = EXCERPTS[excerpt_id]
    session = Session(excerpt)
    assert session.revealed == 1
    assert session.total == len(excerpt.turns)
    expected = Step(MARK, 1) if excerpt.is_citizen_turn(1) else Step(NEXT)
    assert session.step() == expected
    assert not session.done
    assert session.marks() == {}


def test_first_step_is_mark_when_the_citizen_speaks_first():
    excerpt = Excerpt.model_validate(
        {
            "id": "borgeren-starter",
            "title": "Borgeren starter",
            "setting": "Konstrueret testuddrag",
            "difficulty": "let",
            "constructed": True,
            "summary": "To ture.",
            "participants": [
                {"id": "S", "role": "sagsbehandler", "label": "Sagsbehandler"},
                {"id": "B", "role": "borger", "label": "Borger"},
            ],
            "turns": [
                {"speaker": "B", "text": "Jeg vil gerne arbejde med dyr."},
                {"speaker": "S", "text": "Fortæl mere om det."},
            ],
            "key": [{"turn": 1, "kind": "ønske", "response": "grebet", "explanation": "Et ønske."}],
        }
    )
    session = Session(excerpt)
    assert session.step() == Step(MARK, 1)
    assert_refused(session, session.advance)
    session.mark(1, True)
    assert session.step() == Step(NEXT)
    session.advance()
    assert session.step() == Step(CLASSIFY, 1, 2)
    session.classify(1, "grebet")
    assert session.done
    assert session.score().kappa is None  # one citizen turn, one code: kappa is 0/0
    assert session.score().percent_agreement == 1.0


# -- praktikken, step by step -----------------------------------------------------------------


def test_praktikken_marked_as_the_key():
    session = Session(EXCERPTS["praktikken"])
    assert session.step() == Step(NEXT)
    assert_refused(session, lambda: session.mark(2, True))  # turn 2 is not revealed yet
    assert session.advance() == 2

    assert session.step() == Step(MARK, 2)
    assert_refused(session, session.advance)
    assert_refused(session, lambda: session.mark(4, True))
    assert_refused(session, lambda: session.mark(1, True))
    assert_refused(session, lambda: session.classify(2, Response.GREBET))
    assert_refused(session, lambda: session.reply(2, "Hvad mener du?"))
    session.mark(2, True)
    assert_refused(session, lambda: session.mark(2, False))  # answered already

    # The responder (turn 3) is not revealed: no CLASSIFY yet.
    assert session.step() == Step(NEXT)
    assert_refused(session, lambda: session.classify(2, Response.GREBET))
    session.advance()
    assert session.step() == Step(CLASSIFY, 2, 3)
    assert_refused(session, session.advance)
    assert_refused(session, lambda: session.classify(2, "grebbet"))
    assert_refused(session, lambda: session.classify(2, "GREBET"))
    assert_refused(session, lambda: session.classify(2, ""))
    assert_refused(session, lambda: session.classify(4, Response.GREBET))
    session.classify(2, "grebet")  # the value string is accepted
    assert session.responses[2] is Response.GREBET
    assert_refused(session, lambda: session.classify(2, Response.OVERHORT))

    session.advance()
    assert session.step() == Step(MARK, 4)
    session.mark(4, True)
    session.advance()
    assert session.step() == Step(CLASSIFY, 4, 5)
    session.classify(4, Response.OVERHALET)
    session.advance()
    assert session.step() == Step(MARK, 6)
    session.mark(6, True)

    # Pause after turn 6: the reply is due before turn 7 (the responder) is revealed.
    assert session.step() == Step(REPLY, 6)
    assert_refused(session, session.advance)
    assert_refused(session, lambda: session.classify(6, Response.OVERHALET))
    assert_refused(session, lambda: session.reply(6, ""))
    assert_refused(session, lambda: session.reply(6, "   \n\t "))
    assert_refused(session, lambda: session.reply(5, "Forkert tur"))
    session.reply(6, "  Du vil gerne ud af praktikken?  \n")
    assert session.replies == {6: "Du vil gerne ud af praktikken?"}
    assert_refused(session, lambda: session.reply(6, "Igen"))

    assert session.advance() == 7
    assert session.step() == Step(CLASSIFY, 6, 7)
    assert not session.done
    session.classify(6, Response.OVERHALET)

    assert session.step() == Step(DONE)
    assert session.done
    assert session.revealed == session.total == 7
    assert_refused(session, session.advance)
    assert session.marks() == {2: Response.GREBET, 4: Response.OVERHALET, 6: Response.OVERHALET}
    assert session.score().kappa == 1.0
    assert session.score().classified_right == 3


def test_praktikken_nothing_marked_still_asks_for_the_reply():
    session = Session(EXCERPTS["praktikken"])
    trace = walk(session, dict.fromkeys((2, 4, 6), False), {}, "Hvad ville du hellere?")
    assert trace == [
        (1, Step(NEXT)),
        (2, Step(MARK, 2)),
        (2, Step(NEXT)),
        (3, Step(NEXT)),  # turn 2 not marked: nothing to classify
        (4, Step(MARK, 4)),
        (4, Step(NEXT)),
        (5, Step(NEXT)),
        (6, Step(MARK, 6)),
        (6, Step(REPLY, 6)),
        (6, Step(NEXT)),
        (7, Step(DONE)),
    ]
    assert session.marks() == {}
    assert session.marked == {2: False, 4: False, 6: False}
    assert session.replies == {6: "Hvad ville du hellere?"}
    assert session.score().hits == 0


# -- a three-party excerpt ----------------------------------------------------------------------


def test_trepartsmoede_walk():
    excerpt = EXCERPTS["trepartsmoede"]
    marks = {2: False, 4: True, 6: False, 8: True, 10: True, 12: True, 14: False}
    responses = {
        4: Response.OVERHORT,
        8: Response.GREBET,
        10: Response.OVERHALET,  # the key says grebet
        12: Response.GREBET,  # not in the key: a false alarm
    }
    session = Session(excerpt)
    trace = walk(session, marks, responses, "Fortæl mere om morgenen.")
    assert trace == [
        (1, Step(NEXT)),
        (2, Step(MARK, 2)),
        (2, Step(NEXT)),
        (3, Step(NEXT)),
        (4, Step(MARK, 4)),
        (4, Step(REPLY, 4)),
        (4, Step(NEXT)),
        (5, Step(CLASSIFY, 4, 5)),
        (5, Step(NEXT)),
        (6, Step(MARK, 6)),
        (6, Step(NEXT)),
        (7, Step(NEXT)),
        (8, Step(MARK, 8)),
        (8, Step(REPLY, 8)),
        (8, Step(NEXT)),
        (9, Step(CLASSIFY, 8, 9)),  # the virksomhedskonsulent answers, not the sagsbehandler
        (9, Step(NEXT)),
        (10, Step(MARK, 10)),
        (10, Step(NEXT)),
        (11, Step(CLASSIFY, 10, 11)),
        (11, Step(NEXT)),
        (12, Step(MARK, 12)),
        (12, Step(NEXT)),
        (13, Step(CLASSIFY, 12, 13)),
        (13, Step(NEXT)),
        (14, Step(MARK, 14)),
        (14, Step(NEXT)),
        (15, Step(DONE)),
    ]
    assert excerpt.participant(excerpt.turns[8].speaker).role == "virksomhedskonsulent"
    assert session.marks() == responses
    assert set(session.replies) == {4, 8}
    result = session.score()
    assert result.hits == 3
    assert result.detection.misses == 1  # turn 14
    assert result.detection.false_alarms == 1  # turn 12
    assert result.classified_right == 2  # turns 4 and 8


def play_until(session: Session, stop, *, mark: bool) -> Step:
    """Answer due steps (marking every citizen turn ``mark``) until ``stop(step)`` is true."""
    while not stop(step := session.step()):
        if step.kind == MARK:
            session.mark(step.turn, mark)
        elif step.kind == CLASSIFY:
            session.classify(step.turn, Response.GREBET)
        elif step.kind == REPLY:
            session.reply(step.turn, "Svar")
        elif step.kind == NEXT:
            session.advance()
        else:
            raise AssertionError(f"reached {step} first")
    return step


def test_classify_only_after_the_responder_is_revealed():
    excerpt = EXCERPTS["trepartsmoede"]
    session = Session(excerpt)
    play_until(session, lambda step: step == Step(MARK, 8), mark=False)
    session.mark(8, True)
    assert session.step() == Step(REPLY, 8)
    assert_refused(session, lambda: session.classify(8, Response.GREBET))
    session.reply(8, "Du er helt færdig, når du kommer hjem.")
    assert session.step() == Step(NEXT)
    assert_refused(session, lambda: session.classify(8, Response.GREBET))
    session.advance()
    assert session.step() == Step(CLASSIFY, 8, next_professional_turn(excerpt, 8))
    session.classify(8, Response.GREBET)
    assert session.marks() == {8: Response.GREBET}


@pytest.mark.parametrize("excerpt_id", ["praktikken", "trepartsmoede"])
def test_reply_due_at_every_pause(excerpt_id):
    excerpt = EXCERPTS[excerpt_id]
    session = Session(excerpt)
    replied = []
    while not session.done:
        step = play_until(session, lambda step: step.kind in (REPLY, DONE), mark=True)
        if step.kind == DONE:
            break
        assert step.turn == session.revealed
        assert step.turn in excerpt.pause_by_turn
        assert_refused(session, lambda t=step.turn: session.reply(t, ""))
        assert_refused(session, lambda t=step.turn: session.reply(t, " \n "))
        session.reply(step.turn, f"Svar ved tur {step.turn}")
        replied.append(step.turn)
    assert replied == sorted(excerpt.pause_by_turn)
    assert session.replies == {t: f"Svar ved tur {t}" for t in replied}


def test_long_reply_is_truncated():
    session = Session(EXCERPTS["trepartsmoede"])
    turn = play_until(session, lambda step: step.kind == REPLY, mark=True).turn
    session.reply(turn, "  " + "æ" * (MAX_REPLY_LENGTH + 500))
    assert session.replies[turn] == "æ" * MAX_REPLY_LENGTH
    assert session.step() == Step(NEXT)


def test_non_string_reply_is_refused():
    session = Session(EXCERPTS["praktikken"])
    assert play_until(session, lambda step: step.kind == REPLY, mark=False) == Step(REPLY, 6)
    assert_refused(session, lambda: session.reply(6, None))  # type: ignore[arg-type]
    assert_refused(session, lambda: session.reply(6, 42))  # type: ignore[arg-type]


# -- random policies ----------------------------------------------------------------------------


@settings(deadline=None, max_examples=50, derandomize=True, database=None)
@given(excerpt_id=st.sampled_from(EXCERPT_IDS), data=st.data())
def test_random_policies_terminate(excerpt_id, data):
    excerpt = EXCERPTS[excerpt_id]
    session = Session(excerpt)
    bound = 4 * len(excerpt.turns)  # at most MARK, CLASSIFY, REPLY and NEXT per turn
    actions = 0
    answered: dict[int, Response | None] = {}
    while not session.done:
        assert actions < bound, f"no DONE after {actions} actions"
        step = session.step()
        # Now and then try something that is not due; it must change nothing.
        if data.draw(st.booleans(), label="try a wrong answer"):
            wrong = data.draw(
                st.sampled_from(["advance", "mark", "classify", "reply", "classify-unknown"])
            )
            other = data.draw(st.integers(1, len(excerpt.turns)))
            attempts = {
                "advance": (NEXT, session.advance),
                "mark": (MARK, lambda o=other: session.mark(o, True)),
                "classify": (CLASSIFY, lambda o=other: session.classify(o, Response.GREBET)),
                "reply": (REPLY, lambda o=other: session.reply(o, "Svar")),
                "classify-unknown": (None, lambda t=step.turn: session.classify(t, "ukendt")),
            }
            kind, attempt = attempts[wrong]
            if kind != step.kind or (kind != NEXT and other != step.turn):
                assert_refused(session, attempt)
        if step.kind == MARK:
            yes = data.draw(st.booleans(), label=f"mark {step.turn}")
            session.mark(step.turn, yes)
            if yes:
                answered[step.turn] = None
        elif step.kind == CLASSIFY:
            assert step.responder is not None
            assert step.responder <= session.revealed
            assert not excerpt.is_citizen_turn(step.responder)
            response = data.draw(st.sampled_from(list(Response)), label=f"classify {step.turn}")
            session.classify(step.turn, response)
            answered[step.turn] = response
        elif step.kind == REPLY:
            text = data.draw(st.text(min_size=1, max_size=30).filter(str.strip), label="reply")
            session.reply(step.turn, text)
        else:
            session.advance()
        actions += 1
        assert 1 <= session.revealed <= session.total

    assert session.revealed == session.total
    assert set(session.marked) == set(excerpt.citizen_turns)
    assert set(session.replies) == set(excerpt.pause_by_turn)
    assert session.marks() == answered
    for turn, response in answered.items():
        has_responder = next_professional_turn(excerpt, turn) is not None
        assert (response is not None) == has_responder
    assert_refused(session, session.advance)


# -- an answer must name the turn it is for --------------------------------------------------------


def test_answers_without_a_turn_are_refused():
    # A missing turn number is not a wildcard for the due turn.
    session = Session(EXCERPTS["praktikken"])
    session.advance()
    assert session.step() == Step(MARK, 2)
    assert_refused(session, lambda: session.mark(None, True))  # type: ignore[arg-type]
    session.mark(2, True)
    session.advance()
    assert session.step() == Step(CLASSIFY, 2, 3)
    assert_refused(session, lambda: session.classify(None, Response.GREBET))  # type: ignore[arg-type]
    assert play_until(session, lambda step: step.kind == REPLY, mark=False) == Step(REPLY, 6)
    assert_refused(session, lambda: session.reply(None, "Svar"))  # type: ignore[arg-type]
