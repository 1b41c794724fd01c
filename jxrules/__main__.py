"""``python -m jxrules`` is the ``jxrules`` command."""

from jxrules.cli import main

raise SystemExit(main())
