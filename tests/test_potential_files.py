"""Loading potential-sorting files: the course's set loads, and a bad file gets a message an
author can use (file, place, field, Danish message).

Each file in ``fixtures/bad_potentials`` is a small valid set with exactly one problem;
``BAD_FILES`` maps it to the problem lines its message must contain (checked by
:class:`TestBadPotentialFiles`, see :mod:`bad_fixtures`).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from bad_fixtures import BadFixtures, BadFixtureTests
from lises.potentials.files import (
    PotentialFileError,
    default_potential_dir,
    load_set,
    load_sets,
)
from lises.potentials.items import ItemKind, Potential

COURSE_FILES = sorted(p for p in default_potential_dir().iterdir() if p.suffix == ".yaml")

BAD_FILES: dict[str, list[str]] = {
    "also-er-noeglen.yaml": ["emne 'et', felt 'also': 2 er allerede nøglen"],
    "also-to-gange.yaml": ["emne 'et', felt 'also': et potentiale står to gange"],
    "also-uden-note.yaml": ["emne 'et', felt 'also_note': mangler, når 'also' er udfyldt"],
    "citat-uden-afsender.yaml": ["emne 'to', felt 'attribution': et citat skal have en afsender"],
    "emne-uden-id.yaml": ["emne 3, felt 'id': mangler"],
    "felt-stavefejl.yaml": ["emne 'et', felt 'atribution': er ikke et kendt felt"],
    "forklaring-mangler.yaml": ["emne 'tre', felt 'explanation': mangler"],
    "id-dublet.yaml": ["emne 'et', felt 'id': id'et er brugt to gange"],
    "id-ugyldigt.yaml": [
        "sættet, felt 'id': må kun indeholde små bogstaver a-z, tal og bindestreg"
    ],
    "ikke-mapping.yaml": ["filen skal indeholde et sæt (en YAML-mapping)"],
    "ingen-emner.yaml": ["sættet, felt 'items': har for få elementer"],
    "kilde-mangler.yaml": ["emne 'et', felt 'source': mangler (ellers: constructed: true)"],
    "konstrueret-citat.yaml": [
        "emne 'to', felt 'constructed': et citat kan ikke være konstrueret: skriv det som et "
        "eksempel"
    ],
    "noegle-for-stor.yaml": ["emne 'to', felt 'key': må højst være 5, ikke 6"],
    "noegle-nul.yaml": ["emne 'to', felt 'key': skal være mindst 1, ikke 0"],
    "noegle-tekst.yaml": ["emne 'to', felt 'key': skal være et helt tal"],
    "note-uden-also.yaml": ["emne 'to', felt 'also_note': bruges kun sammen med 'also'"],
    "type-ugyldig.yaml": [
        "emne 'et', felt 'kind': har en ugyldig værdi 'historie' (tilladt: 'eksempel' eller "
        "'citat')"
    ],
    "yaml-syntaksfejl.yaml": ["linje 5: ikke gyldig YAML"],
    # Held-out cases for issue 12 (written before the safe loader).
    "also-kommatal.yaml": ["emne 'et', felt 'also.0': skal være et helt tal, ikke kommatallet 1.0"],
    "constructed-tekst.yaml": [
        "emne 'tre', felt 'constructed': skal være true eller false, ikke tekst ('true'): skriv "
        "true eller false uden anførselstegn"
    ],
    "noegle-dublet.yaml": ["linje 6: feltet 'intro' står to gange (første gang i linje 5)"],
    "noegle-tal-som-tekst.yaml": [
        "emne 'to', felt 'key': skal være et helt tal, ikke tekst ('5'): skriv tallet uden "
        "anførselstegn"
    ],
}


BAD = BadFixtures(
    folder="bad_potentials",
    header="# Testfixtur: bevidst ugyldigt sæt (",
    messages=BAD_FILES,
    load=load_set,
    error=PotentialFileError,
)


class TestBadPotentialFiles(BadFixtureTests):
    fixtures = BAD


def test_duplicate_set_id_is_rejected(tmp_path: Path) -> None:
    shutil.copy2(COURSE_FILES[0], tmp_path / "kopi.yaml")
    with pytest.raises(PotentialFileError) as info:
        load_sets(default_potential_dir(), tmp_path)
    assert str(info.value) == (
        f"kopi.yaml: sættet, felt 'id': 'fem-potentialer' bruges også i {COURSE_FILES[0].name}"
    )


# -- the course's own set ----------------------------------------------------------------------


def test_course_set_has_12_to_15_items_covering_every_potential() -> None:
    (potential_set,) = load_sets().values()
    assert 12 <= len(potential_set.items) <= 15
    keys = Counter(item.key for item in potential_set.items)
    assert set(keys) == set(Potential)
    assert min(keys.values()) >= 2


def test_course_items_are_attributed_and_sourced() -> None:
    (potential_set,) = load_sets().values()
    kinds = Counter(item.kind for item in potential_set.items)
    assert kinds[ItemKind.CITAT] >= 4 and kinds[ItemKind.EKSEMPEL] >= 4
    for item in potential_set.items:
        assert item.source is not None, item.id
        if not item.constructed:
            assert item.attribution, item.id
    assert any(item.constructed for item in potential_set.items)
    assert sum(bool(item.also) for item in potential_set.items) >= 5


def test_the_attribution_does_not_give_the_section_away() -> None:
    # The place in the source (e.g. "afsnit 5" = potential 2) is feedback, not a hint.
    (potential_set,) = load_sets().values()
    for item in potential_set.items:
        assert "afsnit" not in (item.attribution or "")
        assert "potentiale" not in (item.attribution or "").lower()
