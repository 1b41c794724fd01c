"""Reading input files: the whole not-UTF-8 message (with the GB18030 hint only when it
applies) at its line, and a root that cannot be resolved skipped, not the end of the search."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from jxrules.errors import InputError, LimitExceeded
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
