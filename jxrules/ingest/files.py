"""Reading input files safely: only regular files, a size limit, UTF-8, a row limit.

Every reader (Markdown, xlsx, canonical YAML/JSON) and the ruleset loader read through
:func:`read_text`, so a missing, huge or non-UTF-8 file is one located :class:`InputError`
whatever its kind.  docs/security.md lists every limit.
"""

from __future__ import annotations

import importlib
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jxrules.errors import InputError, LimitExceeded, Position

#: Refuse report files larger than this before reading them (bytes).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Refuse ruleset (and rule tests) files larger than this (bytes).
MAX_RULESET_BYTES = 8 * 1024 * 1024
#: Refuse a list (a table's rows) longer than this.
MAX_TABLE_ROWS = 100_000
#: Refuse a zipped document (.xlsx, .docx) whose parts unpack to more than this (bytes).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: Set to 1 to let ``extends:`` reach files outside the ruleset's directory tree.
ALLOW_OUTSIDE_ENV = "JXRULES_ALLOW_OUTSIDE"


def read_text(path: Path, *, max_bytes: int | None = None) -> str:
    """Read a UTF-8 text file, with clear errors for missing, huge or non-UTF-8 files.

    ``max_bytes`` defaults to :data:`MAX_FILE_BYTES` as it is when called (so
    a program may raise ``jxrules.ingest.files.MAX_FILE_BYTES``).  Only regular files
    are read, and never more than ``max_bytes`` + 1 bytes of them.
    """
    name = str(path)
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        if not path.exists():
            raise InputError("文件不存在 (file not found)", Position(name))
        if path.is_dir():
            raise InputError("这是一个目录，不是文件 (is a directory)", Position(name))
        if not path.is_file():
            raise InputError("不是普通文件 (not a regular file)", Position(name))
        size = path.stat().st_size
        if size <= limit:
            with path.open("rb") as stream:
                raw = stream.read(limit + 1)
            size = len(raw)
        if size > limit:
            raise LimitExceeded(
                f"文件过大：{size} 字节，上限 {limit} 字节 (file too large; limit: file_bytes)",
                Position(name),
                limit="file_bytes",
            )
    except OSError as exc:
        raise InputError(f"无法读取文件 (cannot read): {exc.strerror}", Position(name)) from None
    except ValueError:
        raise InputError("文件名无效 (invalid file name)", Position(name)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"不是 UTF-8 编码的文本：第 {exc.start} 字节无法解码 (not UTF-8){_encoding_hint(raw)}",
            Position(name, line),
        ) from None
    return text


def check_rows(count: int, what: str, position: Position | None = None) -> None:
    """Refuse a table of more than :data:`MAX_TABLE_ROWS` rows (for every report reader)."""
    if count > MAX_TABLE_ROWS:
        raise LimitExceeded(
            f"{what} 有 {count} 行，上限 {MAX_TABLE_ROWS} 行 (too many rows; limit: rows)",
            position,
            limit="rows",
        )


def is_within(path: Path, roots: Iterable[Path]) -> bool:
    """Whether ``path``, with every symlink and ``..`` resolved, lies inside one of ``roots``."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return False
    for root in roots:
        try:
            base = root.resolve()
        except (OSError, RuntimeError, ValueError):
            continue
        if real == base or base in real.parents:
            return True
    return False


def outside_allowed(flag: bool | None = None) -> bool:
    """``flag`` if given, else whether :data:`ALLOW_OUTSIDE_ENV` is set to a true value."""
    if flag is not None:
        return flag
    return os.environ.get(ALLOW_OUTSIDE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def check_size(path: Path) -> None:
    """Refuse a binary document (.xlsx, .docx, .pdf) larger than :data:`MAX_FILE_BYTES`."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise LimitExceeded(
            f"文件过大：{size} 字节，上限 {MAX_FILE_BYTES} 字节 (limit: file_bytes)",
            Position(str(path)),
            limit="file_bytes",
        )


def refuse_zip_bomb(path: Path, what: str) -> None:
    """Sum what a zipped document's parts unpack to, from the zip directory, before opening it."""
    name = str(path)
    check_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(
            f"无法读取 {what}（不是有效的 {path.suffix}）：{exc}", Position(name)
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise LimitExceeded(
            f"{what}解压后有 {unpacked} 字节，上限 {MAX_UNPACKED_BYTES} 字节，可能是压缩炸弹"
            " (limit: unpacked_bytes)",
            Position(name),
            limit="unpacked_bytes",
        )


def _encoding_hint(raw: bytes) -> str:
    """What to do when the bytes read as GB18030 (GBK's superset, what Chinese Windows saves)."""
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return (
        "；它很可能是 GBK/GB18030 编码，请先转换为 UTF-8，例如 "
        "iconv -f GB18030 -t UTF-8 原文件 > 新文件 (probably GBK/GB18030: convert it to UTF-8)"
    )


def optional_library(module: str, package: str, extra: str, path: Path) -> Any:
    """The library an optional reader needs, once ``path`` is known to be a file; else an
    :class:`InputError` naming the extra that installs it (``pip install 'jxrules[pdf]'``)."""
    try:
        library = importlib.import_module(module)
    except ImportError:
        raise InputError(
            f"读取 {path.suffix} 需要 {package}：请运行 pip install 'jxrules[{extra}]'",
            Position(str(path)),
        ) from None
    if not path.is_file():
        raise InputError("文件不存在或不是文件 (file not found)", Position(str(path)))
    return library
