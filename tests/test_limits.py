"""Resource limits: each one, when exceeded, is a ``LimitExceeded`` that names it.

The limits and their defaults are listed in docs/security.md; module-level
defaults are read when used, so a program may change them, and the two
per-expression limits may be raised by a ruleset with ``params.limits``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

import jxrules
from jxrules import sandbox
from jxrules.checks.namespace import report_names
from jxrules.errors import ExpressionError, LimitExceeded, RulesetError
from jxrules.ingest import documents
from jxrules.ingest import files as sources
from jxrules.rules import ruleset as ruleset_module
from jxrules.sandbox import Limits, compile_expression, evaluate, limits_from_params
from tests.conftest import HANG_SECONDS, JIANGMEN_YAML

#: About 400,000 operations: over the default budget, under 500,000.
HEAVY = (
    "sum(a.row == b.row for a in indicators for b in indicators for c in indicators for d in 'ab')"
)


@pytest.fixture(scope="module")
def report() -> jxrules.Report:
    return jxrules.load_report(JIANGMEN_YAML)


def write_ruleset(tmp_path: Path, *asserts: str, params: str = "{max_score: 100}") -> Path:
    text = f"""\
id: local/limits
title: limits
version: "1"
applies_to: {{kind: department_overall, fiscal_years: [2022]}}
params: {params}
rules:
"""
    for n, expression in enumerate(asserts):
        text += f"""\
  - id: r{n}
    check: expression
    severity: error
    assert: {json.dumps(expression)}
    message: m{n}
