"""Load potential-sorting files (YAML) and report every problem with file, place and field.

A knowledge broker who adds a set gets messages such as::

    mine-eksempler.yaml: emne 'fast-kontakt', felt 'key': må højst være 5, ikke 6

Loading never writes anything.  The error translation is shared with the dilemma loader.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from lises.core import paths
from lises.core.data_files import SUFFIXES, DataFileError, read_yaml
from lises.core.data_messages import translate
from lises.excerpts.model import Problem

from .items import PotentialSet, consistency_problems


class PotentialFileError(DataFileError):
    """A potential-sorting file that cannot be used."""


def default_potential_dir() -> Path:
    """The course's own sets, shipped inside the package."""
    return paths.DATA / "potentials"


def _where(loc: tuple, data: dict) -> tuple[str, str]:
    """A pydantic location as (place, field): items by their id when the file gives one."""
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        field = ".".join(str(part) for part in loc[2:]) or "items"
        raw = data.get("items")
        entry = raw[loc[1]] if isinstance(raw, list) and loc[1] < len(raw) else None
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            return f"emne '{entry['id']}'", field
        return f"emne {loc[1] + 1}", field
    return "sættet", ".".join(str(part) for part in loc) or "(hele filen)"


def parse_set(data: object, path: Path) -> PotentialSet:
    """Validate parsed YAML; raise :class:`PotentialFileError` naming every problem."""
    if not isinstance(data, dict):
        raise PotentialFileError(path, ["filen skal indeholde et sæt (en YAML-mapping)"])
    try:
        potential_set = PotentialSet.model_validate(data)
    except ValidationError as exc:
        problems = [translate(e, *_where(tuple(e["loc"]), data)) for e in exc.errors()]
        raise PotentialFileError(path, problems) from None
    problems = consistency_problems(potential_set)
    if problems:
        raise PotentialFileError(path, problems)
    return potential_set


def load_set(path: Path) -> PotentialSet:
    """Read and validate one set file."""
    return parse_set(read_yaml(path, PotentialFileError), Path(path))


def load_sets(*directories: Path) -> dict[str, PotentialSet]:
    """Load every set in the given directories (default: the course's own).

    Raises :class:`PotentialFileError` for the first bad file and for an ``id`` used twice.
    """
    found: dict[str, PotentialSet] = {}
    origin: dict[str, Path] = {}
    for directory in directories or (default_potential_dir(),):
        for path in sorted(Path(directory).iterdir()):
            if path.suffix not in SUFFIXES:
                continue
            potential_set = load_set(path)
            if potential_set.id in found:
                message = f"'{potential_set.id}' bruges også i {origin[potential_set.id].name}"
                raise PotentialFileError(
                    path, [Problem(where="sættet", field="id", message=message)]
                )
            found[potential_set.id] = potential_set
            origin[potential_set.id] = path
    return found
