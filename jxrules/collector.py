"""The cyclic garbage collector in processes of jxrules' own: collecting less often in a batch.

Reading a report makes thousands of short-lived containers (YAML nodes, mappings, rows), and
CPython starts a young collection at every 700 more of them than were freed: in ``jxrules check
DIR --output out.jsonl`` over 1,000 reports that was 3,100 collections, 19 of them full, and
13–14% of the time, to free next to nothing (a report's objects are freed by reference counting
as soon as it is checked).  A young threshold of :data:`YOUNG` allocations leaves a report's
objects to reference counting and keeps the collector for what a batch really accumulates.

The threshold is process-wide, so jxrules sets it only in processes that are its own — the
``jxrules`` command and the workers of ``check_many``'s default process pool — never in a program
that imports jxrules as a library (docs/scale.md shows how such a program can do the same).
"""

from __future__ import annotations

import gc

#: Young-generation threshold in jxrules' own processes (CPython's default is 700).
YOUNG = 10_000


def own_process() -> None:
    """Tune the collector of a process jxrules owns (the command, a pool worker) for batches."""
    young, middle, old = gc.get_threshold()
    if young:  # 0: the collector was switched off on purpose; leave it so
        gc.set_threshold(max(young, YOUNG), middle, old)
