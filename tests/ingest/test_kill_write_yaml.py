"""``jxrules extract``'s YAML, byte for byte: key order as the model has it, Chinese as written,
a multi-line text as a ``|`` block, lines folded past 100 columns and only there."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jxrules.ingest.canonical import report_from_document
from jxrules.ingest.documents import load_yaml_text
from jxrules.ingest.write_yaml import dump_report, dump_reports
from jxrules.model import Report

#: 80 characters after ``  note: `` (a space at column 89, past 80 but within 100), then 12 more:
#: the space after them is column 101, past the width of 100.
NOTE_HEAD = "部分项目验收资料不齐" * 8
LONG_NOTE = f"{NOTE_HEAD} 已督促整改并补齐验收资料"
SOURCE = f"""\
kind: project
department: 江门市示例局
project: 示例专项
fiscal_year: 2022
narrative: "第一行\\n第二行"
indicators:
  - {{seq: "1", level1: 产出指标, level2: 数量指标, name: 培训场次, target: "≥10场",
      actual: "12场", points: "10", score: "10", note: "{LONG_NOTE} 已整改"}}
"""
DUMPED = f"""\
kind: project
department: 江门市示例局
project: 示例专项
fiscal_year: 2022
filed_on: null
self_evaluation:
  score: null
  grade: null
declared: {{}}
budget: {{}}
indicators:
- seq: '1'
  level1: 产出指标
  level2: 数量指标
  name: 培训场次
  target: ≥10场
  actual: 12场
  points: '10'
  score: '10'
  note: {LONG_NOTE}
    已整改
total_score: null
narrative: |-
  第一行
  第二行
"""


def report() -> Report:
    return report_from_document(load_yaml_text(SOURCE, "r.yaml"))


@pytest.mark.parametrize(
    ("dump", "expected"),
    [
        (lambda: dump_report(report()), DUMPED),
        (lambda: dump_reports([report(), report()]), DUMPED + "---\n" + DUMPED),
    ],
    ids=["one-report", "two-reports"],
)
def test_extract_writes_model_order_unicode_blocks_and_folds_at_100_columns(
    dump: Callable[[], str], expected: str
) -> None:
    assert (len(f"  note: {NOTE_HEAD}"), len(f"  note: {LONG_NOTE}")) == (88, 101)
    assert dump() == expected


def test_a_line_of_exactly_100_columns_is_not_folded() -> None:
    note = LONG_NOTE[:-1]
    assert len(f"  note: {note}") == 100
    text = SOURCE.replace(LONG_NOTE, note)
    dumped = dump_report(report_from_document(load_yaml_text(text, "r.yaml")))
    assert f"  note: {note} 已整改\n" in dumped.splitlines(keepends=True)
