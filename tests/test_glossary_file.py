"""The glossary file is validated: one bad file per failure, each with the message it must give
(the file, the entry and the field), as for the conversation excerpts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from course_text import REPO

sys.path.insert(0, str(REPO / "book" / "_ext"))
from lises_glossary import GLOSSARY_FILE, GlossaryFileError, glossary_markup, load_glossary

BAD = Path(__file__).parent / "fixtures" / "bad_glossary"
BIB_KEYS = {"larsen2018", "danneris2017"}
EXPECTED = {
    "missing_definition.yaml": "post 1 ('gribning'), felt 'definition': mangler",
    "empty_sources.yaml": "post 1 ('gribning'), felt 'kilder': har for få elementer",
    "unknown_source.yaml": "post 2 ('overhørt'), felt 'kilder': ukendt litteraturnøgle larsen2019",
    "duplicate_term.yaml": "post 2 ('Gribning'): 'Gribning' findes allerede i post 1",
    "synonym_clash.yaml": "post 2 ('grebet'): 'gribning' findes allerede i post 1",
    "unknown_field.yaml": "post 1 ('gribning'), felt 'kilde': er ikke et kendt felt",
    "blank_term.yaml": "post 1, felt 'term': må ikke være tom",
    "not_a_list.yaml": "filen skal være en ikke-tom liste af termer",
    "broken_yaml.yaml": "linje 3: ikke gyldig YAML",
    "duplicate_key.yaml": "linje 4: feltet 'definition' står to gange (første gang i linje 3)",
}


def test_every_bad_fixture_has_an_expected_message():
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize(("name", "message"), sorted(EXPECTED.items()))
def test_bad_glossary_is_rejected_with_file_entry_and_field(name, message):
    with pytest.raises(GlossaryFileError) as caught:
        load_glossary(BAD / name, BIB_KEYS)
    assert str(caught.value).startswith(f"{BAD / name}: ")
    assert message in str(caught.value)


def test_course_glossary_is_valid_and_renders_every_term():
    entries = load_glossary(GLOSSARY_FILE)
    markup = "\n".join(glossary_markup(entries))
    assert markup.startswith(":::{glossary}")
    for entry in entries:
        assert f"\n{entry.term}\n" in markup
