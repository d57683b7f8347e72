"""Danish words as ASCII: the one slug used for file names and ids."""

from __future__ import annotations

import re
import unicodedata

_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def slugify(text: str) -> str:
    """A slug in ASCII (æ ø å as ae oe aa, other accents dropped), words joined by ``-``.

    ``De tre mønstre til "Lån et øre"`` -> ``de-tre-moenstre-til-laan-et-oere``.
    """
    text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
    text = text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
