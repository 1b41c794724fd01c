"""Reader for canonical ``.yaml``/``.yml``/``.json`` report files."""

from __future__ import annotations

from pathlib import Path

from jxrules.ingest.canonical import report_from_document
from jxrules.model import Report
from jxrules.sources import load_document


def read(path: Path) -> list[Report]:
    return [report_from_document(load_document(path))]
