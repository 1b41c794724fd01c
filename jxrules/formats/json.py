"""``--format json``: exactly one JSON document, as in CONTRACT.md."""

from __future__ import annotations

import json
from typing import Any

from jxrules.formats import Run


def document(run: Run) -> dict[str, Any]:
    out: dict[str, Any] = {"jxrules": run.version, "reports": [r.to_dict() for r in run.results]}
    if run.failures:
        out["errors"] = [{"source": s, "message": m} for s, m in run.failures]
    return out


def render(run: Run) -> str:
    return json.dumps(document(run), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
