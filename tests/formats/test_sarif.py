"""``--format sarif``: valid against the official SARIF 2.1.0 schema, and what each part holds."""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
import pytest
from jsonschema import Draft7Validator, FormatChecker

import jxrules
from jxrules.errors import InputError
from jxrules.findings import Finding, Location, Result
from jxrules.formats import Failure, Run
from jxrules.formats.sarif import ENGINE_RULE, artifact_uri, render
from tests.conftest import JIANGMEN_YAML, ROOT
from tests.formats.test_common import BROKEN_MESSAGE, BROKEN_SOURCE, SOURCE, ruleset_of, sample_run

SCHEMA = json.loads((ROOT / "tests/fixtures/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif(run: Run) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(render(run))
    return doc


def only_run(doc: dict[str, Any]) -> dict[str, Any]:
    assert len(doc["runs"]) == 1
    run: dict[str, Any] = doc["runs"][0]
    return run


def yaml_line(text: str) -> int:
    """1-based line of the first line of the example file containing ``text``."""
    lines = JIANGMEN_YAML.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def result_at(run: dict[str, Any], rule: str, row: str | None = None) -> dict[str, Any]:
    found = [
        r
        for r in run["results"]
        if r["properties"]["rule"] == rule and r["properties"]["location"].get("row") == row
    ]
    assert len(found) == 1, found
    return found[0]


def test_schema_is_the_official_draft7_one() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert SCHEMA["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    Draft7Validator.check_schema(SCHEMA)
    # the root constraints are at the top, where a validator applies them
    assert SCHEMA["required"] == ["version", "runs"]
    assert SCHEMA["additionalProperties"] is False
    assert "Root" not in SCHEMA["definitions"]
    assert SCHEMA["definitions"]["physicalLocation"]["anyOf"]


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc[key]
    if value is KeyError:
        del doc[path[-1]]
    else:
        doc[path[-1]] = value


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("runs", 0, "results", 0, "level"), "info"),
        (("runs", 0, "results", 0, "message"), KeyError),
        (("runs", 0, "results", 0, "message"), {}),
        (("runs", 0, "results", 0, "locations", 0, "physicalLocation", "region", "startLine"), 0),
        (
            ("runs", 0, "results", 0, "locations", 0, "physicalLocation", "artifactLocation"),
            KeyError,
        ),
        (("runs", 0, "tool", "driver", "rules", 0, "id"), KeyError),
        (("runs", 0, "invocations", 0, "executionSuccessful"), KeyError),
        (("version",), "2.0.0"),
        (("extra",), 1),
    ],
    ids=lambda p: "/".join(map(str, p)) if isinstance(p, tuple) else None,
)
def test_schema_rejects_broken_output(path: tuple[Any, ...], value: Any) -> None:
    """The validation below is not a no-op: each of these breaks SARIF 2.1.0."""
    doc = sarif(sample_run())
    assert Draft7Validator(SCHEMA).is_valid(doc)
    _set(doc, path, value)
    assert not Draft7Validator(SCHEMA).is_valid(doc)


@pytest.mark.parametrize(
    "run",
    [sample_run(), Run(results=[]), attrs.evolve(sample_run(), failures=(), rulesets={})],
    ids=["sample", "empty", "no-rulesets"],
)
def test_output_validates_against_sarif_schema(run: Run) -> None:
    doc = sarif(run)
    errors = sorted(
        Draft7Validator(SCHEMA, format_checker=FormatChecker()).iter_errors(doc), key=str
    )
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    assert doc["version"] == "2.1.0"
    assert only_run(doc)["tool"]["driver"]["name"] == "jxrules"


def test_driver_lists_every_ruleset_rule_once_then_synthetic_ones() -> None:
    run = sample_run()
    driver = only_run(sarif(run))["tool"]["driver"]
    assert driver["version"] == run.version == "0.1.0"
    assert "informationUri" not in driver
    ids = [rule["id"] for rule in driver["rules"]]
    ruleset_ids = [rule.id for rule in ruleset_of(run).rules]
    assert ids[: len(ruleset_ids)] == ruleset_ids
    assert ids[len(ruleset_ids) :] == ["table-continued", ENGINE_RULE]
    assert len(set(ids)) == len(ids)
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    met = by_id["indicator-target-met"]
    assert met["shortDescription"] == {"text": "绩效指标完成目标"}
    assert met["fullDescription"] == {"text": "实际完成值未达到年度指标值（按单位与比较符判断）。"}
    assert met["help"] == {"text": "未完成的指标不应得满分，也常说明目标或实际值填报有误。"}
    assert met["properties"]["rulesets"] == ["dept-overall/2022"]
    # info -> note; a rule without a title falls back to its message
    assert by_id["target-far-above"]["defaultConfiguration"] == {"level": "note"}
    assert by_id["target-far-above"]["shortDescription"]["text"].startswith("指标“{name}”")
    assert by_id["indicator-duplicate"]["defaultConfiguration"] == {"level": "warning"}
    assert "fullDescription" not in by_id["indicator-duplicate"]
    assert by_id[ENGINE_RULE]["properties"]["synthetic"] is True
    assert by_id["table-continued"]["properties"]["check"] == "ingest"


