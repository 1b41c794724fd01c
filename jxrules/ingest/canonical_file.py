"""Reader for canonical ``.yaml``/``.yml``/``.json`` report files (a YAML file may hold several)."""

from __future__ import annotations

from pathlib import Path

from jxrules.ingest.canonical import report_from_document
from jxrules.ingest.documents import load_document, load_yaml_documents
from jxrules.ingest.files import read_text
from jxrules.model import Report


def read(path: Path) -> list[Report]:
    if path.suffix.lower() == ".json":
        return [report_from_document(load_document(path))]
    return [report_from_document(d) for d in load_yaml_documents(read_text(path), str(path))]
