"""Loading excerpt files: the course's own load, and a bad file gets a message an author can use.

Each file in ``fixtures/bad_excerpts`` is a small copy of a valid excerpt with exactly one problem.
``BAD_FILES`` says what the message for it must contain: the place (``tur 3``), the field and the
Danish message (checked by :class:`TestBadExcerptFiles`, see :mod:`bad_fixtures`).  A fixture
without an entry fails its ``test_every_bad_fixture_is_listed``, so a new bad file can never go
untested.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import typing
from pathlib import Path

import pytest
from pydantic_core.core_schema import ErrorType

from bad_fixtures import FIXTURES, BadFixtures, BadFixtureTests
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

DUPLICATE_DIR = FIXTURES / "duplicate_ids"
ANCHORS = "er ikke tilladt (YAML-ankre og -aliasser bruges ikke i kursusdata"

COURSE_FILES = sorted(
    path for path in default_excerpt_dir().iterdir() if path.suffix in EXCERPT_SUFFIXES
)


BAD_FILES: dict[str, list[str]] = {
    "taler-ukendt.yaml": ["tur 3, felt 'speaker': ukendt taler 'X' (kendte: B, S)"],
    "noegle-paa-sagsbehandler.yaml": [
        "nøgle for tur 3, felt 'turn': "
        "nøglen peger på en tur fra en sagsbehandler, ikke fra borgeren"
    ],
    "noegle-tur-for-stor.yaml": ["nøgle for tur 9, felt 'turn': uddraget har kun 6 ture"],
    "noegle-to-gange.yaml": ["nøgle for tur 4, felt 'turn': turen har to nøgler"],
    "noegle-uden-forklaring.yaml": ["nøgle for tur 4, felt 'explanation': mangler"],
    "forklaring-tom.yaml": ["nøgle for tur 4, felt 'explanation': må ikke være tom"],
    "svar-ugyldigt.yaml": ["nøgle for tur 4, felt 'response': har en ugyldig værdi 'grebbet'"],
    "type-ugyldig.yaml": ["nøgle for tur 2, felt 'kind': har en ugyldig værdi 'håb'"],
    "noegle-tur-nul.yaml": ["nøgle for tur 0, felt 'turn': skal være mindst 1"],
    "felt-stavefejl.yaml": [
        "tur 3, felt 'speakr': er ikke et kendt felt",
        "tur 3, felt 'speaker': mangler",
    ],
    "constructed-mangler.yaml": ["uddraget, felt 'constructed': mangler"],
    "constructed-false.yaml": ["uddraget, felt 'constructed': har en ugyldig værdi"],
    "deltager-id-dublet.yaml": ["deltager 3, felt 'id': 'B' er brugt to gange"],
    "ingen-borger.yaml": ["deltagere, felt 'role': ingen deltager har rollen 'borger'"],
    "pause-efter-sidste-tur.yaml": [
        "pause efter tur 6, felt 'after_turn': en pause skal ligge før sidste tur"
    ],
    "pause-uden-svar.yaml": ["pause efter tur 4, felt 'model_replies': har for få elementer"],
    "noegle-uden-professionel-tur.yaml": [
        "nøgle for tur 6, felt 'response': "
        "ingen professionel tur følger efter, så svaret kan ikke bedømmes"
    ],
    "ikke-mapping.yaml": ["filen skal indeholde et uddrag (en YAML-mapping)"],
    "yaml-syntaksfejl.yaml": ["linje 20: ikke gyldig YAML"],
    "id-ugyldigt.yaml": [
        "uddraget, felt 'id': må kun indeholde små bogstaver a-z, tal og bindestreg"
    ],
    # Held-out cases for issue 12 (written before the safe loader): careless and hostile files.
    "alias-bombe.yaml": [f"linje 38: ankeret '&a0' {ANCHORS}"],
    "anker-alias.yaml": [f"linje 12: ankeret '&sagsbehandler' {ANCHORS}"],
    "noegle-dublet.yaml": ["linje 6: feltet 'title' står to gange (første gang i linje 5)"],
    "noegle-dublet-indlejret.yaml": [
        "linje 21: feltet 'text' står to gange (første gang i linje 20)"
    ],
    "noegle-tur-tekst.yaml": [
        "nøgle nr. 2, felt 'turn': "
        "skal være et helt tal, ikke tekst ('4'): skriv tallet uden anførselstegn"
    ],
    "noegle-tur-kommatal.yaml": [
        "nøgle nr. 2, felt 'turn': skal være et helt tal, ikke kommatallet 4.0"
    ],
    "constructed-tekst.yaml": [
        "uddraget, felt 'constructed': "
        "skal være true eller false, ikke tekst ('true'): skriv true eller false uden "
        "anførselstegn"
    ],
    "id-for-langt.yaml": ["uddraget, felt 'id': må højst være 60 tegn (fik 61)"],
    "binaer.yaml": ["filen er ikke en tekstfil (den indeholder binære data)"],
    "tom.yaml": ["filen er tom"],
    "kun-tekst.yaml": ["filen skal indeholde et uddrag (en YAML-mapping)"],
    "tabulator.yaml": [
        "linje 20: ikke gyldig YAML (et tabulatortegn: ryk ind med mellemrum, ikke med tabulator)"
    ],
    "taler-tal.yaml": ["tur 5, felt 'speaker': skal være tekst, ikke tallet 7"],
    "python-tag.yaml": ["linje 5: YAML-tagget '!!python/object/apply:os.system' er ikke tilladt"],
    "to-dokumenter.yaml": [
        "linje 40: "
        "ikke gyldig YAML (filen må kun indeholde ét dokument: fjern '---' og det, der følger)"
    ],
    # Found by fuzzing the loader: PyYAML's message has a '}' that once broke the translation.
    "parentes-mangler.yaml": [
        "linje 14: ikke gyldig YAML (mangler et komma eller en afsluttende '}')"
    ],
    "dyb-indlejring.yaml": ["linje 2: for dybt indlejret (højst 20 niveauer)"],
}

BAD = BadFixtures(
    folder="bad_excerpts",
    header="# Testfixtur: bevidst ugyldigt uddrag (",
    messages=BAD_FILES,
    load=load_excerpt,
    error=ExcerptFileError,
)
BAD_DIR = BAD.directory


def _reject(path: Path) -> ExcerptFileError:
    return BAD.reject(path)


def _snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(directory)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


# -- bad files ---------------------------------------------------------------------------------


class TestBadExcerptFiles(BadFixtureTests):
    """Each bad file is listed, its header says what is wrong with it (also in ``binaer.yaml``,
    binary after the header), and it is refused naming the file, place, field and problem."""

    fixtures = BAD


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
