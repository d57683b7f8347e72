"""Turns as read from a transcript, with their places, counted against the limits as they come.

A reader hands every line, paragraph or row to a :class:`TurnCollector` with its place
(``linje 7``, ``afsnit 3``, ``række 4``); the collector builds :class:`RawTurn` objects, collects
the problems in Danish, and stops the reading at the first row, turn or character beyond
:mod:`lises.transcripts.limits`, so that a huge file is never read to its end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import Problem, TranscriptError
from .limits import MAX_LINES, MAX_TOTAL_CHARS, MAX_TURN_CHARS, MAX_TURNS, number

# Something that looks like a speaker code before a colon ("VK:", "S1 :"), known or not.  Only
# upper-case codes count, so an ordinary "Okay: så gør vi det" continues the turn.
PREFIX = re.compile(r"^\s*([A-ZÆØÅ][A-ZÆØÅ0-9]{0,3})\s*:\s?(.*)$", re.DOTALL)
# Enough problems to show what is wrong; a file with thousands (every line's code unknown) is
# not read further and does not fill the page.
MAX_PROBLEMS = 20


@dataclass
class RawTurn:
    """One turn as read: the speaker code and its text pieces with their places."""

    speaker: str
    pieces: list[tuple[str, str]] = field(default_factory=list)  # (place, text)

    @property
    def place(self) -> str:
        return self.pieces[0][0]


class TurnCollector:
    """Builds turns from (place, speaker or None, text) rows; None continues the last turn.

    Counts every row (``unit``: linjer, afsnit or rækker), turn and character as it goes and
    stops the reading with a :class:`TranscriptError` at the first one beyond the limits.
    """

    def __init__(self, codes: dict[str, str], name: str, unit: str):
        self.codes = codes  # upper-cased code or label -> code
        self.name, self.unit = name, unit
        self.known = ", ".join(dict.fromkeys(codes.values()))
        self.turns: list[RawTurn] = []
        self.problems: list[Problem] = []
        self.unknown: dict[str, str] = {}  # unknown code -> its first place
        self.rows = self.chars = self.turn_chars = self.unknown_problems = 0

    def add(self, place: str, speaker: str | None, text: str) -> None:
        self.rows += 1
        if self.rows > MAX_LINES:
            self._stop(
                place,
                f"udskriften har over {number(MAX_LINES)} {self.unit}; vælg et "
                "kortere uddrag af samtalen",
            )
        text = text.strip()
        if speaker is None:
            if not text:
                return
            if not self.turns:
                self._problem(place, "teksten står før første talerkode (skriv fx 'S:' foran)")
                return
            self.turns[-1].pieces.append((place, text))
            self._count(place, len(text) + 1)  # pieces are joined by one space
            return
        written = speaker.strip()
        code = self.codes.get(written.rstrip(":").strip().upper())
        if code is None:
            self.unknown.setdefault(shown(written), place)
            self._problem(
                place,
                f"talerkoden '{shown(written)}' er ikke kendt (kendte: {self.known})",
                unknown_code=True,
            )
            return
        if not text:
            self._problem(place, f"turen fra '{code}' har ingen tekst")
            return
        if len(self.turns) == MAX_TURNS:
            self._stop(
                f"{place}, tur {MAX_TURNS + 1}",
                f"udskriften har over {MAX_TURNS} ture (højst {MAX_TURNS}); del samtalen op "
                "i flere uddrag",
            )
        self.turns.append(RawTurn(code, [(place, text)]))
        self.turn_chars = 0
        self._count(place, len(text))

    def add_cells(self, place: str, speaker: str, text: str) -> None:
        """A row of a table or sheet: a blank speaker cell continues the turn."""
        self.add(place, speaker if speaker.strip() else None, text)

    def add_line(self, place: str, line: str) -> None:
        match = PREFIX.match(line)
        if match:
            self.add(place, match.group(1), match.group(2))
        else:
            self.add(place, None, line)

    def _count(self, place: str, length: int) -> None:
        self.turn_chars += length
        self.chars += length
        where = f"{place}, tur {len(self.turns)}"
        if self.turn_chars > MAX_TURN_CHARS:
            self._stop(
                where,
                f"turen har over {number(MAX_TURN_CHARS)} tegn (her {number(self.turn_chars)}); "
                "del den op i flere ture, eller forkort den",
            )
        if self.chars > MAX_TOTAL_CHARS:
            self._stop(
                where,
                f"udskriften har over {number(MAX_TOTAL_CHARS)} tegn tekst; vælg "
                "et kortere uddrag af samtalen",
            )

    def _problem(self, place: str, message: str, unknown_code: bool = False) -> None:
        self.problems.append(Problem(place, message))
        self.unknown_problems += unknown_code
        if len(self.problems) > MAX_PROBLEMS:
            if self._all_unknown():
                raise TranscriptError(self.name, self.report())
            self._stop("", f"der er flere end {MAX_PROBLEMS} problemer; ret dem ovenfor først")

    def _stop(self, place: str, message: str):
        raise TranscriptError(self.name, [*self.report()[:MAX_PROBLEMS], Problem(place, message)])

    def _all_unknown(self) -> bool:
        return not self.turns and 0 < self.unknown_problems == len(self.problems)

    def report(self) -> list[Problem]:
        """The problems found; when no code in the file was known, one line that says so."""
        if not self._all_unknown():
            return self.problems
        (first, place), found = next(iter(self.unknown.items())), ", ".join(self.unknown)
        return [
            Problem(
                place,
                f"ingen af filens talerkoder er kendte (i filen: {found}; kendte: {self.known}); "
                f"angiv filens koder som talerkoder, fx {first}=borger:Borger",
            )
        ]

    def finish(self) -> list[RawTurn]:
        """The turns read, or every problem found; a conversation needs two speakers."""
        if self.problems:
            raise TranscriptError(self.name, self.report())
        if not self.turns:
            raise TranscriptError(self.name, [Problem("", "filen indeholder ingen ture")])
        speakers = list(dict.fromkeys(turn.speaker for turn in self.turns))
        if len(speakers) < 2:
            raise TranscriptError(
                self.name,
                [
                    Problem(
                        "", f"samtalen har kun én taler ({speakers[0]}); der skal være mindst to"
                    )
                ],
            )
        return self.turns


def shown(text: str, limit: int = 30) -> str:
    """The file's own text in a message, cut short: a cell may hold a whole document."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
