"""Committed JSON Schemas of the course's data files (excerpts, dilemma cases, potential sets).

Each data kind has a small module (``excerpt_schema``, ``dilemma_schema``, ``potential_schema``)
that names its model and file; the writing is done here once.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel


def model_schema_text(model: type[BaseModel]) -> str:
    """A model's JSON Schema as the committed text: indented, non-ASCII kept, final newline."""
    return json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_model_schema(model: type[BaseModel], path: Path) -> Path:
    """Write ``model``'s schema text to ``path`` (creating the folder); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(model_schema_text(model), encoding="utf-8")
    return path
