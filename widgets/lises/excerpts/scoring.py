"""Scoring a learner's coding of an excerpt against the expert key: pure functions, frozen results.

How utterance coding is scored in motivational-interviewing research: every coded item is
compared with an expert key, and agreement is reported as Cohen's kappa, read with the bands of
Landis & Koch (1977).  Here the items are the excerpt's citizen turns and each gets one code:
no meaning-utterance, or a meaning-utterance with what the next professional turn did with it
(the response codes of :mod:`lises.excerpts.responses`).  Marking alone (is there an
utterance?) is also scored as detection: hits, misses, false alarms, precision, recall and F1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .model import Excerpt, Response
from .responses import NONE_CODE as NONE_CODE  # the modules that score take it from here

#: Landis & Koch (1977) bands above zero, upper bound inclusive, in Danish words.
KAPPA_BANDS: tuple[tuple[float, str], ...] = (
    (0.20, "svag"),
    (0.40, "rimelig"),
    (0.60, "moderat"),
    (0.80, "betydelig"),
    (1.0, "næsten perfekt"),
)
#: The band of a kappa below zero (less agreement than chance), and of one that is undefined.
BAND_BELOW_CHANCE = "ringe"
BAND_UNDEFINED = "kan ikke beregnes"


class Outcome(StrEnum):
    """How the learner's marking of one citizen turn compares with the key."""

    HIT = "ramt"
    MISS = "overset"
    FALSE_ALARM = "falsk alarm"
    CORRECT_REJECTION = "korrekt afvist"


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa for two raters' codes of the same items.

    Returns ``None`` when kappa is undefined: no items, or both raters used one and the same
    code for every item (expected agreement is 1, so kappa is 0/0).
    """
    if len(first) != len(second):
        raise ValueError("begge kodninger skal have lige mange enheder")
    n = len(first)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    counts_a, counts_b = Counter(first), Counter(second)
    expected = sum(counts_a[c] * counts_b[c] for c in counts_a.keys() | counts_b.keys()) / (n * n)
    if expected == 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def kappa_band(kappa: float | None) -> str:
    """The Landis & Koch band of ``kappa`` in Danish words."""
    if kappa is None:
        return BAND_UNDEFINED
    if kappa < 0:
        return BAND_BELOW_CHANCE
    for upper, word in KAPPA_BANDS:
        if kappa <= upper + 1e-12:
            return word
    return KAPPA_BANDS[-1][1]


def kappa_note(measures: str, separator: str = ": ", closing: str = "") -> str:
    """The note under a kappa (plain text): what it measures, its scale and the bands.

    The exercise's feedback and the Lån et øre comparison say the same thing in their own
    words: ``measures`` follows "Kappa måler" with its own leading space or comma (what is
    compared with what), ``separator`` ends
    the first sentence and ``closing`` is an optional last sentence.
    """
    bands = ", ".join([BAND_BELOW_CHANCE, *(word for _, word in KAPPA_BANDS)])
    text = (
        f"Kappa måler{measures}, når man trækker den enighed fra, som ville opstå ved et "
        f"tilfælde{separator}1 er fuld enighed, 0 er ikke bedre end tilfældet. Båndene er "
        f"Landis og Kochs: {bands}."
    )
    return f"{text} {closing}" if closing else text


@dataclass(frozen=True)
class Detection:
    """Marking scored as detection of meaning-utterances."""

    hits: int
    misses: int
    false_alarms: int
    correct_rejections: int

    @property
    def precision(self) -> float | None:
        marked = self.hits + self.false_alarms
        return self.hits / marked if marked else None

    @property
    def recall(self) -> float | None:
        present = self.hits + self.misses
        return self.hits / present if present else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall; ``None`` if there was nothing to find and
        nothing was marked, 0 if one of them is 0."""
        denominator = 2 * self.hits + self.misses + self.false_alarms
        return 2 * self.hits / denominator if denominator else None


@dataclass(frozen=True)
class TurnScore:
    """One citizen turn: the key's code, the learner's code and what that means."""

    turn: int
    key_code: str
    learner_code: str
    outcome: Outcome

    @property
    def agrees(self) -> bool:
        return self.key_code == self.learner_code


@dataclass(frozen=True)
class Score:
    """The learner's whole coding of one excerpt compared with the key."""

    turns: tuple[TurnScore, ...]
    detection: Detection
    kappa: float | None
    band: str
    percent_agreement: float | None
    classified_right: int
    """Hits where the learner also judged the professional's response as the key does."""

    @property
    def hits(self) -> int:
        return self.detection.hits


def key_codes(excerpt: Excerpt) -> dict[int, str]:
    """The expert code of every citizen turn."""
    keyed = excerpt.key_by_turn
    return {
        n: (keyed[n].response.value if n in keyed else NONE_CODE) for n in excerpt.citizen_turns
    }


def learner_codes(excerpt: Excerpt, marks: Mapping[int, Response | None]) -> dict[int, str]:
    """The learner's code of every citizen turn.

    ``marks`` maps a citizen turn the learner marked to the response they judged (``None`` if
    they marked it but gave no judgement, which counts as a marked turn with a wrong response).
    Turns that are not citizen turns are ignored.
    """
    codes = {}
    for n in excerpt.citizen_turns:
        if n not in marks:
            codes[n] = NONE_CODE
        else:
            response = marks[n]
            codes[n] = Response(response).value if response is not None else "markeret"
    return codes


def outcome(key_code: str, learner_code: str) -> Outcome:
    keyed, marked = key_code != NONE_CODE, learner_code != NONE_CODE
    if keyed and marked:
        return Outcome.HIT
    if keyed:
        return Outcome.MISS
    if marked:
        return Outcome.FALSE_ALARM
    return Outcome.CORRECT_REJECTION


def score(excerpt: Excerpt, marks: Mapping[int, Response | None]) -> Score:
    """Compare a learner's marks with the excerpt's key."""
    key = key_codes(excerpt)
    learner = learner_codes(excerpt, marks)
    turns = tuple(
        TurnScore(n, key[n], learner[n], outcome(key[n], learner[n])) for n in sorted(key)
    )
    outcomes = Counter(t.outcome for t in turns)
    detection = Detection(
        hits=outcomes[Outcome.HIT],
        misses=outcomes[Outcome.MISS],
        false_alarms=outcomes[Outcome.FALSE_ALARM],
        correct_rejections=outcomes[Outcome.CORRECT_REJECTION],
    )
    key_list = [t.key_code for t in turns]
    learner_list = [t.learner_code for t in turns]
    kappa = cohen_kappa(key_list, learner_list)
    agreement = sum(t.agrees for t in turns) / len(turns) if turns else None
    return Score(
        turns=turns,
        detection=detection,
        kappa=kappa,
        band=kappa_band(kappa),
        percent_agreement=agreement,
        classified_right=sum(t.outcome == Outcome.HIT and t.agrees for t in turns),
    )
