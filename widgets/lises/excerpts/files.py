"""Load conversation-excerpt files (YAML) and report every problem with file, place and field.

A knowledge broker who adds an excerpt gets messages such as::

    mit-uddrag.yaml: tur 4, felt 'speaker': ukendt taler 'X' (kendte: B, S)

Loading never writes anything, so a bad file cannot corrupt the files that are already there.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

# PYDANTIC_MESSAGES_DA and translate are imported from here by the other loaders and the book.
from lises.core import paths
from lises.core.data_files import SUFFIXES, DataFileError, read_yaml
from lises.core.data_messages import PYDANTIC_MESSAGES_DA, translate  # noqa: F401

from .model import Excerpt, Problem, consistency_problems

EXCERPT_SUFFIXES = SUFFIXES


class ExcerptFileError(DataFileError):
    """An excerpt file that cannot be used; ``problems`` lists what is wrong and where."""


def default_excerpt_dir() -> Path:
    """The course's own excerpts, shipped inside the package."""
    return paths.DATA / "excerpts"


def _where(loc: tuple, data: dict) -> tuple[str, str]:
    """Turn a pydantic error location into (place, field) in the author's words.

    Key entries and pauses are named by the turn they are about ("nøgle for tur 4"), as the
    author thinks of them, when the file says which turn that is.
    """
    # "nøgle nr. 2" (the second entry) when its turn cannot be read, never "nøgle 2", which
    # would read as the key for turn 2.
    names = {"turns": "tur", "participants": "deltager", "key": "nøgle nr.", "pauses": "pause nr."}
    if len(loc) >= 2 and loc[0] in names and isinstance(loc[1], int):
        field = ".".join(str(part) for part in loc[2:]) or loc[0]
        raw = data.get(loc[0])
        entry = raw[loc[1]] if isinstance(raw, list) and loc[1] < len(raw) else None
        anchor = {"key": ("turn", "nøgle for tur"), "pauses": ("after_turn", "pause efter tur")}
        if loc[0] in anchor and isinstance(entry, dict):
            field_name, words = anchor[loc[0]]
            number = entry.get(field_name)
            if isinstance(number, int) and not isinstance(number, bool):
                return f"{words} {number}", field
        return f"{names[loc[0]]} {loc[1] + 1}", field
    return "uddraget", ".".join(str(part) for part in loc) or "(hele filen)"


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


def load_excerpt(path: Path) -> Excerpt:
    """Read and validate one excerpt file."""
    path = Path(path)
    return parse_excerpt(read_yaml(path, ExcerptFileError), path)


def load_excerpts(*directories: Path) -> dict[str, Excerpt]:
    """Load every excerpt file in the given directories (default: the course's own).

    Raises :class:`ExcerptFileError` for the first bad file and for an ``id`` used twice, so a
    broken collection is never half-loaded.
    """
    found, _ = _collect(directories or (default_excerpt_dir(),), lambda _directory: True)
    return found


def load_excerpts_skipping_bad(
    *directories: Path,
) -> tuple[dict[str, Excerpt], list[ExcerptFileError]]:
    """Like :func:`load_excerpts`, but a bad file outside the course's own folder is skipped.

    A knowledge broker's folder (``mine-uddrag/uddrag``) may hold a file that an editor broke
    by hand: the pages then work with the other excerpts and show the returned problems.  A bad
    file among the course's own excerpts is still raised: that is a bug for ``make test``.
    """
    course = default_excerpt_dir().resolve()
    return _collect(directories or (default_excerpt_dir(),), lambda d: d.resolve() == course)


def _collect(directories, strict) -> tuple[dict[str, Excerpt], list[ExcerptFileError]]:
    found: dict[str, Excerpt] = {}
    origin: dict[str, Path] = {}
    skipped: list[ExcerptFileError] = []
    for directory in map(Path, directories):
        if not strict(directory) and not directory.exists():
            continue  # the broker has not imported anything yet
        try:
            paths = sorted(p for p in directory.iterdir() if p.suffix in EXCERPT_SUFFIXES)
        except OSError:
            if strict(directory):
                raise
            skipped.append(ExcerptFileError(directory, ["mappen kan ikke læses"]))
            continue
        for path in paths:
            try:
                excerpt = load_excerpt(path)
                if excerpt.id in found:
                    twice = f"'{excerpt.id}' bruges også i {origin[excerpt.id].name}"
                    raise ExcerptFileError(
                        path, [Problem(where="uddraget", field="id", message=twice)]
                    )
            except ExcerptFileError as error:
                if strict(directory):
                    raise
                skipped.append(error)
                continue
            found[excerpt.id] = excerpt
            origin[excerpt.id] = path
    return found, skipped
