"""How big a transcript may be, and the checks made before any of it is parsed.

A transcript becomes an excerpt for the catching exercise: a short stretch of a conversation
read turn by turn.  The course's own excerpts (``data/excerpts/``) have 7 to 16 turns, at most
313 characters in a turn and at most 1,685 characters in all.  The limits below leave ten times
that room and more, and still refuse at once the files that would cost seconds and hundreds of
megabytes on every later load of the trainer (a 100,000-row sheet), or gigabytes while reading
(a .docx that inflates from 1.6 MB to 420 MB, an XML entity bomb).

Word and Excel files are zip archives of XML parts: :func:`check_zip` looks at the archive's
table of contents (the sizes the parts say they inflate to) before it inflates anything, then
reads every part once to refuse XML entity declarations and to count paragraphs or rows, all
before python-docx or openpyxl parses anything.  :mod:`zipfile` never inflates a part beyond
the size its table of contents declares (a part that lies fails its checksum), so the declared
sizes bound what the checks and the readers can be made to unpack.
"""

from __future__ import annotations

import io
import re
import zipfile
from itertools import islice

import defusedxml
import defusedxml.ElementTree as SafeTree

from .errors import Problem, TranscriptError


def number(value: int) -> str:
    """``100000`` -> ``"100.000"``: Danish digit grouping for messages."""
    return f"{value:,}".replace(",", ".")


def megabytes(value: int) -> str:
    """``1_630_214`` -> ``"1,6 MB"``."""
    return f"{value / 1_000_000:.1f}".replace(".", ",") + " MB"


# A recorded conversation excerpt worth catching is minutes long: 200 turns is 12 times the
# longest course excerpt (16) and about 20-30 minutes of talk.
MAX_TURNS = 200
# 3,000 characters is about 500 words or 3-4 minutes of one person talking without a break;
# the course's longest turn has 313.  A longer "turn" is a missing speaker code or a pasted
# document, not something a learner reads at the pace of the exercise.
MAX_TURN_CHARS = 3_000
# An hour of talk transcribed is about 50,000 characters (130 words a minute, 6 characters a
# word); 100,000 is two hours, 60 times the longest course excerpt, and still a file the
# trainer loads in milliseconds.
MAX_TOTAL_CHARS = 100_000
# Lines, paragraphs or rows read, blank ones and continuation lines included: 100,000
# characters hard-wrapped at 60 characters a line is 1,700 lines, plus a blank line between
# turns; 5,000 leaves room for very short lines and stops a 100,000-row sheet after 5,001 rows.
MAX_LINES = 5_000
# The import page already took at most 5 MB; a Word file of 100,000 characters is about
# 100 kB, so 5 MB leaves room for a logo or an embedded font.  The same limit for every format.
MAX_FILE_BYTES = 5_000_000
# What the parts of a .docx or .xlsx may inflate to in all: the XML of a transcript at the
# limits above is at most a few MB (Word splits text into runs of about 100 bytes' markup), and
# pictures and fonts are already compressed.  20 MB parses in python-docx in well under a second.
MAX_UNZIPPED_BYTES = 20_000_000
# Office XML compresses about 5-20 times; a part larger than 1 MB that inflates more than 100
# times is made to inflate (repeated filler), not written by Word or Excel.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1_000_000
# A .docx has about a dozen parts; thousands of them only make the table of contents costly.
MAX_PARTS = 1_000
# python-docx makes a Python object of every paragraph, and openpyxl reads every row of every
# sheet once just to open a sheet that does not state its size: both are counted in the raw XML
# before either library runs.  A table row holds at least two paragraphs (one a cell).
COUNTED = {
    ".docx": (
        re.compile(rb"<(?:[\w.-]+:)?p[\s/>]"),
        3 * MAX_LINES,
        f"dokumentet har over {number(3 * MAX_LINES)} afsnit",
    ),
    ".xlsx": (
        re.compile(rb"<(?:[\w.-]+:)?row[\s/>]"),
        MAX_LINES + 1,
        f"regnearket har over {number(MAX_LINES + 1)} rækker",
    ),
}
KINDS = {
    ".txt": "en tekstfil",
    ".docx": "et Word-dokument",
    ".csv": "en CSV-fil",
    ".xlsx": "et Excel-regneark",
}
MAIN_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
ROW_NUMBER = re.compile(rb"[^>]*?\sr=\"(\d{1,7})\"")


def check_size(size: int, name: str) -> None:
    """Refuse a file larger than :data:`MAX_FILE_BYTES` (``size`` in bytes)."""
    if size > MAX_FILE_BYTES:
        raise TranscriptError(
            name,
            [
                Problem(
                    "",
                    f"filen er for stor ({megabytes(size)}; højst {megabytes(MAX_FILE_BYTES)}); "
                    "et uddrag er et kort stykke af en samtale",
                )
            ],
        )


