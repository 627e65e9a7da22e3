"""``python -m bot`` is ``refah run``."""

import sys

from bot.cli import main

raise SystemExit(main(["run", *sys.argv[1:]]))
