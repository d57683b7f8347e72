"""The registry of exercise kinds: every page the course serves, and how its stored answers read.

One frozen :class:`ExerciseKind` per notebook in ``exercises/``: its name, Danish title and
description, notebook, who it is for, whether Voilà preheats kernels for it, the codec of the
answers the workshop room stores for it and the book's static (self-check) renderer.  The Voilà
server's page lists and kernel pools, the room's titles and answer checks, the broker's codings
from a workshop's answers, the Voilà list of exercises and the self-check script all read this
one list (the last two through tests that compare them with it).

The registry sits in ``core`` so that every layer may read it; the static renderers live in a
layer above and are named here by dotted path (``module:function``), imported only when
:meth:`ExerciseKind.selfcheck_renderer` is called, so the layers still point down.

An answer is stored as a step name and a value, e.g. ``("mark:3", True)``.  :class:`AnswerCodec`
is the one place where step names are written and read: :meth:`AnswerCodec.encode` makes the
name from a :class:`Step`, :meth:`AnswerCodec.decode` reads it back and refuses anything else with
:class:`StepRefused` (a :class:`~lises.core.model.StepError`, which every view already shows as a
refusal), and :meth:`AnswerCodec.parse` returns ``None`` instead, for readers that skip what
they cannot read.  A stored step string is untrusted input: it came from a participant's request.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from .model import StepError

MAX_STEP_LENGTH = 80
_ITEM = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")


class StepRefused(StepError):
    """A step name or value that no exercise stores (malformed, unknown or forged)."""


class Audience(StrEnum):
    """Who opens a page."""

    LEARNER = "deltager"
    """A learner: served alone (``make serve``) or to a class (``serve --class``)."""
    BROKER = "vidensmægler"
    """The knowledge broker: writes the team's own files, never served to a class."""


@dataclass(frozen=True)
class StepKind:
    """One kind of stored step: its name, what it is about and the values it takes."""

    name: str
    target: Literal["turn", "item"] | None
    """``turn``: ``name:N`` with a turn number; ``item``: ``name:id`` with an item's slug;
    ``None``: the bare name."""
    values: tuple[type, ...]
    """The types a stored value may have (``bool`` is never taken for ``int``)."""
    free_text: bool = False
    """The value is text a participant wrote (read aloud, shown escaped)."""

    def accepts(self, value: object) -> bool:
        if isinstance(value, bool) and bool not in self.values:
            return False
        return isinstance(value, self.values)


@dataclass(frozen=True)
class Step:
    """A decoded step name: its kind and the turn number or item id it is about."""

    kind: str
    target: int | str | None = None


@dataclass(frozen=True)
class DecodedAnswer:
    """A decoded answer: the step and its value (type-checked against the step kind)."""

    step: Step
    value: Any


@dataclass(frozen=True)
class AnswerCodec:
    """Step names ↔ :class:`Step` for one exercise kind's stored answers."""

    kinds: tuple[StepKind, ...]

    def kind(self, name: str) -> StepKind:
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise StepRefused(f"ukendt trin {name!r}")

    def encode(self, step: Step) -> str:
        kind = self.kind(step.kind)
        _check_target(kind, step.target, step)
        return kind.name if kind.target is None else f"{kind.name}:{step.target}"

    def decode(self, text: object) -> Step:
        """The step named ``text``; :class:`StepRefused` for anything this codec never writes."""
        if not isinstance(text, str) or len(text) > MAX_STEP_LENGTH:
            raise StepRefused(f"ukendt trin {str(text)[:MAX_STEP_LENGTH]!r}")
        name, colon, rest = text.partition(":")
        kind = self.kind(name)
        if kind.target is None:
            if colon:
                raise StepRefused(f"ukendt trin {text!r}")
            return Step(kind.name)
        if kind.target == "turn":
            if not (rest.isascii() and rest.isdigit()) or rest != str(int(rest)):
                raise StepRefused(f"ukendt trin {text!r}")
            target: int | str = int(rest)
        else:
            target = rest
        step = Step(kind.name, target)
        _check_target(kind, target, text)
        return step

    def parse(self, text: object) -> Step | None:
        """Like :meth:`decode`, but ``None`` for a step it refuses."""
        try:
            return self.decode(text)
        except StepRefused:
            return None

    def decode_answer(self, text: object, value: object) -> DecodedAnswer:
        """The step and its value; :class:`StepRefused` for a value of the wrong type."""
        step = self.decode(text)
        if not self.kind(step.kind).accepts(value):
            raise StepRefused(f"ugyldigt svar til trinnet {text!r}")
        return DecodedAnswer(step, value)

    def parse_answer(self, text: object, value: object) -> DecodedAnswer | None:
        try:
            return self.decode_answer(text, value)
        except StepRefused:
            return None


