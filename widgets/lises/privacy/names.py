"""Which words in a turn are probably people's names.

The first names come from a maintained list with Danish frequencies: Jörg Michael's
``nam_dict.txt`` as shipped by the PyPI package ``gender-guesser`` (GNU FDL).  Its Denmark
column gives a frequency from 1 (rare) to 13 for about 1,100 names; every name with a Danish
frequency is used (:data:`MIN_DANISH_FREQUENCY`), because a rare name identifies a person more
easily than a common one.  The file is read once, lazily, in about 0.1 s.

A name is judged in its place in the sentence:

- **inside a sentence, capitalised**: a first name from the list, a surname pattern (``-sen``,
  ``-søn``, ``-gaard``, ``-gård``, ``-strup``, ``-rup``), or a word whose lower-case form is not
  Danish (hunspell) is a name; towns, months and weekdays are not;
- **at a sentence start**: only a word that cannot be an ordinary word there, i.e. a listed
  first name that is not in :data:`ORDINARY_WORDS` ("Bo alene …", "Hans kone …", "Per uge …"),
  or a word the dictionary knows only capitalised;
- **in lower case** ("jeg snakkede med lone"): a listed first name that is not an ordinary word,
  or any non-Danish word right after ``hedder``, ``hr.``, ``min søn`` and the like.

Hunspell's Danish dictionary accepts many first names in lower case (``jens``, ``søren``), so it
cannot tell which names are also ordinary words: :data:`ORDINARY_WORDS` is that list, each word
with the meaning that makes it ordinary Danish.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .places import is_place

MIN_DANISH_FREQUENCY = 1
CONTEXT = 40  # characters before a word that can hold its cue or a sentence end
DENMARK_COLUMN = 30 + 16  # countries start in column 30; Denmark is the 17th (see the header)

# First names that are also everyday Danish words, and what the word means: the listed names
# that hunspell accepts in lower case, kept where the word is ordinary Danish ("jens" is not),
# and a few newer names (Ask, Lærke, Storm) that the 2008 list lacks.
ORDINARY_WORDS = {
    "agner": "avner, korn",
    "aksel": "hjulaksel",
    "alf": "alf, elverfolk",
    "alfa": "græsk bogstav",
    "andre": "de andre",
    "ane": "aner; at ane",
    "anemone": "blomst",
    "anker": "skibsanker",
    "arve": "at arve",
    "august": "måned",
    "bjørn": "dyret",
    "bo": "at bo; dødsbo",
    "dag": "en dag",
    "dan": "bydeform af danne",
    "ebbe": "lavvande",
    "ester": "kemisk forbindelse",
    "frank": "ligefrem",
    "frede": "at frede",
    "gro": "at gro",
    "gry": "at gry, daggry",
    "gyde": "smal gade",
    "hans": "stedord",
    "helle": "fladsten; fristed",
    "iris": "øjets regnbuehinde; blomst",
    "iver": "ivrighed",
    "jack": "stik",
    "kaj": "havnekaj",
    "karl": "landbrugskarl",
    "kim": "spire",
    "kit": "fugemasse",
    "kristen": "troende",
    "line": "reb; retning",
    "lise": "lindring",
    "liv": "livet",
    "lykke": "held",
    "maj": "måned",
    "malte": "maltet",
    "marina": "lystbådehavn",
    "mark": "dyrket jord",
    "max": "højst",
    "mejse": "fugl",
    "mille": "en million",
    "nette": "pæne",
    "nynne": "at nynne",
    "per": "pr.",
    "regner": "af at regne",
    "rene": "af ren",
    "rosa": "lyserød",
    "rose": "blomst",
    "rune": "skrifttegn",
    "sine": "stedord",
    "sten": "en sten",
    "stig": "bydeform af stige",
    "svend": "håndværkersvend",
    "tage": "at tage",
    "tom": "uden indhold",
    "tone": "lyd",
    "tue": "græstue",
    "uno": "kortspil",
    "urban": "bymæssig",
    "vibe": "fugl",
    "vig": "bugt",
    "viola": "instrument; blomst",
    "yde": "at yde",
    "ask": "træ",
    "birk": "træ",
    "lærke": "fugl",
    "ravn": "fugl",
    "storm": "blæst",
    "sol": "solen",
    "vilde": "af vild",
    "skov": "skoven",
    "dal": "en dal",
    "hav": "havet",
}
MONTHS_AND_DAYS = frozenset(
    "januar februar marts april maj juni juli august september oktober november december "  # noqa: SIM905
    "mandag tirsdag onsdag torsdag fredag lørdag søndag".split()
)
SURNAME = re.compile(r"(?:sen|søn|gaard|gård|strup|trup|rup)$")
RELATIONS = (
    "søn|datter|mand|kone|kæreste|ven|veninde|kammerat|nabo|bror|søster|lillebror|storebror|"
    "lillesøster|storesøster|mor|far|mormor|morfar|farmor|farfar|onkel|tante|fætter|kusine|"
    "barn|dreng|pige|svigermor|svigerfar|chef|leder|kollega|sagsbehandler|mentor|psykolog|"
    "læge|sygeplejerske|kontaktperson|rådgiver|ekskone|eksmand|partner|makker|plejemor|plejefar"
)
CUE = re.compile(
    r"(?:\b(?:hr|fru|frk|dr)\.?|\b(?:min|mit|mine|din|dit|hans|hendes|vores|jeres|deres)\s+"
    r"(?:" + RELATIONS + r")|\b(?:hedder|hed|kaldet|kaldes|sygeplejersken|lægen|"
    r"sagsbehandleren|psykologen|mentoren|læreren|pædagogen))[\s,]*$",
    re.IGNORECASE,
)
WORD = re.compile(r"(?<![\w@.-])[A-ZÆØÅa-zæøå][a-zæøåéüöäè]+(?:-[A-ZÆØÅa-zæøå][a-zæøåéüöäè]+)*\b")
ABBREVIATIONS = r"(?:hr|fr|frk|dr|nr|kl|ca|fx|mv|osv|evt|jf|st|tv|th|mf|pga|dvs|mht|vedr|tlf|ca)"
SENTENCE_END = re.compile(
    r"(?:^|(?<!\b" + ABBREVIATIONS[3:-1].replace("|", r")(?<!\b") + r")[.!?…:])"
    r"[\s\"'“”„»«(\[–—-]*$",
    re.IGNORECASE,
)


@cache
def danish_first_names() -> frozenset[str]:
    """First names with a Danish frequency in gender-guesser's list (empty if not installed)."""
    try:
        text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        return frozenset()
    names = set()
    for line in text.splitlines():
        # A '+' in column 30 marks a second spelling sorted with expanded umlauts: skip it.
        if line[:1] in "#=" or len(line) <= DENMARK_COLUMN or line[29] == "+":
            continue
        frequency = line[DENMARK_COLUMN]
        if frequency != " " and int(frequency, 16) >= MIN_DANISH_FREQUENCY:
            name = line[3:29].strip()
            if "+" not in name:
                names.add(name)
    return frozenset(names)


