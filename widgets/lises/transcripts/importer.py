"""Turn a knowledge broker's own transcript into an excerpt for the catching exercise.

A team's recorded, pseudonymised conversation (.txt with ``S:``/``B:`` prefixes, .docx, .csv or
.xlsx, see :mod:`lises.transcripts.readers`) becomes an :class:`~lises.excerpts.model.Excerpt` with
``origin: importeret`` and ``constructed: false``: it is validated exactly like the course's
excerpts, and checked by :mod:`lises.privacy.guard` before anything is written.  A transcript
with personal data is never written; probable names must be accepted first; an existing file is
only replaced when asked, and the file appears whole or not at all (temporary file in the same
folder, then an atomic rename).

Run ``python -m lises.transcripts --help`` for the command (:mod:`lises.transcripts.cli`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from lises.core import words
from lises.core.atomic_files import write_atomically
from lises.excerpts import local as local_excerpts
from lises.excerpts.files import (
    ExcerptFileError,
    default_excerpt_dir,
    load_excerpt,
    load_excerpts,
    parse_excerpt,
)
from lises.excerpts.model import Difficulty, Excerpt, Origin, Role
from lises.privacy.guard import Passage, Report, check

from .readers import Problem, TranscriptError, read_turns

DEFAULT_SETTING = "Samtale i jobcentret (importeret, pseudonymiseret udskrift)"
DEFAULT_SUMMARY = (
    "En pseudonymiseret samtale fra jeres eget jobcenter, importeret af vidensmægleren. "
    "Uddraget har endnu ingen ekspertnøgle, så feedbacken til sidst er ikke en bedømmelse."
)
HEADER = (
    "# Importeret samtale: en pseudonymiseret udskrift fra jeres eget team, IKKE kursusmateriale.\n"
    "# Importeret {day} med lises.transcripts og kontrolleret for personoplysninger.\n"
    "# Kontrollen er en hjælp, ikke en garanti. Hold filen uden for kursets git.\n"
)
SPEAKER_SPEC = re.compile(r"^\s*([A-ZÆØÅ][A-ZÆØÅa-zæøå0-9]{0,3})\s*=\s*([a-zæøå]+)\s*(?::(.*))?$")


@dataclass(frozen=True)
class Speaker:
    """A speaker code in the transcript, the role it has and the label the learner sees."""

    code: str
    role: Role
    label: str


DEFAULT_SPEAKERS = (
    Speaker("S", Role.SAGSBEHANDLER, "Sagsbehandler"),
    Speaker("B", Role.BORGER, "Borger"),
)


def parse_speaker(spec: str) -> Speaker:
    """``"VK=virksomhedskonsulent:Virksomhedskonsulent"`` (the label may be left out)."""
    match = SPEAKER_SPEC.match(spec)
    roles = ", ".join(r.value for r in Role)
    if not match:
        raise ValueError(
            f"talerkoden '{spec}' skal skrives som KODE=rolle:Navn, fx 'S=sagsbehandler:"
            "Sagsbehandler' (koden: 1-4 tegn med stort begyndelsesbogstav)"
        )
    code, role, label = match.groups()
    if role not in {r.value for r in Role}:
        raise ValueError(f"rollen '{role}' for '{code}' kendes ikke (kendte: {roles})")
    return Speaker(code, Role(role), (label or "").strip() or role.capitalize())


@dataclass(frozen=True)
class ImportOptions:
    """What the knowledge broker says about the transcript; only ``id`` and ``title`` needed."""

    id: str
    title: str
    setting: str = DEFAULT_SETTING
    summary: str = DEFAULT_SUMMARY
    difficulty: Difficulty = Difficulty.MIDDEL
    speakers: tuple[Speaker, ...] = field(default=DEFAULT_SPEAKERS)

    def codes(self) -> dict[str, str]:
        """Code or label (upper case, as written in a file) -> code."""
        out = {s.label.upper(): s.code for s in self.speakers}
        out.update({s.code.upper(): s.code for s in self.speakers})
        return out


@dataclass(frozen=True)
class Checked:
    """A transcript read, validated and checked, not yet saved."""

    excerpt: Excerpt
    report: Report


def slugify(text: str) -> str:
    """An id from a title: ``"Mødet om Praktik"`` -> ``"moedet-om-praktik"``."""
    return words.slugify(text)[:60].strip("-")


def check_transcript(data: bytes, name: str, options: ImportOptions) -> Checked:
    """Read, validate and check a transcript; nothing is written.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file's name: its ending chooses the reader, and messages start with it.
    options : ImportOptions
        Id, title, setting, summary, difficulty and speaker codes.

    Returns
    -------
    Checked
        The validated excerpt (``origin: importeret``) and the privacy guard's report.

    Raises
    ------
    TranscriptError
        The transcript cannot be used; every problem is named with its place, in Danish.
    """
    raw = read_turns(data, name, options.codes())
    used = {turn.speaker for turn in raw}
    excerpt_data = {
        "schema_version": 1,
        "id": options.id,
        "title": options.title,
        "setting": options.setting,
        "difficulty": Difficulty(options.difficulty).value,
        "constructed": False,
        "origin": Origin.IMPORTERET.value,
        "summary": options.summary,
        "sources": [],
        "participants": [
            {"id": s.code, "role": s.role.value, "label": s.label}
            for s in options.speakers
            if s.code in used
        ],
        "turns": [{"speaker": t.speaker, "text": " ".join(p[1] for p in t.pieces)} for t in raw],
        "key": [],
        "pauses": [],
    }
    try:
        excerpt = parse_excerpt(excerpt_data, Path(name))
    except ExcerptFileError as error:
        raise TranscriptError(name, [Problem("", p) for p in error.problems]) from None
    passages = [
        Passage(text, ((0, label),))
        for label, text in (
            ("titlen", options.title),
            ("rammen", options.setting),
            ("resuméet", options.summary),
        )
    ]
    for number, turn in enumerate(raw, start=1):
        places, offset = [], 0
        for place, text in turn.pieces:
            places.append((offset, place))
            offset += len(text) + 1  # the pieces are joined by one space
        passages.append(Passage(excerpt.turns[number - 1].text, tuple(places), number))
    return Checked(excerpt, check(passages))


class ImportRefused(ValueError):
    """The transcript was checked and not written; ``report`` says why, if the guard did."""

    def __init__(self, message: str, report: Report | None = None):
        self.report = report
        super().__init__(message)


def excerpt_path(excerpt_id: str, directory: Path | None = None) -> Path:
    directory = Path(directory) if directory else local_excerpts.local_excerpt_dir()
    return directory / f"{excerpt_id}.yaml"


def save(
    checked: Checked,
    directory: Path | None = None,
    *,
    accept_names: bool = False,
    overwrite: bool = False,
) -> Path:
    """Write a checked excerpt as ``<id>.yaml``, whole or not at all.

    Parameters
    ----------
    checked : Checked
        From :func:`check_transcript`.
    directory : Path, optional
        Where to write; by default :func:`lises.excerpts.local.local_excerpt_dir`.
    accept_names : bool
        The knowledge broker has looked at the probable names and accepts them.
    overwrite : bool
        Replace an existing excerpt with the same id.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ImportRefused
        Nothing was written (not even a folder): the guard refuses something, name warnings are
        not accepted, the id is one of the course's, or the file exists and ``overwrite`` is
        False.
    """
    report, excerpt = checked.report, checked.excerpt
    if report.refusals:
        raise ImportRefused("Uddraget er ikke gemt: det indeholder personoplysninger.", report)
    if not report.may_save(accept_names):
        raise ImportRefused(
            "Uddraget er ikke gemt: bekræft først, at de markerede ord ikke er navne "
            "(eller erstat dem med pseudonymer).",
            report,
        )
    if excerpt.id in _course_ids():
        raise ImportRefused(f"Id'et '{excerpt.id}' bruges af et af kursets uddrag: vælg et andet.")
    target = excerpt_path(excerpt.id, directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    twins = [target, target.with_suffix(".yml")]
    if not overwrite and any(p.exists() for p in twins):
        raise ImportRefused(
            f"Der findes allerede et uddrag med id'et '{excerpt.id}'. Vælg et andet id, eller "
            "bed om at overskrive det."
        )
    try:
        # what is written must load exactly as the trainer will load it
        write_atomically(target, _yaml_text(excerpt), overwrite=overwrite, check=load_excerpt)
    except FileExistsError:
        raise ImportRefused(f"Der findes allerede et uddrag med navnet {target.name}.") from None
    return target


def _course_ids() -> set[str]:
    return set(load_excerpts(default_excerpt_dir()))


def _yaml_text(excerpt: Excerpt) -> str:
    data = excerpt.model_dump(mode="json", exclude_none=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return HEADER.format(day=date.today().isoformat()) + body


def import_transcript(
    data: bytes,
    name: str,
    options: ImportOptions,
    directory: Path | None = None,
    *,
    accept_names: bool = False,
    overwrite: bool = False,
) -> tuple[Path, Report]:
    """Check and save in one go; raises :class:`TranscriptError` or :class:`ImportRefused`."""
    checked = check_transcript(data, name, options)
    path = save(checked, directory, accept_names=accept_names, overwrite=overwrite)
    return path, checked.report
