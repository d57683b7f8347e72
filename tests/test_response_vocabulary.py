"""The response codes have one vocabulary: lises.excerpts.responses.

Every list of codes and every map of their words elsewhere is derived from it, and the Danish
labels are written nowhere else in the code, so a fourth label is one new entry there plus the
course text that explains it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lises.book import selfcheck
from lises.excerpts import coding, feedback, model, responses, scoring
from lises.excerpts.responses import CODES, NONE_CODE, RESPONSES, Response
from lises.gribning import texts
from lises.laan import comparison
from lises.laan import html as laan_html

ROOT = Path(__file__).resolve().parents[1]
RESPONSE_CODES = {r.value for r in Response}
ALL_CODES = {NONE_CODE, *RESPONSE_CODES}


def test_the_vocabulary_names_every_response_once_in_order():
    assert list(RESPONSES) == list(Response)
    assert list(CODES) == [NONE_CODE, *(r.value for r in Response)]
    assert len({w.letter for w in RESPONSES.values()}) == len(Response)
    assert all(w.label and w.description and w.colour_word for w in RESPONSES.values())


def test_the_model_uses_the_vocabularys_enum():
    assert model.Response is Response
    assert model.KeyEntry.model_fields["response"].annotation is Response
    assert scoring.NONE_CODE is responses.NONE_CODE


def test_every_derived_map_has_exactly_the_vocabularys_codes():
    assert {c.value for c in coding.Code} == ALL_CODES
    assert [c.value for c in coding.Code] == list(CODES)
    assert set(feedback.RESPONSE_HELP) == set(Response)
    assert set(feedback.PICTURE_LETTERS) == RESPONSE_CODES
    assert set(feedback.COLOURS) == ALL_CODES
    assert set(feedback.RESPONSE_WORDS) == ALL_CODES | {"markeret"}
    assert set(comparison.CODE_WORDS) == ALL_CODES
    assert set(selfcheck.gribning_common()["buttons"]["responses"]) == RESPONSE_CODES
    assert set(selfcheck.CODES) == ALL_CODES


def test_every_derived_word_is_the_vocabularys():
    for response, words in RESPONSES.items():
        code = response.value
        assert feedback.RESPONSE_WORDS[code] == words.label
        assert comparison.CODE_WORDS[code] == words.label
        assert feedback.RESPONSE_HELP[response] == words.description
        assert feedback.PICTURE_LETTERS[code] == words.letter
        assert feedback.COLOURS[code] == words.colour
        assert texts.response_button(response) == (words.label.capitalize(), words.description)
        assert selfcheck.gribning_common()["buttons"]["responses"][code] == (
            words.label.capitalize(),
            words.description,
        )
        assert f"<strong>{words.label}</strong>" in texts.HEADER_TEXT
        assert f"<strong>{words.label.capitalize()}</strong>" in texts.response_help_html()
        legend = f"{words.letter} = {words.label} ({words.colour_word})"
        assert legend in feedback.PICTURE_TEMPLATE


def test_the_two_kappa_notes_come_from_one_function():
    bands = "ringe, svag, rimelig, moderat, betydelig, næsten perfekt"
    for note in (feedback.BAND_MEANING, laan_html.KAPPA_NOTE):
        assert note.startswith("Kappa måler")
        assert f"Båndene er Landis og Kochs: {bands}." in note
    learner = scoring.kappa_note(", hvor godt din kodning stemmer med eksperternes", ". ")
    colleagues = scoring.kappa_note(
        " enigheden", closing="Tallet er et udgangspunkt for samtalen, ikke en karakter."
    )
    assert (learner, colleagues) == (feedback.BAND_MEANING, laan_html.KAPPA_NOTE)


def code_files() -> list[Path]:
    package = ROOT / "widgets" / "lises"
    extension = ROOT / "book" / "_ext"
    return sorted(
        [*package.rglob("*.py"), *extension.rglob("*.py"), *extension.rglob("*.js")],
    )


@pytest.mark.parametrize(
    "word", sorted({w for r in RESPONSES.values() for w in (r.label, r.label.capitalize())})
)
def test_the_labels_are_written_only_in_the_vocabulary(word):
    """Course data (excerpt files, the schema) and the book's text may name them; code may not."""
    pattern = re.compile(rf"(?<![\wæøå]){re.escape(word)}(?![\wæøå])")
    found = [
        str(path.relative_to(ROOT))
        for path in code_files()
        if path != Path(responses.__file__).resolve()
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, f"{word!r} is written outside lises.excerpts.responses: {found}"
