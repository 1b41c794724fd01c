"""``jxrules extract --explain`` pinned line by line: the header line of each report, each
table's span (an empty table too), its context cut at 60 characters, the name column, a
row not read cut at 80, the 项目资金 lines read only without a funds table, the missing
indicator table, the breakdowns named only in a funds table, and the errors with the
file's name (issue 25: the survivors of ``jxrules.ingest.explain``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules.ingest.files as files
from jxrules.errors import InputError, LimitExceeded
from jxrules.ingest.explain import explain

#: A project form with a 项目资金 grid, the same money written as lines below it (read from
#: the grid, not the lines), a long sentence before the indicator table and a row of the
#: wrong width, longer than 80 characters, after its total.
FORM = (
    "# 2022年度项目支出绩效自评表\n"
    "\n"
    "| 项目名称 | 农村生活垃圾分类试点 | | | | | |\n"
    "|---|---|---|---|---|---|---|\n"
    "| 主管部门 | 示例县城市管理和综合执法局 | | | 实施单位 | 示例县环境卫生服务中心 | |\n"
    "\n"
    "| 项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | 得分 |\n"
    "|---|---|---|---|---|---|---|\n"
    "| | 年度资金总额 | 150.00 | 150.00 | 142.50 | 95.00% | 9.50 |\n"
    "| | 其中：当年财政拨款 | 120.00 | 120.00 | 114.00 | | |\n"
    "| | 上年结转资金 | 30.00 | 30.00 | 28.50 | | |\n"
    "\n"
    "全年预算数：150.00万元\n"
    "其中：当年财政拨款 120.00万元\n"
    "上年结转资金：30.00万元\n"
    "\n"
    "下表为本项目全部绩效指标的年度指标值与实际完成值，由项目实施单位对照年初申报的绩效目标逐项填写并经主管部门审核确认后报送县财政局备案存档\n"
    "\n"
    "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
    "|---|---|---|---|---|---|---|\n"
    "| 产出指标 | 数量指标 | 试点行政村数量 | ≥30个 | 32个 | 30 | 30 |\n"
    "| 效益指标 | 生态效益指标 | 垃圾分类准确率 | ≥70% | 76% | 30 | 30 |\n"
    "| 总分 | | | | | 100 | 100.00 |\n"
    "| 说明 | 本表由项目实施单位填报，主管部门审核；各项指标的实际完成值以年末统计数据为准，另附佐证材料清单、验收报告、资金拨付凭证及现场照片若干张，请一并审核 |\n"
)

FORM_EXPLAINED = (
    "{path}：读到 1 份报告\n"
    "\n"
    "报告 1（自第 1 块起）：2 个表格，正文 5 行，事实行 8 行\n"
    "  项目资金表 (funds)：第 7 行的表格；数据行 3 行（第 9 行 至 第 11 行）\n"
    "    列：“年初预算数”→initial_budget，“全年预算数”→adjusted_budget，“全年执行数”→executed，“执行率”→execution_rate，“得分”→score\n"
    "  绩效指标表 (indicators)：第 19 行的表格；数据行 3 行（第 21 行 至 第 23 行）\n"
    "    列：“一级指标”→level1，“二级指标”→level2，“三级指标”→name，“年度指标值”→target，“实际完成值”→actual，“分值”→points，“得分”→score\n"
    "    表前文字：“下表为本项目全部绩效指标的年度指标值与实际完成值，由项目实施单位对照年初申报的绩效目标逐项填写并经主管部门审核确认后报送”\n"
    "    名称列：“三级指标”\n"
    "    未读入 第 24 行：单元格数为 2，与表头的 7 列不一致，无法按列读取：| 说明 | 本表由项目实施单位填报，主管部门审核；各项指标的实际完成值以年末统计数据为准，另附佐证材料清单、验收报告、资金拨付凭证及现场照片若干张，请一并审核\n"
    "  正文事实：金额 3 个，分项 0 组，比率 0 个，同比 0 个，指标 0 个，得分 0 个\n"
    "    第 13 行：“全年预算数：150.00万元”\n"
    "      金额：（无主语） 150.00万元\n"
    "    第 14 行：“其中：当年财政拨款 120.00万元”\n"
    "      金额：当年财政拨款 120.00万元\n"
    "    第 15 行：“上年结转资金：30.00万元”\n"
    "      金额：（无主语） 30.00万元\n"
)

#: No indicator table; an empty budget table, and a budget table whose first row opens a
#: breakdown by nature (only a 项目资金 table's breakdowns are named).
BUDGET_ONLY = (
    "# 2022年度部门整体支出绩效自评报告\n"
    "\n"
    "| 科目 | 决算数 |\n"
    "|---|---|\n"
    "\n"
    "本年收入情况如下。\n"
    "\n"
    "| 项目 | 年初预算数 | 全年预算数 | 决算数 |\n"
    "|---|---|---|---|\n"
    "| 按收入性质分：100.00 | 100.00 | 100.00 | 90.00 |\n"
    "| 合计 | 100.00 | 100.00 | 90.00 |\n"
)

BUDGET_ONLY_EXPLAINED = (
    "{path}：读到 1 份报告\n"
    "\n"
    "报告 1（自第 1 块起）：2 个表格，正文 2 行，事实行 2 行\n"
    "  收支表 (income or expenditure, told by the text before it)：第 3 行的表格；数据行 0 行（第 3 行的表格）\n"
    "    列：“决算数”→final_accounts\n"
    "    表前文字：“# 2022年度部门整体支出绩效自评报告”\n"
    "    名称列：“科目”\n"
    "  收支表 (income or expenditure, told by the text before it)：第 8 行的表格；数据行 2 行（第 10 行 至 第 11 行）\n"
    "    列：“项目”→name，“年初预算数”→initial_budget，“全年预算数”→adjusted_budget，“决算数”→final_accounts\n"
    "    表前文字：“本年收入情况如下。”\n"
    "    名称列：“项目”\n"
    "  未找到绩效指标表：表头应含 三级指标 和 年度指标值/实际完成值 等列\n"
    "  正文：未读到数字事实（金额、分项、比率、同比、指标、得分）\n"
)

#: One indicator table printed in two pieces (its header repeated): 4 rows.
TWO_PIECES = (
    "# 2022年度项目支出绩效自评表\n"
    "\n"
    "| 三级指标 | 年度指标值 | 实际完成值 |\n"
    "|---|---|---|\n"
    "| 造林面积 | ≥500亩 | 520亩 |\n"
    "| 育苗数量 | ≥2万株 | 2.1万株 |\n"
    "\n"
    "（续表）\n"
    "\n"
    "| 三级指标 | 年度指标值 | 实际完成值 |\n"
    "|---|---|---|\n"
    "| 抚育面积 | ≥300亩 | 310亩 |\n"
    "| 成活率 | ≥85% | 90% |\n"
)

TWO_PIECES_EXPLAINED = (
    "{path}：读到 1 份报告\n"
    "\n"
    "报告 1（自第 1 块起）：1 个表格，正文 2 行，事实行 2 行\n"
    "  绩效指标表 (indicators)：第 3 行的表格；数据行 4 行（第 5 行 至 第 13 行）\n"
    "    列：“三级指标”→name，“年度指标值”→target，“实际完成值”→actual\n"
    "    表前文字：“# 2022年度项目支出绩效自评表”\n"
    "    名称列：“三级指标”\n"
    "  正文：未读到数字事实（金额、分项、比率、同比、指标、得分）\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FORM, FORM_EXPLAINED),
        (BUDGET_ONLY, BUDGET_ONLY_EXPLAINED),
        (TWO_PIECES, TWO_PIECES_EXPLAINED),
    ],
    ids=["form", "budget-only", "two-pieces"],
)
def test_the_explanation_of_a_report_line_by_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "r.md"
    path.write_text(text, encoding="utf-8")
    assert explain(path) == expected.format(path=path)


def test_a_file_of_no_report_type_cannot_be_explained(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("| 三级指标 | 年度指标值 |\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        explain(path)
    assert str(caught.value) == f"{path}: 无法解释 “.txt” 文件的读取过程"


def test_a_table_over_the_row_limit_is_named_by_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each piece is within the limit; the joined table is not
    monkeypatch.setattr(files, "MAX_TABLE_ROWS", 3)
    path = tmp_path / "r.md"
    path.write_text(TWO_PIECES, encoding="utf-8")
    with pytest.raises(LimitExceeded) as caught:
        explain(path)
    assert str(caught.value) == (
        f"{path}: 绩效指标表 有 4 行，上限 3 行 (too many rows; limit: rows)"
    )
