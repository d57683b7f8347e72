"""``python -m lises check PATH...``: check course data files (see :mod:`lises.check`)."""

import sys

from .check import main

sys.exit(main())