"""
    path = tmp_path / "limits.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def engine_reasons(report: jxrules.Report, path: Path) -> list[str]:
    result = jxrules.check(report, jxrules.load_ruleset(path))
    return [f.evidence["reason"] for f in result.findings if f.check == "engine"]


# ------------------------------------------------------------ expressions
def test_defaults_are_documented_values() -> None:
    assert sandbox.DEFAULT_OPERATION_BUDGET == 200_000
    assert sandbox.DEFAULT_TIME_LIMIT == 2.0
    assert sources.MAX_FILE_BYTES == 20 * 1024 * 1024
    assert sources.MAX_RULESET_BYTES == 8 * 1024 * 1024
    assert sources.MAX_TABLE_ROWS == 100_000
    assert documents.MAX_NODES == 3_000_000
    assert Limits() == Limits(operations=200_000, seconds=2.0)
    security = (Path(__file__).parent.parent / "docs" / "security.md").read_text("utf-8")
    for value in ("200,000", "2 s", "20 MiB", "8 MiB", "100,000", "3,000,000", "64"):
        assert value in security, value


def test_operation_budget_stops_an_expression_with_a_named_limit(report: jxrules.Report) -> None:
    with pytest.raises(LimitExceeded) as caught:
        evaluate(compile_expression(HEAVY), report_names(report, {}))
    assert caught.value.limit == "operations"
    assert "limit: operations" in caught.value.message
    assert "params.limits.operations" in caught.value.message


def test_operation_budget_is_an_engine_finding_through_a_ruleset(
    report: jxrules.Report, tmp_path: Path
) -> None:
    (reason,) = engine_reasons(report, write_ruleset(tmp_path, HEAVY, "len(indicators) > 0"))
    assert "limit: operations" in reason


def test_ruleset_may_raise_the_operation_budget(report: jxrules.Report, tmp_path: Path) -> None:
    path = write_ruleset(
        tmp_path, f"{HEAVY} > 0", params="{max_score: 100, limits: {operations: 500000}}"
    )
    assert engine_reasons(report, path) == []
    assert jxrules.check(report, jxrules.load_ruleset(path)).findings == ()


def test_budgets_scale_with_the_rows_of_the_report() -> None:
    assert Limits().scaled(1000) == Limits(operations=250_000, seconds=2.5)
    assert Limits(operations=10, seconds=1.0).scaled(0) == Limits(operations=10, seconds=1.0)
    assert sandbox.OPERATIONS_PER_ROW == 50


def _table(rows: int) -> dict[str, Any]:
    indicators = [sandbox.Record({"name": f"指标{n}", "row": str(n)}) for n in range(rows)]
    return {"indicators": indicators, "params": sandbox.Record({"total_row_names": ["合计"]})}


#: What the bundled declared-indicator-count rule computes: about 12 operations a row.
COUNT = "count([i.name not in params.total_row_names for i in indicators])"


def test_a_count_over_a_big_table_fits_the_budget_its_rows_give() -> None:
    names = _table(20_000)
    with pytest.raises(LimitExceeded, match="limit: operations"):
        evaluate(compile_expression(COUNT), names)
    assert evaluate(compile_expression(COUNT), names, rows=20_000) == 20_000


def test_comparing_every_row_with_every_other_still_runs_out() -> None:
    pairs = "sum([a.name == b.name for a in indicators for b in indicators])"
    with pytest.raises(LimitExceeded) as caught:
        evaluate(compile_expression(pairs), _table(2000), rows=2000)
    assert "上限 300000" in caught.value.message


def test_a_report_level_rule_gets_the_scaled_budget_a_per_row_rule_does_not(
    tmp_path: Path,
) -> None:
    rows = [
        {"seq": str(n), "name": f"指标{n}", "target": "1个", "actual": "1个"} for n in range(8000)
    ]
    report = jxrules.load_report(
        {"kind": "department_overall", "fiscal_year": 2022, "indicators": rows}
    )
    # about 33 operations a row: 264,000 in all, over the default budget of 200,000
    walk = (
        "count([i.name != '' and i.name != '合计' and i.row != '' and i.target != ''"
        " and i.actual != '' for i in indicators]) > 0"
    )
    with pytest.raises(LimitExceeded, match="上限 200000"):
        evaluate(compile_expression(walk), report_names(report, {}))
    assert engine_reasons(report, write_ruleset(tmp_path, walk)) == []
    per_row = write_ruleset(tmp_path, walk)
    text = per_row.read_text("utf-8").replace(
        "    check: expression\n",
        "    check: expression\n    for_each: indicators\n    where: \"item.row == '7'\"\n",
    )
    per_row.write_text(text, "utf-8")
    (reason,) = engine_reasons(report, per_row)
    assert "上限 200000" in reason


def test_explicit_budget_argument_wins(report: jxrules.Report) -> None:
    names = report_names(report, {"limits": {"operations": 10}})
    assert evaluate(compile_expression("1 + 1"), names, budget=100) == 2
    with pytest.raises(LimitExceeded):
        evaluate(compile_expression("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]"), names)


@pytest.mark.parametrize(
    ("limits", "error", "text"),
    [
        ({"operations": 10**9}, LimitExceeded, "超过允许的最大值"),
        ({"seconds": 3600}, LimitExceeded, "超过允许的最大值"),
        ({"operations": 0}, ExpressionError, "正数"),
        ({"operations": 1.5}, ExpressionError, "整数"),
        ({"operations": "many"}, ExpressionError, "正数"),
        ({"steps": 5}, ExpressionError, "未知的键"),
        ("fast", ExpressionError, "映射"),
    ],
)
def test_limit_params_are_checked(limits: Any, error: type[Exception], text: str) -> None:
    with pytest.raises(error, match=text):
        limits_from_params({"limits": limits})


def test_limit_params_read_numbers_from_yaml() -> None:
    from decimal import Decimal

    limits = limits_from_params({"limits": {"operations": 500000, "seconds": Decimal("0.5")}})
    assert limits == Limits(operations=500_000, seconds=0.5)
    assert limits_from_params({}) == limits_from_params(None) == Limits()


def test_bad_limit_params_are_an_engine_finding_today(
    report: jxrules.Report, tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        write_ruleset(tmp_path, "True", params="{limits: {operations: 99999999999}}").read_text(
            "utf-8"
        ),
        encoding="utf-8",
    )
    try:
        reasons = engine_reasons(report, path)
    except RulesetError as exc:  # once ruleset.py checks params.limits at load
        assert "params.limits" in exc.message and exc.position is not None
    else:
        assert reasons and "limit: operations" in reasons[0]


def test_bad_limit_params_are_refused_at_load(tmp_path: Path) -> None:
    path = write_ruleset(tmp_path, "True", params="{limits: {operations: 99999999999}}")
    with pytest.raises(RulesetError, match=r"params\.limits") as caught:
        jxrules.load_ruleset(path)
    assert caught.value.position is not None and caught.value.position.line == 5


def test_wall_clock_guard(report: jxrules.Report) -> None:
    names = report_names(report, {"limits": {"seconds": 0.000001}})
    start = time.perf_counter()
    with pytest.raises(LimitExceeded) as caught:
        evaluate(compile_expression(HEAVY), names)
    assert caught.value.limit == "seconds"
    assert "params.limits.seconds" in caught.value.message
    assert time.perf_counter() - start < HANG_SECONDS


def test_expression_text_and_depth_limits() -> None:
    with pytest.raises(LimitExceeded) as caught:
        compile_expression("1 + " * 2000 + "1")
    assert caught.value.limit == "expression_chars"
    with pytest.raises(LimitExceeded) as caught:
        compile_expression("+".join(["1"] * 60))
    assert caught.value.limit == "expression_depth"


def test_size_limit_on_built_values(report: jxrules.Report) -> None:
    names = report_names(report, {})
    for text in ("'ab' * 60000", "[0] * 100001", "[0] * 100000 + [1]", "narrative * 100"):
        with pytest.raises(LimitExceeded) as caught:
            evaluate(compile_expression(text), names)
        assert caught.value.limit == "size", text


# ------------------------------------------------------------------ files
def sparse(path: Path, size: int, head: bytes = b"kind: department_overall\n") -> Path:
    with path.open("wb") as stream:
        stream.write(head)
        stream.truncate(size)
    return path


def test_report_file_size_limit(tmp_path: Path) -> None:
    path = sparse(tmp_path / "big.yaml", sources.MAX_FILE_BYTES + 1)
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert caught.value.limit == "file_bytes"
    assert "limit: file_bytes" in caught.value.message
    assert str(caught.value.position) == str(path)


def test_report_file_size_limit_is_read_when_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 100)
    with pytest.raises(LimitExceeded, match="上限 100 字节"):
        jxrules.load_report(JIANGMEN_YAML)


def test_file_size_limit_holds_for_files_that_lie_about_their_size(tmp_path: Path) -> None:
    """A regular file whose size grows after stat() is still read only up to the limit."""
    text = sources.read_text(JIANGMEN_YAML, max_bytes=10**6)
    assert text.startswith("kind:")
    with pytest.raises(LimitExceeded):
        sources.read_text(JIANGMEN_YAML, max_bytes=10)


def test_ruleset_file_size_limit(tmp_path: Path) -> None:
    path = sparse(tmp_path / "big.yaml", sources.MAX_RULESET_BYTES + 1, b"id: x\n")
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_ruleset(path)
    assert caught.value.limit == "file_bytes"


def test_table_rows_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_TABLE_ROWS", 3)
    rows = "\n".join(
        f"  - {{seq: '{i}', name: 指标{i}, target: '1', actual: '1'}}" for i in range(4)
    )
    path = tmp_path / "rows.yaml"
    path.write_text(f"kind: department_overall\nfiscal_year: 2022\nindicators:\n{rows}\n", "utf-8")
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert caught.value.limit == "rows"
    assert "indicators 有 4 行，上限 3 行" in caught.value.message
    assert caught.value.position is not None and caught.value.position.line == 4


def test_table_rows_limit_in_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_TABLE_ROWS", 3)
    data = {"kind": "department_overall", "fiscal_year": 2022, "indicators": [{}] * 4}
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert caught.value.limit == "rows"


def test_check_rows_helper_for_other_readers() -> None:
    sources.check_rows(sources.MAX_TABLE_ROWS, "indicators")
    with pytest.raises(LimitExceeded) as caught:
        sources.check_rows(sources.MAX_TABLE_ROWS + 1, "indicators")
    assert caught.value.limit == "rows"


def test_rules_per_ruleset_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ruleset_module, "MAX_RULES", 3)
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_ruleset(write_ruleset(tmp_path, "True", "True", "True", "True"))
    assert caught.value.limit == "rules"
    assert "4 条规则，上限 3 条" in caught.value.message


def test_limit_exceeded_exits_2_through_the_cli(cli: Any, tmp_path: Path) -> None:
    path = sparse(tmp_path / "big.yaml", sources.MAX_FILE_BYTES + 1)
    result = cli("check", path)
    assert result.code == 2
    assert "limit: file_bytes" in result.err and "Traceback" not in result.err


def _example_refused_with_row_limit(monkeypatch: pytest.MonkeyPatch, rows: int) -> LimitExceeded:
    """The Markdown example loaded with ``MAX_TABLE_ROWS`` set to ``rows``: its refusal."""
    from tests.conftest import JIANGMEN_MD

    monkeypatch.setattr(sources, "MAX_TABLE_ROWS", rows)
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(JIANGMEN_MD)
    assert caught.value.limit == "rows"
    return caught.value


def test_a_markdown_table_longer_than_the_row_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the example's longest table, on one page, has 12 rows (the indicator table's last page)
    refused = _example_refused_with_row_limit(monkeypatch, 11)
    assert "第 188 行的表格 有 12 行，上限 11 行" in refused.message


def test_a_table_joined_across_pages_is_held_to_the_row_limit_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.conftest import JIANGMEN_MD

    # every page of the indicator table fits (12 rows at most); joined, it has 28 indicators
    refused = _example_refused_with_row_limit(monkeypatch, 12)
    assert "绩效指标表 有 28 行，上限 12 行" in refused.message
    monkeypatch.setattr(sources, "MAX_TABLE_ROWS", 28)
    assert len(jxrules.load_report(JIANGMEN_MD).indicators) == 28


def test_an_excel_sheet_longer_than_the_row_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "指标"
    sheet.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"])
    for n in range(6):
        sheet.append(["产出指标", "数量指标", f"指标{n}", "5 家", "6 家"])
    path = tmp_path / "report.xlsx"
    book.save(path)
    monkeypatch.setattr(sources, "MAX_TABLE_ROWS", 5)
    with pytest.raises(LimitExceeded) as caught:
        jxrules.load_report(path)
    assert caught.value.limit == "rows"
    assert "工作表“指标” 有 7 行，上限 5 行" in caught.value.message


def test_a_200_kb_line_of_a_phrase_the_patterns_look_for_is_read_in_linear_time() -> None:
    """A narrative line of 部门收入年初预算 repeated 25,000 times once cost 49 s in the bundled
    crossref patterns (a lazy [^。]*? from every occurrence to the end of the line); their
    spans are bounded now, so the report is checked and gives the example's findings."""
    import time

    from jxrules.ingest.markdown import read_string
    from tests.conftest import JIANGMEN_MD

    text = JIANGMEN_MD.read_text(encoding="utf-8")
    hostile = text.replace("三、其他自评情况", "部门收入年初预算" * 25_000 + "\n三、其他自评情况")
    (report,) = read_string(hostile, "long.md")
    start = time.perf_counter()
    findings = jxrules.check(report).findings
    assert time.perf_counter() - start < HANG_SECONDS
    plain = jxrules.check(jxrules.load_report(JIANGMEN_MD)).findings
    assert [(f.rule, f.location) for f in findings] == [(f.rule, f.location) for f in plain]
