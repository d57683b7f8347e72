"""``python -m lises check PATH...``: check course data files the way the course reads them.

An editor who writes or changes an excerpt, a dilemma case, a potential set or a coding runs::

    python -m lises check widgets/lises/data mine-uddrag

and gets one Danish line per problem, ``FIL: sted: problem``, then a summary; the exit code is
1 if anything is wrong and 0 if not.  Folders are searched for ``.yaml``/``.yml`` files (hidden
files and folders are skipped); a file named on the command line is checked whatever its name.

Which kind of data a file holds is decided, in this order, by

1. the name of its folder: ``excerpts``/``uddrag`` (excerpts), ``dilemmas``, ``potentials``,
   ``quizzes`` (the book's understanding checks), ``kodninger``/``codings`` (a folder whose name
   contains one of these words counts, e.g. ``bad_excerpts``), as the course itself reads those
   folders;
2. its fields: the kind whose characteristic fields the file has most of (``turns`` and
   ``participants`` for an excerpt, ``actions`` and ``considerations`` for a case, ``items`` for
   a set, ``codes`` and ``coder`` for a coding).

Codings are checked against the excerpts they code: the course's, those in ``LISES_LOCAL_DIR``
and those checked in the same run.  Nothing is written.  No input ends in a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lises.core.safe_yaml import YamlProblem, load_file
from lises.dilemma.files import DataFileError, parse_case
from lises.excerpts.coding_files import CodingFileError, parse_coding
from lises.excerpts.files import EXCERPT_SUFFIXES, ExcerptFileError, parse_excerpt
from lises.potentials.files import parse_set
from lises.quizzes.files import parse_quiz

FILE_ERRORS = (ExcerptFileError, DataFileError, CodingFileError)


@dataclass(frozen=True)
class Kind:
    """One kind of course data: its Danish name, folder words, characteristic fields, parser."""

    name: str
    place: str
    folder_words: tuple[str, ...]
    fields: frozenset[str]
    parse: Callable[..., object]


KINDS = {
    "excerpt": Kind(
        "uddrag",
        "uddraget",
        ("excerpt", "uddrag"),
        frozenset({"turns", "participants", "setting", "difficulty", "summary", "pauses"}),
        parse_excerpt,
    ),
    "dilemma": Kind(
        "dilemmasag",
        "sagen",
        ("dilemma",),
        frozenset({"actions", "considerations", "situation", "question", "order"}),
        parse_case,
    ),
    "potential": Kind(
        "potentialesæt", "sættet", ("potential",), frozenset({"items", "intro"}), parse_set
    ),
    # A quiz shares its top-level fields with a potential set: known by its folder only.
    "quiz": Kind("quiz", "quizzen", ("quiz",), frozenset(), parse_quiz),
    "coding": Kind(
        "kodning",
        "kodningen",
        ("kodning", "coding"),
        frozenset({"codes", "coder", "excerpt", "comments", "created"}),
        parse_coding,
    ),
}
UNKNOWN_KIND = (
    "kan ikke se, hvilken slags kursusdata filen er (uddrag, dilemmasag, potentialesæt, quiz "
    "eller kodning): læg den i en mappe af den slags, eller ret dens felter"
)
USAGE = """Brug: python -m lises check STI [STI ...]

Kontrollerer kursusdata (uddrag, dilemmasager, potentialesæt, quizzer og kodninger) i de filer og
mapper, du nævner, og skriver hvert problem som 'FIL: sted: problem'.
Afslutter med 0, når alt er i orden, og 1, når noget skal rettes.

