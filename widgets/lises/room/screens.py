"""What a participant in the room sees and may answer now: pure functions, no HTTP, no store.

The room's server keeps nothing in memory between requests.  For every request it reads the
participant's stored answers to the room's current item and replays them through the same
session state machine the Voilà exercise uses (:class:`lises.gribning.session.Session`,
:class:`lises.dilemma.session.DilemmaSession`, :class:`lises.potentials.session.PotentialSession`);
:func:`participant_screen` then describes what is due, and :func:`check_answer` validates an
untrusted answer against it (step names through the registry's codec, values through the
session's own ``check``).  Every HTML text comes from the exercises' own renderers.

Kinds and items
---------------
``ROOM_KINDS`` are the registry names ``"gribning"``, ``"dilemma"`` and ``"potentialer"``.
:func:`items` lists what the facilitator may choose for a kind: ``[(item id, Danish title)]``
(excerpt ids, dilemma case ids, potential set ids).  An unknown kind or item is refused with
:class:`~lises.core.model.StepError` (Danish message) by every function here.

The screen
----------
:func:`participant_screen` returns plain JSON data.  Keys ending in ``_html`` hold escaped HTML
made by the exercises' renderers, to be inserted as it is; every other string is plain text, to
be inserted as text (``textContent``).  Nothing about the key (the expert codes, explanations,
model replies, what an action costs, the potential an item belongs to) and no turn not yet
revealed is in it before it is due and released::

    {
      "kind": "gribning",               # the room kind
      "item": "maanen",                 # the item id
      "title": "Lige så langt væk …",   # plain text
      "intro_html": "<h2>…</h2><p>…</p>",   # the exercise's heading and introduction
      "parts_html": ["<p role=status>Tur 3 af 14 er vist.</p>", "<ol …>…</ol>"],
                                        # shown in order above the controls: progress and the
                                        # turns revealed so far / the case and the answers
                                        # given / the item to place
      "progress": {"done": 3, "total": 14},   # turns revealed, items placed, steps answered
      "due": {...} | None,              # what to answer now (None when done)
      "done": False,                    # every answer given
      "released": False,                # the facilitator has released the key
      "waiting": False,                 # done and the key not released yet
      "status_html": "<p role=status>…</p>" | None,   # a polite note (answer saved, waiting)
      "feedback_html": "<section …>…</section>" | None,   # only when released
    }

``due`` is one of four inputs; the page sends back ``{"step": due["step"], "value": …}``::

    {"step": "mark:3", "input": "choice", "prompt_html": "<p>…</p>",
     "options": [{"value": True, "label": "Ja, markér turen", "help": "…"}, …],
     "help_html": "<ul>…</ul>" | None}          # one button per option; the value is sent
    {"step": "next:4", "input": "next", "prompt_html": "",
     "options": [{"value": True, "label": "Vis næste tur", "help": "…"}]}
    {"step": "reply:5", "input": "text", "prompt_html": "<p><strong>Pause.</strong> …</p>",
     "label": "Dit svar:", "placeholder": "…", "required": True, "max_length": 2000,
     "submit": {"label": "…", "help": "…"}}     # a text area; the text is sent
    {"step": "weights", "input": "weights", "prompt_html": "<p>…</p>", "help_html": "<ul>…</ul>",
     "fields": [{"name": "effektivitet", "label": "Effektivitet", "help": "…", "min": 0,
                 "max": 5, "value": 0}, …],
     "submit": {"label": "…", "help": "…"}}     # sends {"effektivitet": 3, …}

Option values are what is sent: ``True``/``False`` for a mark, a response code for a
classification, an action id for a dilemma, a potential number (1–5) for a placement.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lises.core import exercises
from lises.core.answers import Answer
from lises.core.model import StepError
from lises.dilemma.scoring import MAX_REASON_LENGTH
from lises.dilemma.session import DilemmaSession
from lises.excerpts.model import Difficulty
from lises.gribning.session import MAX_REPLY_LENGTH, Session
from lises.potentials.session import PotentialSession
from lises.privacy.guard import free_text_problem

from . import screens_kinds

ROOM_KINDS = ("gribning", "dilemma", "potentialer")
MAX_TEXT_LENGTH = {"gribning": MAX_REPLY_LENGTH, "dilemma": MAX_REASON_LENGTH}
"""The longest free text a kind takes; a longer one is refused, not cut (the page says so)."""

UNKNOWN_KIND = "Rummet kender ikke øvelsen {kind!r}."
UNKNOWN_ITEM = "Øvelsen har ikke {item!r}. Facilitatoren har måske valgt noget andet."
NOT_DUE = (
    "Det svar hører ikke til det, der skal besvares nu. Siden viser, hvad der er næste skridt."
)
INVALID = "Svaret er ikke gyldigt her."
ALL_ANSWERED = "Du har allerede svaret på alt her."
TOO_LONG = "Dit svar er for langt: skriv højst {limit} tegn."


# -- what the facilitator may choose -------------------------------------------------------------


RECHECK_SECONDS = 2.0
"""How long the items read for a kind are used before the folders are looked at again: a
request of a full hall must not list a folder, and a broker's new import is there in 2 s."""


