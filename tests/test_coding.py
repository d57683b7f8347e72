"""Codings for Lån et øre (:mod:`lises.excerpts.coding`, :mod:`lises.excerpts.coding_files`): made
from the trainer or from workshop answers, saved atomically, and a bad file named with place and
problem.

Each file in ``fixtures/bad_codings`` is a coding of the course excerpt ``praktikken`` (citizen
turns 2, 4 and 6 of 7) with exactly one problem; ``BAD_FILES`` says what the message must say
(checked by :class:`TestBadCodingFiles`, see :mod:`bad_fixtures`).
"""

from __future__ import annotations

import os

import pandas as pd
import pytest
import yaml

from bad_fixtures import BadFixtures, BadFixtureTests
from lises.excerpts.coding import (
    MAX_COMMENT_LENGTH,
    Code,
    Coding,
    CodingError,
    coding_from_answers,
    coding_from_marks,
)
from lises.excerpts.coding_files import (
    CodingFileError,
    load_coding,
    save_coding,
    scan_codings,
)
from lises.excerpts.files import load_excerpts
from lises.excerpts.model import Excerpt, Response

EXCERPTS = load_excerpts()
PRAKTIKKEN = EXCERPTS["praktikken"]

BAD_FILES: dict[str, list[str]] = {
    "felt-ukendt.yaml": ["kodningen, felt 'kommentar': er ikke et kendt felt"],
    "ikke-mapping.yaml": ["filen skal indeholde en kodning (en YAML-mapping)"],
    "ikke-utf8.yaml": ["filen er ikke gemt som UTF-8"],
    "ingen-koder.yaml": ["kodningen, felt 'codes': skal have en kode for mindst én tur"],
    "kaldenavn-cpr.yaml": ["kodningen, felt 'coder': Skriv aldrig et CPR-nummer"],
    "kaldenavn-email.yaml": ["kodningen, felt 'coder': Brug et kaldenavn, ikke en e-mailadresse"],
    "kode-ugyldig.yaml": ["tur 4, felt 'codes': har en ugyldig værdi 'grebbet'"],
    "kommentar-tom.yaml": ["tur 4, felt 'comments': må ikke være tom"],
    "tidspunkt-ugyldigt.yaml": ["kodningen, felt 'created': skal være et tidspunkt"],
    "tur-for-stor.yaml": ["tur 9, felt 'codes': uddraget har kun 7 ture"],
    "tur-ikke-borger.yaml": [
        "tur 3, felt 'codes': er ikke en af borgerens ture (borgerens ture er 2, 4, 6)"
    ],
    "tur-mangler.yaml": ["tur 6, felt 'codes': mangler en kode (borgerens ture er 2, 4, 6)"],
    "turnummer-ikke-tal.yaml": [
        "turnummer 'fire', felt 'codes': turnummeret skal være et helt tal"
    ],
    "turnummer-nul.yaml": ["turnummer 0, felt 'codes': skal være mindst 1, ikke 0"],
    "uddrag-mangler.yaml": ["kodningen, felt 'excerpt': mangler"],
    "uddrag-ukendt.yaml": ["kodningen, felt 'excerpt': uddraget 'findes-ikke' findes ikke"],
    "ugyldig-yaml.yaml": ["linje 4: ikke gyldig YAML"],
    # Held-out cases for issue 12 (written before the safe loader).
    "alias.yaml": ["linje 4: ankeret '&navn' er ikke tilladt"],
    "skema-tekst.yaml": ["kodningen, felt 'schema_version': har en ugyldig værdi '1' (tilladt: 1)"],
    "tur-dublet.yaml": ["linje 5: nøglen 4 står to gange"],
    "turnummer-tekst.yaml": [
        "turnummer '4', felt 'codes': "
        "turnummeret skal være et helt tal (skriv det uden anførselstegn)"
    ],
}

BAD = BadFixtures(
    folder="bad_codings",
    header="# Testfixtur: bevidst ugyldig kodning (",
    messages=BAD_FILES,
    load=lambda path: load_coding(path, EXCERPTS),
    error=CodingFileError,
)
BAD_DIR = BAD.directory


class TestBadCodingFiles(BadFixtureTests):
    """Each bad file is listed, its header says what is wrong with it (also in ``ikke-utf8.yaml``),
    and it is refused naming the file, place, field and problem, for a person to read."""

    fixtures = BAD

    def test_bad_file_message_is_for_a_person_not_a_programmer(self, name: str) -> None:
        text = str(BAD.reject(BAD_DIR / name))
        assert "Traceback" not in text and "pydantic" not in text.lower(), text


