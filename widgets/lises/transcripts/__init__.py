"""Importing a transcript as an excerpt: readers with limits, the import, the command and the page.

Run ``python -m lises.transcripts FIL --id ID --title "…"`` (``make import``)."""