@dataclass(frozen=True)
class _Loaded:
    stamp: tuple
    items: dict[str, Any]
    checked_at: float
    where: str


_LOADED: dict[str, _Loaded] = {}


def _stamp(directories: Iterable[Path]) -> tuple:
    """The files of ``directories`` with their change times: a cheap test for a new or edited
    file (a broker's import), so the data are read again only when something changed."""
    found: list[tuple] = []
    for directory in directories:
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    info = entry.stat()
                    found.append((entry.path, info.st_mtime_ns, info.st_size))
        except OSError:
            found.append((str(directory), -1, -1))
    return tuple(sorted(found))


def _sources(kind: str) -> tuple[tuple[Path, ...], Callable[..., dict[str, Any]]]:
    if kind == "gribning":
        from lises.excerpts import local

        def excerpts(*directories: Path) -> dict[str, Any]:
            # A broken file in the broker's folder is skipped, as on the Voilà pages.
            found, _skipped = local.available_excerpts(*directories)
            ordered = sorted(
                found.values(), key=lambda e: (list(Difficulty).index(e.difficulty), e.title)
            )
            return {e.id: e for e in ordered}

        return local.excerpt_dirs(), excerpts
    if kind == "dilemma":
        from lises.dilemma.files import default_dilemma_dir, load_cases

        return (default_dilemma_dir(),), load_cases
    from lises.potentials.files import default_potential_dir, load_sets

    return (default_potential_dir(),), load_sets


def _known(kind: object) -> str:
    if not isinstance(kind, str) or kind not in ROOM_KINDS:
        raise StepError(UNKNOWN_KIND.format(kind=str(kind)[:40]))
    return kind


def catalog(kind: str) -> dict[str, Any]:
    """Every item of ``kind`` by id (excerpts, cases or sets), read again only after a change.

    Raises
    ------
    StepError
        For a kind the room does not have.
    """
    from lises.excerpts.local import local_dir

    _known(kind)
    loaded = _LOADED.get(kind)
    moment = time.monotonic()
    # No file system call on the way of a request: only the broker's folder as configured.
    where = str(local_dir())
    if loaded and loaded.where == where and moment - loaded.checked_at < RECHECK_SECONDS:
        return loaded.items
    directories, load = _sources(kind)
    stamp = (tuple(map(str, directories)), _stamp(directories))
    items = loaded.items if loaded is not None and loaded.stamp == stamp else load(*directories)
    _LOADED[kind] = _Loaded(stamp, items, moment, where)
    return items


def find(kind: str, item: object) -> Any:
    """The excerpt, case or set ``item`` of ``kind``; :class:`StepError` if there is none."""
    found = catalog(kind).get(item) if isinstance(item, str) else None
    if found is None:
        raise StepError(UNKNOWN_ITEM.format(item=str(item)[:60]))
    return found


def title(kind: str, data: Any) -> str:
    """The Danish title of an item as the facilitator's list shows it (plain text)."""
    if kind == "gribning":
        from lises.gribning.texts import option_label

        return option_label(data)
    if kind == "dilemma":
        return f"{data.title}{' (konstrueret)' if data.constructed else ''}"
    return data.title


