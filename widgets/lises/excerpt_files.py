"""Load conversation-excerpt files (YAML) and report every problem with file, place and field.

A knowledge broker who adds an excerpt gets messages such as::

    mit-uddrag.yaml: tur 4, felt 'speaker': ukendt taler 'X' (kendte: B, S)

Loading never writes anything, so a bad file cannot corrupt the files that are already there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from .excerpts import Excerpt, Problem, consistency_problems

EXCERPT_SUFFIXES = (".yaml", ".yml")


class ExcerptFileError(ValueError):
    """An excerpt file that cannot be used; ``problems`` lists what is wrong and where."""

    def __init__(self, path: Path, problems: Iterable[Problem | str]):
        self.path = Path(path)
        self.problems = [str(p) for p in problems]
        lines = "\n".join(f"{self.path.name}: {p}" for p in self.problems)
        super().__init__(lines)


def default_excerpt_dir() -> Path:
    """The course's own excerpts, shipped inside the package."""
    return Path(str(resources.files("lises") / "data" / "excerpts"))


def _where(loc: tuple, data: dict) -> tuple[str, str]:
    """Turn a pydantic error location into (place, field) in the author's words.

    Key entries and pauses are named by the turn they are about ("nøgle for tur 4"), as the
    author thinks of them, when the file says which turn that is.
    """
    names = {"turns": "tur", "participants": "deltager", "key": "nøgle", "pauses": "pause"}
    if len(loc) >= 2 and loc[0] in names and isinstance(loc[1], int):
        field = ".".join(str(part) for part in loc[2:]) or loc[0]
        raw = data.get(loc[0])
        entry = raw[loc[1]] if isinstance(raw, list) and loc[1] < len(raw) else None
        anchor = {"key": ("turn", "nøgle for tur"), "pauses": ("after_turn", "pause efter tur")}
        if loc[0] in anchor and isinstance(entry, dict):
            field_name, words = anchor[loc[0]]
            if isinstance(entry.get(field_name), int):
                return f"{words} {entry[field_name]}", field
        return f"{names[loc[0]]} {loc[1] + 1}", field
    return "uddraget", ".".join(str(part) for part in loc) or "(hele filen)"


# Danish wording for pydantic error types, shared by every loader of course data.
PYDANTIC_MESSAGES_DA = {
    "missing": "mangler",
    "extra_forbidden": "er ikke et kendt felt",
    "literal_error": "har en ugyldig værdi",
    "enum": "har en ugyldig værdi",
    "string_too_short": "må ikke være tom",
    "too_short": "har for få elementer",
    "string_pattern_mismatch": "har et ugyldigt format",
    "string_type": "skal være tekst",
    "int_type": "skal være et helt tal",
    "int_parsing": "skal være et helt tal",
    "list_type": "skal være en liste",
    "dict_type": "skal være en mapping (felter med navne)",
    "model_type": "skal være en mapping (felter med navne)",
}


def translate(error: dict, place: str, field: str) -> Problem:
    """One pydantic error as a :class:`Problem` in Danish (shared by every data loader)."""
    kind = error["type"]
    message = PYDANTIC_MESSAGES_DA.get(kind, error["msg"])
    if kind in ("enum", "literal_error"):
        value = error.get("input")
        shown = str(value).lower() if isinstance(value, bool) else repr(value)
        allowed = str(error.get("ctx", {}).get("expected", "")).replace(" or ", " eller ")
        message = f"{message} {shown} (tilladt: {allowed})"
    elif kind == "string_pattern_mismatch" and field.endswith("id"):
        message = "må kun indeholde små bogstaver a-z, tal og bindestreg"
    elif kind == "greater_than_equal":
        message = f"skal være mindst {error['ctx']['ge']}, ikke {error.get('input')!r}"
    elif kind == "less_than_equal":
        message = f"må højst være {error['ctx']['le']}, ikke {error.get('input')!r}"
    elif kind == "too_long":
        message = f"har for mange elementer (højst {error['ctx']['max_length']})"
    elif kind == "bool_type":
        message = "skal være true eller false"
    return Problem(where=place, field=field, message=message)


def _translate(error: dict, data: dict) -> Problem:
    place, field = _where(tuple(error["loc"]), data)
    return translate(error, place, field)


def parse_excerpt(data: object, path: Path) -> Excerpt:
    """Validate already-parsed YAML data; raise :class:`ExcerptFileError` naming every problem."""
    if not isinstance(data, dict):
        raise ExcerptFileError(path, ["filen skal indeholde et uddrag (en YAML-mapping)"])
    try:
        excerpt = Excerpt.model_validate(data)
    except ValidationError as exc:
        raise ExcerptFileError(path, [_translate(e, data) for e in exc.errors()]) from None
    problems = consistency_problems(excerpt)
    if problems:
        raise ExcerptFileError(path, problems)
    return excerpt


def read_yaml(path: Path, error: Callable[[Path, list[str]], Exception]) -> object:
    """Parse a course data file; a syntax or encoding problem becomes ``error(path, problems)``
    naming the line (shared by the loaders of excerpts, codings, dilemmas and potentials)."""
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"linje {mark.line + 1}" if mark else "filen"
        raise error(path, [f"{where}: ikke gyldig YAML ({getattr(exc, 'problem', exc)})"]) from None
    except UnicodeDecodeError:
        raise error(path, ["filen er ikke gemt som UTF-8"]) from None


def load_excerpt(path: Path) -> Excerpt:
    """Read and validate one excerpt file."""
    path = Path(path)
    return parse_excerpt(read_yaml(path, ExcerptFileError), path)


def load_excerpts(*directories: Path) -> dict[str, Excerpt]:
    """Load every excerpt file in the given directories (default: the course's own).

    Raises :class:`ExcerptFileError` for the first bad file and for an ``id`` used twice, so a
    broken collection is never half-loaded.
    """
    dirs = directories or (default_excerpt_dir(),)
    found: dict[str, Excerpt] = {}
    origin: dict[str, Path] = {}
    for directory in dirs:
        for path in sorted(Path(directory).iterdir()):
            if path.suffix not in EXCERPT_SUFFIXES:
                continue
            excerpt = load_excerpt(path)
            if excerpt.id in found:
                raise ExcerptFileError(
                    path,
                    [
                        Problem(
                            where="uddraget",
                            field="id",
                            message=f"'{excerpt.id}' bruges også i {origin[excerpt.id].name}",
                        )
                    ],
                )
            found[excerpt.id] = excerpt
            origin[excerpt.id] = path
    return found
