"""Read one course data file (YAML) safely, with a Danish message for every way it can fail.

Every kind of course data (excerpts, dilemma cases, potential sets, codings) is read here, so
that a careless or hostile file is refused the same way everywhere, before anything is built
from it:

* **size first**: the file is stat'ed and refused above :data:`MAX_FILE_BYTES` before it is
  read, and never more than that is read (a 50 MB file used to be read and parsed whole);
* **no anchors or aliases** (``&navn``/``*navn``): refused at the first one, while parsing, so an
  alias bomb ("billion laughs") is refused in milliseconds instead of expanding into gigabytes
  when it is validated; course data never needs them;
* **no duplicate keys**: YAML would silently keep the last one, so a typo could hide a value;
* **no tags** (``!!python/object``, ``!!float``, ``!!set`` …): plain values only;
* **bounded nesting** (:data:`MAX_DEPTH`), one document per file.

Problems are raised as :class:`YamlProblem` with Danish text naming the line; the loaders
prefix the file name (``mit-uddrag.yaml: linje 6: feltet 'title' står to gange …``).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import yaml

# 1 MB: the largest course file is 11 KB (fem-potentialer.yaml); an imported transcript is
# capped at 100,000 characters (lises.transcripts.limits), about 150 KB as an excerpt file with
# its key and notes, and the largest coding the app can write (200 citizen turns, each with a
# comment of 2,000 characters, all of them 'æ') is 0.8 MB (a test saves and reloads it).  1 MB
# is above anything the app itself writes and 90 times the largest course file.  It also bounds
# the time, which the alias, depth and duplicate-key checks keep linear in the size: this loader
# is as fast as PyYAML's pure-Python safe loader, 3.5-6 s for 1 MB on the busy 2-core test
# machine, a few milliseconds for a course file.
MAX_FILE_BYTES = 1_000_000
# Course data is at most 4 levels deep (excerpt > key > entry > field); 20 leaves room for
# anything sensible and stops a runaway nesting long before Python's recursion limit.
MAX_DEPTH = 20


class YamlProblem(ValueError):
    """A course data file that cannot be read; ``problems`` are Danish, without the file name."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class _Refused(yaml.YAMLError):
    """Raised from inside the parser with the line and a Danish message."""

    def __init__(self, mark: yaml.Mark | None, message: str):
        super().__init__(message)
        self.line = mark.line + 1 if mark is not None else None
        self.message = message


class CourseLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors, aliases, tags, merge keys or duplicate keys."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                event.start_mark, f"aliasset '*{event.anchor}' er ikke tilladt ({_NO_ANCHORS})"
            )
        if getattr(event, "anchor", None) is not None:
            raise _Refused(
                event.start_mark, f"ankeret '&{event.anchor}' er ikke tilladt ({_NO_ANCHORS})"
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":  # '!' only marks a value as text
            # Course data never needs a tag, and a value that does not fit its tag
            # (``!!float tekst``) would fail inside PyYAML with a bare Python error.
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(event.start_mark, f"YAML-tagget '{shown}' er ikke tilladt")
        if self._depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"for dybt indlejret (højst {MAX_DEPTH} niveauer)")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, _value in node.value:
                line = key_node.start_mark.line + 1
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(key_node.start_mark, "'<<' (fletning) er ikke tilladt")
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused(
                        key_node.start_mark, "et feltnavn skal være et navn eller et tal"
                    )
                key = self.construct_object(key_node)
                if not isinstance(key, str | int | float | bool | None):
                    raise _Refused(
                        key_node.start_mark, "et feltnavn skal være et navn eller et tal"
                    )
                if key in seen:
                    what = f"feltet '{key}'" if isinstance(key, str) else f"nøglen {key!r}"
                    first = f" (første gang i linje {seen[key]})" if seen[key] != line else ""
                    raise _Refused(key_node.start_mark, f"{what} står to gange{first}")
                seen[key] = line
        return super().construct_mapping(node, deep)


_NO_ANCHORS = "YAML-ankre og -aliasser bruges ikke i kursusdata: skriv værdien ud hvert sted"

