"""Loading dilemma-case files: the course's own cases load, and a bad file gets a message an
author can use (file, place, field, Danish message).

Each file in ``fixtures/bad_dilemmas`` is a small valid case with exactly one problem; ``BAD_FILES``
maps it to the problem lines its message must contain (checked by :class:`TestBadDilemmaFiles`, see
:mod:`bad_fixtures`).  A fixture without an entry fails ``test_every_bad_fixture_is_listed``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bad_fixtures import BadFixtures, BadFixtureTests
from lises.dilemma.cases import Dimension
from lises.dilemma.files import (
    SUFFIXES,
    DilemmaFileError,
    default_dilemma_dir,
    load_case,
    load_cases,
)

COURSE_FILES = sorted(p for p in default_dilemma_dir().iterdir() if p.suffix in SUFFIXES)
ALLOWED_WORKS = "'larsen2018', 'deltviden', 'callesen2019', 'aau_cubb' eller 'aau_lises'"

BAD_FILES: dict[str, list[str]] = {
    "constructed-mangler.yaml": ["sagen, felt 'constructed': mangler"],
    "dimension-tjenes-ikke.yaml": [
        "handlinger, felt 'serves': ingen handling tjener responsivitet"
    ],
    "dimension-to-gange.yaml": ["handling 'a', felt 'serves': en dimension står to gange"],
    "dimension-ukendt.yaml": [
        "handling 'b', felt 'serves.1': har en ugyldig værdi 'venlighed' (tilladt: "
        "'effektivitet', 'fairness', 'responsivitet' eller 'respekt')"
    ],
    "felt-stavefejl.yaml": [
        "handling 'a', felt 'tradoff': er ikke et kendt felt",
        "handling 'a', felt 'tradeoff': mangler",
    ],
    "for-faa-handlinger.yaml": ["sagen, felt 'actions': har for få elementer"],
    "for-mange-handlinger.yaml": ["sagen, felt 'actions': har for mange elementer (højst 4)"],
    "handling-id-dublet.yaml": ["handling 'a', felt 'id': id'et er brugt to gange"],
    "handling-uden-costs.yaml": ["handling 'c', felt 'costs': har for få elementer"],
    "hensyn-uden-dimension.yaml": ["hensyn 1, felt 'dimensions': har for få elementer"],
    "id-ugyldigt.yaml": ["sagen, felt 'id': må kun indeholde små bogstaver a-z, tal og bindestreg"],
    "ikke-mapping.yaml": ["filen skal indeholde en sag (en YAML-mapping)"],
    "kilde-mangler.yaml": [
        "sagen, felt 'sources': en sag fra kilderne skal have mindst én kilde "
        "(ellers: constructed: true)"
    ],
    "order-nul.yaml": ["sagen, felt 'order': skal være mindst 1, ikke 0"],
    "serves-og-costs.yaml": [
        "handling 'a', felt 'costs': fairness står både under serves og costs"
    ],
    "situation-tom.yaml": ["sagen, felt 'situation': har for få elementer"],
    "tradeoff-mangler.yaml": ["handling 'b', felt 'tradeoff': mangler"],
    "vaerk-ukendt.yaml": [
        f"hensyn 1, felt 'source.work': har en ugyldig værdi 'nielsen2020' (tilladt: "
        f"{ALLOWED_WORKS})"
    ],
    "yaml-syntaksfejl.yaml": ["linje 10: ikke gyldig YAML"],
    # Held-out cases for issue 12 (written before the safe loader).
    "anker-alias.yaml": [
        "linje 14: ankeret '&faelles' er ikke tilladt (YAML-ankre og -aliasser bruges ikke i "
        "kursusdata: skriv værdien ud hvert sted)"
    ],
    "constructed-tekst.yaml": [
        "sagen, felt 'constructed': skal være true eller false, ikke tekst ('ja'): skriv true "
        "eller false uden anførselstegn"
    ],
    "id-for-langt.yaml": ["sagen, felt 'id': må højst være 60 tegn (fik 61)"],
    "noegle-dublet-indlejret.yaml": [
        "linje 19: feltet 'label' står to gange (første gang i linje 18)"
    ],
    "order-tekst.yaml": [
        "sagen, felt 'order': skal være et helt tal, ikke tekst ('1'): skriv tallet uden "
        "anførselstegn"
    ],
}


BAD = BadFixtures(
    folder="bad_dilemmas",
    header="# Testfixtur: bevidst ugyldig sag (",
    messages=BAD_FILES,
    load=load_case,
    error=DilemmaFileError,
)


class TestBadDilemmaFiles(BadFixtureTests):
    fixtures = BAD


def test_file_not_in_utf8_is_rejected(tmp_path: Path) -> None:
    text = COURSE_FILES[0].read_text(encoding="utf-8")
    path = tmp_path / "latin1.yaml"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    assert str(BAD.reject(path)) == "latin1.yaml: filen er ikke gemt som UTF-8"


def test_duplicate_id_is_rejected_and_loading_changes_nothing(tmp_path: Path) -> None:
    original = COURSE_FILES[0]
    shutil.copy2(original, tmp_path / "kopi.yaml")
    before = {p.name: p.read_bytes() for p in default_dilemma_dir().iterdir()}
    with pytest.raises(DilemmaFileError) as info:
        load_cases(default_dilemma_dir(), tmp_path)
    assert str(info.value).startswith("kopi.yaml: sagen, felt 'id': ")
    assert str(info.value).endswith(f"bruges også i {original.name}")
    assert {p.name: p.read_bytes() for p in default_dilemma_dir().iterdir()} == before


def test_extra_folder_adds_cases(tmp_path: Path) -> None:
    text = (default_dilemma_dir() / "refusion.yaml").read_text(encoding="utf-8")
    (tmp_path / "egen.yaml").write_text(
        text.replace("id: refusion", "id: egen-sag").replace("order: 2", "order: 9"),
        encoding="utf-8",
    )
    cases = load_cases(default_dilemma_dir(), tmp_path)
    assert list(cases)[-1] == "egen-sag"


# -- the course's own cases --------------------------------------------------------------------


def test_course_has_at_least_three_cases_with_the_internship_case_first() -> None:
    cases = load_cases()
    assert len(cases) == len(COURSE_FILES) >= 3
    first = next(iter(cases.values()))
    assert first.id == "praktikken"
    assert first.constructed is False
    assert {s.work.value for s in first.sources} == {"larsen2018"}


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda p: p.name)
def test_course_case_is_complete(path: Path) -> None:
    case = load_case(path)
    assert 3 <= len(case.actions) <= 4
    assert len(case.considerations) >= 3
    # Every consideration and every action's trade-off is traced to a source place.
    assert all(str(c.source).count(", ") >= 1 for c in case.considerations)
    assert all(action.sources for action in case.actions)
    touched = {d for c in case.considerations for d in c.dimensions}
    assert touched == set(Dimension), "the considerations should touch all four dimensions"
    if case.constructed:
        assert case.sources, "a constructed case still names the sources it is built from"


def test_constructed_cases_are_built_from_the_caseworkers_dilemmas() -> None:
    constructed = {c.id: c for c in load_cases().values() if c.constructed}
    assert {"refusion", "roede-lamper", "prioritering"} <= set(constructed)
    for case in constructed.values():
        assert any(s.work.value == "deltviden" for s in case.sources)
