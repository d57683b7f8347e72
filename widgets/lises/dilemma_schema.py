"""Write the JSON Schema for dilemma-case files, so authors can point their editor at it.

Generated from :class:`lises.dilemma_cases.DilemmaCase` and committed as
``data/schema/dilemma.schema.json``; a test fails when the committed file is out of date.
Regenerate it with::

    python -m lises.dilemma_schema

The schema covers the structure only; the references inside a case (action ids, serves and
costs) are checked when the file is loaded, see :func:`lises.dilemma_cases.consistency_problems`.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .dilemma_cases import DilemmaCase

SCHEMA_PATH = Path(__file__).parent / "data" / "schema" / "dilemma.schema.json"


def model_schema_text(model: type[BaseModel]) -> str:
    """A model's JSON Schema as the committed text: indented, non-ASCII kept, final newline."""
    return json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_text() -> str:
    """Return the JSON Schema of a dilemma-case file as the text that is committed.

    Returns
    -------
    str
        ``DilemmaCase.model_json_schema()`` as indented JSON, ending in a newline.
    """
    return model_schema_text(DilemmaCase)


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the JSON Schema of a dilemma-case file.

    Parameters
    ----------
    path : Path, optional
        Where to write; by default the committed ``data/schema/dilemma.schema.json``.

    Returns
    -------
    Path
        The file that was written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


def main() -> None:
    """Regenerate the committed schema file and print where it was written."""
    print(f"Skrev {write_schema()}")


if __name__ == "__main__":
    main()
