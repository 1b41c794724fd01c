"""Property: however a converter cuts the example's tables at page breaks, the model is the same.

Each table of the example (its pieces already joined) is cut again at random
row boundaries; each new piece starts either with the header repeated, with a
blank header row (as the example's expenditure table does), or with its first
data row standing in the header position.  Pieces are separated by a blank
line, so the narrative is unchanged too.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import jxrules
from jxrules.errors import ReportError
from jxrules.ingest.markdown import read_string

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_MD = ROOT / "examples" / "jiangmen-2022-dept-overall.md"
EXAMPLE_YAML = ROOT / "examples" / "jiangmen-2022-dept-overall.yaml"
LINES = EXAMPLE_MD.read_text(encoding="utf-8").split("\n")
EXPECTED = jxrules.load_report(EXAMPLE_YAML)
MODES = ("header", "blank", "bare")


def _is_pipe(line: str) -> bool:
    return line.strip().startswith("|")


def table_groups() -> list[tuple[int, int, list[str], list[str]]]:
    """(first, end, header lines, data rows) of each table: pipe blocks with only blank lines between."""
    groups: list[tuple[int, int, list[str], list[str]]] = []
    i = 0
    while i < len(LINES):
        if not _is_pipe(LINES[i]):
            i += 1
            continue
        first, header, rows = i, LINES[i : i + 2], []
        while i < len(LINES) and _is_pipe(LINES[i]):
            end = i
            while end < len(LINES) and _is_pipe(LINES[end]):
                end += 1
            rows += LINES[i + 2 : end]  # every piece: header + separator, then rows
            i = end
            after = i
            while after < len(LINES) and not LINES[after].strip():
                after += 1
            if after < len(LINES) and _is_pipe(LINES[after]):
                i = after
        groups.append((first, i, header, rows))
    return groups


GROUPS = table_groups()


def render(cuts: list[list[tuple[int, str]]]) -> str:
    out: list[str] = []
    position = 0
    for (first, end, header, rows), group_cuts in zip(GROUPS, cuts, strict=True):
        out += LINES[position:first]
        out += header
        previous = 0
        for cut, mode in sorted(set(group_cuts)):
            out += rows[previous:cut]
            out.append("")
            width = header[0].count("|") - 1
            if mode == "header":
                out += header
                previous = cut
            elif mode == "blank":
                out += ["|" + " |" * width, header[1]]
                previous = cut
            else:  # the first row of the piece in the header position
                out += [rows[cut], header[1]]
                previous = cut + 1
        out += rows[previous:]
        position = end
    out += LINES[position:]
    return "\n".join(out)


def cuts_for(rows: int) -> st.SearchStrategy[list[tuple[int, str]]]:
    return st.lists(
        st.tuples(st.integers(1, rows - 1), st.sampled_from(MODES)),
        max_size=4,
        unique_by=lambda c: c[0],
    )


def test_groups_are_the_three_tables() -> None:
    assert [len(rows) for _, _, _, rows in GROUPS] == [4, 11, 31]
    joined = render([[] for _ in GROUPS]).split("\n")
    assert sum(line.startswith("|---") for line in joined) == 3  # pieces joined again


@settings(max_examples=30, deadline=None)
@given(st.tuples(*(cuts_for(len(rows)) for _, _, _, rows in GROUPS)))
def test_random_page_splits_give_the_same_model(cuts: tuple[list[tuple[int, str]], ...]) -> None:
    text = render(list(cuts))
    [report] = read_string(text, "split.md")
    assert report.ingest_findings == ()
    assert report.indicators == EXPECTED.indicators
    assert report.budget == EXPECTED.budget
    assert report == EXPECTED


TOKENS = [
    "|",
    "| ",
    " |",
    "|---|",
    "",
    " ",
    "序号",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "项目",
    "年初预算数",
    "全年预算数",
    "决算数",
    "全年执行数",
    "执行率",
    "合计",
    "本年收入合计",
    "支出合计",
    "总分",
    "年度资金总额",
    "其中：",
    "项目名称",
    "主管部门",
    "年度总体目标",
    "预期目标",
    "满意度",
    "指标",
    "1",
    "7,013.09",
    "95%",
    "—",
    "≥200 家",
    "<table>",
    "</table>",
    "<tr>",
    "<td>",
    "</td>",
    '<td rowspan="3">',
    '<td colspan="99999">',
    '<td rowspan="x">',
    "<br>",
    "\\|",
    "2022年度",
    "填报日期：2023年2月30日",
    "绩效自评分数为98分",
    "绩效指标 3 个",
]
EDITS = st.tuples(
    st.sampled_from(("insert", "delete", "replace")),
    st.integers(0, len(LINES) - 1),
    st.lists(st.sampled_from(TOKENS), max_size=12),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(EDITS, max_size=12))
def test_garbled_reports_read_or_raise_a_report_error(
    edits: list[tuple[str, int, list[str]]],
) -> None:
    """Lines of the example deleted, replaced or garbage inserted: reports or ReportError, nothing else."""
    lines = list(LINES)
    for action, where, tokens in edits:
        where = min(where, len(lines) - 1)
        if action == "insert":
            lines.insert(where, "".join(tokens))
        elif action == "delete" and len(lines) > 1:
            del lines[where]
        else:
            lines[where] = " | ".join(tokens)
    try:
        reports = read_string("\n".join(lines), "fuzz.md")
    except ReportError as exc:
        assert "fuzz.md" in str(exc)
        return
    for report in reports:
        for finding in report.ingest_findings:
            assert finding.check == "ingest" and finding.location.line is not None
