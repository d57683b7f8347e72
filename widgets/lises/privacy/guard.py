"""A privacy guard for imported transcripts: personal data is refused, probable names are flagged.

Before a knowledge broker's transcript is saved, every turn is searched for

- **refusals** (never saved): CPR numbers, Danish phone numbers, e-mail addresses (also spelled
  out), street addresses and postcode with town; the patterns are in
  :mod:`lises.privacy.patterns`;
- **warnings** (saved only when the broker accepts them): probable personal names, judged by
  :mod:`lises.privacy.names` from a first-name list with Danish frequencies (gender-guesser),
  surname patterns, the sentence position, and hunspell's Danish dictionary (``hunspell -d
  da_DK``) for words that are not Danish.  Without hunspell every capitalised word inside a
  sentence is flagged, and the report says so.

The same patterns check workshop nicknames (:func:`lises.privacy.pseudonyms.check_nickname`) and
free text a learner types (:func:`free_text_problem`).  The guard is a help to pseudonymise, not a
guarantee: it cannot see a nickname, an unusual spelling or a detail that identifies someone by
itself.  All functions are pure apart from asking hunspell; findings are frozen.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from lises.core import paths

from .names import (
    Candidate,
    candidates,
    could_be_a_name,
    danish_first_names,
    dictionary_questions,
    is_name,
)
from .patterns import Kind, personal_data, plausible_cpr

__all__ = [
    "MESSAGES",
    "REFUSED",
    "Finding",
    "Kind",
    "Passage",
    "Report",
    "candidate_names",
    "check",
    "course_words",
    "free_text_problem",
    "hunspell_unknown",
    "personal_data",
    "plausible_cpr",
]

REFUSED = frozenset(Kind) - {Kind.NAVN}
MESSAGES = {
    Kind.CPR: "ligner et CPR-nummer. Slet det: et uddrag må aldrig indeholde CPR-numre",
    Kind.TELEFON: "ligner et telefonnummer. Slet det eller erstat det med fx '[telefon]'",
    Kind.EMAIL: "er en e-mailadresse. Slet den eller erstat den med fx '[e-mail]'",
    Kind.ADRESSE: "ligner en adresse. Erstat den med fx '[adresse]'",
    Kind.POSTNUMMER: "ligner postnummer og by. Erstat det med fx '[by]'",
    Kind.NAVN: "er måske et navn. Erstat det med et pseudonym eller en rolle, fx '[borgerens "
    "datter]', eller bekræft, at det ikke er en person",
}
# What a learner's free-text answer must never hold, and how the refusal names it.
FREE_TEXT_KINDS = {
    Kind.CPR: "et CPR-nummer",
    Kind.TELEFON: "et telefonnummer",
    Kind.EMAIL: "en e-mailadresse",
}
# Without hunspell: capitalised words a transcript may use that are not people.
FALLBACK_ALLOWED = frozenset(
    "Danmark Jobcenter Jobcentret Jobcentrets Kommune Kommunen STU FGU Netto Føtex".split()  # noqa: SIM905
)
WORD_LISTS = paths.WORD_LISTS


@dataclass(frozen=True)
class Passage:
    """A text to check: a turn (``turn`` is its number) or a field such as the title.

    ``places`` gives, for offsets into ``text``, where that part came from: ((0, "linje 3"),
    (40, "linje 4")) means that from offset 40 on the text is from line 4.
    """

    text: str
    places: tuple[tuple[int, str], ...]
    turn: int | None = None

    def place_at(self, offset: int) -> str:
        return [place for start, place in self.places if start <= offset][-1]


@dataclass(frozen=True)
class Finding:
    """One thing found: its kind, where, the text itself and a Danish message."""

    kind: Kind
    place: str
    turn: int | None
    text: str

    @property
    def refused(self) -> bool:
        return self.kind in REFUSED

    @property
    def where(self) -> str:
        return f"{self.place}, tur {self.turn}" if self.turn else self.place

    @property
    def message(self) -> str:
        return f"{self.where}: '{self.text}' {MESSAGES[self.kind]}"


@dataclass(frozen=True)
class Report:
    """Everything the guard found, and whether the dictionary and the name list were used."""

    findings: tuple[Finding, ...]
    hunspell_used: bool
    names_listed: bool = True

    @property
    def refusals(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.refused)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.refused)

    def may_save(self, accept_names: bool) -> bool:
        """True when nothing is refused and any name warnings have been accepted."""
        return not self.refusals and (accept_names or not self.warnings)

    @property
    def note(self) -> str:
        notes = []
        if not self.hunspell_used:
            notes.append(
                "Stavekontrollen hunspell med dansk ordbog blev ikke fundet, så alle ord med stort "
                "begyndelsesbogstav inde i en sætning er markeret som mulige navne."
            )
        if not self.names_listed:
            notes.append(
                "Navnelisten (Python-pakken gender-guesser) blev ikke fundet, så fornavne skrevet "
                "med lille begyndelsesbogstav findes ikke."
            )
        return " ".join(notes)


def candidate_names(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[str, int, bool]]:
    """Words outside ``taken`` spans that might be names, as (word, start, sentence-initial)."""
    return [(c.word, c.start, c.initial) for c in candidates(text, taken)]


def free_text_problem(text: str) -> str | None:
    """A Danish refusal when ``text`` holds a CPR number, phone number or e-mail, else None.

    For answers a learner types (pause replies, reasons): names and places are allowed there,
    since a reply may well address "borgeren" by a made-up name.
    """
    kinds = [kind for kind, _, _ in personal_data(text) if kind in FREE_TEXT_KINDS]
    if not kinds:
        return None
    return (
        f"Dit svar er ikke gemt: det indeholder noget, der ligner {FREE_TEXT_KINDS[kinds[0]]}. "
        "Skriv aldrig CPR-numre, telefonnumre eller e-mailadresser i dine svar. Ret teksten i "
        "feltet, og gem igen."
    )


def course_words() -> frozenset[str]:
    """The course's own word lists (``book/_ord/*.txt``) when they are present."""
    words: set[str] = set()
    if WORD_LISTS.is_dir():
        for path in sorted(WORD_LISTS.glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    words.add(line.strip().split("/")[0])
    return frozenset(words)


def hunspell_unknown(words: Iterable[str]) -> set[str] | None:
    """The words hunspell's Danish dictionary does not know, or None without hunspell."""
    words = sorted(set(words))
    if shutil.which("hunspell") is None:
        return None
    if not words:
        return set()
    try:
        result = subprocess.run(
            ["hunspell", "-d", "da_DK", "-i", "utf-8", "-l"],
            input="\n".join(words),
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return set(result.stdout.split())


def check(
    passages: Sequence[Passage],
    unknown: Callable[[Iterable[str]], set[str] | None] = hunspell_unknown,
    allowed: frozenset[str] | None = None,
) -> Report:
    """Check every passage for personal data and probable names.

    Parameters
    ----------
    passages : sequence of Passage
        The turns (and the title, setting and summary) with the places their parts came from.
    unknown : callable, optional
        Returns the words the Danish dictionary does not know, or None without a dictionary;
        by default :func:`hunspell_unknown`.
    allowed : frozenset of str, optional
        Words that are never names; by default the course's word lists (:func:`course_words`).

    Returns
    -------
    Report
        Every finding in text order, and whether the dictionary was used.
    """
    allowed = course_words() if allowed is None else allowed
    allowed = frozenset(w for w in allowed if not could_be_a_name(w))
    found: list[tuple[int, int, Finding]] = []  # (passage index, offset, finding): text order
    waiting: list[tuple[int, Passage, Candidate]] = []
    for index, passage in enumerate(passages):
        data = personal_data(passage.text)
        for kind, start, end in data:
            finding = Finding(kind, passage.place_at(start), passage.turn, passage.text[start:end])
            found.append((index, start, finding))
        spans = [(s, e) for _, s, e in data]
        waiting.extend((index, passage, c) for c in candidates(passage.text, spans, allowed))
    missing = unknown(dictionary_questions(c for *_, c in waiting))
    for index, passage, candidate in waiting:
        if missing is None and candidate.word in FALLBACK_ALLOWED:
            continue
        if is_name(candidate, missing):
            place = passage.place_at(candidate.start)
            finding = Finding(Kind.NAVN, place, passage.turn, candidate.word)
            found.append((index, candidate.start, finding))
    found.sort(key=lambda item: item[:2])
    return Report(
        tuple(f for *_, f in found),
        hunspell_used=missing is not None,
        names_listed=bool(danish_first_names()),
    )
