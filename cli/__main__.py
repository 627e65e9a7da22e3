"""``python -m cli ARGS`` is ``refah ARGS``; with no arguments it is ``refah run``."""

import sys

from cli import main

raise SystemExit(main(sys.argv[1:] or ["run"]))
