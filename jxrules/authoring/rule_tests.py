"""Rule tests as data: ``*.tests.yaml`` files of named cases, run by ``jxrules test`` and pytest.

A tests file::

    ruleset: 2022.yaml            # path relative to this file, or a bundled id
    base: example:jiangmen-2022-dept-overall   # optional base report: a path, or a shipped example
    cases:
      - name: grade does not match score
        patch: {self_evaluation: {grade: 良}}     # deep-merged into the base report
        expect:
          - rule: grade-matches-score
            location: {field: self_evaluation.grade}
            evidence: {expected: 优}
        absent: [score-in-range]

A case gives its report as ``report:`` (inline canonical mapping), ``file:`` (a
report file), or ``base``/``patch``.  In a patch, a list may be patched by
1-based position: ``{indicators: {"9": {actual: 2个}}}``.  ``expect`` entries
match findings by ``rule`` plus any of ``check``, ``severity``, ``location``,
``evidence`` (subsets) and ``message`` (a substring); ``absent`` lists rule ids
that must not fire, or entries like ``expect``'s that no finding may match
(``{rule: x, location: {row: "20"}}``); ``only: true`` forbids findings beyond
those expected, except those of the rules an ``ignore`` list names (at the top of the file
for every case, or in a case) — a corpus written for one family of rules need not pin
every other family's findings.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from jxrules.errors import JxError, Position, RulesetError
from jxrules.examples import example_path, is_example
from jxrules.findings import Finding
from jxrules.ingest import load_reports
from jxrules.ingest.canonical import report_from_document, report_to_data
from jxrules.ingest.documents import Document, load_document
from jxrules.ingest.schema import schema_error
from jxrules.model import Report
from jxrules.rules.engine import check
from jxrules.rules.ruleset import Ruleset, load_ruleset, resolve

_EXPECT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["rule"],
    "properties": {
        "rule": {"type": "string"},
        "check": {"type": "string"},
        "severity": {"enum": ["error", "warning", "info"]},
        "location": {"type": "object"},
        "evidence": {"type": "object"},
        "message": {"type": "string"},
    },
}
TESTS_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["cases"],
    "properties": {
        "ruleset": {"type": "string"},
        "base": {"type": "string"},
        "description": {"type": "string"},
        "ignore": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "rules whose findings only: true leaves out, in every case",
        },
        "cases": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "description": {"type": "string"},
                    "report": {"type": "object"},
                    "file": {"type": "string"},
                    "base": {"type": "string"},
                    "patch": {"type": "object"},
                    "ruleset": {"type": "string"},
                    "expect": {"type": "array", "items": _EXPECT},
                    "absent": {
                        "type": "array",
                        "items": {"oneOf": [{"type": "string"}, _EXPECT]},
                    },
                    "only": {"type": "boolean"},
                    "ignore": {
                        "type": "array",
                        "items": {"type": "string", "minLength": 1},
                        "description": "rules whose findings only: true leaves out",
                    },
                },
            },
        },
    },
}


def tests_schema() -> dict[str, Any]:
    """The JSON Schema of a ``*.tests.yaml`` file, for editors (``jxrules schema tests``)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "jxrules rule tests (*.tests.yaml)",
        "description": "Named cases: a report (report, file, or base with patch) and the "
        "findings that must (expect) or must not (absent) appear.",
        **TESTS_SCHEMA,
    }


@frozen
class Case:
    """One named test case, ready to run."""

    name: str
    file: str
    position: Position
    ruleset_ref: str
    report_data: Mapping[str, Any] | None
    report_file: str | None
    expect: tuple[Mapping[str, Any], ...]
    absent: tuple[str | Mapping[str, Any], ...]
    only: bool
    #: Rules whose findings ``only: true`` leaves out (the file's ``ignore`` and the case's).
    ignore: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{Path(self.file).name}::{self.name}"


