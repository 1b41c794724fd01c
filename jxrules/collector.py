"""Python's cyclic garbage collector, paused while one big structure is built or checked."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, as it was after it (a nested pause changes nothing).

    Reading a report and checking it make objects that hold no reference cycles (reference
    counting frees them) but live as long as the report: hundreds of thousands for a big one,
    which the collector walked again and again (more than half of the load time of a
    10,000-row report; about a third of the check of a 100,000-row one, docs/performance.md).
    The garbage a block leaves is collected once it ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
