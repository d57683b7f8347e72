"""``python -m lises.room``: start the workshop room (see :mod:`lises.room.cli`)."""

import sys

from lises.room.cli import main

sys.exit(main())
