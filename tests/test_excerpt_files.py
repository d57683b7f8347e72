"""Loading excerpt files: the course's own load, and a bad file gets a message an author can use.

Each file in ``fixtures/bad_excerpts`` is a small copy of a valid excerpt with exactly one problem.
``BAD_FILES`` says what the message for it must contain: the place (``tur 3``), the field and the
Danish message.  A fixture without an entry fails :func:`test_every_bad_fixture_is_listed`, so a
new bad file can never go untested.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from lises.excerpt_files import (
    EXCERPT_SUFFIXES,
    ExcerptFileError,
    default_excerpt_dir,
    load_excerpt,
    load_excerpts,
)
from lises.excerpts import Response

FIXTURES = Path(__file__).parent / "fixtures"
BAD_DIR = FIXTURES / "bad_excerpts"
DUPLICATE_DIR = FIXTURES / "duplicate_ids"
BAD_HEADER = "# Testfixtur: bevidst ugyldigt uddrag ("

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
    text = (BAD_DIR / name).read_text(encoding="utf-8")
    assert text.startswith(BAD_HEADER)


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
