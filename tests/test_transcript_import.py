"""Importing a knowledge broker's transcript: every format, every bad file, and safe saving.

Word and Excel files are made by the tests themselves (python-docx, openpyxl); text and CSV are
written here too.  Each file in ``fixtures/bad_transcripts`` has exactly one problem and is
listed in ``BAD_FILES`` with the message it must give.
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
import yaml

from lises.excerpts.files import default_excerpt_dir, load_excerpt, load_excerpts
from lises.excerpts.model import Origin, Role
from lises.transcripts.importer import (
    ImportOptions,
    ImportRefused,
    Speaker,
    check_transcript,
    import_transcript,
    parse_speaker,
    save,
    slugify,
)
from lises.transcripts.readers import TranscriptError

FIXTURES = Path(__file__).parent / "fixtures"
BAD_DIR = FIXTURES / "bad_transcripts"
OPTIONS = ImportOptions(id="egen-samtale", title="Samtalen om dyr")
TURNS = [
    ("S", "Goddag, hvad vil du gerne tale om i dag?"),
    ("B", "Jeg har tænkt på, om jeg kunne arbejde med dyr – især køer og får."),
    ("S", "Lad os først se på din aktivitetsplan."),
    ("B", "Øhm, okay. Men dyrene betyder meget for mig."),
]

BAD_FILES = {
    "taler-ukendt.txt": "taler-ukendt.txt, linje 3: talerkoden 'X' er ikke kendt (kendte: S, B)",
    "tom.txt": "tom.txt: filen er tom",
    "kun-overskrift.csv": "kun-overskrift.csv: filen indeholder ingen ture",
    "en-taler.txt": "en-taler.txt: samtalen har kun én taler (S); der skal være mindst to",
    "tekst-foer-kode.txt": "tekst-foer-kode.txt, linje 1: teksten står før første talerkode",
    "tur-uden-tekst.txt": "tur-uden-tekst.txt, linje 2: turen fra 'B' har ingen tekst",
    "ikke-utf8.txt": "ikke-utf8.txt, linje 2: filen er ikke gemt som UTF-8",
    "kolonne-mangler.csv": "kolonne-mangler.csv, række 1: kolonnen 'tekst' (eller 'text') mangler "
    "(fundne kolonner: 'taler', 'replik')",
    "taler-ukendt.csv": "taler-ukendt.csv, række 3: talerkoden 'X' er ikke kendt (kendte: S, B)",
    "ukendt-filtype.rtf": "ukendt-filtype.rtf: filtypen kendes ikke (brug .txt, .docx, .csv, "
    ".xlsx)",
    "oedelagt.docx": "oedelagt.docx: filen kan ikke læses som et Word-dokument",
    "oedelagt.xlsx": "oedelagt.xlsx: filen kan ikke læses som et Excel-regneark: den er ikke en "
    "rigtig .xlsx-fil",
    # Word and Excel files that python-docx or openpyxl would have failed on with a traceback,
    # or read although they must not be read (made by transcript_bombs.write_small_fixtures)
    "afkortet.docx": "afkortet.docx: filen kan ikke læses som et Word-dokument: filen er afkortet",
    "afkortet.xlsx": "afkortet.xlsx: filen kan ikke læses som et Excel-regneark: filen er afkortet",
    "entitetsbombe.docx": "entitetsbombe.docx, delen 'word/document.xml': XML-delen erklærer "
    "entiteter",
    "entitetsbombe.xlsx": "entitetsbombe.xlsx, delen 'xl/worksheets/sheet1.xml': XML-delen "
    "erklærer entiteter",
    "xxe.docx": "xxe.docx, delen 'word/document.xml': XML-delen erklærer entiteter",
    "xml-fejl.docx": "xml-fejl.docx: filen kan ikke læses som et Word-dokument: XML-indholdet er "
    "beskadiget",
    "gammelt-format.docx": "gammelt-format.docx: filen kan ikke læses som et Word-dokument: den er "
    "beskyttet med adgangskode eller gemt i det gamle format",
    "regneark.docx": "regneark.docx: filen kan ikke læses som et Word-dokument: den er et "
    "Excel-regneark med endelsen .docx; omdøb den til .xlsx",
    "kolonner-mangler.xlsx": "kolonner-mangler.xlsx, række 1: kolonnen 'taler' (eller 'speaker') "
    "og 'tekst' (eller 'text') mangler (fundne kolonner: 'hvem', 'hvad')",
    "forkert-tegnsaet.csv": "forkert-tegnsaet.csv, linje 3: filen er ikke gemt som UTF-8",
    "kun-ukendte-koder.txt": "kun-ukendte-koder.txt, linje 1: ingen af filens talerkoder er kendte "
    "(i filen: X, Y; kendte: S, B)",
    "tom.docx": "tom.docx: filen er tom",
}


def _texts(excerpt) -> list[tuple[str, str]]:
    return [(t.speaker, t.text) for t in excerpt.turns]


def _import(path: Path, options: ImportOptions = OPTIONS):
    return check_transcript(path.read_bytes(), path.name, options)


def test_plain_text_with_continuation_lines_and_blank_lines(tmp_path):
    path = tmp_path / "samtale.txt"
    path.write_text(
        "S: Goddag, hvad vil du gerne tale om i dag?\n\n"
        "B:Jeg har tænkt på, om jeg kunne arbejde med dyr –\n"
        "især køer og får.\n"
        "S :  Lad os først se på din aktivitetsplan.\n"
        "B: Øhm, okay. Men dyrene betyder meget for mig.\n",
        encoding="utf-8",
    )
    checked = _import(path)
    assert _texts(checked.excerpt) == TURNS
    assert checked.report.findings == ()
    excerpt = checked.excerpt
    assert excerpt.origin == Origin.IMPORTERET and excerpt.constructed is False
    assert excerpt.key == [] and excerpt.pauses == []
    assert [p.id for p in excerpt.participants] == ["S", "B"]


def test_configured_prefixes_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "trepart.txt"
    path.write_bytes(
        "\ufeffVK: Velkommen til virksomheden.\nB: Tak, jeg glæder mig.\nS: Godt.\n".encode()
    )
    speakers = (
        parse_speaker("VK=virksomhedskonsulent:Virksomhedskonsulent"),
        parse_speaker("S=sagsbehandler"),
        parse_speaker("B=borger:Borgeren"),
    )
    checked = _import(path, ImportOptions(id="trepart", title="Trepart", speakers=speakers))
    assert [t.speaker for t in checked.excerpt.turns] == ["VK", "B", "S"]
    assert checked.excerpt.participant("S").label == "Sagsbehandler"
    assert checked.excerpt.participant("B").label == "Borgeren"
    assert checked.excerpt.role_of("VK") == Role.VIRKSOMHEDSKONSULENT


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("S", "skal skrives som KODE=rolle:Navn"),
        ("s=borger", "skal skrives som KODE=rolle:Navn"),
        ("S=chef", "rollen 'chef' for 'S' kendes ikke"),
    ],
)
def test_a_speaker_written_wrongly_is_explained(spec, message):
    with pytest.raises(ValueError, match=message):
        parse_speaker(spec)


def test_word_document_one_paragraph_per_turn(tmp_path):
    document = docx.Document()
    for speaker, text in TURNS:
        document.add_paragraph(f"{speaker}: {text}")
    document.add_paragraph("")
    path = tmp_path / "samtale.docx"
    document.save(path)
    assert _texts(_import(path).excerpt) == TURNS


def test_word_document_table_with_header_and_labels(tmp_path):
    document = docx.Document()
    document.add_paragraph("Udskrift af samtale")  # paragraphs around a table are not turns
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Taler", "Tekst"
    for speaker, text in TURNS:
        row = table.add_row()
        row.cells[0].text = "Borger" if speaker == "B" else f"{speaker}:"
        row.cells[1].text = text
    path = tmp_path / "tabel.docx"
    document.save(path)
    assert _texts(_import(path).excerpt) == TURNS


def test_word_document_problem_names_the_table_row(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for speaker, text in [("S", "Goddag."), ("Q", "Hej.")]:
        row = table.add_row()
        row.cells[0].text, row.cells[1].text = speaker, text
    path = tmp_path / "tabel.docx"
    document.save(path)
    with pytest.raises(TranscriptError, match=r"tabel.docx, tabel 1, række 2: talerkoden 'Q'"):
        _import(path)


@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_with_either_delimiter_and_danish_or_english_headers(tmp_path, delimiter):
    header = "taler;tekst" if delimiter == ";" else "speaker,text"
    lines = [header] + [f'{s}{delimiter}"{t}"' for s, t in TURNS]
    path = tmp_path / "samtale.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _texts(_import(path).excerpt) == TURNS


def test_excel_workbook(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Nr", "Taler", "Tekst"])
    for number, (speaker, text) in enumerate(TURNS, start=1):
        sheet.append([number, speaker, text])
    sheet.append([None, None, None])
    path = tmp_path / "samtale.xlsx"
    workbook.save(path)
    assert _texts(_import(path).excerpt) == TURNS


def test_excel_missing_column_is_named(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Hvem", "Tekst"])
    workbook.active.append(["S", "Goddag."])
    path = tmp_path / "samtale.xlsx"
    workbook.save(path)
    with pytest.raises(TranscriptError, match=r"række 1: kolonnen 'taler' \(eller 'speaker'\)"):
        _import(path)


def test_every_bad_fixture_is_listed():
    assert sorted(p.name for p in BAD_DIR.iterdir()) == sorted(BAD_FILES)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_transcript_gets_a_danish_message_naming_the_place(name):
    with pytest.raises(TranscriptError) as caught:
        _import(BAD_DIR / name)
    assert BAD_FILES[name] in str(caught.value)


def test_a_conversation_without_a_citizen_is_refused_by_the_excerpt_check(tmp_path):
    path = tmp_path / "kolleger.txt"
    path.write_text("S: Hej.\nM: Hej med dig.\n", encoding="utf-8")
    speakers = (parse_speaker("S=sagsbehandler"), parse_speaker("M=mentor"))
    with pytest.raises(TranscriptError, match="ingen deltager har rollen 'borger'"):
        _import(path, ImportOptions(id="kolleger", title="Kolleger", speakers=speakers))


def test_a_bad_id_is_reported_like_a_course_file():
    with pytest.raises(TranscriptError, match="felt 'id': må kun indeholde små bogstaver"):
        check_transcript(b"S: Hej.\nB: Hej.\n", "a.txt", ImportOptions("Mit Id", "T"))


@pytest.mark.parametrize("excerpt", load_excerpts().values(), ids=lambda e: e.id)
def test_course_excerpts_pass_untouched(excerpt):
    """The course's own turns, written as a transcript, import byte for byte and clean."""
    text = "\n".join(f"{t.speaker}: {t.text}" for t in excerpt.turns)
    speakers = tuple(Speaker(p.id, p.role, p.label) for p in excerpt.participants)
    options = ImportOptions(id=f"kopi-{excerpt.id}", title=excerpt.title, speakers=speakers)
    checked = check_transcript(text.encode(), f"{excerpt.id}.txt", options)
    assert [t.text.encode() for t in checked.excerpt.turns] == [
        t.text.encode() for t in excerpt.turns
    ]
    assert checked.report.findings == ()


