"""The project form (项目支出绩效自评表) as an HTML table with rowspan/colspan.

The fixture is hand-written on the standard form's layout and carries the
figures of ``examples/demo-2022-project.yaml`` (the standard form has no 序号
column, so its indicators have no ``seq``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import jxrules
from jxrules.ingest.html_table import html_grids
from jxrules.ingest.markdown import read_string
from jxrules.ingest.write_yaml import dump_report
from jxrules.model import Num, Report

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "ingest" / "project-form-html.md"
DEMO = ROOT / "examples" / "demo-2022-project.yaml"


def n(text: str) -> Num:
    return Num(Decimal(text.rstrip("%")), text)


@pytest.fixture(scope="module")
def form() -> Report:
    return jxrules.load_report(FIXTURE)


def test_header_facts(form: Report) -> None:
    assert form.kind == "project"
    assert form.project == "中小企业数字化转型专项资金"
    assert form.department == "江门市示例局"  # 主管部门 before 实施单位
    assert form.fiscal_year == 2022
    assert str(form.filed_on) == "2023-03-15"
    assert form.self_evaluation.score == n("98.73")
    assert form.self_evaluation.grade == "良"
    assert dict(form.declared) == {"indicator_count": 12}


def test_funds_block(form: Report) -> None:
    funds = form.budget["funds"]
    assert funds.unit == "万元"  # from 项目资金<br>（万元）
    assert funds.total is not None and funds.total.name == "年度资金总额"
    assert dict(funds.total.cells) == {
        "initial_budget": n("520.00"),
        "adjusted_budget": n("500.00"),
        "executed": n("461.50"),
    }
    assert [i.name for i in funds.items] == ["当年财政拨款", "上年结转资金", "其他资金"]
    assert [i.amount("executed") for i in funds.items] == [
        Decimal("443.10"),
        Decimal("18.50"),
        Decimal("0.00"),
    ]
    assert funds.items[0].cells["initial_budget"] == n("500.00")
    assert (funds.points, funds.execution_rate, funds.score) == (n("10"), n("95.00%"), n("9.23"))
    assert set(form.budget) == {"funds"}


ROWS = [
    ("产出指标", "数量指标", "支持企业数字化改造数量", "≥100家", "112家", "10", "10", ""),
    ("产出指标", "数量指标", "举办数字化转型培训场次", "≥10场", "12场", "5", "5", ""),
    ("产出指标", "数量指标", "培训企业人员人次", "≥800人次", "860人次", "5", "5", ""),
    (
        "产出指标",
        "质量指标",
        "项目验收合格率",
        "≥95%",
        "90%",
        "10",
        "10",
        "部分项目验收资料不齐，已督促整改",
    ),
    ("产出指标", "时效指标", "资金拨付及时率", "100%", "100%", "5", "5", ""),
    ("产出指标", "时效指标", "项目按期完成率", "100%", "100%", "5", "5", ""),
    ("产出指标", "成本指标", "单个项目平均补助成本", "≤50万元", "48万元", "10", "10", ""),
    ("效益指标", "经济效益指标", "带动企业数字化投资额", "超过2亿元", "2.3亿元", "10", "10", ""),
    ("效益指标", "社会效益指标", "企业生产效率平均提升幅度", "≥10%", "12%", "10", "10.50", ""),
    (
        "效益指标",
        "可持续影响指标",
        "数字化转型服务商资源池入库服务商数量",
        "≥50家",
        "55家",
        "10",
        "10",
        "",
    ),
    ("满意度指标", "服务对象满意度指标", "受扶持企业满意度", "≥90%", "93%", "5", "5", ""),
    ("满意度指标", "服务对象满意度指标", "培训学员满意度", "≥90%", "95%", "5", "5", ""),
]


@pytest.mark.parametrize("index", range(len(ROWS)), ids=lambda i: ROWS[i][2])
def test_indicator_cells(form: Report, index: int) -> None:
    level1, level2, name, target, actual, points, score, note = ROWS[index]
    got = form.indicators[index]
    assert (got.seq, got.level1, got.level2, got.name) == (None, level1, level2, name)
    assert (got.target, got.actual, got.note) == (target, actual, note)
    assert (got.points, got.score) == (n(points), n(score))
    assert got.position == index + 1 and got.row == str(index + 1)
    assert got.line == 20 + index  # the <tr> line in the fixture


def test_total_score_and_narrative(form: Report) -> None:
    assert len(form.indicators) == 12
    assert form.total_score is not None
    assert (form.total_score.points, form.total_score.score) == (n("100"), n("98.73"))
    lines = form.narrative.split("\n")
    assert lines[:4] == [
        "# 项目支出绩效自评表",
        "（2022年度）",
        "填报日期：2023年3月15日",
        "本项目共设置绩效指标 12 个，绩效自评分数为98.73分，绩效等级为良。",
    ]
    assert lines[4] == "年度总体目标"
    assert lines[5].startswith("预期目标：支持不少于100家中小企业")
    assert lines[6].startswith("实际完成情况：共支持112家中小企业")
    assert form.ingest_findings == ()


def test_equals_the_demo_report_but_seq_and_narrative(form: Report) -> None:
    demo = jxrules.load_report(DEMO)
    numbered = tuple(attrs.evolve(i, seq=str(i.position)) for i in form.indicators)
    assert attrs.evolve(form, indicators=numbered, narrative=demo.narrative) == demo
    assert form.narrative.endswith(demo.narrative)


def test_round_trip(form: Report, tmp_path: Path) -> None:
    path = tmp_path / "form.yaml"
    path.write_text(dump_report(form), encoding="utf-8")
    assert jxrules.load_report(path) == form


# ---------------------------------------------------------------- spans
def test_rowspan_and_colspan_expand_into_a_grid() -> None:
    html = (
        "<table>\n<tr><td rowspan=2>A</td><td colspan=2>B</td></tr>\n"
        "<tr><td>C</td><td>D</td></tr>\n<tr><td>E</td><td colspan=2>F</td></tr>\n</table>"
    )
    [grid], stray = html_grids(html, 10)
    assert stray == []
    assert [r.cells for r in grid.rows] == [("A", "B", "B"), ("A", "C", "D"), ("E", "F", "F")]
    assert [r.line for r in grid.rows] == [11, 12, 13]


def test_bad_span_and_unclosed_table_are_reported() -> None:
    text = (
        "<table>\n<tr><th>三级指标</th><th>年度指标值</th><th>实际完成值</th></tr>\n"
        '<tr><td colspan="x">甲</td><td>1个</td><td>1个</td></tr>\n'
    )
    [report] = read_string(text, "t.md")
    assert [i.name for i in report.indicators] == ["甲"]
    messages = [f.message for f in report.ingest_findings]
    assert any("“x” 无效" in m and m.startswith("第 3 行") for m in messages)
    assert any("</table>" in m for m in messages)


def test_html_table_lines_are_not_narrative() -> None:
    text = "前言\n<table><tr><th>三级指标</th><th>实际完成值</th></tr>\n<tr><td>甲</td><td>1</td></tr></table>\n后记"
    [report] = read_string(text, "t.md")
    assert report.narrative == "前言\n后记"


def test_a_table_too_large_once_expanded_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from jxrules.errors import LimitExceeded
    from jxrules.ingest import html_table

    monkeypatch.setattr(html_table, "MAX_CELLS", 100)
    with pytest.raises(LimitExceeded, match="HTML 表格"):
        html_grids('<table><tr><td colspan="60">a</td><td colspan="60">b</td></tr></table>', 1)


def test_the_title_decides_the_kind_even_in_the_project_forms_grid() -> None:
    """A 部门整体支出绩效自评表 printed in the project form's grid is a department report."""
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "项目支出绩效自评表", "部门整体支出绩效自评表"
    )
    assert "项目支出绩效自评表" not in text
    (report,) = read_string(text, "dept-in-project-grid.md")
    assert report.kind == "department_overall"
    assert "funds" in report.budget  # the money block is still read
    assert jxrules.load_report(FIXTURE).kind == "project"  # the same grid titled as a project
