"""Load dilemma-case files (YAML) and report every problem with file, place and field.

A knowledge broker who adds a case gets messages such as::

    min-sag.yaml: handling 'stop', felt 'costs': respekt står både under serves og costs

Loading never writes anything.  The Danish wording of pydantic's errors is shared with the
excerpt loader (:data:`lises.excerpts.files.PYDANTIC_MESSAGES_DA`).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from lises.core import paths
from lises.core.data_files import SUFFIXES, DataFileError, read_yaml
from lises.core.data_messages import translate
from lises.core.model import Problem

from .cases import DilemmaCase, consistency_problems


class DilemmaFileError(DataFileError):
    """A dilemma-case file that cannot be used."""


def default_dilemma_dir() -> Path:
    """The course's own cases, shipped inside the package."""
    return paths.DATA / "dilemmas"


def _where(loc: tuple, data: dict) -> tuple[str, str]:
    """A pydantic location as (place, field): actions by their id, considerations by number."""
    if len(loc) >= 2 and loc[0] in ("actions", "considerations") and isinstance(loc[1], int):
        field = ".".join(str(part) for part in loc[2:]) or loc[0]
        if loc[0] == "considerations":
            return f"hensyn {loc[1] + 1}", field
        raw = data.get("actions")
        entry = raw[loc[1]] if isinstance(raw, list) and loc[1] < len(raw) else None
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            return f"handling '{entry['id']}'", field
        return f"handling {loc[1] + 1}", field
    return "sagen", ".".join(str(part) for part in loc) or "(hele filen)"


def parse_case(data: object, path: Path) -> DilemmaCase:
    """Validate parsed YAML; raise :class:`DilemmaFileError` naming every problem."""
    if not isinstance(data, dict):
        raise DilemmaFileError(path, ["filen skal indeholde en sag (en YAML-mapping)"])
    try:
        case = DilemmaCase.model_validate(data)
    except ValidationError as exc:
        problems = [translate(e, *_where(tuple(e["loc"]), data)) for e in exc.errors()]
        raise DilemmaFileError(path, problems) from None
    problems = consistency_problems(case)
    if problems:
        raise DilemmaFileError(path, problems)
    return case


def load_case(path: Path) -> DilemmaCase:
    """Read and validate one case file."""
    return parse_case(read_yaml(path, DilemmaFileError), Path(path))


def load_cases(*directories: Path) -> dict[str, DilemmaCase]:
    """Load every case in the given directories (default: the course's own), in case order.

    Raises :class:`DilemmaFileError` for the first bad file and for an ``id`` used twice.
    """
    found: dict[str, DilemmaCase] = {}
    origin: dict[str, Path] = {}
    for directory in directories or (default_dilemma_dir(),):
        for path in sorted(Path(directory).iterdir()):
            if path.suffix not in SUFFIXES:
                continue
            case = load_case(path)
            if case.id in found:
                raise DilemmaFileError(
                    path,
                    [Problem(where="sagen", field="id", message=_twice(case.id, origin))],
                )
            found[case.id] = case
            origin[case.id] = path
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[1].title)))


def _twice(ident: str, origin: dict[str, Path]) -> str:
    return f"'{ident}' bruges også i {origin[ident].name}"
