"""The understanding questions (``data/quizzes/*.yaml``): a bad file gets a message an author can
use (file, place, field, Danish message), and the course's own quizzes teach and can be traced.

Each file in ``fixtures/bad_quizzes`` is a small valid quiz with exactly one problem;
``BAD_FILES`` maps it to the problem lines its message must contain (checked by
:class:`TestBadQuizFiles`, see :mod:`bad_fixtures`).  The course's quizzes are
checked for what the book promises: one right answer per question, feedback on every option that
says why, a source and a place in it for every question, every quotation found word for word in
a cited source, every number in a cited source, Danish spelling, and each quiz in a chapter page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bad_fixtures import BadFixtures, BadFixtureTests
from course_text import REPO, SEEDS, normalise
from lises.core.sources import Work
from lises.quizzes.files import (
    SCHEMA_PATH,
    QuizFileError,
    default_quiz_dir,
    load_quiz,
    load_quizzes,
    schema_text,
)

QUIZZES = load_quizzes()
SEED_FILES = {
    Work.LARSEN2018: "000_a96db62417777ba7.txt",
    Work.AAU_CUBB: "001_4b2d23b026363832.txt",
    Work.AAU_LISES: "002_fb2b6eb47ed1c0bb.txt",
    Work.DELTVIDEN: "003_765888f0f849b423.txt",
    Work.CALLESEN2019: "004_e6a2aea5228189b0.txt",
}
# The chapters that hold a quiz, by the quiz's id.
PAGES = {
    "projektet": REPO / "book" / "projektet" / "index.md",
    "vidensmaegling": REPO / "book" / "vidensmaegling" / "index.md",
}

BAD_FILES: dict[str, list[str]] = {
    "correct-tekst.yaml": [
        "spørgsmål 'to', svar 3, felt 'correct': skal være true eller false, ikke tekst "
        "('false'): skriv true eller false uden anførselstegn"
    ],
    "feedback-mangler.yaml": ["spørgsmål 'tre', svar 2, felt 'feedback': mangler"],
    "felt-stavefejl.yaml": [
        "spørgsmål 'et', svar 3, felt 'feedback': mangler",
        "spørgsmål 'et', svar 3, felt 'feedbak': er ikke et kendt felt",
    ],
    "for-faa-spoergsmaal.yaml": ["quizzen, felt 'items': har for få elementer"],
    "for-faa-svar.yaml": ["spørgsmål 'et', felt 'options': har for få elementer"],
    "id-dublet.yaml": ["spørgsmål 'et', felt 'id': id'et er brugt to gange"],
    "id-ugyldigt.yaml": [
        "quizzen, felt 'id': må kun indeholde små bogstaver a-z, tal og bindestreg"
    ],
    "ikke-mapping.yaml": ["filen skal indeholde en quiz (en YAML-mapping)"],
    "intet-rigtigt.yaml": [
        "spørgsmål 'tre', felt 'options': præcis ét svar skal være rigtigt (fandt 0)"
    ],
    "kilde-mangler.yaml": ["spørgsmål 'et', felt 'sources': mangler"],
    "kilde-tom.yaml": ["spørgsmål 'et', felt 'sources': har for få elementer"],
    "samme-svar.yaml": ["spørgsmål 'tre', felt 'options': to svar har samme tekst"],
    "sted-mangler.yaml": ["spørgsmål 'tre', felt 'sources.0.where': mangler"],
    "to-rigtige.yaml": [
        "spørgsmål 'to', felt 'options': præcis ét svar skal være rigtigt (fandt 2)"
    ],
    "ukendt-kilde.yaml": [
        "spørgsmål 'tre', felt 'sources.0.work': har en ugyldig værdi 'wikipedia' (tilladt: "
        "'larsen2018', 'deltviden', 'callesen2019', 'aau_cubb' eller 'aau_lises')"
    ],
    "yaml-syntaksfejl.yaml": ["linje 5: ikke gyldig YAML"],
}


BAD = BadFixtures(
    folder="bad_quizzes",
    header="# Testfixtur: bevidst ugyldig quiz (",
    messages=BAD_FILES,
    load=load_quiz,
    error=QuizFileError,
)


class TestBadQuizFiles(BadFixtureTests):
    fixtures = BAD


def test_duplicate_quiz_id_is_rejected(tmp_path: Path) -> None:
    first = sorted(default_quiz_dir().glob("*.yaml"))[0]
    shutil.copy2(first, tmp_path / "kopi.yaml")
    with pytest.raises(QuizFileError) as info:
        load_quizzes(default_quiz_dir(), tmp_path)
    quiz_id = load_quiz(first).id
    assert str(info.value) == (
        f"kopi.yaml: quizzen, felt 'id': '{quiz_id}' bruges også i {first.name}"
    )


def test_the_committed_schema_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "kør: python -m lises.quizzes.files"
    )


# -- the course's own quizzes -------------------------------------------------------------------


def test_each_quiz_is_in_its_chapter_and_each_chapter_quiz_exists() -> None:
    assert set(QUIZZES) == set(PAGES)
    for quiz_id, page in PAGES.items():
        text = page.read_text(encoding="utf-8")
        assert f"```{{selvtest-forstaaelse}} {quiz_id}\n```" in text, page


def _items():
    return [(quiz, item) for quiz in QUIZZES.values() for item in quiz.items]


ITEMS = _items()


@pytest.mark.parametrize(("quiz", "item"), ITEMS, ids=[f"{q.id}:{i.id}" for q, i in ITEMS])
def test_every_option_teaches_why(quiz, item) -> None:
    """Feedback that only says right or wrong teaches nothing: every option's feedback is at
    least two sentences' worth and never just repeats the option."""
    for option in item.options:
        words = option.feedback.split()
        assert len(words) >= 15, f"{item.id}: '{option.feedback}' forklarer ikke hvorfor"
        assert normalise(option.text) not in normalise(option.feedback), item.id
        assert not re.match(r"(Rigtigt|Forkert|Korrekt)\W*$", option.feedback), item.id
    # the right answer is not always in the same place, nor always the longest
    assert len({len(o.text) for o in item.options}) > 1


