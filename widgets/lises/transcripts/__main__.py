"""``python -m lises.transcripts FIL --id ID --title "…"``: import a transcript as an excerpt."""

from lises.transcripts.cli import main

raise SystemExit(main())