@dataclass(frozen=True)
class Candidate:
    """A word that might be a name: where it is, and what stands around it."""

    word: str
    start: int
    initial: bool  # first word of a sentence
    cue: bool  # right after "hedder", "hr.", "min søn" …

    @property
    def parts(self) -> list[str]:
        return [p.capitalize() for p in self.word.split("-")]

    @property
    def lower(self) -> bool:
        return self.word[0].islower()


def candidates(
    text: str, taken: Sequence[tuple[int, int]], allowed: frozenset[str] = frozenset()
) -> list[Candidate]:
    """Words outside ``taken`` spans that could be names (course words in ``allowed`` are not)."""
    names = danish_first_names()
    out = []
    for match in WORD.finditer(text):
        word, start = match.group(), match.start()
        if any(s <= start < e for s, e in taken) or word in allowed:
            continue
        # Only the last few words decide; searching the whole text before each word would make
        # a long passage quadratic.
        window = max(0, start - CONTEXT)
        cue = bool(CUE.search(text, window, start))
        if (
            word[0].islower()
            and not cue
            and not any(p.capitalize() in names for p in word.split("-"))
        ):
            continue
        initial = bool(SENTENCE_END.search(text, window, start))
        out.append(Candidate(word, start, initial, cue))
    return out


def dictionary_questions(found: Iterable[Candidate]) -> set[str]:
    """The words hunspell is asked about: each candidate and its lower-case form."""
    return {w for c in found for w in (c.word, c.word.lower())}


def could_be_a_name(word: str) -> bool:
    """True for a listed first name or a surname pattern: never allowed as a course word."""
    return word in danish_first_names() or bool(SURNAME.search(word.lower()))


def is_ordinary_word(word: str) -> bool:
    """True for a name that is also an everyday Danish word, a month or a weekday."""
    return word.lower() in ORDINARY_WORDS or word.lower() in MONTHS_AND_DAYS


def is_name(candidate: Candidate, missing: set[str] | None) -> bool:
    """Whether ``candidate`` is probably a name, given the words hunspell does not know.

    ``missing`` is None when hunspell is not installed.
    """
    word, lower = candidate.word, candidate.word.lower()
    names = danish_first_names()
    if is_place(word) or is_place(word.capitalize()) or lower in MONTHS_AND_DAYS:
        return False
    listed = any(p in names and not is_ordinary_word(p) for p in candidate.parts)
    not_danish = missing is not None and lower in missing
    if candidate.lower:
        return listed or (candidate.cue and not_danish)
    if candidate.cue:
        return True
    if candidate.initial:
        if is_ordinary_word(word):
            return False
        if listed:
            return True
        # Only a word the dictionary knows capitalised, so fillers such as "Øhm" are not.
        return not_danish and word not in missing  # type: ignore[operator]
    if listed or any(p in names for p in candidate.parts) or SURNAME.search(lower):
        return True
    if missing is None:
        return True  # without a dictionary every capitalised word inside a sentence is flagged
    return not_danish
