"""Wrong arguments to the public API are jxrules errors that name them, never a TypeError or an
AttributeError from deep inside; a path the system refuses is an input error too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import jxrules
from tests.conftest import JIANGMEN_YAML


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: jxrules.load_report(None), "load_report() 的 source 应为报告文件路径、规范格式的映射、文本或字节（配合 format）或以二进制方式打开的文件对象，实际是 NoneType"),
        (lambda: jxrules.load_report(123), "load_report() 的 source 应为报告文件路径、规范格式的映射、文本或字节（配合 format）或以二进制方式打开的文件对象，实际是 int: 123"),
        (lambda: jxrules.load_reports(b"r.md"), "无法从名称 “<memory>” 判断格式；请给出 format"),
        (lambda: jxrules.load_ruleset(2022), "load_ruleset() 的 ref 应为规则集文件路径、内置规则集编号或 YAML 文本（str、Path 或 bytes），实际是 int"),
        (lambda: jxrules.check("report.yaml"), "check() 的 report 应为 jxrules.Report（由 load_report() 读出），实际是 str"),
        (lambda: jxrules.check(jxrules.load_report(JIANGMEN_YAML), "dept-overall/2022"), "check() 的 ruleset 应为 jxrules.Ruleset"),
        (lambda: jxrules.check(jxrules.load_report(JIANGMEN_YAML), language="fr"), "不支持的语言 “fr”（支持：zh, en）"),
        (lambda: list(jxrules.check_many("r.yaml")), "check_many() 需要一组报告路径，实际是一个路径 'r.yaml'"),
        (lambda: list(jxrules.check_many([JIANGMEN_YAML], jobs=0)), "check_many() 的 jobs 应为正整数，实际是 0"),
        (lambda: list(jxrules.find_reports("examples")), "find_reports() 的 paths 应为路径的列表，实际是 str"),
    ],
)  # fmt: skip
def test_a_wrong_argument_is_an_input_error_naming_it(call: Any, message: str) -> None:
    with pytest.raises(jxrules.InputError) as caught:
        call()
    assert caught.value.message.startswith(message)


def test_a_path_too_long_for_the_system_is_an_input_error(cli: Any, tmp_path: Path) -> None:
    long = str(tmp_path / ("a" * 5000 + ".md"))
    with pytest.raises(jxrules.InputError, match="路径无效：File name too long"):
        jxrules.load_report(long)
    result = cli("check", long)
    assert result.code == 2
    assert "internal error" not in result.err and "路径无效：File name too long" in result.err