def test_slugify_makes_an_id_from_a_danish_title():
    assert slugify("Mødet om Praktik på Åen!") == "moedet-om-praktik-paa-aaen"


# -- saving ----------------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


CLEAN = "S: Goddag.\nB: Jeg vil gerne arbejde med dyr.\nS: Fortæl mere.\n".encode()
WITH_CPR = "S: Goddag.\nB: Mit CPR-nummer er 120380-1234.\nS: Det skal ikke stå her.\n".encode()
WITH_NAME = "S: Goddag.\nB: Min nabo Birgitte hjælper mig.\nS: Fortæl mere.\n".encode()


def test_a_clean_transcript_is_written_whole_and_loads_as_imported(tmp_path):
    path, report = import_transcript(CLEAN, "a.txt", OPTIONS, tmp_path)
    assert path == tmp_path / "egen-samtale.yaml" and report.findings == ()
    assert [p.name for p in tmp_path.iterdir()] == ["egen-samtale.yaml"]  # no temporary file
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Importeret samtale:") and "IKKE kursusmateriale" in text
    assert yaml.safe_load(text)["origin"] == "importeret"
    excerpt = load_excerpt(path)
    assert excerpt.constructed is False and excerpt.turns[1].text.endswith("dyr.")
    assert set(load_excerpts(default_excerpt_dir(), tmp_path)) >= {"egen-samtale", "praktikken"}