Eksempel: python -m lises check widgets/lises/data mine-uddrag"""


def detect_kind(path: Path, data: object) -> str | None:
    """The kind of course data in ``path`` (see the module's docstring), or None."""
    folder = path.parent.name.lower()
    for key, kind in KINDS.items():
        if any(word in folder for word in kind.folder_words):
            return key
    if not isinstance(data, dict):
        return None
    scores = {key: len(kind.fields & set(map(str, data))) for key, kind in KINDS.items()}
    best = max(scores.values())
    winners = [key for key, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


@dataclass
class Report:
    """What a run found: per file or folder named, in the order checked, its problems."""

    problems: dict[str, list[str]] = field(default_factory=dict)

    def add(self, shown: str, problems: list[str]) -> None:
        self.problems.setdefault(shown, []).extend(problems)

    @property
    def checked(self) -> int:
        return len(self.problems)

    @property
    def lines(self) -> list[str]:
        return [
            f"{shown}: {problem}" for shown, found in self.problems.items() for problem in found
        ]

    def summary(self) -> str:
        files = f"{self.checked} {'fil' if self.checked == 1 else 'filer'} kontrolleret"
        count = len(self.lines)
        if not count:
            return f"{files}, ingen fejl"
        bad = sum(1 for found in self.problems.values() if found)
        return f"{files}, {bad} med fejl ({count} {'problem' if count == 1 else 'problemer'})"


def _files(argument: str, report: Report) -> list[Path]:
    """The files an argument names: itself, or the YAML files under a folder."""
    path = Path(argument)
    if not os.path.lexists(path):
        report.add(argument, ["findes ikke"])
        return []
    if not path.is_dir():
        return [path]
    found: list[Path] = []
    unreadable: list[str] = []

    def note(error: OSError) -> None:
        unreadable.append(str(error.filename or argument))

    for folder, subfolders, names in os.walk(path, onerror=note):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found += [
            Path(folder) / name
            for name in sorted(names)
            if not name.startswith(".") and Path(name).suffix in EXCERPT_SUFFIXES
        ]
    for name in unreadable:
        report.add(name, ["mappen kan ikke læses"])
    if not found and not unreadable:
        report.add(argument, ["mappen indeholder ingen .yaml- eller .yml-filer"])
    return found


def check(arguments: list[str]) -> Report:
    """Check every file the arguments name; never raises for anything a file contains."""
    report = Report()
    paths: list[Path] = []
    seen: set[Path] = set()
    for argument in arguments:
        for path in _files(argument, report):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                paths.append(path)
    parsed: list[tuple[Path, str, object]] = []
    for path in paths:
        report.add(str(path), [])  # listed now, so problems are printed in this order
        try:
            data = load_file(path)
        except YamlProblem as problem:
            _bad(report, path, problem.problems)
            continue
        except Exception as error:  # a file must never end the run in a traceback
            _bad(report, path, [_unexpected(error)])
            continue
        kind = detect_kind(path, data)
        if kind is None:
            _bad(report, path, [UNKNOWN_KIND])
            continue
        parsed.append((path, kind, data))
    _validate(report, parsed)
    return report


def _validate(report: Report, parsed: list[tuple[Path, str, object]]) -> None:
    """Validate excerpts first, so the codings can be checked against them."""
    excerpts = _known_excerpts()
    ids: dict[tuple[str, str], Path] = {}
    for path, kind, data in sorted(parsed, key=lambda entry: entry[1] == "coding"):
        try:
            if kind == "coding":
                KINDS[kind].parse(data, path, excerpts)
                continue
            value = KINDS[kind].parse(data, path)
        except FILE_ERRORS as error:
            _bad(report, path, error.problems)
            continue
        except Exception as error:  # a file must never end the run in a traceback
            _bad(report, path, [_unexpected(error)])
            continue
        first = ids.setdefault((kind, value.id), path)
        if first != path:
            where = KINDS[kind].place
            _bad(report, path, [f"{where}, felt 'id': '{value.id}' bruges også i {first}"])
        elif kind == "excerpt":
            excerpts.setdefault(value.id, value)


def _known_excerpts() -> dict:
    """The excerpts a coding may refer to: the course's and the broker's readable ones."""
    from lises.excerpts.local import available_excerpts

    try:
        return dict(available_excerpts()[0])
    except FILE_ERRORS:  # the course's own are broken: checking them says so
        return {}


def _unexpected(error: Exception) -> str:
    # A bug of ours, not the author's: say so in Danish and name the error for the report.
    return f"kunne ikke kontrolleres (uventet fejl i kontrollen: {type(error).__name__})"


def _bad(report: Report, path: Path, problems: list[str]) -> None:
    report.add(str(path), problems)


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code (0 clean, 1 problems, 2 wrong use)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] in (["-h"], ["--help"]) or arguments[1:2] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if arguments[:1] != ["check"] or len(arguments) < 2:
        wrong = (
            f"Ukendt kommando '{arguments[0]}'.\n\n" if arguments[:1] not in ([], ["check"]) else ""
        )
        print(wrong + USAGE, file=sys.stderr)
        return 2
    try:
        report = check(arguments[1:])
        for line in report.lines:
            print(line)
        print(report.summary())
    except KeyboardInterrupt:
        print("Afbrudt.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into head: nothing more to say
        return 1
    return 1 if report.lines else 0