@frozen
class CaseResult:
    case: Case
    findings: tuple[Finding, ...]
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def find_test_files(paths: Sequence[str | Path]) -> Iterator[Path]:
    """``*.tests.yaml`` files among ``paths`` (directories searched recursively)."""
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            yield from sorted(path.rglob("*.tests.yaml"))
        elif path.is_file():
            yield path
        else:
            raise JxError("文件或目录不存在 (not found)", Position(str(path)))


def default_ruleset_for(tests_file: Path) -> str:
    """``2022.tests.yaml`` tests ``2022.yaml`` beside it."""
    return str(tests_file.with_name(tests_file.name.replace(".tests.yaml", ".yaml")))


def load_cases(path: Path) -> list[Case]:
    """Read a tests file; a malformed one is a :class:`RulesetError` with its position."""
    doc = load_document(path)
    if not isinstance(doc.data, dict):
        raise RulesetError("测试文件必须是一个 YAML 映射", doc.position(()))
    problem = schema_error(TESTS_SCHEMA, doc.data, doc)
    if problem:
        raise RulesetError(*problem)
    here = path.parent
    top_ruleset = doc.data.get("ruleset") or default_ruleset_for(path)
    cases = []
    for n, raw in enumerate(doc.data["cases"]):
        where = doc.position(("cases", n))
        ruleset_ref = _relative(raw.get("ruleset") or top_ruleset, here)
        report_data, report_file = _case_report(raw, doc.data.get("base"), here, where)
        cases.append(
            Case(
                name=raw["name"],
                file=str(path),
                position=where,
                ruleset_ref=ruleset_ref,
                report_data=report_data,
                report_file=report_file,
                expect=tuple(raw.get("expect") or ()),
                absent=tuple(raw.get("absent") or ()),
                only=bool(raw.get("only", False)),
                ignore=(*doc.data.get("ignore", ()), *raw.get("ignore", ())),
            )
        )
    return cases


def _relative(ref: str, here: Path) -> str:
    candidate = here / ref
    return str(candidate) if candidate.exists() else ref


def _case_report(
    raw: Mapping[str, Any], top_base: str | None, here: Path, where: Position
) -> tuple[Mapping[str, Any] | None, str | None]:
    if "report" in raw:
        return raw["report"], None
    if "file" in raw and "patch" not in raw:
        return None, str(_report_path(raw["file"], here))
    base_ref = raw.get("base") or raw.get("file") or top_base
    if base_ref is None:
        raise RulesetError("用例需要 report、file 或 base/patch 之一", where)
    data = _report_data(_report_path(base_ref, here))
    return deep_patch(data, raw.get("patch") or {}), None


def _report_path(ref: str, here: Path) -> Path:
    """A report named in a tests file: relative to it, or a shipped ``example:NAME``."""
    return example_path(ref) if is_example(ref) else here / ref


_BASE_CACHE: dict[str, dict[str, Any]] = {}


def _report_data(path: Path) -> dict[str, Any]:
    key = str(path.resolve())
    if key not in _BASE_CACHE:
        if path.suffix.lower() in (".yaml", ".yml", ".json"):
            data = load_document(path).data
            if not isinstance(data, dict):
                raise RulesetError("基准报告必须是映射", Position(str(path)))
            _BASE_CACHE[key] = data
        else:
            _BASE_CACHE[key] = report_to_data(load_reports(path)[0])
    return copy.deepcopy(_BASE_CACHE[key])


def deep_patch(data: Any, patch: Any) -> Any:
    """Merge ``patch`` into ``data``: mappings recursively, lists by 1-based position keys."""
    if isinstance(patch, Mapping) and isinstance(data, list):
        out_list = list(data)
        for key, value in patch.items():
            index = int(key) - 1
            if not 0 <= index < len(out_list):
                raise RulesetError(f"补丁引用了不存在的第 {key} 项（共 {len(out_list)} 项）")
            out_list[index] = deep_patch(out_list[index], value)
        return out_list
    if isinstance(patch, Mapping) and isinstance(data, Mapping):
        out = dict(data)
        for key, value in patch.items():
            out[key] = deep_patch(data.get(key), value) if key in data else value
        return out
    return copy.deepcopy(patch)


