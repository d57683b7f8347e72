"""Write the JSON Schema for potential-sorting files, so authors can point their editor at it.

Generated from :class:`lises.potentials.items.PotentialSet` and committed as
``data/schema/potential.schema.json``; a test fails when the committed file is out of date.
Regenerate it with::

    python -m lises.potentials.schema

The schema covers the structure only; the references inside a set (unique item ids, the
second potentials, sources) are checked when the file is loaded, see
:func:`lises.potentials.items.consistency_problems`.
"""

from __future__ import annotations

from pathlib import Path

from lises.core import paths
from lises.core.schema_files import model_schema_text, write_model_schema

from .items import PotentialSet

SCHEMA_PATH = paths.DATA / "schema" / "potential.schema.json"


def schema_text() -> str:
    """Return the JSON Schema of a potential-sorting file as the text that is committed.

    Returns
    -------
    str
        ``PotentialSet.model_json_schema()`` as indented JSON, ending in a newline.
    """
    return model_schema_text(PotentialSet)


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the JSON Schema of a potential-sorting file.

    Parameters
    ----------
    path : Path, optional
        Where to write; by default the committed ``data/schema/potential.schema.json``.

    Returns
    -------
    Path
        The file that was written.
    """
    return write_model_schema(PotentialSet, path)


def main() -> None:
    """Regenerate the committed schema file and print where it was written."""
    print(f"Skrev {write_schema()}")


if __name__ == "__main__":
    main()
