"""``jxrules docs``: a Markdown catalogue of a ruleset's rules (examples taken from its tests),
and one page per check kind, from the kind's own docstring and schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from jxrules.authoring.rule_tests import load_cases, run_case
from jxrules.checks import CheckKind, registry
from jxrules.checks.base import COMMON_EXPRESSION_FIELDS
from jxrules.findings import Finding
from jxrules.rules.ruleset import Rule, Ruleset


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def examples_from_tests(tests_file: Path) -> dict[str, Finding]:
    """The first finding of each rule among the test cases (for "example finding")."""
    found: dict[str, Finding] = {}
    if not tests_file.is_file():
        return found
    for case in load_cases(tests_file):
        for finding in run_case(case).findings:
            found.setdefault(finding.rule, finding)
    return found


def rule_section(rule: Rule, ruleset: Ruleset, example: Finding | None) -> list[str]:
    lines = [f"### `{rule.id}`", ""]
    if rule.title:
        lines += [f"**{rule.title}**", ""]
    lines += [
        f"- 检查类型（check）：`{rule.check}` · 严重程度：`{rule.severity}` · 定义于 `{rule.origin}`"
    ]
    if rule.when:
        lines += [f"- 适用条件（when）：`{rule.fields.get('when')}`"]
    lines.append("")
    if rule.description:
        lines += ["**检查什么**：" + rule.description.strip(), ""]
    if rule.rationale:
        lines += ["**为什么重要**：" + rule.rationale.strip(), ""]
    used = sorted(
        p
        for p in ruleset.params
        if f"params.{p}" in json.dumps(dict(rule.fields), ensure_ascii=False, default=str)
    )
    if used:
        lines += ["| 参数 | 取值 |", "| --- | --- |"]
        lines += [
            f"| `{p}` | `{_cell(json.dumps(ruleset.params[p], ensure_ascii=False, default=str))}` |"
            for p in used
        ]
        lines.append("")
    fields = {
        k: v for k, v in rule.fields.items() if k not in ("id", "title", "description", "rationale")
    }
    lines += [
        "```yaml",
        *(f"{k}: {json.dumps(v, ensure_ascii=False, default=str)}" for k, v in fields.items()),
        "```",
        "",
    ]
    if example is not None:
        lines += [
            "示例发现（取自测试用例）：",
            "",
            f"> {example.message}",
            "",
            f"位置 `{json.dumps(example.location.to_dict(), ensure_ascii=False)}`，"
            f"证据 `{json.dumps(dict(example.evidence), ensure_ascii=False)}`",
            "",
        ]
    return lines


def catalogue(ruleset: Ruleset) -> str:
    """The Markdown page for one ruleset."""
    source = Path(ruleset.source)
    tests = source.with_name(source.name.removesuffix(".yaml") + ".tests.yaml")
    examples = examples_from_tests(tests)
    lines = [
        f"# {ruleset.title}",
        "",
        f"规则集 `{ruleset.id}`，版本 {ruleset.version}；"
        f"适用于 `{ruleset.kind}`，年度 {', '.join(map(str, ruleset.fiscal_years))}。",
        "",
    ]
    if ruleset.extends:
        lines += [f"继承自 `{ruleset.extends}`。", ""]
    if ruleset.description:
        lines += [ruleset.description.strip(), ""]
    lines += ["## 参数", "", "| 参数 | 默认值 | 定义于 |", "| --- | --- | --- |"]
    for name, value in ruleset.params.items():
        where = ruleset.param_origins.get(name)
        lines.append(
            f"| `{name}` | `{_cell(json.dumps(value, ensure_ascii=False, default=str))}` | `{where}` |"
        )
    lines += ["", "## 规则", "", "| 规则 | 检查 | 严重程度 | 说明 |", "| --- | --- | --- | --- |"]
    lines += [
        f"| [`{r.id}`](#{r.id}) | `{r.check}` | {r.severity} | {_cell(r.title or '')} |"
        for r in ruleset.rules
    ]
    lines.append("")
    for rule in ruleset.rules:
        lines += rule_section(rule, ruleset, examples.get(rule.id))
    if ruleset.disabled:
        lines += ["## 已停用的规则", ""]
        lines += [f"- `{rid}`：{reason}" for rid, reason in ruleset.disabled.items()]
    return "\n".join(lines).rstrip() + "\n"


def write_catalogue(rulesets: list[Ruleset], out_dir: Path) -> list[Path]:
    """One page per ruleset plus an index; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    index = ["# 规则目录", "", "| 规则集 | 适用 | 年度 | 规则数 |", "| --- | --- | --- | --- |"]
    for ruleset in rulesets:
        name = ruleset.id.replace("/", "-") + ".md"
        (out_dir / name).write_text(catalogue(ruleset), encoding="utf-8")
        written.append(out_dir / name)
        years = ", ".join(map(str, ruleset.fiscal_years))
        index.append(
            f"| [{ruleset.title}]({name}) | `{ruleset.kind}` | {years} | {len(ruleset.rules)} |"
        )
    (out_dir / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    written.append(out_dir / "README.md")
    sys.stderr.write(f"jxrules: 写入 {len(written)} 个文件到 {out_dir}\n")
    return written


def kind_page(kind: CheckKind) -> str:
    """A check kind's page: its documentation, then the fields its schema accepts."""
    required = set(kind.required)
    expressions = {path.split(".")[0] for path in kind.expression_fields}
    lines = [
        kind.documentation(),
        "",
        "## Schema",
        "",
        "Generated from the kind's schema fragment (`jxrules schema ruleset` has it whole); "
        f"every rule also takes the common fields (`id`, `check`, `severity`, `message`, "
        f"`message_en`, {', '.join(f'`{f}`' for f in COMMON_EXPRESSION_FIELDS)}, `title`, …).",
        "",
        "| field | type | required | holds expressions |",
        "| --- | --- | --- | --- |",
    ]
    for name, schema in kind.properties.items():
        lines.append(
            f"| `{name}` | {_cell(_type_of(schema))} | {'yes' if name in required else ''} "
            f"| {'yes' if name in expressions else ''} |"
        )
    return "\n".join(lines).rstrip() + "\n"


def _type_of(schema: Any) -> str:
    if "enum" in schema:
        return " / ".join(f"`{value}`" for value in schema["enum"])
    kind = schema.get("type", "object")
    return " or ".join(kind) if isinstance(kind, list) else str(kind)


def write_kind_pages(out_dir: Path) -> list[Path]:
    """One page per check kind (``docs/checks/<kind>.md``); returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, kind in sorted(registry().items()):
        path = out_dir / f"{name}.md"
        path.write_text(kind_page(kind), encoding="utf-8")
        written.append(path)
    sys.stderr.write(f"jxrules: 写入 {len(written)} 个文件到 {out_dir}\n")
    return written
