"""``--format json``: exactly one JSON document, as in CONTRACT.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jxrules.formats import Failure, Run


def document(run: Run) -> dict[str, Any]:
    out: dict[str, Any] = {"jxrules": run.version, "reports": [r.to_dict() for r in run.results]}
    if run.failures:
        out["errors"] = [failure_dict(failure) for failure in run.failures]
    if run.notices:
        out["notices"] = [notice.to_dict() for notice in run.notices]
    if run.absent:
        out["absent"] = [absent.to_dict() for absent in run.absent]
    return out


def failure_dict(failure: Failure) -> dict[str, Any]:
    """A source that could not be checked: its message, and ``line``/``column`` where known."""
    out: dict[str, Any] = {"source": failure.source, "message": str(failure.error)}
    position = failure.error.position
    if position is not None and position.file == failure.source and position.line is not None:
        out["line"] = position.line
        if position.column is not None:
            out["column"] = position.column
    return out


def render(run: Run) -> str:
    return json.dumps(document(run), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def render_entries(run: Run, entries: Sequence[str]) -> str:
    """:func:`render` of ``run`` with ``entries`` as its reports: each a report's JSON text as
    a worker wrote it (``check_many(serialise="json")``), so the parent only joins them (in one
    copy: a batch's document is as big as its findings)."""
    text = render(run)
    if not entries:
        return text
    # after "jxrules": its version, which holds no such text
    head, _, tail = text.partition('"reports": []')
    parts = [head, '"reports": [\n    ']
    for number, entry in enumerate(entries):
        parts += (",\n    ", entry) if number else (entry,)
    parts += ("\n  ]", tail)
    return "".join(parts)
