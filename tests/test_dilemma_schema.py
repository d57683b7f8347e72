"""The committed JSON Schemas for dilemma and potential files are current and fit the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from lises.dilemma import schema as dilemma_schema
from lises.dilemma.files import default_dilemma_dir
from lises.potentials import schema as potential_schema
from lises.potentials.files import default_potential_dir

FIXTURES = Path(__file__).parent / "fixtures"
KINDS = {
    "dilemma": (dilemma_schema, default_dilemma_dir, FIXTURES / "bad_dilemmas"),
    "potential": (potential_schema, default_potential_dir, FIXTURES / "bad_potentials"),
}
# Bad fixtures whose problem is structural, so the schema alone must reject them.
STRUCTURALLY_BAD = {
    "dilemma": [
        "constructed-mangler.yaml",
        "dimension-ukendt.yaml",
        "felt-stavefejl.yaml",
        "for-faa-handlinger.yaml",
        "for-mange-handlinger.yaml",
        "handling-uden-costs.yaml",
        "hensyn-uden-dimension.yaml",
        "id-ugyldigt.yaml",
        "order-nul.yaml",
        "situation-tom.yaml",
        "tradeoff-mangler.yaml",
        "vaerk-ukendt.yaml",
    ],
    "potential": [
        "emne-uden-id.yaml",
        "felt-stavefejl.yaml",
        "forklaring-mangler.yaml",
        "id-ugyldigt.yaml",
        "ingen-emner.yaml",
        "noegle-for-stor.yaml",
        "noegle-nul.yaml",
        "noegle-tekst.yaml",
        "type-ugyldig.yaml",
    ],
}


def _validator(kind: str) -> Draft202012Validator:
    schema = json.loads(KINDS[kind][0].SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(kind: str, path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [e.message for e in _validator(kind).iter_errors(data)]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_schema_is_up_to_date(kind: str) -> None:
    module = KINDS[kind][0]
    assert module.SCHEMA_PATH.read_text(encoding="utf-8") == module.schema_text(), (
        f"{module.SCHEMA_PATH.name} is stale; regenerate it with `python -m {module.__name__}`"
    )


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_write_schema_writes_the_committed_text(kind: str, tmp_path: Path) -> None:
    module = KINDS[kind][0]
    written = module.write_schema(tmp_path / "schema" / module.SCHEMA_PATH.name)
    assert written.read_text(encoding="utf-8") == module.SCHEMA_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "path"),
    [(kind, path) for kind, (_, folder, _) in KINDS.items() for path in folder().glob("*.yaml")],
    ids=lambda value: getattr(value, "name", value),
)
def test_course_file_matches_schema(kind: str, path: Path) -> None:
    assert _errors(kind, path) == []


@pytest.mark.parametrize(
    ("kind", "name"), [(kind, name) for kind, names in STRUCTURALLY_BAD.items() for name in names]
)
def test_schema_rejects_structurally_bad_file(kind: str, name: str) -> None:
    assert _errors(kind, KINDS[kind][2] / name)
