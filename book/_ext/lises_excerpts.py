"""Show turns of a catching-exercise excerpt in the book: the ``{uddrag}`` directive.

The course's conversation excerpts are data files of the ``lises`` package (see
:mod:`lises.excerpts.files`), so the book and the catching exercise always show the same words
and the same expert key.  In a page::

    ```{uddrag} praktikken
    :ture: 1-6
    ```

renders turns 1 to 6 as a transcript (turn number, speaker and role) marked as constructed
training material, followed by the expert annotation of every keyed citizen turn in that range.
Without ``:ture:`` the whole excerpt is shown; ``:skjul-vurdering:`` leaves the annotation out
(for a reflection question where the reader answers first).

The transcript is built from docutils nodes, never raw HTML, so every text from the data file is
escaped by the writer and the excerpt also reaches the PDF.  An unknown id, a bad range or a bad
excerpt file stops the build with a Danish message that names the page, the id and the range.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective

from lises.excerpts.files import (
    EXCERPT_SUFFIXES,
    ExcerptFileError,
    default_excerpt_dir,
    load_excerpt,
    load_excerpts,
)
from lises.excerpts.model import Excerpt, next_professional_turn

RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$")


class UddragError(SphinxError):
    """A directive that cannot be rendered; Sphinx prints the category before the message."""

    category = "Fejl i samtaleuddrag"


def _excerpt_path(excerpt_id: str) -> Path:
    """The file an excerpt was loaded from, so the page can depend on it.

    Files are normally named after their id; a knowledge broker's file need not be, so the
    other files are read through the package loader until the id is found.
    """
    directory = default_excerpt_dir()
    candidates = sorted(p for p in directory.iterdir() if p.suffix in EXCERPT_SUFFIXES)
    named = [p for p in candidates if p.stem == excerpt_id]
    for path in named + [p for p in candidates if p not in named]:
        if load_excerpt(path).id == excerpt_id:
            return path
    raise LookupError(excerpt_id)  # not reached: the id came from load_excerpts()


def parse_range(raw: str | None, count: int) -> tuple[int, int]:
    """Read ``:ture:`` ("3" or "2-7", 1-based, inclusive); no option means every turn.

    Parameters
    ----------
    raw : str or None
        The option value as written in the page.
    count : int
        Number of turns in the excerpt.

    Returns
    -------
    tuple of int
        First and last turn to show.

    Raises
    ------
    ValueError
        With a Danish reason when the range is malformed or outside the excerpt.
    """
    if raw is None:
        return 1, count
    match = RANGE.match(raw)
    if not match:
        raise ValueError(f"skriv turene som fx '1-{count}' eller '3'")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise ValueError(f"den første tur ({first}) skal komme før den sidste ({last})")
    if first < 1 or last > count:
        raise ValueError(f"uddraget har ture fra 1 til {count}")
    return first, last


def _speaker(excerpt: Excerpt, speaker: str) -> str:
    # The label is what the exercise shows; the role is added when the label does not already
    # say it (e.g. a label 'Kokken' for the role 'arbejdsgiver').
    participant = excerpt.participant(speaker)
    role = participant.role.value
    if participant.label.lower() == role:
        return f"{participant.id} ({participant.label})"
    return f"{participant.id} ({participant.label}, {role})"


def render(excerpt: Excerpt, first: int, last: int, annotate: bool) -> nodes.Element:
    """Build the transcript and, if ``annotate``, the expert annotation as docutils nodes.

    Parameters
    ----------
    excerpt : lises.excerpts.model.Excerpt
        The validated excerpt.
    first, last : int
        The 1-based, inclusive range of turns to show.
    annotate : bool
        Whether to add the expert key for the keyed citizen turns in the range.

    Returns
    -------
    docutils.nodes.admonition
        A box titled with the excerpt's title and classed ``lises-uddrag``.
    """
    box = nodes.admonition(classes=["lises-uddrag"])
    # Smart quotes would turn the apostrophe in spoken forms such as "hva'" into a closing
    # quotation mark; the data is shown exactly as the exercise shows it.
    box["support_smartquotes"] = False
    box += nodes.title(text=f"Samtaleuddrag: {excerpt.title}")
    # The label comes first so a screen reader announces it before any of the dialogue.
    intro = nodes.paragraph()
    intro += nodes.strong(text="Konstrueret undervisningsmateriale.")
    shown = f"Tur {first}" if first == last else f"Tur {first}–{last}"
    intro += nodes.Text(
        f" Ingen virkelige personer og ingen personoplysninger. {excerpt.setting.rstrip('.')}. "
        f"{shown} af {len(excerpt.turns)}."
    )
    box += intro

    # An ordered list numbered from the first turn shown: the turn numbers are the list's own
    # numbers, which assistive technology reads out with the item.
    transcript = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    transcript["classes"].append("lises-uddrag-ture")
    if first > 1:
        transcript["start"] = first
    for turn in excerpt.turns[first - 1 : last]:
        line = nodes.paragraph()
        line += nodes.strong(text=f"{_speaker(excerpt, turn.speaker)}:")
        line += nodes.Text(f" {turn.text}")
        transcript += nodes.list_item("", line)
    box += transcript

    if not annotate:
        return box
    box += nodes.rubric(text="Ekspertvurdering")
    entries = [e for e in excerpt.key if first <= e.turn <= last]
    if not entries:
        box += nodes.paragraph(
            text="Ingen af borgerens ture i dette uddrag er markeret som meningsytringer."
        )
        return box
    annotation = nodes.bullet_list(classes=["lises-uddrag-vurdering"])
    for entry in sorted(entries, key=lambda e: e.turn):
        item = nodes.paragraph()
        item += nodes.strong(text=f"Tur {entry.turn} ({entry.kind.value}): {entry.response.value}.")
        item += nodes.Text(f" {entry.explanation}")
        answer = next_professional_turn(excerpt, entry.turn)
        if answer is not None and answer > last:
            # The judgement is about a turn the reader cannot see here; say so rather than
            # leave the reader looking for it.
            item += nodes.emphasis(text=f" Svaret i tur {answer} er ikke vist her.")
        annotation += nodes.list_item("", item)
    box += annotation
    return box


class UddragDirective(SphinxDirective):
    """``{uddrag} <id>`` with the options ``:ture:`` and ``:skjul-vurdering:``."""

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec: ClassVar[dict] = {
        "ture": directives.unchanged_required,
        "skjul-vurdering": directives.flag,
    }

    def _fail(self, message: str) -> UddragError:
        # Raised, not reported as a docutils warning: a page that shows the wrong turns must
        # stop the build even without -W.
        return UddragError(f"{self.get_location()}: {message}")

    def run(self) -> list[nodes.Node]:
        excerpt_id = self.arguments[0]
        try:
            excerpts = load_excerpts()
        except ExcerptFileError as error:
            raise self._fail(f"samtaleuddragene kan ikke indlæses:\n{error}") from None
        if excerpt_id not in excerpts:
            known = ", ".join(sorted(excerpts))
            raise self._fail(f"ukendt samtaleuddrag '{excerpt_id}' (kendte: {known})")
        excerpt = excerpts[excerpt_id]
        raw = self.options.get("ture")
        try:
            first, last = parse_range(raw, len(excerpt.turns))
        except ValueError as reason:
            raise self._fail(
                f"ugyldigt interval ':ture: {raw}' for samtaleuddraget '{excerpt_id}': {reason}"
            ) from None
        # Edits to the data file must rebuild the page, not only edits to the page.
        self.env.note_dependency(str(_excerpt_path(excerpt_id)))
        return [render(excerpt, first, last, "skjul-vurdering" not in self.options)]


def setup(app: Sphinx) -> dict:
    app.add_directive("uddrag", UddragDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