def test_one_result_per_finding_pointing_at_its_descriptor() -> None:
    run = sample_run()
    doc = only_run(sarif(run))
    rules = doc["tool"]["driver"]["rules"]
    findings = run.results[0].findings
    assert len(doc["results"]) == len(findings) == 10
    for result, finding in zip(doc["results"], findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"] == finding.message
        assert result["properties"]["check"] == finding.check
    levels = [r["level"] for r in doc["results"]]
    assert {level: levels.count(level) for level in set(levels)} == {
        "error": 6,
        "warning": 2,
        "note": 2,
    }


def test_target_miss_has_line_logical_location_and_evidence() -> None:
    result = result_at(only_run(sarif(sample_run())), "indicator-target-met", "9")
    assert result["ruleId"] == "indicator-target-met"
    assert result["level"] == "error"
    (location,) = result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": SOURCE, "uriBaseId": "%SRCROOT%", "index": 0}
    # the finding carries no line: it comes from the report's row 9
    assert physical["region"] == {"startLine": yaml_line('seq: "9"')}
    assert location["logicalLocations"] == [
        {
            "name": "indicators[9].actual",
            "fullyQualifiedName": "indicators[9].actual",
            "kind": "member",
        }
    ]
    assert result["properties"]["evidence"] == {"target": "2个", "actual": "1个"}
    assert result["properties"]["location"] == {
        "table": "indicators",
        "row": "9",
        "name": "5G公共服务平台数量",
        "column": "actual",
    }


def test_reconcile_result_points_at_the_total_row() -> None:
    result = result_at(only_run(sarif(sample_run())), "budget-reconciles")
    (location,) = result["locations"]
    assert location["physicalLocation"]["region"] == {"startLine": yaml_line("本年支出合计")}
    assert location["logicalLocations"][0]["name"] == "expenditure.adjusted_budget"
    assert result["properties"]["evidence"]["difference"] == "0.01"


def test_a_line_the_finding_knows_wins() -> None:
    run = sample_run()
    finding = Finding(
        "x", "expression", "warning", "m", Location(field="self_evaluation.grade", line=7)
    )
    result = attrs.evolve(run.results[0], findings=(finding,))
    (out,) = only_run(sarif(attrs.evolve(run, results=[result])))["results"]
    assert out["locations"][0]["physicalLocation"]["region"] == {"startLine": 7}
    assert out["locations"][0]["logicalLocations"][0]["name"] == "self_evaluation.grade"
    assert out["ruleId"] == "x"  # not in the ruleset: a synthetic descriptor of its own id


def test_engine_finding_is_a_result_and_a_notification() -> None:
    doc = only_run(sarif(sample_run()))
    result = result_at(doc, "grade-matches-score")
    assert result["ruleId"] == ENGINE_RULE
    assert result["properties"]["check"] == "engine"
    assert "logicalLocations" not in result["locations"][0]
    notes = doc["invocations"][0]["toolExecutionNotifications"]
    (broken,) = [n for n in notes if "associatedRule" in n]
    rules = doc["tool"]["driver"]["rules"]
    assert rules[broken["associatedRule"]["index"]]["id"] == "grade-matches-score"
    assert broken["level"] == "error"


def test_load_failure_is_a_notification_and_execution_fails() -> None:
    doc = only_run(sarif(sample_run()))
    invocation = doc["invocations"][0]
    assert invocation["executionSuccessful"] is False
    failure = invocation["toolExecutionNotifications"][0]
    assert failure["level"] == "error"
    assert failure["message"]["text"] == BROKEN_MESSAGE  # already names the file: not repeated
    physical = failure["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == BROKEN_SOURCE
    assert physical["region"] == {"startLine": 3, "startColumn": 7}
    assert [a["location"]["uri"] for a in doc["artifacts"]] == [SOURCE, BROKEN_SOURCE]


def test_load_failure_without_position_names_the_file() -> None:
    doc = only_run(
        sarif(Run(results=[], failures=[Failure("报告.yaml", InputError("文件不存在"))]))
    )
    (failure,) = doc["invocations"][0]["toolExecutionNotifications"]
    assert failure["message"]["text"] == "报告.yaml: 文件不存在"
    assert "region" not in failure["locations"][0]["physicalLocation"]
    assert doc["artifacts"] == [
        {"location": {"uri": "%E6%8A%A5%E5%91%8A.yaml", "uriBaseId": "%SRCROOT%"}}
    ]


def test_clean_run_succeeds_without_notifications() -> None:
    run = sample_run()
    clean = attrs.evolve(run.results[0], findings=())
    doc = only_run(sarif(attrs.evolve(run, results=[clean], failures=())))
    assert doc["invocations"] == [{"executionSuccessful": True}]
    assert doc["results"] == []
    assert [a["location"]["uri"] for a in doc["artifacts"]] == [SOURCE]


def test_rule_shared_by_two_rulesets_has_one_descriptor() -> None:
    run = sample_run()
    ruleset = ruleset_of(run)
    later = attrs.evolve(ruleset, id="dept-overall/2023")
    other = Result("b.yaml", run.results[0].report, later.id, run.results[0].findings)
    doc = only_run(
        sarif(
            attrs.evolve(
                run, results=[*run.results, other], rulesets={ruleset.id: ruleset, later.id: later}
            )
        )
    )
    ids = [rule["id"] for rule in doc["tool"]["driver"]["rules"]]
    assert ids.count("indicator-target-met") == 1
    met = doc["tool"]["driver"]["rules"][ids.index("indicator-target-met")]
    assert met["properties"]["rulesets"] == ["dept-overall/2022", "dept-overall/2023"]
    assert len(doc["results"]) == 2 * len(run.results[0].findings)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("examples/a.yaml", {"uri": "examples/a.yaml", "uriBaseId": "%SRCROOT%"}),
        ("./examples/a.yaml", {"uri": "examples/a.yaml", "uriBaseId": "%SRCROOT%"}),
        (
            "报告/江门 2022.md",
            {"uri": "%E6%8A%A5%E5%91%8A/%E6%B1%9F%E9%97%A8%202022.md", "uriBaseId": "%SRCROOT%"},
        ),
        ("/srv/reports/a.yaml", {"uri": "file:///srv/reports/a.yaml"}),
        ("C:\\reports\\a.yaml", {"uri": "file:///C:/reports/a.yaml"}),
    ],
)
def test_artifact_uri(source: str, expected: dict[str, str]) -> None:
    assert artifact_uri(source) == expected


