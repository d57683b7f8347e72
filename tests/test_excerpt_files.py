"""Loading excerpt files: the course's own load, and a bad file gets a message an author can use.

Each file in ``fixtures/bad_excerpts`` is a small copy of a valid excerpt with exactly one problem.
``BAD_FILES`` says what the message for it must contain: the place (``tur 3``), the field and the
Danish message.  A fixture without an entry fails :func:`test_every_bad_fixture_is_listed`, so a
new bad file can never go untested.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import typing
from pathlib import Path
from typing import NamedTuple

import pytest
from pydantic_core.core_schema import ErrorType

from lises.core import safe_yaml
from lises.core.data_messages import message_da
from lises.excerpts import files as excerpt_files
from lises.excerpts.files import (
    EXCERPT_SUFFIXES,
    ExcerptFileError,
    default_excerpt_dir,
    load_excerpt,
    load_excerpts,
    load_excerpts_skipping_bad,
)
from lises.excerpts.local import skipped_html
from lises.excerpts.model import Response
from lises.transcripts.importer import ImportOptions, import_transcript

FIXTURES = Path(__file__).parent / "fixtures"
BAD_DIR = FIXTURES / "bad_excerpts"
DUPLICATE_DIR = FIXTURES / "duplicate_ids"
BAD_HEADER = "# Testfixtur: bevidst ugyldigt uddrag ("
ANCHORS = "er ikke tilladt (YAML-ankre og -aliasser bruges ikke i kursusdata"

COURSE_FILES = sorted(
    path for path in default_excerpt_dir().iterdir() if path.suffix in EXCERPT_SUFFIXES
)


class Expected(NamedTuple):
    """One problem the message must name; ``place`` and ``field`` are None for whole-file ones."""

    place: str | None
    field: str | None
    message: str


BAD_FILES: dict[str, list[Expected]] = {
    "taler-ukendt.yaml": [Expected("tur 3", "speaker", "ukendt taler 'X' (kendte: B, S)")],
    "noegle-paa-sagsbehandler.yaml": [
        Expected(
            "nøgle for tur 3",
            "turn",
            "nøglen peger på en tur fra en sagsbehandler, ikke fra borgeren",
        )
    ],
    "noegle-tur-for-stor.yaml": [Expected("nøgle for tur 9", "turn", "uddraget har kun 6 ture")],
    "noegle-to-gange.yaml": [Expected("nøgle for tur 4", "turn", "turen har to nøgler")],
    "noegle-uden-forklaring.yaml": [Expected("nøgle for tur 4", "explanation", "mangler")],
    "forklaring-tom.yaml": [Expected("nøgle for tur 4", "explanation", "må ikke være tom")],
    "svar-ugyldigt.yaml": [
        Expected("nøgle for tur 4", "response", "har en ugyldig værdi 'grebbet'")
    ],
    "type-ugyldig.yaml": [Expected("nøgle for tur 2", "kind", "har en ugyldig værdi 'håb'")],
    "noegle-tur-nul.yaml": [Expected("nøgle for tur 0", "turn", "skal være mindst 1")],
    "felt-stavefejl.yaml": [
        Expected("tur 3", "speakr", "er ikke et kendt felt"),
        Expected("tur 3", "speaker", "mangler"),
    ],
    "constructed-mangler.yaml": [Expected("uddraget", "constructed", "mangler")],
    "constructed-false.yaml": [Expected("uddraget", "constructed", "har en ugyldig værdi")],
    "deltager-id-dublet.yaml": [Expected("deltager 3", "id", "'B' er brugt to gange")],
    "ingen-borger.yaml": [Expected("deltagere", "role", "ingen deltager har rollen 'borger'")],
    "pause-efter-sidste-tur.yaml": [
        Expected("pause efter tur 6", "after_turn", "en pause skal ligge før sidste tur")
    ],
    "pause-uden-svar.yaml": [
        Expected("pause efter tur 4", "model_replies", "har for få elementer")
    ],
    "noegle-uden-professionel-tur.yaml": [
        Expected(
            "nøgle for tur 6",
            "response",
            "ingen professionel tur følger efter, så svaret kan ikke bedømmes",
        )
    ],
    "ikke-mapping.yaml": [Expected(None, None, "filen skal indeholde et uddrag (en YAML-mapping)")],
    "yaml-syntaksfejl.yaml": [Expected("linje 20", None, "ikke gyldig YAML")],
    "id-ugyldigt.yaml": [
        Expected("uddraget", "id", "må kun indeholde små bogstaver a-z, tal og bindestreg")
    ],
    # Held-out cases for issue 12 (written before the safe loader): careless and hostile files.
    "alias-bombe.yaml": [Expected("linje 38", None, f"ankeret '&a0' {ANCHORS}")],
    "anker-alias.yaml": [Expected("linje 12", None, f"ankeret '&sagsbehandler' {ANCHORS}")],
    "noegle-dublet.yaml": [
        Expected("linje 6", None, "feltet 'title' står to gange (første gang i linje 5)")
    ],
    "noegle-dublet-indlejret.yaml": [
        Expected("linje 21", None, "feltet 'text' står to gange (første gang i linje 20)")
    ],
    "noegle-tur-tekst.yaml": [
        Expected(
            "nøgle nr. 2",
            "turn",
            "skal være et helt tal, ikke tekst ('4'): skriv tallet uden anførselstegn",
        )
    ],
    "noegle-tur-kommatal.yaml": [
        Expected("nøgle nr. 2", "turn", "skal være et helt tal, ikke kommatallet 4.0")
    ],
    "constructed-tekst.yaml": [
        Expected(
            "uddraget",
            "constructed",
            "skal være true eller false, ikke tekst ('true'): skriv true eller false uden "
            "anførselstegn",
        )
    ],
    "id-for-langt.yaml": [Expected("uddraget", "id", "må højst være 60 tegn (fik 61)")],
    "binaer.yaml": [Expected(None, None, "filen er ikke en tekstfil (den indeholder binære data)")],
    "tom.yaml": [Expected(None, None, "filen er tom")],
    "kun-tekst.yaml": [Expected(None, None, "filen skal indeholde et uddrag (en YAML-mapping)")],
    "tabulator.yaml": [
        Expected(
            "linje 20",
            None,
            "ikke gyldig YAML (et tabulatortegn: ryk ind med mellemrum, ikke med tabulator)",
        )
    ],
    "taler-tal.yaml": [Expected("tur 5", "speaker", "skal være tekst, ikke tallet 7")],
    "python-tag.yaml": [
        Expected("linje 5", None, "YAML-tagget '!!python/object/apply:os.system' er ikke tilladt")
    ],
    "to-dokumenter.yaml": [
        Expected(
            "linje 40",
            None,
            "ikke gyldig YAML (filen må kun indeholde ét dokument: fjern '---' og det, der følger)",
        )
    ],
    # Found by fuzzing the loader: PyYAML's message has a '}' that once broke the translation.
    "parentes-mangler.yaml": [
        Expected("linje 14", None, "ikke gyldig YAML (mangler et komma eller en afsluttende '}')")
    ],
    "dyb-indlejring.yaml": [Expected("linje 2", None, "for dybt indlejret (højst 20 niveauer)")],
}


def _field_and_message(expected: Expected) -> str:
    if expected.field is None:
        return expected.message
    return f"felt '{expected.field}': {expected.message}"


def _problem_line(name: str, expected: Expected) -> str:
    if expected.place is None:
        return f"{name}: {expected.message}"
    if expected.field is None:
        return f"{name}: {expected.place}: {expected.message}"
    return f"{name}: {expected.place}, {_field_and_message(expected)}"


def _reject(path: Path) -> ExcerptFileError:
    with pytest.raises(ExcerptFileError) as info:
        load_excerpt(path)
    return info.value


def _snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(directory)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


# -- bad files ---------------------------------------------------------------------------------


def test_every_bad_fixture_is_listed() -> None:
    on_disk = {path.name for path in BAD_DIR.iterdir()}
    assert not on_disk - set(BAD_FILES), "bad fixtures without an entry in BAD_FILES"
    assert not set(BAD_FILES) - on_disk, "entries in BAD_FILES without a fixture file"


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_fixture_says_what_is_wrong_with_it(name: str) -> None:
    assert (BAD_DIR / name).read_bytes().startswith(BAD_HEADER.encode())  # binaer.yaml too


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_rejected_naming_file_field_and_message(name: str) -> None:
    error = _reject(BAD_DIR / name)
    text = str(error)
    assert error.path == BAD_DIR / name
    assert text.startswith(f"{name}: ")
    assert all(line.startswith(f"{name}: ") for line in text.splitlines())
    for expected in BAD_FILES[name]:
        assert _field_and_message(expected) in text
    # One problem in the file, so no follow-on messages (the typo counts as unknown + missing).
    assert len(error.problems) == len(BAD_FILES[name]), text


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_message_names_the_place(name: str) -> None:
    text = str(_reject(BAD_DIR / name))
    for expected in BAD_FILES[name]:
        assert _problem_line(name, expected) in text


def test_file_not_in_utf8_is_rejected(tmp_path: Path) -> None:
    valid = (DUPLICATE_DIR / "a-original.yaml").read_text(encoding="utf-8")
    path = tmp_path / "latin1.yaml"
    path.write_bytes(valid.replace("id: fixtur-dublet", "id: fixtur-latin1").encode("latin-1"))
    error = _reject(path)
    assert str(error) == "latin1.yaml: filen er ikke gemt som UTF-8"


def test_duplicate_id_is_rejected() -> None:
    for path in DUPLICATE_DIR.iterdir():
        assert load_excerpt(path).id == "fixtur-dublet"  # each file is fine on its own
    with pytest.raises(ExcerptFileError) as info:
        load_excerpts(DUPLICATE_DIR)
    assert str(info.value) == (
        "b-kopi.yaml: uddraget, felt 'id': 'fixtur-dublet' bruges også i a-original.yaml"
    )


def test_duplicate_id_across_directories_is_rejected(tmp_path: Path) -> None:
    original = COURSE_FILES[0]
    shutil.copy2(original, tmp_path / "kopi.yaml")
    with pytest.raises(ExcerptFileError) as info:
        load_excerpts(default_excerpt_dir(), tmp_path)
    assert str(info.value).startswith("kopi.yaml: uddraget, felt 'id': ")
    assert str(info.value).endswith(f"bruges også i {original.name}")


def test_bad_file_stops_loading_and_loading_changes_nothing(tmp_path: Path) -> None:
    for path in COURSE_FILES:
        shutil.copy2(path, tmp_path / path.name)
    bad = tmp_path / "taler-ukendt.yaml"
    shutil.copy2(BAD_DIR / bad.name, bad)
    before = _snapshot(tmp_path)

    with pytest.raises(ExcerptFileError) as info:
        load_excerpts(tmp_path)
    assert info.value.path == bad
    assert str(info.value).startswith(f"{bad.name}: tur 3, felt 'speaker': ")
    assert _snapshot(tmp_path) == before

    bad.unlink()
    before = _snapshot(tmp_path)
    assert len(load_excerpts(tmp_path)) == len(COURSE_FILES)
    assert _snapshot(tmp_path) == before


# -- the course's own excerpts -----------------------------------------------------------------


def test_course_has_enough_excerpts() -> None:
    assert len(COURSE_FILES) >= 8
    assert len(load_excerpts()) == len(COURSE_FILES)  # ids are unique, every file loads


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda path: path.name)
def test_course_excerpt_loads(path: Path) -> None:
    excerpt = load_excerpt(path)
    assert excerpt.constructed is True
    assert len(excerpt.key) >= 2, "an excerpt needs at least two keyed citizen turns"
    assert len(excerpt.pauses) >= 1, "an excerpt needs at least one pause"


def test_course_uses_every_response() -> None:
    used = {entry.response for excerpt in load_excerpts().values() for entry in excerpt.key}
    assert used == set(Response)


# -- a careless or hostile file (issue 12): refused at once, by size, before parsing -----------


def test_alias_bomb_is_refused_at_once_naming_the_file() -> None:
    # Before the safe loader this ran 84 s into a MemoryError (3 GB) without naming the file.
    started = time.perf_counter()
    error = _reject(BAD_DIR / "alias-bombe.yaml")
    assert time.perf_counter() - started < 1.0
    assert str(error).startswith("alias-bombe.yaml: linje 38: ankeret '&a0' er ikke tilladt")


def test_a_50_mb_file_is_refused_by_its_size_without_being_read(
    tmp_path: Path, monkeypatch
) -> None:
    valid = (DUPLICATE_DIR / "a-original.yaml").read_text(encoding="utf-8")
    turn = '  - speaker: S\n    text: "Hvad tænker du selv, der skal ske nu?"\n'
    path = tmp_path / "stor.yaml"
    with path.open("w", encoding="utf-8") as out:
        out.write(valid.replace("turns:\n", "turns:\n" + turn * 100, 1))
        out.write(turn * ((50_000_000 - out.tell()) // len(turn.encode()) + 1))
    assert path.stat().st_size >= 50_000_000
    # Whatever reads the file's bytes must never be reached.
    monkeypatch.setattr(safe_yaml.os, "fdopen", _must_not_read)
    started = time.perf_counter()
    error = _reject(path)
    assert time.perf_counter() - started < 1.0
    assert str(error) == "stor.yaml: filen er for stor (50,0 MB; højst 1,0 MB)"


def _must_not_read(*args, **kwargs):
    raise AssertionError("the file was read")


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    valid = (DUPLICATE_DIR / "a-original.yaml").read_bytes()
    path = tmp_path / "graense.yaml"
    path.write_bytes(valid + b"#" * (safe_yaml.MAX_FILE_BYTES - len(valid)))
    assert load_excerpt(path).id == "fixtur-dublet"
    path.write_bytes(valid + b"#" * (safe_yaml.MAX_FILE_BYTES - len(valid) + 1))
    assert "filen er for stor" in str(_reject(path))


def test_an_empty_file_is_named_as_empty(tmp_path: Path) -> None:
    (tmp_path / "nul.yaml").write_bytes(b"")
    assert str(_reject(tmp_path / "nul.yaml")) == "nul.yaml: filen er tom"


def test_a_folder_or_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    (tmp_path / "mappe.yaml").mkdir()
    assert str(_reject(tmp_path / "mappe.yaml")) == "mappe.yaml: er en mappe, ikke en fil"
    os.mkfifo(tmp_path / "roer.yaml")  # opening a pipe for reading would wait for a writer
    assert str(_reject(tmp_path / "roer.yaml")) == "roer.yaml: er ikke en almindelig fil"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "laast.yaml"
    shutil.copy2(DUPLICATE_DIR / "a-original.yaml", path)
    path.chmod(0)
    assert str(_reject(path)) == "laast.yaml: filen kan ikke læses (ingen adgang)"


def test_course_files_have_no_anchors_and_stay_far_below_the_limit() -> None:
    for path in COURSE_FILES:
        assert path.stat().st_size * 20 < safe_yaml.MAX_FILE_BYTES
        load_excerpt(path)  # and the strict types and the safe loader accept them


# -- one bad local file is reported and skipped ------------------------------------------------


def _local_folder(tmp_path: Path, *bad: str) -> Path:
    folder = tmp_path / "uddrag"
    folder.mkdir()
    valid = (DUPLICATE_DIR / "a-original.yaml").read_text(encoding="utf-8")
    (folder / "eget.yaml").write_text(valid.replace("fixtur-dublet", "eget"), encoding="utf-8")
    for name in bad:
        shutil.copy2(BAD_DIR / name, folder / name)
    return folder


def test_a_bad_local_file_is_skipped_and_reported(tmp_path: Path) -> None:
    folder = _local_folder(tmp_path, "taler-ukendt.yaml", "alias-bombe.yaml")
    shutil.copy2(COURSE_FILES[0], folder / "kopi.yaml")  # an id the course already has
    found, skipped = load_excerpts_skipping_bad(default_excerpt_dir(), folder)
    assert set(found) == set(load_excerpts()) | {"eget"}
    assert [str(error).split(":")[0] for error in skipped] == [
        "alias-bombe.yaml",
        "kopi.yaml",
        "taler-ukendt.yaml",
    ]
    assert str(skipped[2]) == "taler-ukendt.yaml: tur 3, felt 'speaker': " + (
        "ukendt taler 'X' (kendte: B, S)"
    )
    assert "bruges også i" in str(skipped[1])


def test_a_missing_local_folder_is_no_problem(tmp_path: Path) -> None:
    found, skipped = load_excerpts_skipping_bad(default_excerpt_dir(), tmp_path / "findes-ikke")
    assert set(found) == set(load_excerpts()) and skipped == []


def test_a_bad_course_file_is_still_an_error(tmp_path: Path, monkeypatch) -> None:
    course = _local_folder(tmp_path, "taler-ukendt.yaml")
    monkeypatch.setattr(excerpt_files, "default_excerpt_dir", lambda: course)
    with pytest.raises(ExcerptFileError, match=r"taler-ukendt\.yaml: tur 3"):
        load_excerpts_skipping_bad(course)


def test_the_notice_names_each_skipped_file_escaped_in_danish(tmp_path: Path) -> None:
    folder = _local_folder(tmp_path, "taler-ukendt.yaml")
    shutil.copy2(BAD_DIR / "felt-stavefejl.yaml", folder / "<b>fed&.yaml")
    _, skipped = load_excerpts_skipping_bad(folder)
    html = skipped_html(skipped)
    assert "2 af jeres uddrag kunne ikke læses og er sprunget over:" in html
    assert "&lt;b&gt;fed&amp;.yaml: tur 3, felt &#x27;speakr&#x27;: er ikke et kendt felt" in html
    assert "<b>" not in html
    assert skipped_html([]) == ""
    one = skipped_html(skipped[:1])
    assert "Et af jeres uddrag kunne ikke læses og er sprunget over:" in one


# -- pydantic's errors in Danish, in one place (issue 12, item 7) ------------------------------

ENGLISH = re.compile(r"\b(should|Input|required|valid|Value|error|String|Field)\b")


@pytest.mark.parametrize("kind", typing.get_args(ErrorType))
def test_every_pydantic_error_type_gets_a_danish_message(kind: str) -> None:
    for error in ({"type": kind}, {"type": kind, "input": "x", "ctx": {"ge": 1, "le": 5}}):
        message = message_da(error)
        assert message and not ENGLISH.search(message), (kind, message)


def test_a_61_character_id_gets_a_danish_message_when_imported(tmp_path: Path) -> None:
    text = b"S: Goddag.\nB: Jeg vil gerne arbejde med dyr.\nS: Fortael mere.\n"
    with pytest.raises(ValueError) as info:  # the import's TranscriptError
        import_transcript(text, "a.txt", ImportOptions("a" * 61, "Om dyr"), tmp_path)
    assert str(info.value) == "a.txt: uddraget, felt 'id': må højst være 60 tegn (fik 61)"
