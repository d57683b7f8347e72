"""Write the JSON Schema for dilemma-case files, so authors can point their editor at it.

Generated from :class:`lises.dilemma.cases.DilemmaCase` and committed as
``data/schema/dilemma.schema.json``; a test fails when the committed file is out of date.
Regenerate it with::

    python -m lises.dilemma.schema

The schema covers the structure only; the references inside a case (action ids, serves and
costs) are checked when the file is loaded, see :func:`lises.dilemma.cases.consistency_problems`.
"""

from __future__ import annotations

from pathlib import Path

from lises.core import paths
from lises.core.schema_files import model_schema_text, write_model_schema

from .cases import DilemmaCase

SCHEMA_PATH = paths.DATA / "schema" / "dilemma.schema.json"


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
    return write_model_schema(DilemmaCase, path)


def main() -> None:
    """Regenerate the committed schema file and print where it was written."""
    print(f"Skrev {write_schema()}")


if __name__ == "__main__":
    main()
