"""The privacy guard: one fixture per kind of finding, each found with its kind and place.

Each file in ``fixtures/privacy`` is a short transcript with exactly one finding (or none, for
``ren.txt`` and ``aarstal-og-stort-ord.txt``); ``EXPECTED`` says which, where (line and turn)
and the text found.  The held-out set in ``fixtures/privacy/heldout`` is scored by
``test_privacy_heldout.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lises.privacy import names as privacy_names
from lises.privacy.guard import Kind, Passage, check, personal_data, plausible_cpr
from lises.privacy.names import danish_first_names
from lises.privacy.places import dictionary_entries, is_place
from lises.transcripts.importer import ImportOptions, check_transcript

PRIVACY_DIR = Path(__file__).parent / "fixtures" / "privacy"
OPTIONS = ImportOptions(id="kontrol", title="Samtale")
EXPECTED: dict[str, tuple[Kind, str, int, str] | None] = {
    "cpr-med-bindestreg.txt": (Kind.CPR, "linje 3", 2, "120380-1234"),
    "cpr-uden-bindestreg.txt": (Kind.CPR, "linje 2", 2, "0101901234"),
    "telefon.txt": (Kind.TELEFON, "linje 2", 2, "22 33 44 55"),
    "telefon-plus45.txt": (Kind.TELEFON, "linje 2", 2, "+45 2345 6789"),
    "email.txt": (Kind.EMAIL, "linje 2", 2, "borger.test@eksempel.dk"),
    "adresse.txt": (Kind.ADRESSE, "linje 3", 3, "Søndre Ringvej 12, 3. tv"),
    "postnummer-by.txt": (Kind.POSTNUMMER, "linje 2", 2, "9000 Aalborg"),
    "navn.txt": (Kind.NAVN, "linje 2", 2, "Birgitte"),
    "ren.txt": None,
    "cpr-med-punktummer.txt": (Kind.CPR, "linje 2", 2, "23.05.87-1238"),
    "email-stavet.txt": (Kind.EMAIL, "linje 2", 2, "mette at gmail punktum com"),
    "adresse-bestemt-form.txt": (Kind.ADRESSE, "linje 2", 2, "Nørremarken 31, 2. th."),
    "navn-med-lille.txt": (Kind.NAVN, "linje 2", 2, "lone"),
    "aarstal-og-stort-ord.txt": None,
}
needs_hunspell = pytest.mark.skipif(
    shutil.which("hunspell") is None, reason="hunspell mangler: kør scripts/setup.sh --test"
)


def _findings(text: str, **kwargs):
    return check([Passage(text, ((0, "linje 1"),), 1)], **kwargs).findings


def test_every_privacy_fixture_is_listed():
    assert sorted(p.name for p in PRIVACY_DIR.iterdir() if p.is_file()) == sorted(EXPECTED)


@needs_hunspell
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_gives_its_one_finding_with_kind_and_place(name):
    path = PRIVACY_DIR / name
    report = check_transcript(path.read_bytes(), name, OPTIONS).report
    expected = EXPECTED[name]
    if expected is None:
        assert report.findings == () and report.may_save(accept_names=False)
        return
    [finding] = report.findings
    assert (finding.kind, finding.place, finding.turn, finding.text) == expected
    assert finding.message.startswith(f"{expected[1]}, tur {expected[2]}: '{expected[3]}' ")
    assert finding.refused == (expected[0] != Kind.NAVN)
    assert not report.may_save(accept_names=False)
    assert report.may_save(accept_names=True) == (expected[0] == Kind.NAVN)


@pytest.mark.parametrize(
    "text",
    [
        "Det koster 12.000 kr. om måneden.",
        "Vi ses kl. 14.30 den 12.03.2021.",
        "Jeg har været ledig siden 2019.",
        "Jeg er på vej 2 gange om ugen.",
        "Tallet er 320199-1234, det er ikke en dato.",  # day 32: not a CPR number
        "Jeg har 3 børn på 4, 7 og 12 år.",
        "I 2019 Startede jeg i praktik.",  # a year and a capitalised word: not postcode + town
        "Jeg har været i Aarhus 2 gange og i Parken 4 gange.",  # a unit: not a house number
        "Det var i 2019-2020, tror jeg.",  # two years: not a phone number
        "Min ledighedsydelse er 17.914 kr., og det står i § 85.",
        "Deltager 3 sagde ikke noget, og så tog jeg en omvej.",
        "Omvejen var lang, men Vejen til et job er længere.",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text):
    assert personal_data(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ring på 23456789", Kind.TELEFON),
        ("nummeret er 0045 23 45 67 89", Kind.TELEFON),
        ("det er 2345 6789", Kind.TELEFON),
        ("bor på Jens Baggesens Vej 4 st. th", Kind.ADRESSE),
        ("H.C. Andersens Boulevard 27", Kind.ADRESSE),
        ("til 2100 København Ø", Kind.POSTNUMMER),
        ("cpr 290200-1234", Kind.CPR),  # 29 February 2000 existed
        ("skriv til Anne_B@mail.example.com", Kind.EMAIL),
        ("cpr 151192/4471", Kind.CPR),
        ("cpr 15/11/92-4471", Kind.CPR),
        ("født 23 05 87 1238", Kind.CPR),
        ("ring 31.41.59.26", Kind.TELEFON),
        ("skriv til lars[at]hotmail.dk", Kind.EMAIL),
        ("det er kim (at) live [dot] dk", Kind.EMAIL),
        ("jens snabel-a yahoo punktum dk", Kind.EMAIL),
        ("bor på Kongevejen 3", Kind.ADRESSE),
        ("bor på Solvænget 11, st. tv.", Kind.ADRESSE),
        ("bor på Bakken 4", Kind.ADRESSE),
        ("bor i Ringvejen ude ved Netto", Kind.ADRESSE),
        ("bor i 8000 Aarhus C", Kind.POSTNUMMER),
        ("bor i 8381 Tilst", Kind.POSTNUMMER),
    ],
)
def test_variants_are_refused(text, kind):
    assert [k for k, _, _ in personal_data(text)] == [kind]


def test_cpr_needs_a_real_date():
    assert plausible_cpr("31", "12", "99") and not plausible_cpr("31", "02", "99")
    assert not plausible_cpr("00", "01", "80") and not plausible_cpr("10", "13", "80")


@needs_hunspell
def test_sentence_start_flags_only_names_the_dictionary_knows():
    found = _findings("Mette ringede i går. Øhm, det ved jeg ikke. Han sagde: Det gør vi ikke.")
    assert [(f.kind, f.text) for f in found] == [(Kind.NAVN, "Mette")]


@needs_hunspell
def test_common_names_that_are_also_words_are_flagged():
    found = _findings("Jeg talte med Jens og fru Hansen om det.")
    assert [f.text for f in found] == ["Jens", "Hansen"]


def test_without_hunspell_every_capitalised_word_inside_a_sentence_is_flagged():
    report = check(
        [Passage("Jeg var hos Kommunen og Lægen, så kom Mette.", ((0, "afsnit 2"),), 3)],
        unknown=lambda words: None,
    )
    assert [f.text for f in report.findings] == ["Lægen", "Mette"]
    assert not report.hunspell_used and "hunspell" in report.note
    assert report.findings[0].where == "afsnit 2, tur 3"


def test_the_course_word_lists_are_allowed_but_never_common_names():
    no_dictionary = {"unknown": lambda words: set(words), "allowed": frozenset({"Voilà", "Hansen"})}
    found = _findings("Vi bruger Voilà sammen med Hansen.", **no_dictionary)
    assert [f.text for f in found] == ["Hansen"]


def test_a_finding_in_a_continuation_line_names_that_line(tmp_path):
    text = "S: Hvor bor du?\nB: Jeg bor et stykke ude,\nnemlig på Ringvej 3 i byen.\n"
    [finding] = check_transcript(text.encode(), "a.txt", OPTIONS).report.findings
    assert (finding.kind, finding.place, finding.turn) == (Kind.ADRESSE, "linje 3", 2)


def test_the_title_and_summary_are_checked_too():
    options = ImportOptions(id="x", title="Samtale med Birgitte", summary="Ring 22334455.")
    report = check_transcript(b"S: Hej.\nB: Hej.\n", "a.txt", options).report
    assert [(f.where, f.kind) for f in report.findings] == [
        ("titlen", Kind.NAVN),
        ("resuméet", Kind.TELEFON),
    ]


# -- the name list -----------------------------------------------------------------------------


def test_the_name_list_is_gender_guessers_danish_names_read_once():
    names = danish_first_names()
    assert len(names) > 1000 and {"Signe", "Lone", "Frederik", "Asbjørn"} <= names
    assert "Jobcentret" not in names
    assert danish_first_names() is names  # cached: read once per process


def test_without_the_name_list_the_guard_still_works_and_says_so(monkeypatch):
    def missing(package):
        raise ModuleNotFoundError(package)

    danish_first_names.cache_clear()
    monkeypatch.setattr(privacy_names.resources, "files", missing)
    try:
        assert danish_first_names() == frozenset()
        report = check([Passage("Ring på 41278803.", ((0, "linje 1"),), 1)])
        assert [f.kind for f in report.findings] == [Kind.TELEFON]
        assert "gender-guesser" in report.note
    finally:
        monkeypatch.undo()
        danish_first_names.cache_clear()
    assert danish_first_names()


def test_without_the_dictionary_file_places_fall_back_on_the_town_list(tmp_path):
    assert dictionary_entries(tmp_path / "mangler.dic") == (frozenset(), frozenset())
    assert is_place("Holstebro") and is_place("Aarhus")


@needs_hunspell
def test_names_in_lower_case_and_after_a_relation_are_flagged():
    found = _findings("Jeg talte med Signe, og min søn frederik og min lillebror noah var med.")
    assert [f.text for f in found] == ["Signe", "frederik", "noah"]


@needs_hunspell
def test_names_that_are_ordinary_words_are_not_flagged_where_they_are_words():
    text = "Bo alene er svært. Hans kone ringede. Per uge har jeg to møder. Jeg starter i Maj."
    assert _findings(text) == ()
    assert [f.text for f in _findings("Jeg talte med Bo og hr. Bendtsen.")] == ["Bo", "Bendtsen"]
