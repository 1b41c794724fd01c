"""``python -m jxrules`` is the ``jxrules`` command."""

from jxrules.cli import run

raise SystemExit(run())