def test_bad_files_do_not_hide_the_good_ones(tmp_path):
    good = coding_from_marks(PRAKTIKKEN, "Kollega7", {2: Response.GREBET})
    save_coding(good, tmp_path)
    for name in ("kode-ugyldig.yaml", "ikke-mapping.yaml"):
        (tmp_path / name).write_bytes((BAD_DIR / name).read_bytes())
    (tmp_path / ".halv.tmp").write_text("excerpt: [", encoding="utf-8")  # never read
    found, bad = scan_codings(tmp_path, EXCERPTS)
    assert [c.coding for c in found] == [good]
    assert sorted(e.path.name for e in bad) == ["ikke-mapping.yaml", "kode-ugyldig.yaml"]


def test_a_missing_folder_has_no_codings(tmp_path):
    assert scan_codings(tmp_path / "findes-ikke") == ([], [])


# -- making codings ----------------------------------------------------------------------------


def test_coding_from_the_trainer_codes_every_citizen_turn():
    coding = coding_from_marks(
        PRAKTIKKEN, "  Kollega   7 ", {4: Response.OVERHORT}, comments={4: " usynlig ", 6: " "}
    )
    assert coding.excerpt == "praktikken"
    assert coding.coder == "Kollega 7"  # cleaned as a workshop nickname is
    assert coding.codes == {2: Code.INGEN, 4: Code.OVERHORT, 6: Code.INGEN}
    assert coding.comments == {4: "usynlig"}
    assert coding.created.tzinfo is not None


@pytest.mark.parametrize(
    ("nickname", "message"),
    [
        ("anna@jobcenter.dk", "e-mailadresse"),
        ("0102031234", "CPR-nummer"),
        ("010203-1234", "CPR-nummer"),
        ("A", "mindst 2 tegn"),
        ("<script>", "Brug kun bogstaver"),
    ],
)
def test_a_nickname_that_could_identify_someone_is_refused(nickname, message):
    with pytest.raises(CodingError, match=message):
        coding_from_marks(PRAKTIKKEN, nickname, {})


def test_a_marked_turn_without_judgement_is_refused():
    with pytest.raises(CodingError, match="Tur 2 er markeret"):
        coding_from_marks(PRAKTIKKEN, "Kollega7", {2: None})


def _answers(rows: list[tuple[str, str, object]], item: str = "praktikken") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "kaldenavn": nickname,
                "øvelse": "gribning",
                "emne": item,
                "trin": step,
                "svar": value,
                "tidspunkt": pd.Timestamp("2026-03-01T10:00:00Z"),
            }
            for nickname, step, value in rows
        ]
    )


def test_codings_from_two_workshop_participants():
    answers = _answers(
        [
            ("Ræv", "next:2", True),
            ("Ræv", "mark:2", True),
            ("Ræv", "classify:2", "grebet"),
            ("Ræv", "mark:4", False),
            ("Ræv", "mark:6", True),
            ("Ræv", "reply:6", "Fortæl mere"),
            ("Ræv", "classify:6", "overhalet"),
            ("Ugle", "mark:2", False),
            ("Ugle", "mark:4", True),
            ("Ugle", "classify:4", "overhørt"),
            ("Ugle", "mark:6", False),
        ]
    )
    # Another excerpt's answers (and another exercise's) do not count.
    other = _answers([("Ræv", "mark:2", False)], item="maanen")
    other.loc[len(other)] = ["Ugle", "dilemma", "praktikken", "mark:2", True, other["tidspunkt"][0]]
    answers = pd.concat([answers, other], ignore_index=True)
    fox = coding_from_answers(answers, PRAKTIKKEN, "Ræv")
    owl = coding_from_answers(answers, PRAKTIKKEN, "Ugle")
    assert fox.codes == {2: Code.GREBET, 4: Code.INGEN, 6: Code.OVERHALET}
    assert owl.codes == {2: Code.INGEN, 4: Code.OVERHORT, 6: Code.INGEN}
    assert fox.coder == "Ræv" and fox.excerpt == "praktikken"


