"""Selection by fiscal year and the 2022 -> 2023 policy change, shown on one report."""

from __future__ import annotations

import json

import jxrules
from tests.conftest import JIANGMEN_YAML


def dated(tmp_path, year: int):
    path = tmp_path / f"jiangmen-{year}.yaml"
    path.write_text(
        JIANGMEN_YAML.read_text(encoding="utf-8").replace(
            "fiscal_year: 2022", f"fiscal_year: {year}"
        ),
        encoding="utf-8",
    )
    return path


def test_each_year_gets_its_ruleset_and_says_which(cli, tmp_path):
    for year in (2022, 2023):
        doc = json.loads(cli("check", dated(tmp_path, year), "--format", "json").out)
        assert doc["reports"][0]["ruleset"] == f"dept-overall/{year}"
    assert "（规则集 dept-overall/2023）" in cli("check", dated(tmp_path, 2023)).out


def test_same_report_different_findings(tmp_path):
    r2022 = jxrules.check(jxrules.load_report(dated(tmp_path, 2022)))
    r2023 = jxrules.check(jxrules.load_report(dated(tmp_path, 2023)))
    rules_2022 = {f.rule for f in r2022.findings}
    rules_2023 = {f.rule for f in r2023.findings}
    assert rules_2023 - rules_2022 == {"unmet-targets-not-excellent"}
    (summary,) = [f for f in r2023.findings if f.rule == "unmet-targets-not-excellent"]
    assert (
        summary.evidence["rows"] == "4、5、8、9"
        and summary.location.field == "self_evaluation.grade"
    )
    too_low = {
        y: sorted(
            (f.location.row, f.severity) for f in r.findings if f.rule == "indicator-target-too-low"
        )
        for y, r in ((2022, r2022), (2023, r2023))
    }
    assert all(sev == "info" for _, sev in too_low[2022])
    assert all(sev == "warning" for _, sev in too_low[2023])
    assert {row for row, _ in too_low[2022]} < {row for row, _ in too_low[2023]}


def test_2023_records_where_each_change_came_from():
    rs = jxrules.load_ruleset("dept-overall/2023")
    assert rs.extends == "dept-overall/2022"
    # one rule for both years (issue 24): it reads params.too_low_ratio, which 2023 sets to 1.5
    too_low = rs.rule("indicator-target-too-low")
    assert too_low.fields["far_above_ratio"] == "params.too_low_ratio"
    assert too_low.field_origins["far_above_ratio"].file.endswith("2022.yaml")
    assert str(rs.params["too_low_ratio"]) == "1.5"
    assert rs.param_origins["too_low_ratio"].file.endswith("2023.yaml")
    assert str(jxrules.load_ruleset("dept-overall/2022").params["too_low_ratio"]) == "2"
    assert too_low.field_origins["severity"].file.endswith("2023.yaml")
    assert rs.rule("indicator-target-met").origin.file.endswith("2022.yaml")
