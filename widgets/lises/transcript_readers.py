"""Read a transcript (.txt, .docx, .csv, .xlsx) into speaker turns, each piece with its place.

Every reader returns :class:`RawTurn` objects: the speaker code and the turn's text as pieces,
each piece with the place it came from (``linje 7``, ``afsnit 3``, ``række 4``), so that the
privacy guard and the error messages can point the knowledge broker at the exact spot in their
own file.  Problems are collected, not raised one by one, and reported together as a
:class:`TranscriptError` in Danish.  Nothing here writes files.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

SUFFIXES = (".txt", ".docx", ".csv", ".xlsx")
SPEAKER_HEADERS = ("taler", "speaker")
TEXT_HEADERS = ("tekst", "text")
# Something that looks like a speaker code before a colon ("VK:", "S1 :"), known or not.  Only
# upper-case codes count, so an ordinary "Okay: så gør vi det" continues the turn.
PREFIX = re.compile(r"^\s*([A-ZÆØÅ][A-ZÆØÅ0-9]{0,3})\s*:\s?(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    """One problem in the knowledge broker's file: where (may be empty) and what."""

    place: str
    message: str


class TranscriptError(ValueError):
    """A transcript that cannot be imported; ``problems`` says where and what, in Danish."""

    def __init__(self, name: str, problems: Iterable[Problem]):
        self.name = name
        self.problems = list(problems)
        super().__init__(
            "\n".join(
                f"{name}, {p.place}: {p.message}" if p.place else f"{name}: {p.message}"
                for p in self.problems
            )
        )


@dataclass
class RawTurn:
    """One turn as read: the speaker code and its text pieces with their places."""

    speaker: str
    pieces: list[tuple[str, str]] = field(default_factory=list)  # (place, text)

    @property
    def place(self) -> str:
        return self.pieces[0][0]


class _Collector:
    """Builds turns from (place, speaker or None, text) rows; None continues the last turn."""

    def __init__(self, codes: dict[str, str]):
        self.codes = codes  # upper-cased code or label -> code
        self.known = ", ".join(dict.fromkeys(codes.values()))
        self.turns: list[RawTurn] = []
        self.problems: list[Problem] = []

    def add(self, place: str, speaker: str | None, text: str) -> None:
        text = text.strip()
        if speaker is None:
            if not text:
                return
            if not self.turns:
                self.problems.append(
                    Problem(place, "teksten står før første talerkode (skriv fx 'S:' foran)")
                )
                return
            self.turns[-1].pieces.append((place, text))
            return
        code = self.codes.get(speaker.strip().rstrip(":").strip().upper())
        if code is None:
            self.problems.append(
                Problem(
                    place,
                    f"talerkoden '{speaker.strip()}' er ikke kendt (kendte: {self.known})",
                )
            )
            return
        if not text:
            self.problems.append(Problem(place, f"turen fra '{code}' har ingen tekst"))
            return
        self.turns.append(RawTurn(code, [(place, text)]))

    def add_line(self, place: str, line: str) -> None:
        match = PREFIX.match(line)
        if match:
            self.add(place, match.group(1), match.group(2))
        else:
            self.add(place, None, line)


def read_text(data: bytes, name: str, codes: dict[str, str]) -> list[RawTurn]:
    """A plain-text transcript: ``S: …`` lines; a line without a code continues the turn."""
    collector = _Collector(codes)
    for number, line in enumerate(_decode(data, name).splitlines(), start=1):
        collector.add_line(f"linje {number}", line)
    return _finish(collector, name)


def read_docx(data: bytes, name: str, codes: dict[str, str]) -> list[RawTurn]:
    """A Word document: a two-column table (taler | tekst), or one paragraph per turn."""
    import docx  # python-docx; imported here so the trainer never loads it

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise TranscriptError(
            name, [Problem("", "filen kan ikke læses som et Word-dokument")]
        ) from None
    collector = _Collector(codes)
    tables = [t for t in document.tables if len(t.columns) >= 2]
    if tables:
        for t, table in enumerate(tables, start=1):
            for r, row in enumerate(table.rows, start=1):
                cells = [cell.text for cell in row.cells]
                if r == 1 and _is_header(cells[0], cells[1]):
                    continue
                _add_cells(collector, f"tabel {t}, række {r}", cells[0], cells[1])
    else:
        for number, paragraph in enumerate(document.paragraphs, start=1):
            collector.add_line(f"afsnit {number}", paragraph.text)
    return _finish(collector, name)