def check_zip(data: bytes, name: str, suffix: str) -> None:
    """Refuse a .docx or .xlsx that is no zip, inflates too much or declares XML entities.

    Parameters
    ----------
    data : bytes
        The file's content (at most :data:`MAX_FILE_BYTES`).
    name : str
        The file's name, for the messages.
    suffix : str
        ``".docx"`` or ``".xlsx"``: what the file should be, and what to count in it.

    Raises
    ------
    TranscriptError
        With the part (``delen 'word/document.xml'``) where there is one, in Danish.
    """

    def refuse(place: str, message: str) -> TranscriptError:
        return TranscriptError(name, [Problem(place, message)])

    unreadable = f"filen kan ikke læses som {KINDS[suffix]}"
    if data.startswith(bytes.fromhex("d0cf11e0a1b11ae1")):  # an OLE file: old format or locked
        raise refuse(
            "",
            f"{unreadable}: den er beskyttet med adgangskode eller gemt i det gamle format "
            "(.doc/.xls); gem den igen uden adgangskode som .docx eller .xlsx",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if data.startswith(b"PK"):
            raise refuse("", f"{unreadable}: filen er afkortet eller beskadiget") from None
        raise refuse(
            "",
            f"{unreadable}: den er ikke en rigtig {suffix}-fil (en {suffix}-fil er en zip-fil); "
            f"åbn den, og gem den igen som {suffix}",
        ) from None
    with archive:
        parts = archive.infolist()
        names = {part.filename for part in parts}
        other = ".xlsx" if suffix == ".docx" else ".docx"
        if MAIN_PARTS[other] in names and MAIN_PARTS[suffix] not in names:
            raise refuse(
                "",
                f"{unreadable}: den er {KINDS[other]} med endelsen {suffix}; omdøb den til {other}",
            )
        if len(parts) > MAX_PARTS:
            raise refuse("", f"filen har {number(len(parts))} dele (højst {number(MAX_PARTS)})")
        total = sum(part.file_size for part in parts)
        if total > MAX_UNZIPPED_BYTES:
            raise refuse(
                "",
                f"filen pakker sig ud til {megabytes(total)} (højst "
                f"{megabytes(MAX_UNZIPPED_BYTES)}); en udskrift fylder langt mindre, så filen "
                "læses ikke (den kan være lavet til at fylde maskinen op)",
            )
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
                raise refuse(
                    f"delen '{part.filename}'",
                    f"delen pakker sig ud til {number(int(ratio))} gange sin størrelse "
                    f"(højst {MAX_RATIO}); Word og Excel skriver ikke sådan en fil, så den læses "
                    "ikke",
                )
        pattern, limit, what = COUNTED[suffix]
        found = 0
        for part in parts:
            place = f"delen '{part.filename}'"
            try:
                content = archive.read(part)
            except Exception:  # a bad checksum, a cut-off part, an unknown compression
                raise refuse(place, f"{unreadable}: filen er beskadiget") from None
            if _declares_entities(content):
                raise refuse(
                    place,
                    "XML-delen erklærer entiteter (<!ENTITY …>), som Word og Excel aldrig "
                    "skriver: filen kan være lavet til at fylde maskinen op eller læse andre "
                    "filer, så den læses ikke",
                )
            for match in islice(pattern.finditer(content), limit + 1 - found):
                found += 1
                if found > limit:
                    # a row says its number (r="5002"); a paragraph does not
                    row = ROW_NUMBER.match(content, match.end() - 1)
                    where = f"række {number(int(row.group(1)))}" if row else ""
                    raise refuse(
                        where,
                        f"{what}; et uddrag er et kort stykke af en samtale "
                        f"(højst {MAX_TURNS} ture)",
                    )


def _declares_entities(content: bytes) -> bool:
    """Whether an XML part declares entities (an entity bomb or an external entity).

    An XML document can declare entities only in its DOCTYPE, before the root element, so
    parsing up to the first element is enough: defusedxml's parser raises at any entity
    declaration there.  A part expat cannot read at all (a picture, or XML in an encoding
    expat lacks but libxml2 has) is searched for a declaration instead, so that python-docx's
    libxml2 never sees one.
    """
    try:
        for _event, _element in SafeTree.iterparse(io.BytesIO(content), events=("start",)):
            return False
    except defusedxml.DefusedXmlException:
        return True
    except Exception:  # not XML that expat reads (ParseError, LookupError, ...)
        pass
    # UTF-16 and UTF-32 put NUL bytes between ASCII letters: drop them before searching
    return b"<!ENTITY" in content.replace(b"\0", b"").upper()