def test_the_default_folder_is_the_knowledge_brokers(monkeypatch, tmp_path):
    monkeypatch.setenv("LISES_LOCAL_DIR", str(tmp_path / "mine"))
    path, _ = import_transcript(CLEAN, "a.txt", OPTIONS)
    assert path == tmp_path / "mine" / "uddrag" / "egen-samtale.yaml"


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        (WITH_CPR, {"accept_names": True, "overwrite": True}, "personoplysninger"),
        (WITH_NAME, {}, "bekræft først"),
        (CLEAN, {}, "findes allerede et uddrag med id'et 'egen-samtale'"),
    ],
    ids=["cpr", "navn-ikke-bekraeftet", "findes-allerede"],
)
def test_a_refused_import_leaves_the_folder_exactly_as_it_was(tmp_path, data, kwargs, message):
    existing = tmp_path / "egen-samtale.yaml"
    existing.write_text("# kollegaens uddrag, som ikke må gå tabt\n", encoding="utf-8")
    (tmp_path / "andet.yaml").write_text("noget andet\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    with pytest.raises(ImportRefused, match=message):
        import_transcript(data, "a.txt", OPTIONS, tmp_path, **kwargs)
    assert _snapshot(tmp_path) == before


def test_a_refused_import_creates_no_folder(tmp_path):
    with pytest.raises(ImportRefused):
        import_transcript(WITH_CPR, "a.txt", OPTIONS, tmp_path / "ny")
    assert not (tmp_path / "ny").exists()


def test_names_are_saved_only_when_accepted(tmp_path):
    checked = check_transcript(WITH_NAME, "a.txt", OPTIONS)
    assert [f.text for f in checked.report.warnings] == ["Birgitte"]
    with pytest.raises(ImportRefused):
        save(checked, tmp_path)
    assert save(checked, tmp_path, accept_names=True).is_file()


def test_overwrite_replaces_only_when_asked(tmp_path):
    first, _ = import_transcript(CLEAN, "a.txt", OPTIONS, tmp_path)
    changed = CLEAN.replace(b"dyr", b"heste")
    with pytest.raises(ImportRefused):
        import_transcript(changed, "a.txt", OPTIONS, tmp_path)
    assert "dyr." in first.read_text(encoding="utf-8")
    import_transcript(changed, "a.txt", OPTIONS, tmp_path, overwrite=True)
    assert "heste." in first.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["egen-samtale.yaml"]


def test_a_course_excerpts_id_is_refused(tmp_path):
    options = ImportOptions(id="praktikken", title="Min praktik")
    with pytest.raises(ImportRefused, match="bruges af et af kursets uddrag"):
        import_transcript(CLEAN, "a.txt", options, tmp_path, overwrite=True)
    assert _snapshot(tmp_path) == {}