def read_csv(data: bytes, name: str, codes: dict[str, str]) -> list[RawTurn]:
    """A CSV file in UTF-8 with columns taler (speaker) and tekst (text); ';' or ','."""
    text = _decode(data, name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if ";" in text.split("\n", 1)[0] else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return _read_rows(rows, name, codes)


def read_xlsx(data: bytes, name: str, codes: dict[str, str]) -> list[RawTurn]:
    """An Excel workbook (.xlsx): the first sheet, columns taler (speaker) and tekst (text)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TranscriptError(
            name, [Problem("", "filen kan ikke læses som et Excel-regneark")]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()
    return _read_rows(rows, name, codes)


def _read_rows(rows: list[list[str]], name: str, codes: dict[str, str]) -> list[RawTurn]:
    # Rows are numbered as the spreadsheet program shows them: the header is row 1.
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise TranscriptError(name, [Problem("", "filen er tom")])
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [
        f"'{names[0]}' (eller '{names[1]}')"
        for names in (SPEAKER_HEADERS, TEXT_HEADERS)
        if not any(n in header for n in names)
    ]
    if missing:
        found = ", ".join(f"'{c}'" for c in rows[0] if c.strip()) or "ingen"
        raise TranscriptError(
            name,
            [
                Problem(
                    "række 1",
                    f"kolonnen {' og '.join(missing)} mangler (fundne kolonner: {found})",
                )
            ],
        )
    s = next(header.index(n) for n in SPEAKER_HEADERS if n in header)
    t = next(header.index(n) for n in TEXT_HEADERS if n in header)
    collector = _Collector(codes)
    for number, row in enumerate(rows[1:], start=2):
        speaker = row[s] if s < len(row) else ""
        text = row[t] if t < len(row) else ""
        _add_cells(collector, f"række {number}", speaker, text)
    return _finish(collector, name)


def _add_cells(collector: _Collector, place: str, speaker: str, text: str) -> None:
    if speaker.strip() or text.strip():
        collector.add(place, speaker if speaker.strip() else None, text)


def _is_header(speaker: str, text: str) -> bool:
    return speaker.strip().lower() in SPEAKER_HEADERS and text.strip().lower() in TEXT_HEADERS


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TranscriptError(
            name,
            [
                Problem(
                    f"linje {line}",
                    "filen er ikke gemt som UTF-8 (gem den igen og vælg tegnsættet UTF-8)",
                )
            ],
        ) from None


def _finish(collector: _Collector, name: str) -> list[RawTurn]:
    if collector.problems:
        raise TranscriptError(name, collector.problems)
    if not collector.turns:
        raise TranscriptError(name, [Problem("", "filen indeholder ingen ture")])
    speakers = list(dict.fromkeys(turn.speaker for turn in collector.turns))
    if len(speakers) < 2:
        raise TranscriptError(
            name,
            [Problem("", f"samtalen har kun én taler ({speakers[0]}); der skal være mindst to")],
        )
    return collector.turns


READERS = {".txt": read_text, ".docx": read_docx, ".csv": read_csv, ".xlsx": read_xlsx}


def read_turns(data: bytes, name: str, codes: dict[str, str]) -> list[RawTurn]:
    """Read a transcript by its file name's ending; ``codes`` maps code or label to code."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    reader = READERS.get(suffix)
    if reader is None:
        raise TranscriptError(
            name,
            [Problem("", f"filtypen kendes ikke (brug {', '.join(SUFFIXES)})")],
        )
    if not data.strip():
        raise TranscriptError(name, [Problem("", "filen er tom")])
    return reader(data, name, codes)
