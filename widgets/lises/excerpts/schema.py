"""Write the JSON Schema for excerpt files, so authors can point their editor at it.

The schema is generated from the pydantic model :class:`lises.excerpts.model.Excerpt` and committed
as ``data/schema/excerpt.schema.json``; a test fails when the committed file is out of date.
Regenerate it with::

    python -m lises.excerpts.schema

The schema covers the structure only; the references between parts (speakers, key turns, pause
points) are checked when the file is loaded, see :func:`lises.excerpts.model.consistency_problems`.
"""

from __future__ import annotations

from pathlib import Path

from lises.core import paths
from lises.core.schema_files import model_schema_text, write_model_schema

from .model import Excerpt

SCHEMA_PATH = paths.DATA / "schema" / "excerpt.schema.json"


def schema_text() -> str:
    """Return the JSON Schema of an excerpt file as the text that is committed.

    Returns
    -------
    str
        ``Excerpt.model_json_schema()`` as indented JSON, non-ASCII kept, ending in a newline.
    """
    return model_schema_text(Excerpt)


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the JSON Schema of an excerpt file.

    Parameters
    ----------
    path : Path, optional
        Where to write; by default the committed ``data/schema/excerpt.schema.json``.

    Returns
    -------
    Path
        The file that was written.
    """
    return write_model_schema(Excerpt, path)


def main() -> None:
    """Regenerate the committed schema file and print where it was written.

    Run as ``python -m lises.excerpts.schema`` after changing :mod:`lises.excerpts.model`.
    """
    print(f"Skrev {write_schema()}")


if __name__ == "__main__":
    main()
