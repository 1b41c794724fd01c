"""``taxonomy``: a non-standard category gets the closest standard name, a rule's own
``suggestions`` first, and every standard name when nothing is close.

Written against the mutants mutmut found surviving in ``jxrules.checks.taxonomy._suggest``
(docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path

from tests.checks.test_duplicate_reconcile_taxonomy_fields import ruleset, run

EVERY = (
    "产出指标、数量指标、质量指标、时效指标、成本指标、效益指标、经济效益指标、社会效益指标、"
    "生态效益指标、可持续影响指标、满意度指标、服务对象满意度指标"
)


def test_each_nonstandard_category_gets_its_closest_standard_name(tmp_path: Path) -> None:
    rules = ruleset(
        tmp_path,
        "- {id: n, check: taxonomy, severity: warning, message: '{suggestion}'}\n"
        "- {id: s, check: taxonomy, severity: warning, suggestions: {效果指标: 经济效益指标},"
        " message: '{suggestion}'}\n",
    )
    data = {
        "indicators": [
            {
                "name": "甲",
                "level1": "产出指标",
                "level2": "数量指标",
                "target": "1",
                "actual": "1",
            },
            {"name": "乙", "level1": "产出指", "level2": "数量", "target": "1", "actual": "1"},
            {
                "name": "丙",
                "level1": "效果指标",
                "level2": "社会效益",
                "target": "1",
                "actual": "1",
            },
            {"name": "丁", "level1": "满意度", "level2": "xyz", "target": "1", "actual": "1"},
        ]
    }
    got = [(f.rule, f.location.row, dict(f.evidence)) for f in run(rules, data)]

    def said(rule: str, row: str, category: str, level: str, suggestion: str) -> tuple[object, ...]:
        evidence = {"category": category, "rows": "1", "level": level, "suggestion": suggestion}
        return (rule, row, evidence)

    assert got == [
        said("n", "2", "产出指", "level1", "产出指标"),
        said("n", "2", "数量", "level2", "数量指标"),
        said("s", "2", "产出指", "level1", "产出指标"),
        said("s", "2", "数量", "level2", "数量指标"),
        said("n", "3", "效果指标", "level1", "效益指标"),
        said("n", "3", "社会效益", "level2", "社会效益指标"),
        said("s", "3", "效果指标", "level1", "经济效益指标"),
        said("s", "3", "社会效益", "level2", "社会效益指标"),
        said("n", "4", "满意度", "level1", "满意度指标"),
        said("n", "4", "xyz", "level2", EVERY),
        said("s", "4", "满意度", "level1", "满意度指标"),
        said("s", "4", "xyz", "level2", EVERY),
    ]
