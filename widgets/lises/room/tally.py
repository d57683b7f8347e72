"""The projector's view of the room: anonymous aggregates of everyone's answers to one item.

Each participant's answers are replayed through the exercise's session (as their own screen
is), so the counts are of what the session accepted, never of a forged or stray answer.  The
result is plain JSON data the page draws; no nickname is in it, nor any participant id.

Shape::

    {
      "kind": "gribning", "item": "maanen", "title": "…", "released": False,
      "joined": 25, "started": 20, "done": 12,
      "summary": "25 deltagere i rummet: 20 er i gang, og 12 er færdige.",
      "charts": [chart, …],
      "texts": [{"title": "Pause efter tur 7: Hvad ville du sige nu?",
                 "answers": [{"id": 41, "text": "…"}, …],     # not hidden, non-empty
                 "model_replies": ["…"] | None}, …],           # only once released
    }

and each chart (a bar chart with its text alternative)::

    {
      "id": "tur-4", "title": "Tur 4", "text": "Borgerens ytring …" | None,
      "labels": ["ingen meningsytring", …], "values": [3, 9, 5, 1], "answered": 18,
      "key": 1 | None,              # index into labels of the key: only once released
      "mean": False,                # True: values are means on the scale 0–5, else counts
      "alt": "Tur 4: 18 svar. …",   # one Danish sentence saying what the chart shows
    }

A turn's chart (gribning) also has ``"seen"`` (how many have had the turn revealed) and
``"marked"`` (how many marked it as a meaning-utterance); its labels are the codes a coding
gives a citizen turn (no utterance, then each response), plus "markeret uden vurdering" where a
marked turn has no response judged (yet).

A chart's ``text`` (the citizen's turn or the item to place) is shown once everyone who has
started has seen it, or once the key is released, so the wall never shows a turn that someone in
the room has not reached.  Values are counts, except the dilemma's chart of weights (means).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from typing import Any

from lises.dilemma.cases import DIMENSION_LABELS, Dimension
from lises.dilemma.session import DilemmaSession
from lises.excerpts.feedback import RESPONSE_WORDS, fmt
from lises.excerpts.model import next_professional_turn
from lises.excerpts.responses import CODES, NONE_CODE
from lises.excerpts.scoring import key_codes, learner_codes
from lises.gribning.session import Session
from lises.potentials.html import potential_name
from lises.potentials.items import Potential

from .replays import Replays
from .screens import find

SHORT = 90
"""Characters of a turn or an item shown on the wall before it is cut with an ellipsis."""


def short(text: str, limit: int = SHORT) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + " …"


def chart(
    ident: str,
    title: str,
    labels: list[str],
    values: list[float],
    answered: int,
    *,
    text: str | None = None,
    key: int | None = None,
    mean: bool = False,
) -> dict:
    """One bar chart as plain data with a Danish sentence as its text alternative."""
    shown = [fmt(v) if mean else str(v) for v in values]
    parts = "; ".join(
        f"{label.rstrip('.')}: {value}" for label, value in zip(labels, shown, strict=True)
    )
    alt = f"{title}: {answered} svar. {parts}."
    if key is not None:
        alt += f" Nøglen: {labels[key]}."
    return {
        "id": ident,
        "title": title,
        "text": text,
        "labels": labels,
        "values": values,
        "answered": answered,
        "key": key,
        "mean": mean,
        "alt": alt,
    }


def _by_participant(answers: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for answer in sorted(answers, key=lambda a: a.id):
        grouped[answer.participant_id].append(answer)
    return dict(grouped)


def _started(session: Any) -> bool:
    if isinstance(session, Session):
        return session.revealed > 1 or bool(session.marked)
    if isinstance(session, DilemmaSession):
        return session.weights is not None
    return bool(session.placements)


def _free_text(rows: list[Any], step: str, text: str | None) -> dict | None:
    """The stored answer behind an accepted free text, unless it is hidden or empty."""
    if not text:
        return None
    row = next((r for r in rows if r.step == step), None)
    if row is None or row.hidden:
        return None
    return {"id": row.id, "text": text}


def projector_view(
    kind: str,
    item: str,
    answers: Iterable[Any],
    participants: int,
    released: bool,
    replays: tuple[Replays, Hashable] | None = None,
) -> dict:
    """The room's answers to ``item`` for the wall: the shape in this module's docstring.

    Parameters
    ----------
    kind, item : str
        The room's current exercise and item.
    answers : iterable of RoomAnswer
        Every participant's answers to the item (attributes ``id``, ``participant_id``,
        ``step``, ``value``, ``hidden``), in any order.
    participants : int
        How many have joined the room.
    released : bool
        Whether the key is released: only then is it in the view.
    replays : (Replays, room), optional
        The view's sessions kept from its last refresh and whose participants these are (the
        server's; see :meth:`Replays.sessions`), so that only new answers are replayed;
        without it every session is replayed from the start.

    Raises
    ------
    StepError
        For an unknown kind or item.
    """
    data = find(kind, item)
    grouped = _by_participant(answers)
    kept, room = replays or (Replays(), None)
    with kept.lock:
        replayed = kept.sessions(room, kind, item, grouped)
        # Only answers a session accepted count: stray or forged rows alone are not a start.
        sessions = {pid: s for pid, s in replayed.items() if _started(s)}
        started = len(sessions)
        done = sum(s.done for s in sessions.values())
        view = TALLIES[kind](data, sessions, grouped, bool(released))
    return {
        "kind": kind,
        "item": item,
        "title": data.title,
        "released": bool(released),
        "joined": participants,
        "started": started,
        "done": done,
        "summary": (
            f"{participants} deltagere i rummet: {started} er i gang, og {done} er færdige."
        ),
        **view,
    }


# -- per kind --------------------------------------------------------------------------------------


def _gribning(excerpt, sessions: dict, grouped: dict, released: bool) -> dict:
    keys = key_codes(excerpt)
    everyone = len(sessions)
    coded = {pid: learner_codes(excerpt, s.marks()) for pid, s in sessions.items()}
    charts = []
    for n in excerpt.citizen_turns:
        answered = [pid for pid, s in sessions.items() if n in s.marked]
        codes = Counter(coded[pid].get(n) for pid in answered)
        shown = list(CODES)
        if next_professional_turn(excerpt, n) is None or codes["markeret"]:
            shown.append("markeret")  # marked, and no response judged (yet)
        seen = sum(s.revealed >= n for s in sessions.values())
        visible = released or (everyone > 0 and seen == everyone)
        turn = chart(
            f"tur-{n}",
            f"Tur {n}",
            [RESPONSE_WORDS[c] for c in shown],
            [codes[c] for c in shown],
            len(answered),
            text=short(excerpt.turns[n - 1].text) if visible else None,
            key=shown.index(keys[n]) if released else None,
        )
        charts.append({**turn, "seen": seen, "marked": len(answered) - codes[NONE_CODE]})
    free = []
    for pause in excerpt.pauses:
        turn = pause.after_turn
        found = [
            _free_text(grouped[pid], f"reply:{turn}", s.replies.get(turn))
            for pid, s in sessions.items()
        ]
        free.append(
            {
                "title": f"Pause efter tur {turn}: {pause.prompt}",
                "answers": sorted((f for f in found if f), key=lambda f: f["id"]),
                "model_replies": list(pause.model_replies) if released else None,
            }
        )
    return {"charts": charts, "texts": free}


def _dilemma(case, sessions: dict, grouped: dict, released: bool) -> dict:
    weighed = [s.weights for s in sessions.values() if s.weights is not None]
    means = [
        round(sum(w[d.value] for w in weighed) / len(weighed), 2) if weighed else 0.0
        for d in Dimension
    ]
    weights = chart(
        "vaegte",
        "Gennemsnitlig vægt (0–5)",
        [DIMENSION_LABELS[d] for d in Dimension],
        means,
        len(weighed),
        mean=True,
    )
    chosen = Counter(s.action for s in sessions.values() if s.action is not None)
    actions = chart(
        "handlinger",
        "Valgte handlinger",
        [a.label for a in case.actions],
        [chosen[a.id] for a in case.actions],
        sum(chosen.values()),
    )
    found = [_free_text(grouped[pid], "begrundelse", s.reason) for pid, s in sessions.items()]
    reasons = {
        "title": "Begrundelser",
        "answers": sorted((f for f in found if f), key=lambda f: f["id"]),
        "model_replies": None,
    }
    return {"charts": [weights, actions], "texts": [reasons]}


def _potentials(potential_set, sessions: dict, grouped: dict, released: bool) -> dict:
    everyone = len(sessions)
    charts = []
    for position, item in enumerate(potential_set.items, start=1):
        placed = Counter(
            s.placements[item.id] for s in sessions.values() if item.id in s.placements
        )
        reached = sum(
            item.id in s.placements or (s.due is not None and s.due.id == item.id)
            for s in sessions.values()
        )
        visible = released or (everyone > 0 and reached == everyone)
        charts.append(
            chart(
                f"emne-{item.id}",
                f"Emne {position}",
                [potential_name(p) for p in Potential],
                [placed[int(p)] for p in Potential],
                sum(placed.values()),
                text=short(item.text) if visible else None,
                key=list(Potential).index(Potential(item.key)) if released else None,
            )
        )
    return {"charts": charts, "texts": []}


TALLIES = {"gribning": _gribning, "dilemma": _dilemma, "potentialer": _potentials}
