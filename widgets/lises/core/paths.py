"""Every folder the package looks for, in one place.

The package lives in ``widgets/lises/`` of the course repository; the repository holds the book
(``book/``), its build (``_build/html``), the Voilà exercises (``exercises/``) and the Jupyter
configuration.  Installed from a wheel, only :data:`PACKAGE` and :data:`DATA` exist; the other
paths are then absent and their users say so or fall back (the privacy guard without the course
word list refuses more, never less).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
"""``widgets/lises``: the installed package."""
DATA = PACKAGE / "data"
"""The course data that ships with the package: excerpts, dilemmas, potentials, schemas."""
REPO = PACKAGE.parents[1]
"""The course repository (``widgets/lises`` -> the repository root)."""
EXERCISES = REPO / "exercises"
BOOK_SOURCE = REPO / "book"
BOOK_HTML = REPO / "_build" / "html"
WORD_LISTS = BOOK_SOURCE / "_ord"
"""The course's own word lists for hunspell-da, also read by the privacy guard."""
JUPYTER_CONFIG = REPO / "etc" / "jupyter"
JUPYTER_DATA = REPO / "share" / "jupyter"
STATE = REPO / ".state"
"""Make's state folder: the workshop store's SQLite file by default."""
BROKER = REPO / "mine-uddrag"
"""The knowledge broker's folder that ``make serve`` uses
(``LISES_LOCAL_DIR``; see :mod:`lises.excerpts.local`)."""
