"""``jxrules show``: the effective ruleset after ``extends``, with where each piece came from."""

from __future__ import annotations

import json
from typing import Any

from jxrules.errors import Position
from jxrules.rules.ruleset import Ruleset


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def show(ruleset: Ruleset) -> str:
    """A readable listing: params and rules, each with the ``file:line`` it came from."""
    lines = [
        f"规则集 {ruleset.id}  （{ruleset.title}，版本 {ruleset.version}）",
        f"适用：{ruleset.kind}，年度 {', '.join(map(str, ruleset.fiscal_years)) or '—'}",
        "来源：" + " ← ".join(reversed(ruleset.chain)),
        "",
        "参数：",
    ]
    for name, value in ruleset.params.items():
        where = ruleset.param_origins.get(name, Position(ruleset.source))
        lines.append(f"  {name} = {_value(value)}    # {where}")
    lines += ["", "规则："]
    for rule in ruleset.rules:
        lines.append(f"  {rule.id}  [{rule.check}, {rule.severity}]    # {rule.origin}")
        for key, where in sorted(rule.field_origins.items()):
            if where.file != rule.origin.file:
                lines.append(f"      {key} = {_value(rule.fields.get(key))}    # 覆盖于 {where}")
    if ruleset.disabled:
        lines += ["", "已停用："]
        lines += [f"  {rule_id}：{reason}" for rule_id, reason in ruleset.disabled.items()]
    return "\n".join(lines) + "\n"
