"""Writing a file so that it is either the old file or the whole new one, never half of either."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(
    path: Path,
    text: str,
    *,
    overwrite: bool = True,
    check: Callable[[Path], object] | None = None,
) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and one rename.

    The temporary name ends in ``.tmp``, not ``.yaml``, so a loader never picks up a
    half-written file; ``os.replace`` is atomic on one file system, so a crash or a full disk
    leaves the earlier file as it was.  ``check`` is called with the temporary file before it
    takes the target's place (e.g. to load it as the exercise will); if it raises, nothing is
    written.  With ``overwrite=False`` an existing file is never replaced, not even one that
    appears meanwhile: :class:`FileExistsError` is raised instead.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if check is not None:
            check(Path(temporary))
        if overwrite:
            os.replace(temporary, path)
            return
        try:
            os.link(temporary, path)  # fails if the file exists, however recently it appeared
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
