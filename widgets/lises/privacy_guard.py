"""A privacy guard for imported transcripts: personal data is refused, probable names are flagged.

Before a knowledge broker's transcript is saved, every turn is searched for

- **refusals** (never saved): CPR numbers (``DDMMYY-XXXX``/``DDMMYYXXXX`` with a real date),
  Danish phone numbers, e-mail addresses, street addresses (``Ringvej 12, 3. tv``) and postcode
  with town (``9000 Aalborg``);
- **warnings** (saved only when the broker accepts them): probable personal names, i.e.
  capitalised words that Danish does not use as ordinary words.  Names are looked up with
  hunspell and Debian's Danish dictionary (``hunspell -d da_DK``): a word whose lower-case form
  is not a Danish word is probably a name.  The dictionary itself lists many first names and
  surnames, which is why the lower-case form is asked (and why the commonest names, whose
  lower-case forms happen to be words, are listed here).  Without hunspell every capitalised word
  inside a sentence is flagged, and the report says so.

The guard is a help to pseudonymise, not a guarantee: it cannot see a nickname, an unusual
spelling or a detail that identifies someone by itself.  All functions are pure apart from
asking hunspell; findings are frozen.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    CPR = "cpr"
    TELEFON = "telefon"
    EMAIL = "e-mail"
    ADRESSE = "adresse"
    POSTNUMMER = "postnummer og by"
    NAVN = "navn"


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
STREET_ENDINGS = "vej|gade|allé|alle|stræde|plads|vænget|vænge|torv|boulevard|parken"
PATTERNS = {
    # Ten digits, or six and four with a dash or a space; the date is checked afterwards.
    Kind.CPR: re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})[-‐– ]?\d{4}(?![\d-])"),
    Kind.EMAIL: re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"),
    # Eight digits, alone or in pairs or fours, optionally after +45 or 0045.
    Kind.TELEFON: re.compile(
        r"(?<![\d+])(?:(?:\+|00)45[ -]?)?\d\d(?:\d{6}|(?:[ -]\d\d){3}|\d\d[ -]\d{4})(?![\d-])"
    ),
    Kind.ADRESSE: re.compile(
        r"(?:[A-ZÆØÅ][\w.'-]*\s){0,3}(?:[A-ZÆØÅ][\w'-]*?(?i:" + STREET_ENDINGS + r")"
        r"|(?<=\s)(?:" + STREET_ENDINGS.title() + r"))"
        r"\s+\d{1,4}[A-Za-z]?(?![\d])(?:,?\s+(?:\d{1,2}\.|st\.?|kl\.?)(?:\s*(?:tv|th|mf)\b\.?)?)?"
    ),
    Kind.POSTNUMMER: re.compile(r"(?<![\d,.])[1-9]\d{3}\s+[A-ZÆØÅ][a-zæøåé]+(?:[ -][A-ZÆØÅ]\w*)?"),
}
WORD = re.compile(r"\b[A-ZÆØÅ][a-zæøåéüöä]+(?:-[A-ZÆØÅ][a-zæøåéüöä]+)*\b")
SENTENCE_END = re.compile(r"(?:^|[.!?…])[\s\"'“”„»«(\[–—-]*$")
# The commonest Danish surnames and first names whose lower-case forms hunspell accepts as words.
COMMON_NAMES = frozenset(
    "hansen pedersen andersen christensen larsen sørensen jørgensen madsen kristensen olsen "  # noqa: SIM905
    "thomsen poulsen johansen møller mortensen petersen jens mads lotte karin hans bo "
    "per søren niels jan kim lene helle inge ida max".split()
)
# Without hunspell: capitalised words a transcript may use that are not people.
FALLBACK_ALLOWED = frozenset(
    "Danmark Jobcenter Jobcentret Jobcentrets Kommune Kommunen STU FGU Netto Føtex".split()  # noqa: SIM905
)
WORD_LISTS = Path(__file__).resolve().parents[2] / "book" / "_ord"


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
    """Everything the guard found, and whether the dictionary was used for names."""

    findings: tuple[Finding, ...]
    hunspell_used: bool

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
        if self.hunspell_used:
            return ""
        return (
            "Stavekontrollen hunspell med dansk ordbog blev ikke fundet, så alle ord med stort "
            "begyndelsesbogstav inde i en sætning er markeret som mulige navne."
        )


def plausible_cpr(day: str, month: str, year: str) -> bool:
    """True when DDMMYY is a real date in some century (the 7th digit is not checked)."""
    for century in (1900, 2000):
        try:
            date(century + int(year), int(month), int(day))
            return True
        except ValueError:
            continue
    return False


def personal_data(text: str) -> list[tuple[Kind, int, int]]:
    """Refused data in ``text`` as (kind, start, end), without overlaps, in text order."""
    found: list[tuple[Kind, int, int]] = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            if kind == Kind.CPR and not plausible_cpr(*match.groups()):
                continue
            start, end = match.span()
            if not any(start < e and s < end for _, s, e in found):
                found.append((kind, start, end))
    return sorted(found, key=lambda item: item[1])


def candidate_names(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[str, int, bool]]:
    """Capitalised words outside ``taken`` spans as (word, start, sentence-initial)."""
    out = []
    for match in WORD.finditer(text):
        start = match.start()
        if any(s <= start < e for s, e in taken):
            continue
        out.append((match.group(), start, bool(SENTENCE_END.search(text[:start]))))
    return out


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
    allowed = allowed - {w.capitalize() for w in COMMON_NAMES}
    found: list[tuple[int, int, Finding]] = []  # (passage index, offset, finding): text order
    candidates: list[tuple[int, Passage, str, int, bool]] = []
    for index, passage in enumerate(passages):
        data = personal_data(passage.text)
        for kind, start, end in data:
            finding = Finding(kind, passage.place_at(start), passage.turn, passage.text[start:end])
            found.append((index, start, finding))
        spans = [(s, e) for _, s, e in data]
        for word, start, initial in candidate_names(passage.text, spans):
            if word not in allowed:
                candidates.append((index, passage, word, start, initial))
    words = {w for *_, word, _, _ in candidates for w in (word, word.lower())}
    missing = unknown(words)
    for index, passage, word, start, initial in candidates:
        lower = word.lower()
        if lower in COMMON_NAMES:
            name = True
        elif missing is None:
            name = not initial and word not in FALLBACK_ALLOWED
        elif initial:
            # At a sentence start only a word the dictionary knows as a name is flagged, so
            # fillers such as "Øhm" are not.
            name = lower in missing and word not in missing
        else:
            name = lower in missing
        if name:
            finding = Finding(Kind.NAVN, passage.place_at(start), passage.turn, word)
            found.append((index, start, finding))
    found.sort(key=lambda item: item[:2])
    return Report(tuple(f for *_, f in found), hunspell_used=missing is not None)
