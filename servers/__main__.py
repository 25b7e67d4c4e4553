"""``python -m servers``: see ``servers.cli``."""

import sys

from servers.cli import main

sys.exit(main())