def items(kind: str) -> list[tuple[str, str]]:
    """What the facilitator may choose for ``kind``: ``(item id, Danish title)``, in the order
    the Voilà chooser lists them (excerpts easiest first, cases by their order)."""
    return [(ident, title(kind, data)) for ident, data in catalog(kind).items()]


# -- the session, resumed from the stored answers ------------------------------------------------


def resume(kind: str, item: object, answers: Iterable[tuple[str, Any]]):
    """A fresh session of ``kind`` for ``item`` with the stored ``answers`` replayed.

    Anything stored that is not due or not valid is skipped by the session's own ``replay``.
    """
    data = find(kind, item)
    session: Session | DilemmaSession | PotentialSession
    if kind == "gribning":
        session = Session(data)
    elif kind == "dilemma":
        session = DilemmaSession(data)
    else:
        session = PotentialSession(data)
    session.replay([(step, value) for step, value in answers])
    return session


def due_step(kind: str, session) -> str | None:
    """The name of the step that is due, as the codec writes it; ``None`` when done."""
    return screens_kinds.due_step(kind, session)


def _checked(kind: str, item: str, answers: Iterable[tuple[str, Any]], step, value):
    """The replayed session and the checked answer (see :func:`check_answer`)."""
    session = resume(kind, item, answers)
    codec = exercises.kind(kind).codec
    decoded = codec.decode_answer(step, value)
    due = due_step(kind, session)
    if due is None:
        raise StepError(ALL_ANSWERED)
    if step != due:
        raise StepError(NOT_DUE)
    if decoded.step.kind == "next" and value is not True:
        raise StepError(INVALID)  # the page only ever sends True: anything else is forged
    if codec.kind(decoded.step.kind).free_text:
        limit = MAX_TEXT_LENGTH[kind]
        if len(value.strip()) > limit:
            raise StepError(TOO_LONG.format(limit=limit))
        problem = free_text_problem(value)
        if problem:
            raise StepError(problem)
    return session, session.check(step, value)


def check_answer(
    kind: str, item: str, answers: Iterable[tuple[str, Any]], step: object, value: object
) -> Answer:
    """Validate one untrusted answer from a participant, without changing anything.

    Parameters
    ----------
    kind, item : str
        The room's current exercise and item.
    answers : iterable of (step, value)
        The participant's stored answers to this item, in the order they were given.
    step, value : object
        What the page sent (untrusted).

    Returns
    -------
    Answer
        The answer in the form to store (a reply stripped, as the session stores it).

    Raises
    ------
    StepError
        In Danish, for an unknown kind or item, a step name the registry's codec does not write,
        a value of the wrong type, a step that is not the one due now, a value the session
        refuses, a free text over the limit or holding a CPR number, phone number or e-mail.
    """
    return _checked(kind, item, answers, step, value)[1]


def answer_screen(
    kind: str,
    item: str,
    answers: Iterable[tuple[str, Any]],
    step: object,
    value: object,
    released: bool,
) -> tuple[Answer, dict]:
    """:func:`check_answer`, and the screen the participant sees once it is stored.

    One replay serves both (the room's busiest call): the checked answer is applied to the
    session it was checked against.  Raises as :func:`check_answer`.
    """
    session, checked = _checked(kind, item, answers, step, value)
    session.apply(checked)
    return checked, _screen(kind, item, session, released)


def participant_screen(
    kind: str, item: str, answers: Iterable[tuple[str, Any]], released: bool
) -> dict:
    """What the participant sees now: the screen described in this module's docstring.

    Parameters
    ----------
    kind, item : str
        The room's current exercise and item.
    answers : iterable of (step, value)
        The participant's stored answers to this item, in order.
    released : bool
        Whether the facilitator has released the key for this item.

    Raises
    ------
    StepError
        For an unknown kind or item.
    """
    return _screen(kind, item, resume(kind, item, answers), released)


def _screen(kind: str, item: str, session, released: bool) -> dict:
    screen = screens_kinds.SCREENS[kind](session, bool(released))
    done = session.done
    return {
        "kind": kind,
        "item": item,
        "title": find(kind, item).title,
        **screen,
        "done": done,
        "released": bool(released),
        "waiting": done and not released,
    }
