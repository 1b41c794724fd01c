"""Reports from what a program has in hand — text, bytes, a binary file object — not only
from paths: the public :func:`load_report` / :func:`load_reports`.

Content is read through a private file named after its format, so every reader, limit and
check of a file applies unchanged; the reports and any error then carry the display name.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import IO, Any

import attrs

from jxrules import ingest
from jxrules.errors import InputError, JxError, Position, ReportError, require
from jxrules.ingest import files
from jxrules.ingest.layouts import Layouts
from jxrules.model import Report

#: What ``load_report`` reads: a path, a canonical mapping, content (with ``format``, or
#: ``name`` ending in a known suffix) or a binary file object.
Source = str | PathLike[str] | Mapping[str, Any] | bytes | IO[bytes]
#: A layouts file, by path or loaded (docs/layouts.md).
LayoutsRef = str | PathLike[str] | Layouts | None


def load_report(
    source: Source,
    *,
    format: str | None = None,
    name: str | None = None,
    layouts: LayoutsRef = None,
) -> Report:
    """One report from a path, a canonical mapping, or content in hand.

    ``source`` is read as content, not as a path, when it is ``bytes``, a binary file object
    (``open(p, "rb")``, ``io.BytesIO``), or a ``str`` given with ``format``. ``format`` is a
    reader's name (``md``, ``yaml``, ``json``, ``xlsx``, ``docx``, ``pdf``, ...); without it,
    the suffix of ``name`` (or of the file object's own name) decides. ``name`` is how the
    report and its errors are named (default ``<memory>``). ``layouts``: a layouts file (path
    or :class:`~jxrules.ingest.layouts.Layouts`) merged over the bundled reading vocabulary.
    """
    if _is_path(source, format) or (isinstance(source, Mapping) and format is None):
        return ingest.load_report(source, layouts=layouts)  # type: ignore[arg-type]
    reports = load_reports(source, format=format, name=name, layouts=layouts)
    if len(reports) != 1:
        where = Position(reports[0].source if reports else name or "<memory>")
        raise ReportError(f"该来源包含 {len(reports)} 份报告；请用 load_reports() 逐份读取", where)
    return reports[0]


def _is_path(source: object, format: str | None) -> bool:
    """A ``str`` is a path unless a ``format`` says it is content; a ``PathLike`` always is."""
    return isinstance(source, PathLike) or (isinstance(source, str) and format is None)


def load_reports(
    source: Source,
    *,
    format: str | None = None,
    name: str | None = None,
    layouts: LayoutsRef = None,
) -> list[Report]:
    """Every report in one source (usually one; a multi-form document gives several)."""
    if format is not None:
        require(format, str, "format", "读取器的名称（str），如 “md”、“yaml”、“xlsx”")
    if name is not None:
        require(name, str, "name", "显示用的名称（str）")
    if isinstance(source, Mapping):
        if format is not None:
            raise InputError("映射本身就是规范格式的报告，不需要 format")
        return [ingest.load_report(source, layouts=layouts)]
    if _is_path(source, format):
        return ingest.load_reports(source, layouts=layouts)  # type: ignore[arg-type]
    content = _content(source)
    if content is None:
        kind = type(source).__name__
        raise InputError(f"load_report() 的 source 应为{_EXPECTED}，实际是 {kind}: {source!r:.80}")
    display = name or _own_name(source) or "<memory>"
    return _read(content, _suffix(format, display), display, layouts)


_EXPECTED = "报告文件路径、规范格式的映射、文本或字节（配合 format）或以二进制方式打开的文件对象"


def _content(source: object) -> bytes | None:
    if isinstance(source, str):
        return source.encode("utf-8")
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    read = getattr(source, "read", None)
    if not callable(read):
        return None
    try:
        data = read(files.MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:  # closed, unreadable
        raise InputError(f"无法读取文件对象：{exc} (cannot read)") from None
    if isinstance(data, str):
        raise InputError("文件对象是以文本方式打开的；请用二进制方式打开（open(path, 'rb')）")
    if not isinstance(data, (bytes, bytearray)):
        raise InputError(f"文件对象的 read() 返回了 {type(data).__name__}，应为 bytes")
    return bytes(data)


def _own_name(source: object) -> str | None:
    own = getattr(source, "name", None)
    return own if isinstance(own, str) and own else None


def _suffix(format: str | None, display: str) -> str:
    known = sorted(suffix.lstrip(".") for suffix in ingest.READERS)
    if format is None:
        suffix = Path(display).suffix.lower()
        if suffix in ingest.READERS:
            return suffix
        raise InputError(
            f"无法从名称 “{display}” 判断格式；请给出 format（可用：{', '.join(known)}）",
            Position(display),
        )
    suffix = "." + format.lower().lstrip(".")
    if suffix not in ingest.READERS:
        raise InputError(f"未知的格式 “{format}”（可用：{', '.join(known)}）", Position(display))
    return suffix


def _read(content: bytes, suffix: str, display: str, layouts: LayoutsRef) -> list[Report]:
    with tempfile.TemporaryDirectory(prefix="jxrules-") as folder:
        path = Path(folder) / f"report{suffix}"
        path.write_bytes(content)
        try:
            reports = ingest.load_reports(path, layouts=layouts)
        except JxError as exc:
            if exc.position is not None and exc.position.file == str(path):
                exc.position = attrs.evolve(exc.position, file=display)
            raise
    return [attrs.evolve(report, source=display) for report in reports]
