"""``jxrules show``: the effective ruleset after ``extends``, with where each piece came from."""

from __future__ import annotations

import json
from typing import Any

import attrs

from jxrules.errors import Position
from jxrules.rules.ruleset import Ruleset, bundled_dir

#: How positions name bundled files (``ruleset.display_name``), shown as ``bundled:``.
_BUNDLED_PREFIX = "rulesets/"


def _label(file: str) -> str:
    """``bundled:dept-overall/2022.yaml`` for a bundled file, so it is not taken for a user's."""
    inside = file.removeprefix(_BUNDLED_PREFIX)
    if inside != file and (bundled_dir() / inside).is_file():
        return f"bundled:{inside}"
    return file


def _at(where: Position) -> str:
    return str(attrs.evolve(where, file=_label(where.file)))


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def show(ruleset: Ruleset) -> str:
    """A readable listing: params and rules, each with the ``file:line`` it came from."""
    lines = [
        f"规则集 {ruleset.id}  （{ruleset.title}，版本 {ruleset.version}）",
        f"适用：{ruleset.kind}，年度 {', '.join(map(str, ruleset.fiscal_years)) or '—'}",
        "来源：" + " ← ".join(_label(file) for file in reversed(ruleset.chain)),
        "",
        "参数：",
    ]
    for name, value in ruleset.params.items():
        where = ruleset.param_origins.get(name, Position(ruleset.source))
        lines.append(f"  {name} = {_value(value)}    # {_at(where)}")
    lines += ["", "规则："]
    for rule in ruleset.rules:
        lines.append(f"  {rule.id}  [{rule.check}, {rule.severity}]    # {_at(rule.origin)}")
        for key, where in sorted(rule.field_origins.items()):
            if where.file != rule.origin.file:
                lines.append(
                    f"      {key} = {_value(rule.fields.get(key))}    # 覆盖于 {_at(where)}"
                )
    if ruleset.disabled:
        lines += ["", "已停用："]
        lines += [f"  {rule_id}：{reason}" for rule_id, reason in ruleset.disabled.items()]
    return "\n".join(lines) + "\n"
