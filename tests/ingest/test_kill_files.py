"""Reading input files: the whole not-UTF-8 message (with the GB18030 hint only when it
applies) at its line, and a root that cannot be resolved skipped, not the end of the search."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from jxrules.errors import InputError, JxError, LimitExceeded, Position
from jxrules.ingest import files
from jxrules.ingest.files import is_within, read_text

NOT_UTF8 = "不是 UTF-8 编码的文本：第 {at} 字节无法解码 (not UTF-8)"
GBK_HINT = (
    "；它很可能是 GBK/GB18030 编码，请先转换为 UTF-8，例如 "
    "iconv -f GB18030 -t UTF-8 原文件 > 新文件 (probably GBK/GB18030: convert it to UTF-8)"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("报告\n第二行：江门".encode("gbk"), "r.md:1: " + NOT_UTF8.format(at=0) + GBK_HINT),
        (b"ok\n" + "江门".encode("gb18030"), "r.md:2: " + NOT_UTF8.format(at=3) + GBK_HINT),
        (b"ok\nline two \xff\xfe end", "r.md:2: " + NOT_UTF8.format(at=12)),
    ],
    ids=["gbk-first-line", "gb18030-second-line", "neither-utf8-nor-gb18030"],
)
def test_a_file_not_in_utf8_is_refused_at_its_line_with_the_hint_that_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: bytes, expected: str
) -> None:
    (tmp_path / "r.md").write_bytes(raw)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        read_text(Path("r.md"))
    assert str(caught.value) == expected


def test_a_root_in_a_symlink_loop_is_skipped_and_the_next_root_still_counts(
    tmp_path: Path,
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    good = tmp_path / "good"
    good.mkdir()
    (good / "r.yaml").write_text("kind: project\n", encoding="utf-8")
    assert is_within(good / "r.yaml", [loop, good]) is True
    assert is_within(good / "r.yaml", [loop]) is False


@pytest.mark.parametrize(
    ("limit", "refusal"),
    [
        (1000, None),
        (
            999,
            "{path}: 压缩文件解压后有 1000 字节，上限 999 字节，可能是压缩炸弹 (limit: unpacked_bytes)",
        ),
    ],
    ids=["at-the-limit-read", "one-byte-over-refused"],
)
def test_a_zip_that_unpacks_to_exactly_the_limit_is_read_and_one_byte_more_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, refusal: str | None
) -> None:
    path = tmp_path / "r.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.xml", "0" * 600)
        archive.writestr("b.xml", "0" * 400)
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", limit)
    if refusal is None:
        assert files.refuse_zip_bomb(path, "压缩文件") is None
    else:
        with pytest.raises(LimitExceeded) as caught:
            files.refuse_zip_bomb(path, "压缩文件")
        assert str(caught.value) == refusal.format(path=path)
        assert caught.value.limit == "unpacked_bytes"


def _make(tmp_path: Path, kind: str) -> Path:
    """A path of the given kind: a missing file, a directory, a FIFO, a name the system
    refuses, a file of 10 or 11 bytes, or a file larger than its size on disk says."""
    if kind == "grows":
        return Path("/proc/self/status")  # st_size 0, hundreds of bytes when read
    path = tmp_path / (("x" * 5000 if kind == "name-too-long" else kind) + ".md")
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind in ("10-bytes", "11-bytes"):
        path.write_bytes(b"0" * int(kind[:2]))
    return path


@pytest.mark.parametrize(
    ("kind", "max_bytes", "error", "limit"),
    [
        ("missing", None, "InputError: {p}: 文件不存在 (file not found)", None),
        ("directory", None, "InputError: {p}: 这是一个目录，不是文件 (is a directory)", None),
        ("fifo", None, "InputError: {p}: 不是普通文件 (not a regular file)", None),
        (
            "name-too-long",
            None,
            "InputError: {p}: 无法读取文件 (cannot read): File name too long",
            None,
        ),
        (
            "11-bytes",
            10,
            "LimitExceeded: {p}: 文件过大：11 字节，上限 10 字节 (file too large; limit: file_bytes)",
            "file_bytes",
        ),
        # the size on disk says 0: what is read decides, and never more than the limit + 1
        (
            "grows",
            10,
            "LimitExceeded: {p}: 文件过大：11 字节，上限 10 字节 (file too large; limit: file_bytes)",
            "file_bytes",
        ),
        # the module's limit, as it is when called
        (
            "11-bytes",
            None,
            "LimitExceeded: {p}: 文件过大：11 字节，上限 10 字节 (file too large; limit: file_bytes)",
            "file_bytes",
        ),
    ],
    ids=[
        "missing",
        "directory",
        "fifo",
        "name-too-long",
        "over-the-given-limit",
        "larger-than-its-size-on-disk",
        "over-the-module-limit",
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_its_whole_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    max_bytes: int | None,
    error: str,
    limit: str | None,
) -> None:
    if kind == "grows" and not Path("/proc/self/status").is_file():
        pytest.skip("no /proc here")
    path = _make(tmp_path, kind)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    with pytest.raises(JxError) as caught:
        read_text(path, max_bytes=max_bytes)
    assert f"{type(caught.value).__name__}: {caught.value}" == error.format(p=path)
    assert getattr(caught.value, "limit", None) == limit


@pytest.mark.parametrize(
    ("raw", "max_bytes", "text"),
    [
        (b"0123456789", 10, "0123456789"),
        (b"0123456789", None, "0123456789"),  # the module's limit, 10 here
        ("\ufeff报告".encode(), 10, "报告"),  # a byte-order mark is no text
        (b"01234567890", 11, "01234567890"),  # a given limit wins over the module's
    ],
    ids=["exactly-the-given-limit", "exactly-the-module-limit", "byte-order-mark", "given-limit"],
)
def test_a_file_up_to_its_limit_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: bytes, max_bytes: int | None, text: str
) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(raw)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    assert read_text(path, max_bytes=max_bytes) == text


@pytest.mark.parametrize(
    ("size", "refusal"),
    [
        (10, None),
        (11, "{p}: 文件过大：11 字节，上限 10 字节 (limit: file_bytes)"),
    ],
    ids=["at-the-limit", "one-byte-over"],
)
def test_a_binary_document_over_the_size_limit_is_refused_with_the_whole_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, refusal: str | None
) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"0" * size)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    if refusal is None:
        assert files.check_size(path) is None
    else:
        with pytest.raises(LimitExceeded) as caught:
            files.check_size(path)
        assert str(caught.value) == refusal.format(p=path)
        assert caught.value.limit == "file_bytes"


def test_a_table_of_exactly_the_row_limit_is_accepted_and_one_more_row_refused() -> None:
    assert files.check_rows(files.MAX_TABLE_ROWS, "绩效指标表") is None
    with pytest.raises(LimitExceeded) as caught:
        files.check_rows(files.MAX_TABLE_ROWS + 1, "绩效指标表", Position("r.md", 3))
    assert str(caught.value) == (
        "r.md:3: 绩效指标表 有 100001 行，上限 100000 行 (too many rows; limit: rows)"
    )
    assert caught.value.limit == "rows"


@pytest.mark.parametrize(
    ("module", "kind", "error"),
    [
        (
            "jxrules_no_such_module",
            "10-bytes",
            "{p}: 读取 .md 需要 某库：请运行 pip install 'jxrules[pdf]'",
        ),
        ("json", "missing", "{p}: 文件不存在或不是文件 (file not found)"),
        ("json", "directory", "{p}: 文件不存在或不是文件 (file not found)"),
    ],
    ids=["library-missing", "file-missing", "a-directory"],
)
def test_an_optional_reader_names_the_extra_to_install_or_the_missing_file(
    tmp_path: Path, module: str, kind: str, error: str
) -> None:
    path = _make(tmp_path, kind)
    with pytest.raises(InputError) as caught:
        files.optional_library(module, "某库", "pdf", path)
    assert str(caught.value) == error.format(p=path)


def test_an_optional_reader_gets_the_library_once_the_file_is_there(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text("{}", encoding="utf-8")
    assert files.optional_library("json", "json", "json", path) is json


@pytest.mark.parametrize(
    ("value", "allowed"),
    [
        (None, False),
        ("", False),
        ("0", False),
        ("false", False),
        ("FALSE", False),
        (" No ", False),
        ("no", False),
        ("1", True),
        ("yes", True),
        ("True", True),
    ],
    ids=["unset", "empty", "zero", "false", "false-upper", "no-padded", "no", "one", "yes", "true"],
)
def test_the_environment_switch_for_files_outside_is_off_unless_set_to_a_true_value(
    monkeypatch: pytest.MonkeyPatch, value: str | None, allowed: bool
) -> None:
    if value is None:
        monkeypatch.delenv(files.ALLOW_OUTSIDE_ENV, raising=False)
    else:
        monkeypatch.setenv(files.ALLOW_OUTSIDE_ENV, value)
    assert files.outside_allowed() is allowed
    assert files.outside_allowed(True) is True
    assert files.outside_allowed(False) is False
