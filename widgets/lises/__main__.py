"""``python -m lises check PATH...``: check course data files (see :mod:`lises.tools.check`)."""

import sys

from lises.tools.check import main

sys.exit(main())
