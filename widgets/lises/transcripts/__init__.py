"""Importing a transcript as an excerpt: readers with limits, the import, the command and the page.

Run ``python -m lises.transcripts FIL --id ID --title "…"`` (``make import``)."""

from lises.core.exports import lazy_exports

__all__ = [
    "FAILED",
    "SHARED_OFF",
    "ImportOptions",
    "ImportRefused",
    "Speaker",
    "build_page",
    "check_transcript",
    "import_transcript",
    "parse_speaker",
    "save",
    "slugify",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "build_page": "import_page",
        "check_transcript": "importer",
        "FAILED": "import_page",
        "import_transcript": "importer",
        "ImportOptions": "importer",
        "ImportRefused": "importer",
        "parse_speaker": "importer",
        "save": "importer",
        "SHARED_OFF": "import_page",
        "slugify": "importer",
        "Speaker": "importer",
    },
)