_RULESETS: dict[str, Ruleset] = {}


def case_ruleset(ref: str) -> Ruleset:
    """The ruleset a case names, loaded once per process."""
    key = str(Path(ref).resolve()) if Path(ref).exists() else ref
    if key not in _RULESETS:
        _RULESETS[key] = load_ruleset(resolve(ref))
    return _RULESETS[key]


def _report(case: Case) -> Report:
    if case.report_file is not None:
        return load_reports(case.report_file)[0]
    assert case.report_data is not None
    doc = Document(f"{case.file}#{case.name}", dict(case.report_data), {(): case.position})
    return report_from_document(doc)


def run_case(case: Case) -> CaseResult:
    """Run one case; a report or ruleset that fails to load is a failed case, not a crash."""
    try:
        ruleset = case_ruleset(case.ruleset_ref)
        findings = check(_report(case), ruleset).findings
    except JxError as exc:
        return CaseResult(case, (), (f"无法运行：{exc}",))
    problems = unknown_rules(case, ruleset)
    unmatched = list(findings)
    for expected in case.expect:
        match = next((f for f in unmatched if matches(f, expected)), None)
        if match is None:
            problems.append(f"缺少预期的发现：{_describe(expected)}")
        else:
            unmatched.remove(match)
    for unwanted in case.absent:
        pattern = {"rule": unwanted} if isinstance(unwanted, str) else unwanted
        for finding in findings:
            if matches(finding, pattern):
                problems.append(f"不应出现的发现：{_describe(finding.to_dict())}")
    if case.only:
        problems.extend(
            f"多出的发现：{_describe(f.to_dict())}" for f in unmatched if f.rule not in case.ignore
        )
    if problems:
        problems.append("实际的发现：" + ("" if findings else "（无）"))
        problems.extend(f"  - {_describe(f.to_dict())}" for f in findings)
    return CaseResult(case, findings, tuple(problems))


def unknown_rules(case: Case, ruleset: Ruleset) -> list[str]:
    """A problem for each rule a case names that the effective ruleset does not run.

    Without this an ``absent: [no-such-rule]`` (a typo, a rule renamed or disabled in a new
    fiscal year's ruleset) passes whatever the rules do.  Findings of the readers
    (``ingest-…``) may be named too.
    """
    known = [rule.id for rule in ruleset.rules]
    named = [entry["rule"] for entry in case.expect]
    named += [entry if isinstance(entry, str) else entry["rule"] for entry in case.absent]
    named += case.ignore
    problems = []
    for name in dict.fromkeys(named):
        if name in known or name.startswith("ingest-"):
            continue
        if name in ruleset.disabled:
            why = f"已在规则集 {ruleset.id} 中停用（{ruleset.disabled[name]}）"
        else:
            close = difflib.get_close_matches(name, known, n=1)
            why = f"不在规则集 {ruleset.id} 中" + (f"；是不是 “{close[0]}”？" if close else "")
        problems.append(f"用例引用的规则 “{name}” {why}（可用：{', '.join(known)}）")
    return problems


def matches(finding: Finding, expected: Mapping[str, Any]) -> bool:
    """Whether ``finding`` satisfies an ``expect`` entry (subset match)."""
    data = finding.to_dict()
    for key, want in expected.items():
        if key in ("location", "evidence"):
            have = data[key]
            if any(str(have.get(k)) != str(v) for k, v in want.items()):
                return False
        elif key == "message":
            if str(want) not in finding.message:
                return False
        elif str(data.get(key)) != str(want):
            return False
    return True


def _describe(entry: Mapping[str, Any]) -> str:
    parts = [str(entry.get("rule"))]
    for key in ("severity", "location", "evidence", "message"):
        if entry.get(key):
            parts.append(f"{key}={entry[key]}")
    return " ".join(parts)


def run_files(paths: Sequence[str | Path]) -> list[CaseResult]:
    """Run every case in every tests file under ``paths``."""
    return [run_case(case) for path in find_test_files(paths) for case in load_cases(path)]