def test_an_unfinished_workshop_coding_is_refused():
    answers = _answers([("Ræv", "mark:2", True), ("Ræv", "classify:2", "grebet")])
    with pytest.raises(CodingError, match="mangler tur 4, 6"):
        coding_from_answers(answers, PRAKTIKKEN, "Ræv")
    answers = _answers([("Ræv", "mark:2", True), ("Ræv", "mark:4", False), ("Ræv", "mark:6", 0)])
    with pytest.raises(CodingError, match="mangler tur 6"):  # a forged non-bool mark is ignored
        coding_from_answers(answers, PRAKTIKKEN, "Ræv")
    answers = _answers(
        [("Ræv", "mark:2", True), ("Ræv", "mark:4", False), ("Ræv", "mark:6", False)]
    )
    with pytest.raises(CodingError, match="markeret tur 2, men ikke vurderet"):
        coding_from_answers(answers, PRAKTIKKEN, "Ræv")


# -- saving ------------------------------------------------------------------------------------


def test_a_saved_coding_reads_back_the_same(tmp_path):
    coding = coding_from_marks(
        PRAKTIKKEN, "Kollega7", {2: Response.GREBET, 6: Response.OVERHALET}, {6: "Ønsket: ud"}
    )
    path = save_coding(coding, tmp_path / "kodninger")
    assert path.name == "praktikken--kollega7.yaml"
    assert load_coding(path, EXCERPTS) == coding
    assert path.read_text(encoding="utf-8").startswith("# Kodning til Lån et øre")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["codes"] == {2: "grebet", 4: "ingen", 6: "overhalet"}  # readable by hand
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_saving_again_replaces_only_the_same_colleagues_file(tmp_path):
    first = coding_from_marks(PRAKTIKKEN, "Kollega Ø", {2: Response.GREBET})
    again = coding_from_marks(PRAKTIKKEN, "Kollega Ø", {4: Response.OVERHORT})
    other = coding_from_marks(PRAKTIKKEN, "kollega-ø", {6: Response.OVERHALET})  # same file name
    assert save_coding(first, tmp_path).name == "praktikken--kollega-oe.yaml"
    assert save_coding(again, tmp_path).name == "praktikken--kollega-oe.yaml"
    assert save_coding(other, tmp_path).name == "praktikken--kollega-oe-2.yaml"
    found, bad = scan_codings(tmp_path, EXCERPTS)
    assert bad == []
    assert sorted(c.coding.coder for c in found) == ["Kollega Ø", "kollega-ø"]
    assert load_coding(tmp_path / "praktikken--kollega-oe.yaml").codes[4] == Code.OVERHORT


def test_an_unreadable_file_with_the_same_name_is_never_overwritten(tmp_path):
    broken = tmp_path / "praktikken--kollega7.yaml"
    broken.write_text("codes: [", encoding="utf-8")
    path = save_coding(coding_from_marks(PRAKTIKKEN, "Kollega7", {}), tmp_path)
    assert path.name == "praktikken--kollega7-2.yaml"
    assert broken.read_text(encoding="utf-8") == "codes: ["


def test_a_failed_write_keeps_the_earlier_file(tmp_path, monkeypatch):
    path = save_coding(coding_from_marks(PRAKTIKKEN, "Kollega7", {}), tmp_path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disken er fuld")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_coding(coding_from_marks(PRAKTIKKEN, "Kollega7", {2: Response.GREBET}), tmp_path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_the_model_refuses_extra_fields_and_is_frozen():
    coding = coding_from_marks(PRAKTIKKEN, "Kollega7", {})
    with pytest.raises(Exception):  # noqa: B017 (pydantic's own error type)
        coding.coder = "Anden"
    with pytest.raises(Exception):  # noqa: B017
        Coding.model_validate({**coding.model_dump(), "navn": "x"})


def test_the_largest_coding_the_app_can_write_reads_back(tmp_path):
    # 200 citizen turns (the import's cap on turns) with the longest comment on each, every
    # character a two-byte 'æ': the safe loader's size limit must never refuse what was saved.
    turns = [{"speaker": s, "text": "Ja."} for _ in range(200) for s in ("B", "S")]
    data = yaml.safe_load((BAD_DIR.parent / "duplicate_ids" / "a-original.yaml").read_text("utf-8"))
    excerpt = Excerpt.model_validate({**data, "turns": turns, "key": [], "pauses": []})
    comments = {turn: "æ" * MAX_COMMENT_LENGTH for turn in excerpt.citizen_turns}
    coding = coding_from_marks(excerpt, "Kollega7", {}, comments=comments)
    path = save_coding(coding, tmp_path)
    assert path.stat().st_size > 800_000
    assert load_coding(path, {excerpt.id: excerpt}) == coding
