"""Where a knowledge broker's own excerpts and codings live: outside the package and outside git.

The course's excerpts ship inside the package (:func:`lises.excerpts.files.default_excerpt_dir`).
Excerpts that a knowledge broker imports from the team's own transcripts, and the codings that
colleagues save for a Lån et øre round, are kept apart from them in a folder of their own, so an
update of the course never touches them and ``.gitignore`` keeps them out of the repository
(even pseudonymised transcripts are the team's, not the course's).

``LISES_LOCAL_DIR`` names the folder; ``make serve`` sets it to ``mine-uddrag/`` in the course
folder.  Without it, ``mine-uddrag/`` under the working directory is used.

``LISES_SHARED_SERVER=1`` says the exercises are served to a class on a shared server
(``python -m lises.tools.serve --class``): the folder is then the server's, not the learners', so
no page writes to it (the import and annotation pages are off, and the trainer offers no "save
my coding").
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

LOCAL_DIR_VARIABLE = "LISES_LOCAL_DIR"
SHARED_SERVER_VARIABLE = "LISES_SHARED_SERVER"
DEFAULT_NAME = "mine-uddrag"
MAX_PROBLEMS_SHOWN = 5  # per skipped file: enough to fix it, short enough to read


def local_dir() -> Path:
    """The knowledge broker's folder (not created here)."""
    configured = os.environ.get(LOCAL_DIR_VARIABLE, "").strip()
    return Path(configured) if configured else Path.cwd() / DEFAULT_NAME


def local_excerpt_dir(create: bool = False) -> Path:
    """Imported and annotated excerpts: one validated YAML file per excerpt."""
    path = local_dir() / "uddrag"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def local_coding_dir(create: bool = False) -> Path:
    """Saved codings of excerpts, one file per colleague and excerpt (Lån et øre)."""
    path = local_dir() / "kodninger"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def excerpt_dirs() -> tuple[Path, ...]:
    """The course's excerpts, then the knowledge broker's own if there are any."""
    from .files import default_excerpt_dir

    own = local_excerpt_dir()
    return (default_excerpt_dir(), own) if own.is_dir() else (default_excerpt_dir(),)


def available_excerpts(*directories: Path) -> tuple[dict, list]:
    """The excerpts the pages offer, and the knowledge broker's files that had to be skipped.

    Returns ``(excerpts, skipped)``: every readable excerpt of ``directories`` (default:
    :func:`excerpt_dirs`), and an :class:`~lises.excerpts.files.ExcerptFileError` for each
    local file that is not, so one file broken by hand does not take the pages down.  A bad
    file among the course's own excerpts is still raised.
    """
    from .files import load_excerpts_skipping_bad

    return load_excerpts_skipping_bad(*(directories or excerpt_dirs()))


def skipped_html(skipped: list) -> str:
    """A Danish notice naming each skipped file and its problems (escaped); '' if none."""
    if not skipped:
        return ""
    count = "Et" if len(skipped) == 1 else str(len(skipped))
    items = []
    for error in skipped:
        problems = error.problems[:MAX_PROBLEMS_SHOWN]
        more = len(error.problems) - len(problems)
        lines = [escape(f"{error.path.name}: {problem}") for problem in problems]
        if more:
            lines.append(escape(f"… og {more} problem{'er' if more > 1 else ''} mere"))
        items.append(f"<li>{'<br>'.join(lines)}</li>")
    return (
        '<div class="lises-skipped" role="status">'
        f"<p>{count} af jeres uddrag kunne ikke læses og er sprunget over:</p>"
        f"<ul>{''.join(items)}</ul>"
        f"<p>Ret filen i mappen {escape(local_dir().name)}/uddrag, eller kontrollér den med "
        "<code>python -m lises check</code>. De andre uddrag kan bruges som normalt.</p></div>"
    )