def _check_target(kind: StepKind, target: object, shown: object) -> None:
    if kind.target is None:
        ok = target is None
    elif kind.target == "turn":
        ok = isinstance(target, int) and not isinstance(target, bool) and target >= 1
    else:
        ok = isinstance(target, str) and _ITEM.fullmatch(target) is not None
    if not ok:
        raise StepRefused(f"ukendt trin {str(shown)[:MAX_STEP_LENGTH]!r}")


GRIBNING_CODEC = AnswerCodec(
    (
        StepKind("mark", "turn", (bool,)),
        StepKind("classify", "turn", (str,)),
        StepKind("reply", "turn", (str,), free_text=True),
        StepKind("next", "turn", (bool,)),
    )
)
DILEMMA_CODEC = AnswerCodec(
    (
        StepKind("weights", None, (dict,)),
        StepKind("action", None, (str,)),
        StepKind("begrundelse", None, (str,), free_text=True),
    )
)
POTENTIAL_CODEC = AnswerCodec((StepKind("sort", "item", (int,)),))


def resolve(dotted: str) -> Callable[..., Any]:
    """The function named ``package.module:function``, imported now."""
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class ExerciseKind:
    """One page of the course (a notebook in ``exercises/``)."""

    name: str
    """Also the exercise's name in the store (``øvelse``) and the notebook's stem."""
    title: str
    """Short Danish title: tabs and buttons."""
    heading: str
    """Danish name in the list of exercises."""
    about: str
    """One Danish sentence under the heading in the list of exercises."""
    audience: Audience
    pooled: bool = False
    """Voilà preheats kernels for this page."""
    codec: AnswerCodec | None = None
    """How the answers the workshop room stores read; ``None`` for a page the room never does."""
    selfcheck: str | None = None
    """``module:function`` of the book's static renderer (the self-check payload)."""

    @property
    def notebook(self) -> str:
        return f"{self.name}.ipynb"

    def selfcheck_renderer(self) -> Callable[..., dict]:
        if self.selfcheck is None:
            raise LookupError(f"{self.name} has no self-check")
        return resolve(self.selfcheck)


KINDS: tuple[ExerciseKind, ...] = (
    ExerciseKind(
        "gribning",
        "Gribning",
        "Gribning",
        "Fang borgerens meningsytringer i en samtale, tur for tur.",
        Audience.LEARNER,
        pooled=True,
        codec=GRIBNING_CODEC,
        selfcheck="lises.book.selfcheck:gribning_payload",
    ),
    ExerciseKind(
        "dilemma",
        "Dilemmaer",
        "Dilemmaer",
        "Vej hensynene i en sag, og begrund din handling.",
        Audience.LEARNER,
        pooled=True,
        codec=DILEMMA_CODEC,
        selfcheck="lises.book.dilemma_check:dilemma_payload",
    ),
    ExerciseKind(
        "potentialer",
        "Potentialer",
        "De fem potentialer",
        "Placér eksempler og citater under LISES' fem potentialer.",
        Audience.LEARNER,
        pooled=True,
        codec=POTENTIAL_CODEC,
        selfcheck="lises.book.selfcheck:potential_payload",
    ),
    ExerciseKind(
        "importer",
        "Importér",
        "Importér en samtale",
        "Til vidensmægleren: gør teamets egen udskrift til et uddrag.",
        Audience.BROKER,
    ),
    ExerciseKind(
        "annoter",
        "Annotér",
        "Lav ekspertnøglen",
        "Til vidensmægleren: markér meningsytringer i et importeret uddrag.",
        Audience.BROKER,
    ),
    ExerciseKind(
        "laan-et-oere",
        "Lån et øre",
        "Lån et øre",
        "Sammenlign to kollegers kodning af samme samtale.",
        Audience.BROKER,
    ),
)
BY_NAME = {kind.name: kind for kind in KINDS}


def kind(name: str) -> ExerciseKind:
    """The exercise kind called ``name``; :class:`LookupError` for any other name."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise LookupError(f"ingen øvelse hedder {name!r}") from None


def pages(audience: Audience) -> tuple[str, ...]:
    """The names of the pages for ``audience``, in the registry's order."""
    return tuple(k.name for k in KINDS if k.audience == audience)


def self_checks() -> tuple[ExerciseKind, ...]:
    """The kinds the book renders as a static self-check."""
    return tuple(k for k in KINDS if k.selfcheck is not None)


def kernel_pools(pool: int) -> dict[str, dict[str, int]]:
    """``VoilaKernelManager.kernel_pools_config``: ``pool`` kernels per pooled page, none else."""
    return {"default": {"pool_size": 0}} | {
        k.notebook: {"pool_size": pool} for k in KINDS if k.pooled
    }


def decode_answer(exercise: str, step: object, value: object) -> DecodedAnswer | None:
    """One stored answer of ``exercise`` decoded, or ``None`` if it is unknown or malformed."""
    found = BY_NAME.get(exercise) if isinstance(exercise, str) else None
    if found is None or found.codec is None:
        return None
    return found.codec.parse_answer(step, value)
