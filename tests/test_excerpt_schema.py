"""The committed JSON Schema for excerpt files is current and accepts the course's excerpts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from lises.excerpts.files import EXCERPT_SUFFIXES, default_excerpt_dir
from lises.excerpts.schema import SCHEMA_PATH, schema_text, write_schema

BAD_DIR = Path(__file__).parent / "fixtures" / "bad_excerpts"
COURSE_FILES = sorted(
    path for path in default_excerpt_dir().iterdir() if path.suffix in EXCERPT_SUFFIXES
)
# Bad fixtures whose problem is structural, so the schema alone must reject them.
STRUCTURALLY_BAD = [
    "constructed-false.yaml",
    "constructed-mangler.yaml",
    "felt-stavefejl.yaml",
    "forklaring-tom.yaml",
    "id-ugyldigt.yaml",
    "noegle-uden-forklaring.yaml",
    "pause-uden-svar.yaml",
    "svar-ugyldigt.yaml",
    "type-ugyldig.yaml",
]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(validator: Draft202012Validator, path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(rod)'}: {error.message}"
        for error in validator.iter_errors(data)
    ]


def test_committed_schema_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        f"{SCHEMA_PATH.name} does not match lises.excerpts.model.Excerpt; "
        "regenerate it with `python -m lises.excerpts.schema` and commit the result"
    )


def test_write_schema_writes_the_committed_text(tmp_path: Path) -> None:
    written = write_schema(tmp_path / "schema" / "excerpt.schema.json")
    assert written.read_text(encoding="utf-8") == SCHEMA_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda path: path.name)
def test_course_excerpt_matches_schema(validator: Draft202012Validator, path: Path) -> None:
    errors = _errors(validator, path)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("name", STRUCTURALLY_BAD)
def test_schema_rejects_structurally_bad_file(validator: Draft202012Validator, name: str) -> None:
    assert _errors(validator, BAD_DIR / name)