def test_fingerprint_is_stable_across_line_moves() -> None:
    run = sample_run()
    finding = run.results[0].findings[1]
    moved = attrs.evolve(finding, location=attrs.evolve(finding.location, line=999))
    results = [attrs.evolve(run.results[0], findings=(f,)) for f in (finding, moved)]
    prints = [
        only_run(sarif(attrs.evolve(run, results=[r])))["results"][0]["partialFingerprints"]
        for r in results
    ]
    assert prints[0] == prints[1]
    assert re.fullmatch(r"jx1:[0-9a-f]{32}", prints[0]["jxrules/v1"])


def test_reconcile_result_points_at_the_total_row_of_the_markdown() -> None:
    from tests.conftest import JIANGMEN_MD

    report = jxrules.load_report(JIANGMEN_MD)
    result = jxrules.check(report)
    doc = json.loads(render(Run([result], {}, version="0.1.0")))
    regions = [
        r["locations"][0]["physicalLocation"].get("region")
        for r in doc["runs"][0]["results"]
        if r["ruleId"] == "expenditure-reconciles"
    ]
    lines = JIANGMEN_MD.read_text(encoding="utf-8").splitlines()
    assert regions == [{"startLine": 141}, {"startLine": 141}]
    assert lines[140].startswith("| 本年支出合计 | 7,291.35 | 4,960.46 | 4,960.46 |")


def test_a_json_report_claims_no_line_it_does_not_know(cli: Any, tmp_path: Any) -> None:
    """JSON keeps no positions: its rows have no line, and SARIF gives none (not line 1)."""
    import yaml

    data = yaml.safe_load(JIANGMEN_YAML.read_text(encoding="utf-8"))
    path = tmp_path / "report.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    report = jxrules.load_report(path)
    assert [row.line for row in report.indicators] == [None] * len(report.indicators)
    assert all(line.line is None for table in report.budget.values() for line in table.items)
    assert {row.line for row in jxrules.load_report(JIANGMEN_YAML).indicators} != {None}
    out = tmp_path / "out.sarif"
    assert cli("check", path, "--format", "sarif", "-o", out).code == 1
    run = only_run(json.loads(out.read_text(encoding="utf-8")))
    missed = result_at(run, "indicator-target-met", "9")
    assert "region" not in missed["locations"][0]["physicalLocation"]
    assert missed["locations"][0]["logicalLocations"][0]["name"] == "indicators[9].actual"
