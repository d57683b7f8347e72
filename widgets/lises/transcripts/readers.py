"""Read a transcript (.txt, .docx, .csv, .xlsx) into speaker turns, each piece with its place.

Every reader returns :class:`RawTurn` objects: the speaker code and the turn's text as pieces,
each piece with the place it came from (``linje 7``, ``afsnit 3``, ``række 4``), so that the
privacy guard and the error messages can point the knowledge broker at the exact spot in their
own file.  Problems are collected (:class:`~lises.transcripts.turns.TurnCollector`), not raised
one by one, and reported together as a :class:`TranscriptError` in Danish.  Sizes are checked
before anything is parsed and while reading (:mod:`lises.transcripts.limits`): a file beyond
them is refused at the first line, row or turn too many, and never read to its end.  Any error
inside python-docx, openpyxl or csv becomes a Danish message too.  Nothing here writes files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from .errors import Problem, TranscriptError
from .limits import KINDS, MAX_TURN_CHARS, check_size, check_zip, number
from .turns import RawTurn, TurnCollector, shown

__all__ = ["SUFFIXES", "Problem", "RawTurn", "TranscriptError", "read_turns"]

SUFFIXES = (".txt", ".docx", ".csv", ".xlsx")
SPEAKER_HEADERS = ("taler", "speaker")
TEXT_HEADERS = ("tekst", "text")
# A transcript sheet has a few columns; reading at most this many keeps a sheet that declares
# 16,384 columns from padding every row to that width.
MAX_COLUMNS = 26


def read_text(data: bytes, name: str, codes: dict[str, str]) -> list[RawTurn]:
    """A plain-text transcript: ``S: …`` lines; a line without a code continues the turn."""
    collector = TurnCollector(codes, name, "linjer")
    for number_, line in enumerate(_decode(data, name).splitlines(), start=1):
        collector.add_line(f"linje {number_}", line)
    return collector.finish()


def read_docx(data: bytes, name: str, codes: dict[str, str]) -> list[RawTurn]:
    """A Word document: a two-column table (taler | tekst), or one paragraph per turn."""
    import docx  # python-docx; imported here so the trainer never loads it

    check_zip(data, name, ".docx")
    document = docx.Document(io.BytesIO(data))
    tables = [t for t in document.tables if len(t.columns) >= 2]
    if tables:
        collector = TurnCollector(codes, name, "tabelrækker")
        for t, table in enumerate(tables, start=1):
            for r, row in enumerate(table.rows, start=1):
                cells = [cell.text for cell in row.cells] + ["", ""]  # a row may lack cells
                if r == 1 and _is_header(cells[0], cells[1]):
                    continue
                collector.add_cells(f"tabel {t}, række {r}", cells[0], cells[1])
    else:
        collector = TurnCollector(codes, name, "afsnit")
        for number_, paragraph in enumerate(document.paragraphs, start=1):
            collector.add_line(f"afsnit {number_}", paragraph.text)
    return collector.finish()


def read_csv(data: bytes, name: str, codes: dict[str, str]) -> list[RawTurn]:
    """A CSV file in UTF-8 with columns taler (speaker) and tekst (text); ';' or ','."""
    text = _decode(data, name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if ";" in text.split("\n", 1)[0] else ","
    return _read_rows(_csv_rows(text, delimiter, name), name, codes)


def _csv_rows(text: str, delimiter: str, name: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    row = 0
    while True:
        row += 1
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # csv refuses a field over 131,072 characters before any turn limit is reached
            problem = (
                f"feltet har over {number(csv.field_size_limit())} tegn; en tur må højst have "
                f"{number(MAX_TURN_CHARS)}"
                if "field limit" in str(error)
                else "rækken kan ikke læses som CSV (tjek anførselstegnene)"
            )
            raise TranscriptError(name, [Problem(f"række {row}", problem)]) from None


def read_xlsx(data: bytes, name: str, codes: dict[str, str]) -> list[RawTurn]:
    """An Excel workbook (.xlsx): the first sheet, columns taler (speaker) and tekst (text)."""
    import openpyxl

    check_zip(data, name, ".xlsx")
    # read_only streams the sheet row by row: only the rows up to a limit are ever parsed
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            raise TranscriptError(name, [Problem("", "regnearket har intet ark med celler")])
        rows = (
            ["" if v is None else str(v) for v in row]
            for row in workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)
        )
        return _read_rows(rows, name, codes)
    finally:
        workbook.close()


def _read_rows(rows: Iterable[list[str]], name: str, codes: dict[str, str]) -> list[RawTurn]:
    # Rows are numbered as the spreadsheet program shows them: the header is row 1.
    rows = iter(rows)
    first = next(rows, [])
    if not any(cell.strip() for cell in first):
        raise TranscriptError(name, [Problem("", "filen er tom")])
    header = [cell.strip().lower() for cell in first]
    missing = [
        f"'{names[0]}' (eller '{names[1]}')"
        for names in (SPEAKER_HEADERS, TEXT_HEADERS)
        if not any(n in header for n in names)
    ]
    if missing:
        found = ", ".join(f"'{shown(c)}'" for c in first[:10] if c.strip()) or "ingen"
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
    collector = TurnCollector(codes, name, "rækker")
    for number_, row in enumerate(rows, start=2):
        speaker = row[s] if s < len(row) else ""
        text = row[t] if t < len(row) else ""
        collector.add_cells(f"række {number_}", speaker, text)
    return collector.finish()


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


READERS = {".txt": read_text, ".docx": read_docx, ".csv": read_csv, ".xlsx": read_xlsx}
# What went wrong inside python-docx, openpyxl or zipfile, by the exception's class name (the
# classes live in libraries imported only when needed); anything else is named by its class.
CAUSES = {
    "XMLSyntaxError": "XML-indholdet er beskadiget",
    "ParseError": "XML-indholdet er beskadiget",
    "KeyError": "en del af filen mangler",
    "BadZipFile": "filen er beskadiget (en del kan ikke pakkes ud)",
    "EOFError": "filen er afkortet",
    "error": "filen er beskadiget (en del kan ikke pakkes ud)",
    "MemoryError": "filen er for stor at læse",
    "RecursionError": "filen er for indviklet at læse",
}


def read_turns(data: bytes, name: str, codes: dict[str, str]) -> list[RawTurn]:
    """Read a transcript by its file name's ending; ``codes`` maps code or label to code.

    Raises
    ------
    TranscriptError
        For every problem, including a file too big, a zip or entity bomb, and any error
        inside python-docx, openpyxl or csv: a Danish message naming the file, never a
        traceback.
    """
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    reader = READERS.get(suffix)
    if reader is None:
        raise TranscriptError(
            name,
            [Problem("", f"filtypen kendes ikke (brug {', '.join(SUFFIXES)})")],
        )
    check_size(len(data), name)
    if not data.strip():
        raise TranscriptError(name, [Problem("", "filen er tom")])
    try:
        return reader(data, name, codes)
    except TranscriptError:
        raise
    except Exception as error:  # a library's own error must never reach the user as a traceback
        cause = CAUSES.get(
            type(error).__name__, f"den er måske beskadiget ({type(error).__name__})"
        )
        raise TranscriptError(
            name, [Problem("", f"filen kan ikke læses som {KINDS[suffix]}: {cause}")]
        ) from None
