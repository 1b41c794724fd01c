r"""# `sections` — the parts a report must have, from its outline headings

## What it checks

The running text (`narrative`) of a report: its outline headings — lines that
match one of `headings` (`一、…`, `（二）…`, `1、…`, Markdown `# …`) and are at
most `max_heading_chars` long — against the sections the report kind must
have (`sections`). A section is present when one of its `words` occurs in a
heading; each missing section is one finding.

A text with fewer than `min_headings` outline headings (a project form: its
title, perhaps one block title) is a form, not a report text, and gives no
finding: without an outline nothing can be said about its parts.

## Why it matters

The self-evaluation notices (财预〔2020〕10号 and the provinces' templates) list
the parts a 自评报告 must have — 基本情况, 绩效目标完成情况, 偏差原因,
改进措施, 结果应用. A report without one of them leaves the reviewer without
what the template asks for; the finding says which part to ask for.

## Fields

| field | default | meaning |
| --- | --- | --- |
| `sections` | (required) | a list of `{name, words}` (or `params.NAME`): the section and the words that mark its heading |
| `headings` | (required) | regular expressions (Python `re`) a heading line starts with (or `params.NAME`) |
| `max_heading_chars` | `40` | longer lines are paragraphs, not headings (a number or `params.NAME`) |
| `min_headings` | `3` | fewer headings than this: a form, not a report text — no finding (a number or `params.NAME`) |

## Location and evidence

Location: `{table: narrative}`. Evidence and message variables: `section` (its
name), `words` (the words looked for, `、`-joined), `heading_count` (how many
headings the text has).

## Example

```yaml
# ruleset-example
id: local/sections-demo
title: 报告结构规则示例
version: "1"
applies_to: {kind: department_overall, fiscal_years: [2022]}
params:
  outline_headings: ['[一二三四五六七八九十]+、', '（[一二三四五六七八九十]+）', '\d+[、.．]', '#+\s']
  report_sections:
    - {name: 基本情况, words: [基本情况]}
    - {name: 结果应用, words: [结果应用, 结果运用]}
rules:
  - id: report-section-present
    check: sections
    severity: info
    sections: params.report_sections
    headings: params.outline_headings
    message: 报告缺少“{section}”部分（{heading_count} 个标题中没有含“{words}”的）
```

On the Jiangmen example (headings `一、部门基本情况` … `三、其他自评情况`)
this finds 结果应用 missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from attrs import frozen

from jxrules.checks.base import CheckKind, Context, Issue, RuleSpec
from jxrules.findings import Location

_PARAM_REF = {"type": "string", "pattern": r"^params\.[A-Za-z_]\w*$"}
_SECTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "words"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "words": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
    },
}
_STRINGS = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}


@frozen
class Section:
    name: str
    words: tuple[str, ...]


@frozen
class SectionsRule:
    sections: tuple[Section, ...]
    headings: tuple[re.Pattern[str], ...]
    max_chars: int
    min_headings: int


class SectionsKind(CheckKind):
    name = "sections"
    properties: ClassVar[Mapping[str, Any]] = {
        "sections": {"anyOf": [{"type": "array", "minItems": 1, "items": _SECTION}, _PARAM_REF]},
        "headings": {"anyOf": [_STRINGS, _PARAM_REF]},
        "max_heading_chars": {"anyOf": [{"type": "integer", "minimum": 1}, _PARAM_REF]},
        "min_headings": {"anyOf": [{"type": "integer", "minimum": 1}, _PARAM_REF]},
    }
    required = ("sections", "headings")
    message_variables = frozenset({"section", "words", "heading_count", "table"})

    def compile(self, spec: RuleSpec) -> SectionsRule:
        return SectionsRule(
            sections=_sections(spec, spec.setting("sections")),
            headings=_patterns(spec, spec.setting("headings")),
            max_chars=_positive(spec, "max_heading_chars", spec.setting("max_heading_chars", 40)),
            min_headings=_positive(spec, "min_headings", spec.setting("min_headings", 3)),
        )

    def evaluate(self, config: SectionsRule, context: Context) -> Iterable[Issue]:
        found = headings_of(context.report.narrative or "", config.headings, config.max_chars)
        if len(found) < config.min_headings:
            return
        for section in config.sections:
            if not any(word in line for line in found for word in section.words):
                evidence = {
                    "section": section.name,
                    "words": "、".join(section.words),
                    "heading_count": str(len(found)),
                }
                yield Issue(Location(table="narrative"), evidence)


def headings_of(text: str, patterns: tuple[re.Pattern[str], ...], max_chars: int) -> list[str]:
    """The outline heading lines of ``text``."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and len(line) <= max_chars and any(p.match(line) for p in patterns):
            out.append(line)
    return out


def _sections(spec: RuleSpec, raw: Any) -> tuple[Section, ...]:
    """The section list (checked here too: a param is not validated by the rule schema)."""
    if not isinstance(raw, list) or not raw:
        raise spec.error("sections", "sections 须为非空列表：[{name, words}, …]")
    out = []
    for entry in raw:
        words = entry.get("words") if isinstance(entry, Mapping) else None
        if not isinstance(words, list) or not words or "name" not in entry:
            raise spec.error("sections", f"sections 的每一项须有 name 和非空的 words：{entry!r}")
        out.append(Section(str(entry["name"]), tuple(str(w) for w in words)))
    return tuple(out)


def _patterns(spec: RuleSpec, raw: Any) -> tuple[re.Pattern[str], ...]:
    from jxrules.sandbox.vet import regex_problem

    if not isinstance(raw, list) or not raw:
        raise spec.error("headings", "headings 须为非空的正则表达式列表")
    out = []
    for text in raw:
        problem = regex_problem(str(text))
        if problem:
            raise spec.error("headings", f"正则表达式 {text!r}：{problem}")
        try:
            out.append(re.compile(str(text)))
        except re.error as exc:
            raise spec.error("headings", f"正则表达式 {text!r} 无效：{exc}") from None
    return tuple(out)


def _positive(spec: RuleSpec, key: str, raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise spec.error(key, f"{key} 须为正整数，实际是 {raw!r}")
    return raw


KIND = SectionsKind()
