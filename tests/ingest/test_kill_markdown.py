"""Control characters in Markdown: the warning names each distinct code once, in order, and
shows the line without them, cut to 80 characters."""

from __future__ import annotations

from jxrules.ingest.markdown import read_string

STEMS = "甲乙丙丁戊己庚辛壬癸"


def test_a_line_with_two_control_codes_is_warned_with_both_and_its_first_80_characters() -> None:
    line = "\x01 工作目标" + STEMS * 8 + "\x7f子丑寅卯\x01"
    (report,) = read_string("部门整体支出绩效自评报告\n\n" + line + "\n", "c.md")
    warnings = [
        (f.severity, f.location.line, f.message)
        for f in report.ingest_findings
        if f.severity == "warning"
    ]
    shown = "工作目标" + (STEMS * 8)[:76]
    assert len(shown) == 80
    assert warnings == [
        ("warning", 3, f"第 3 行：含有控制字符 U+0001、U+007F，已删除后读取：{shown}")
    ]
    assert report.narrative == "部门整体支出绩效自评报告\n工作目标" + STEMS * 8 + "子丑寅卯"
