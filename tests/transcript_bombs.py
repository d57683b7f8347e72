"""Bad Word and Excel transcripts built on the fly: zip bombs, entity bombs, huge sheets.

The big ones are made in a temporary folder by each test (never committed); the small ones in
``fixtures/bad_transcripts`` were made with :func:`write_small_fixtures` and are committed, one
bad file per failure.  Every file is otherwise a valid transcript of two speakers, so that only
the one problem it is built for can refuse it.  ``python tests/transcript_bombs.py FOLDER``
writes the big ones for a measurement by hand.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"

TURNS = [("S", "Goddag, hvad vil du tale om?"), ("B", "Om praktikken."), ("S", "Fortæl.")]
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document_xml(body: str, doctype: str = "") -> bytes:
    """A Word main document part around ``body`` (paragraphs), with an optional DOCTYPE."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def docx_bytes(document: bytes | None = None, *, chunks: int = 0, chunk: bytes = b"") -> bytes:
    """A minimal .docx; ``chunks`` copies of ``chunk`` are streamed into the body (a bomb)."""
    if document is None:
        document = document_xml("".join(_paragraph(f"{s}: {t}") for s, t in TURNS))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        if not chunks:
            archive.writestr("word/document.xml", document)
        else:
            head, tail = document.split(b"<w:body>")
            with archive.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head + b"<w:body>")
                for _ in range(chunks):
                    part.write(chunk)
                part.write(tail)
    return buffer.getvalue()


def docx_zip_bomb(megabytes: int) -> bytes:
    """A valid .docx whose document part inflates to about ``megabytes`` MB of paragraphs."""
    chunk = ("".join(_paragraph(f"{s}: {t}") for s, t in TURNS) * 100).encode()
    return docx_bytes(document_xml(""), chunks=megabytes * 1_000_000 // len(chunk), chunk=chunk)


def docx_lying(megabytes: int) -> bytes:
    """A .docx whose document part says it inflates to 1,000 bytes but holds ``megabytes`` MB."""
    data = bytearray(docx_zip_bomb(megabytes))
    # the size as the central directory (offset 24) and the local header (offset 22) state it
    central = data.rfind(b"PK\x01\x02")
    local = data.rfind(b"PK\x03\x04")
    for offset in (central + 24, local + 22):
        data[offset : offset + 4] = (1000).to_bytes(4, "little")
    return bytes(data)


def xlsx_bytes(
    rows: list[list[str]] | None = None, *, row_count: int = 0, doctype: str = "", pad: int = 0
) -> bytes:
    """A minimal .xlsx with inline strings: ``rows``, or ``row_count`` alternating turns.

    ``pad`` adds that many bytes of spaces inside each turn's cell (they compress to nothing),
    to build a zip bomb that is otherwise a valid sheet.
    """
    rows = [["taler", "tekst"], *[list(t) for t in TURNS]] if rows is None else rows
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S}" xmlns:r="{R}">'
            '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(
                f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet xmlns="{S}">'
                "<sheetData>".encode()
            )
            for number, row in enumerate(rows, start=1):
                part.write(_row(number, row, pad if number > 1 else 0))
            for number in range(len(rows) + 1, len(rows) + 1 + row_count):
                speaker, text = TURNS[number % 2]
                part.write(_row(number, [speaker, f"{text} ({number})"], pad))
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def _row(number: int, cells: list[str], pad: int) -> bytes:
    out = []
    for column, value in zip("ABCDEFGH", cells, strict=False):
        text = value + " " * pad if column == "B" else value
        out.append(f'<c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c>')
    return f'<row r="{number}">{"".join(out)}</row>'.encode()


def xlsx_zip_bomb(megabytes: int) -> bytes:
    """A valid .xlsx of three turns whose sheet inflates to about ``megabytes`` MB."""
    return xlsx_bytes(pad=megabytes * 1_000_000 // 3)


def write_small_fixtures(folder: Path) -> None:
    """The small committed fixtures that need a zip (one problem each)."""
    valid_docx, valid_xlsx = docx_bytes(), xlsx_bytes()
    body = "".join(_paragraph(f"{s}: {t}") for s, t in TURNS)
    files = {
        "afkortet.docx": valid_docx[: len(valid_docx) // 2],
        "afkortet.xlsx": valid_xlsx[: len(valid_xlsx) // 2],
        "entitetsbombe.docx": docx_bytes(document_xml(body + _paragraph("B: &lol9;"), LAUGHS)),
        "entitetsbombe.xlsx": xlsx_bytes(
            [["taler", "tekst"], ["S", "Hej."], ["B", "&lol9;"]], doctype=LAUGHS
        ),
        "xxe.docx": docx_bytes(document_xml(body + _paragraph("B: &xxe;"), XXE)),
        "xml-fejl.docx": docx_bytes(document_xml(body + "<w:p><w:r>")),
        "kolonner-mangler.xlsx": xlsx_bytes([["hvem", "hvad"], ["S", "Hej."], ["B", "Hej."]]),
        "gammelt-format.docx": bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504,
        "regneark.docx": valid_xlsx,
        "tom.docx": b"",
        "forkert-tegnsaet.csv": "taler;tekst\nS;Goddag.\nB;Jeg vil arbejde på en gård.\n".encode(
            "cp1252"
        ),
        "kun-ukendte-koder.txt": b"X: Goddag.\nY: Hej.\nX: Hvordan g\xc3\xa5r det?\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    (out / "zipbombe.docx").write_bytes(docx_zip_bomb(420))
    (out / "zipbombe.xlsx").write_bytes(xlsx_zip_bomb(420))
    (out / "raekker.xlsx").write_bytes(xlsx_bytes(row_count=100_000))
    write_small_fixtures(out)
