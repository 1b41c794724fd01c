"""``duplicate``: exact repeats after folding width and punctuation, near repeats by similarity or
containment, years kept apart, with exact evidence.

Written against the mutants mutmut found surviving in ``jxrules.checks.duplicate``
(docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path

from tests.checks.test_duplicate_reconcile_taxonomy_fields import ruleset, run

NAMES = [
    "新增“小升规”工业企业数量",
    "新增小升规工业企业数",
    "2022年培训人数",
    "2023年培训人数",
    "企业技术改造数量",
    "企业技术改造项目数量",
    "满意度",
    "服务对象满意度",
    "绿化面积",
    "道路长度",
    "新增 “小升规” 工业企业数量。",
]


def _evidence(of: str, name: str, extra: dict[str, str]) -> dict[str, str]:
    return {
        "duplicate_of": of,
        "duplicate_of_name": name,
        "target": "1个",
        "actual": "1个",
        "duplicate_of_target": "1个",
        "duplicate_of_actual": "1个",
        **extra,
    }


def test_exact_and_near_duplicates_are_found_with_their_evidence(tmp_path: Path) -> None:
    rules = ruleset(
        tmp_path,
        "- {id: n, check: duplicate, severity: info, find: near, message: m}\n"
        "- {id: h, check: duplicate, severity: info, find: near, similarity: 0.95, message: m}\n"
        "- {id: e, check: duplicate, severity: error, message: m}\n",
    )
    rows = [
        {"name": n, "level1": "产出指标", "level2": "数量指标", "target": "1个", "actual": "1个"}
        for n in NAMES
    ]
    got = [(f.rule, f.location.row, dict(f.evidence)) for f in run(rules, {"indicators": rows})]
    first = "新增“小升规”工业企业数量"
    contains_95 = {"similarity": "0.95", "match": "contains"}
    contains_60 = {"similarity": "0.60", "match": "contains"}
    assert got == [
        ("n", "2", _evidence("1", first, contains_95)),
        ("h", "2", _evidence("1", first, contains_95)),
        ("n", "6", _evidence("5", "企业技术改造数量", {"similarity": "0.88", "match": "similar"})),
        ("n", "8", _evidence("7", "满意度", contains_60)),
        ("h", "8", _evidence("7", "满意度", contains_60)),
        ("e", "11", _evidence("1", first, {})),
    ]