def test_each_quiz_has_a_handful_of_questions() -> None:
    assert all(5 <= len(quiz.items) <= 10 for quiz in QUIZZES.values())


def test_the_right_answers_are_not_all_first_nor_all_longest() -> None:
    """A learner who always picks the same place (or the longest option) must not pass."""
    for quiz in QUIZZES.values():
        places = {item.right for item in quiz.items}
        longest = sum(
            max(range(len(item.options)), key=lambda n: len(item.options[n].text)) == item.right
            for item in quiz.items
        )
        assert len(places) >= 3, f"{quiz.id}: det rigtige svar står altid samme sted"
        assert longest <= len(quiz.items) * 2 // 3, f"{quiz.id}: det rigtige svar er det længste"


def _seed(work: Work) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"kildeteksterne findes ikke her ({SEEDS}); sæt LISES_SEEDS")
    return normalise((SEEDS / SEED_FILES[work]).read_text(encoding="utf-8")).lower()


def _texts(item) -> list[str]:
    return [item.question, *(t for o in item.options for t in (o.text, o.feedback))]


def _quotes(text: str) -> list[str]:
    return re.findall(r'"([^"]+)"|»([^«]+)«', text)


@pytest.mark.parametrize(("quiz", "item"), ITEMS, ids=[f"{q.id}:{i.id}" for q, i in ITEMS])
def test_every_quotation_is_word_for_word_in_a_cited_source(quiz, item) -> None:
    cited = [_seed(source.work) for source in item.sources]
    for text in _texts(item):
        for quote in ("".join(q) for q in _quotes(text)):
            wanted = normalise(quote).lower()
            assert any(wanted in seed for seed in cited), (
                f'{quiz.id}/{item.id}: citatet "{quote}" står ikke i de kilder, spørgsmålet nævner'
            )


@pytest.mark.parametrize(("quiz", "item"), ITEMS, ids=[f"{q.id}:{i.id}" for q, i in ITEMS])
def test_every_number_is_in_a_cited_source(quiz, item) -> None:
    cited = " ".join(_seed(source.work) for source in item.sources)
    # dates written d/m/yy in the sources (1/3/16) count with their full year
    known = set(
        re.findall(r"\d+", re.sub(r"\b(\d{1,2})/(\d{1,2})/(\d{2})\b", r"\1/\2/20\3", cited))
    )
    for text in _texts(item):
        for number in re.findall(r"\d+", text):
            assert number in known, f"{quiz.id}/{item.id}: tallet {number} står ikke i kilderne"


@pytest.mark.parametrize(("quiz", "item"), ITEMS, ids=[f"{q.id}:{i.id}" for q, i in ITEMS])
def test_every_source_names_a_place(quiz, item) -> None:
    for source in item.sources:
        assert re.search(r"afsnit|hele artiklen|Om LISES|s\. \d", source.where), source


def test_the_quizzes_are_spelled_in_danish() -> None:
    if shutil.which("hunspell") is None:
        pytest.fail("hunspell mangler: kør scripts/setup.sh --test (Debian hunspell-da)")
    words: set[str] = set()
    for path in (REPO / "book" / "_ord").glob("*.txt"):
        words.update(w.strip() for w in path.read_text(encoding="utf-8").splitlines())
    texts = [t for quiz in QUIZZES.values() for item in quiz.items for t in _texts(item)]
    texts += [t for quiz in QUIZZES.values() for t in (quiz.title, quiz.intro)]
    text = "\n".join(texts)
    result = subprocess.run(
        ["hunspell", "-d", "da_DK", "-i", "utf-8", "-l"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    unknown = sorted(
        w
        for w in result.stdout.split()
        if not {w, w.rstrip("."), w.lower(), w.rstrip(".").lower()} & words
    )
    assert unknown == [], f"ukendte ord i quizzerne: {unknown}"