# PyYAML's English problems, as an author can act on them; the first pattern that matches wins.
_YAML_PROBLEMS_DA: list[tuple[str, str]] = [
    (r"'\\t'|\btab\b", "et tabulatortegn: ryk ind med mellemrum, ikke med tabulator"),
    (
        r"cannot start any token",
        "et tegn, der ikke kan stå først i en værdi: sæt værdien i anførselstegn",
    ),
    (
        r"mapping values are not allowed",
        "et kolon, hvor der ikke må stå et: sæt teksten i anførselstegn, eller ret indrykningen",
    ),
    (r"could not find expected ':'", "mangler et kolon efter feltnavnet"),
    (
        r"unexpected end of stream",
        "filen slutter, før en tekst i anførselstegn eller en parentes er lukket",
    ),
    (r"another document", "filen må kun indeholde ét dokument: fjern '---' og det, der følger"),
    (r"expected ',' or '\]'", "mangler et komma eller en afsluttende ']'"),
    (r"expected ',' or '}'", "mangler et komma eller en afsluttende '}'"),
    (r"expected '-' indicator", "indrykningen passer ikke: her ventes et nyt punkt ('- ')"),
    (
        r"expected key|expected <block end>|expected the node content",
        "indrykningen passer ikke med linjerne ovenfor",
    ),
    (r"unknown escape character", "et ukendt tegn efter \\ i en tekst i dobbelte anførselstegn"),
    (r"constructor for the tag '([^']*)'", "YAML-tagget '{0}' er ikke tilladt"),
    (r"unhashable key", "et feltnavn skal være et navn eller et tal"),
    (r"anchor|alias", f"YAML-ankre og -aliasser er ikke tilladt ({_NO_ANCHORS})"),
]


def yaml_problem_da(exc: yaml.YAMLError) -> str:
    """PyYAML's error as a Danish problem naming the line (never PyYAML's English)."""
    if isinstance(exc, _Refused):
        return f"linje {exc.line}: {exc.message}" if exc.line else exc.message
    if isinstance(exc, yaml.reader.ReaderError):
        return "filen indeholder et styretegn, der ikke hører hjemme i en tekstfil"
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    text = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}"
    explanation = "tjek indrykning, kolon og anførselstegn"
    for pattern, danish in _YAML_PROBLEMS_DA:
        found = re.search(pattern, text)
        if found:
            explanation = danish  # not str.format: the texts themselves contain '{' and '}'
            if found.groups():
                tag = found.group(1).replace("tag:yaml.org,2002:", "!!")
                explanation = danish.replace("{0}", tag)
            break
    where = f"linje {mark.line + 1}: " if mark is not None else ""
    return f"{where}ikke gyldig YAML ({explanation})"


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB".replace(".", ",") if n >= 100_000 else f"{n} byte"


LIMIT = f"højst {_size(MAX_FILE_BYTES)}"


def read_text(path: Path) -> str:
    """The file's text, refused (:class:`YamlProblem`) if missing, not a file, too big or binary.

    The size is checked on the open file before reading (``fstat``) and at most one byte more
    than the limit is read, so a file that grows meanwhile is refused too.  Opening does not
    block: a named pipe or a device is refused instead of waiting forever.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise YamlProblem(["filen findes ikke"]) from None
    except PermissionError:
        raise YamlProblem(["filen kan ikke læses (ingen adgang)"]) from None
    except OSError as error:
        raise YamlProblem([_os_problem(error)]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = (
                "en mappe, ikke en fil" if stat.S_ISDIR(info.st_mode) else "ikke en almindelig fil"
            )
            raise YamlProblem([f"er {what}"])
        if info.st_size > MAX_FILE_BYTES:
            raise YamlProblem([f"filen er for stor ({_size(info.st_size)}; {LIMIT})"])
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        try:
            raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise YamlProblem([_os_problem(error)]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem([f"filen er for stor (over {LIMIT})"])
    if b"\x00" in raw:
        raise YamlProblem(["filen er ikke en tekstfil (den indeholder binære data)"])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise YamlProblem(["filen er ikke gemt som UTF-8"]) from None


def _os_problem(error: OSError) -> str:
    if error.errno == errno.EISDIR:
        return "er en mappe, ikke en fil"
    return f"filen kan ikke læses (systemfejl nr. {error.errno})"


def parse_text(text: str, check_size: bool = False) -> object:
    """Parse course YAML text with :class:`CourseLoader`; raise :class:`YamlProblem`.

    With ``check_size``, text the app is about to save is held to the limit a file is read
    with, so nothing is saved that could not be loaded again.
    """
    if check_size and len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise YamlProblem([f"filen bliver for stor ({LIMIT})"])
    try:
        data = yaml.load(text, Loader=CourseLoader)  # a SafeLoader: no Python objects
    except yaml.YAMLError as exc:
        raise YamlProblem([yaml_problem_da(exc)]) from None
    except (ValueError, TypeError, OverflowError):  # a constructor's own error; tags prevent it
        raise YamlProblem(["ikke gyldig YAML (en værdi kan ikke læses)"]) from None
    except RecursionError:  # defence in depth: MAX_DEPTH stops nesting long before this
        raise YamlProblem([f"for dybt indlejret (højst {MAX_DEPTH} niveauer)"]) from None
    if data is None:
        raise YamlProblem(["filen er tom"])
    return data


def load_file(path: Path) -> object:
    """Read and parse one course data file; raise :class:`YamlProblem` naming what is wrong."""
    return parse_text(read_text(Path(path)))
