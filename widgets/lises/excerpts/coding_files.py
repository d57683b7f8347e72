"""Read and write coding files (YAML) in the knowledge broker's folder; report every problem
with file, place and field, the way :mod:`lises.excerpts.files` does for excerpts::

    anna--praktikken.yaml: tur 4, felt 'codes': har en ugyldig værdi 'grebbet' (...)

Files are written atomically (:mod:`lises.core.atomic_files`): a crash or a full disk never leaves
half a file, and the colleague's earlier file survives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from lises.core.atomic_files import write_atomically
from lises.core.data_files import DataFileError, read_yaml
from lises.core.data_messages import translate
from lises.core.safe_yaml import YamlProblem, parse_text
from lises.core.words import slugify

from .coding import Coding, coding_problems
from .files import EXCERPT_SUFFIXES
from .model import Excerpt, Problem

HEADER = "# Kodning til Lån et øre: én kollegas læsning af ét uddrag (kaldenavn, ingen navne).\n"


class CodingFileError(DataFileError):
    """A coding file that cannot be used; ``problems`` lists what is wrong and where."""


@dataclass(frozen=True)
class SavedCoding:
    """A coding and the file it was read from."""

    path: Path
    coding: Coding

    @property
    def label(self) -> str:
        return f"{self.coding.coder} ({self.coding.created:%d.%m.%Y %H:%M})"


def _problem(error: dict) -> Problem:
    loc = tuple(error["loc"])
    if len(loc) >= 2 and loc[0] in ("codes", "comments"):
        # A bad turn number is reported at the key, a bad code at the value.
        field = loc[0]
        place = f"tur {loc[1]}" if len(loc) == 2 else f"turnummer {loc[1]!r}"
    else:
        place, field = "kodningen", ".".join(str(p) for p in loc) or "(hele filen)"
    if error["type"] == "value_error":  # the nickname check's own Danish message
        return Problem(where=place, field=field, message=str(error["ctx"]["error"]))
    if error["type"] in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"):
        return Problem(
            where=place, field=field, message="skal være et tidspunkt, fx 2026-03-01T10:15:00"
        )
    if error["type"] in ("int_parsing", "int_type") and len(loc) == 3:
        message = "turnummeret skal være et helt tal"
        if isinstance(loc[1], str) and loc[1].strip().isdigit():
            message += " (skriv det uden anførselstegn)"
        return Problem(where=place, field=field, message=message)
    if error["type"] == "too_short" and loc == ("codes",):
        return Problem(where=place, field=field, message="skal have en kode for mindst én tur")
    return translate(error, place, field)


def parse_coding(data: object, path: Path, excerpts: Mapping[str, Excerpt] | None = None):
    """Validate parsed YAML; with ``excerpts``, also check it against the excerpt it codes."""
    if not isinstance(data, dict):
        raise CodingFileError(path, ["filen skal indeholde en kodning (en YAML-mapping)"])
    try:
        coding = Coding.model_validate(data)
    except ValidationError as exc:
        raise CodingFileError(path, [_problem(e) for e in exc.errors()]) from None
    if excerpts is not None:
        excerpt = excerpts.get(coding.excerpt)
        if excerpt is None:
            raise CodingFileError(
                path,
                [
                    Problem(
                        where="kodningen",
                        field="excerpt",
                        message=f"uddraget '{coding.excerpt}' findes ikke",
                    )
                ],
            )
        problems = coding_problems(coding, excerpt)
        if problems:
            raise CodingFileError(path, problems)
    return coding


def load_coding(path: Path, excerpts: Mapping[str, Excerpt] | None = None) -> Coding:
    """Read and validate one coding file."""
    path = Path(path)
    data = read_yaml(path, CodingFileError)
    return parse_coding(data, path, excerpts)


def scan_codings(
    directory: Path, excerpts: Mapping[str, Excerpt] | None = None
) -> tuple[list[SavedCoding], list[CodingFileError]]:
    """Every readable coding in ``directory``, and an error for each file that is not.

    Unlike excerpts, one bad coding must not hide the colleagues' good ones: the page lists
    the good ones and says which files it could not read, and why.
    """
    good: list[SavedCoding] = []
    bad: list[CodingFileError] = []
    directory = Path(directory)
    if not directory.is_dir():
        return good, bad
    for path in sorted(directory.iterdir()):
        if path.suffix not in EXCERPT_SUFFIXES:
            continue
        try:
            good.append(SavedCoding(path, load_coding(path, excerpts)))
        except CodingFileError as error:
            bad.append(error)
    return good, bad


def coding_yaml(coding: Coding) -> str:
    data = coding.model_dump(mode="json")
    data["codes"] = {int(k): v for k, v in data["codes"].items()}
    data["comments"] = {int(k): v for k, v in data["comments"].items()}
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save_coding(coding: Coding, directory: Path) -> Path:
    """Save ``coding`` as ``<excerpt>--<nickname>.yaml`` in ``directory`` and return the path.

    A colleague who codes the same excerpt again replaces her or his earlier coding; a
    different colleague whose nickname makes the same file name gets a file of her or his own
    (``-2``, ``-3`` …) instead of overwriting it.
    """
    directory = Path(directory)
    stem = f"{coding.excerpt}--{slugify(coding.coder) or 'kollega'}"
    text = coding_yaml(coding)
    try:  # what is written reads back through the same safe loader as every coding file
        parse_coding(parse_text(text, check_size=True), Path(f"{stem}.yaml"))
    except YamlProblem as problem:
        raise CodingFileError(Path(f"{stem}.yaml"), problem.problems) from None
    for n in range(1, 1000):
        path = directory / (f"{stem}.yaml" if n == 1 else f"{stem}-{n}.yaml")
        if not path.exists():
            break
        try:
            if load_coding(path).coder == coding.coder:
                break
        except CodingFileError:
            continue  # never overwrite a file we cannot read: it may be someone's work
    write_atomically(path, text)
    return path
