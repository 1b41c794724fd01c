"""Reading reports: canonical YAML/JSON, Markdown from PDF converters, Excel, Word.

Each reader turns one file into one or more :class:`~jxrules.model.Report`
objects (a PDF of project forms may hold several).  Readers are chosen by file
suffix and imported only when needed, so ``import jxrules`` stays light.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from jxrules.errors import InputError, Position, ReportError, require
from jxrules.ingest.documents import Document
from jxrules.ingest.layouts import Layouts, resolve, using
from jxrules.model import Report

#: File suffix -> "module:function" that reads such a file into reports.
READERS: Mapping[str, str] = {
    ".yaml": "jxrules.ingest.canonical_file:read",
    ".yml": "jxrules.ingest.canonical_file:read",
    ".json": "jxrules.ingest.canonical_file:read",
    ".md": "jxrules.ingest.markdown:read",
    ".markdown": "jxrules.ingest.markdown:read",
    ".xlsx": "jxrules.ingest.xlsx:read",
    ".docx": "jxrules.ingest.docx:read",
    ".pdf": "jxrules.ingest.pdf:read",
}


#: Files in a directory of reports that are no reports: rule tests and layouts files.
NOT_REPORTS = (".tests.yaml", ".layouts.yaml")


def _reader(path: Path) -> Callable[[Path], list[Report]]:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        known = ", ".join(sorted(READERS))
        raise InputError(
            f"不支持的报告文件类型 “{suffix or '无后缀'}”（支持：{known}）", Position(str(path))
        )
    module_name, function = READERS[suffix].split(":")
    reader: Callable[[Path], list[Report]] = getattr(importlib.import_module(module_name), function)
    return reader


def load_reports(
    source: str | Path, *, layouts: str | PathLike[str] | Layouts | None = None
) -> list[Report]:
    """Every report in one file (usually one; a multi-form document gives several).

    ``layouts``: a layouts file (path, or :func:`~jxrules.ingest.layouts.load_layouts`'s
    result) whose header wordings and fact patterns are merged over the bundled ones.
    """
    require(source, (str, PathLike), "load_reports() 的 source", "报告文件路径（str 或 Path）")
    if layouts is not None:
        require(layouts, (str, PathLike, Layouts), "layouts", "布局文件路径或 Layouts")
    path = Path(source)
    if not _exists(path):
        raise InputError("文件不存在 (file not found)", Position(str(path)))
    if path.is_dir():
        raise InputError("这是一个目录；请用 find_reports() 列出其中的报告", Position(str(path)))
    reader = _reader(path)
    with using(resolve(layouts)):
        return reader(path)


def _exists(path: Path) -> bool:
    """``path.exists()``, with a path the system refuses (too long, a NUL) an InputError."""
    try:
        return path.exists()
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(f"路径无效：{reason} (invalid path)", Position(str(path)[:200])) from None


def load_report(
    source: str | Path | Mapping[str, Any],
    *,
    layouts: str | PathLike[str] | Layouts | None = None,
) -> Report:
    """One report from a file path or from a canonical mapping already in memory
    (``layouts`` as for :func:`load_reports`)."""
    require(
        source, (str, PathLike, Mapping), "load_report() 的 source", "报告文件路径或规范格式的映射"
    )
    if isinstance(source, Mapping):
        from jxrules.ingest.canonical import report_from_document

        return report_from_document(
            Document("<memory>", dict(source), {(): Position("<memory>", 1, 1)})
        )
    reports = load_reports(source, layouts=layouts)
    if len(reports) != 1:
        raise ReportError(
            f"该文件包含 {len(reports)} 份报告；请用 load_reports() 逐份读取", Position(str(source))
        )
    return reports[0]


def find_reports(paths: list[str | Path]) -> Iterator[Path]:
    """Expand directories into the report files they hold (sorted, recursively)."""
    require(paths, (list, tuple), "find_reports() 的 paths", "路径的列表")
    for entry in paths:
        require(entry, (str, PathLike), "find_reports() 的路径", "文件或目录路径（str 或 Path）")
        path = Path(entry)
        if not _exists(path):
            raise InputError("文件或目录不存在 (not found)", Position(str(path)))
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in READERS and not p.name.endswith(NOT_REPORTS)
            )
            if not files:
                raise InputError(
                    f"目录中没有报告文件（支持的后缀：{', '.join(sorted(READERS))}）",
                    Position(str(path)),
                )
            yield from files
        else:
            yield path
