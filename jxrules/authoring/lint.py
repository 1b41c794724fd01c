"""``jxrules lint``: what loading accepts but an author still wants to know.

Loading already rejects schema errors, duplicate ids, bad expressions and unknown
placeholders (each with ``file:line:column``); lint reports those the same way and
adds: names in expressions the report does not have (with a did-you-mean), params
never used, rules that no test case shows firing or silent, and (as info) rules of the
file without an English title or message, which ``--lang en`` outputs cannot word.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from jxrules.checks import registry
from jxrules.checks.base import expression_texts
from jxrules.checks.namespace import ANY, ROW_SHAPES, SHAPE
from jxrules.errors import JxError, Position, RulesetError
from jxrules.rules.ruleset import Rule, Ruleset, load_collecting, resolve
from jxrules.sandbox import FUNCTIONS, compile_expression

_PARAM_REF = re.compile(r"params(?:\.|\[['\"])([A-Za-z_]\w*)")


@frozen
class LintIssue:
    position: Position
    severity: str  # "error", "warning" or "info" (only errors fail the lint)
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.severity}: {self.code}: {self.message}"


def lint(ref: str | Path) -> list[LintIssue]:
    """Every problem found in a ruleset, sorted by position.

    Load errors confined to a rule or an override (a duplicate id, a bad field) are listed with
    the rest and the other rules still linted; a file that cannot be read or shaped at all gives
    its one load error.
    """
    path = ref if isinstance(ref, Path) else resolve(ref)
    problems: list[RulesetError] = []
    try:
        ruleset = load_collecting(path, problems)
    except JxError as exc:
        return [LintIssue(exc.position or Position(str(path)), "error", "load", exc.message)]
    issues = [
        LintIssue(p.position or Position(str(path)), "error", "load", p.message) for p in problems
    ]
    for rule in ruleset.rules:
        issues.extend(_names(rule, ruleset))
    issues.extend(_unused_params(ruleset))
    issues.extend(_untested(ruleset, path))
    issues.extend(_no_english(ruleset, ruleset.chain[-1] if ruleset.chain else str(path)))
    return sorted(
        issues, key=lambda i: (i.position.file, i.position.line or 0, i.position.column or 0)
    )


def _expressions(rule: Rule) -> Iterator[tuple[str, str, Position]]:
    """Every expression of the rule, as its kind declares them (``expression_fields``)."""
    for path, text in expression_texts(rule.fields, registry()[rule.check]):
        yield ".".join(map(str, path)), text, rule.position(path)


def _names(rule: Rule, ruleset: Ruleset) -> Iterator[LintIssue]:
    rows = rule.fields.get("for_each") or registry()[rule.check].rows
    row_shape = ROW_SHAPES.get(str(rows))
    for key, text, where in _expressions(rule):
        tree = compile_expression(text, where).tree
        checker = _NameChecker(ruleset.params, row_shape)
        checker.visit(tree)
        for problem in checker.problems:
            yield LintIssue(where, "error", "unknown-name", f"规则 {rule.id} 的 {key}：{problem}")


class _NameChecker(ast.NodeVisitor):
    """Follows ``a.b.c`` chains through the report's shape."""

    def __init__(self, params: Mapping[str, Any], row_shape: Any) -> None:
        self.roots: dict[str, Any] = {**SHAPE, "params": {k: ANY for k in params}}
        if row_shape is not None:
            self.roots["item"] = row_shape
        self.problems: list[str] = []

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._comprehension(node, node.generators)

    visit_GeneratorExp = visit_ListComp  # type: ignore[assignment]
    visit_SetComp = visit_ListComp  # type: ignore[assignment]
    visit_DictComp = visit_ListComp  # type: ignore[assignment]

    def _comprehension(self, node: ast.AST, generators: list[ast.comprehension]) -> None:
        saved = dict(self.roots)
        for gen in generators:
            self.visit(gen.iter)
            element = self._shape(gen.iter)
            for target in ast.walk(gen.target):
                if isinstance(target, ast.Name):
                    self.roots[target.id] = element[0] if isinstance(element, list) else ANY
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.comprehension):
                self.visit(child)
        for gen in generators:
            for cond in gen.ifs:
                self.visit(cond)
        self.roots = saved

    def _shape(self, node: ast.AST) -> Any:
        chain = _chain(node)
        if chain is None or chain[0] not in self.roots:
            return ANY
        shape = self.roots[chain[0]]
        for part in chain[1:]:
            if not isinstance(shape, dict) or shape is ANY or part not in shape:
                return ANY
            shape = shape[part]
        return shape

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self._check(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if _chain(node) is not None:
            self._check(node)
        else:
            self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        self._check(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id not in FUNCTIONS:
            hint = _hint(node.func.id, FUNCTIONS)
            self.problems.append(f"未知的函数 “{node.func.id}”{hint}")
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            self.visit(arg)

    def _check(self, node: ast.AST) -> None:
        chain = _chain(node)
        if chain is None:
            self.generic_visit(node)
            return
        root = chain[0]
        if root in ("True", "False", "None") or root in FUNCTIONS:
            return
        if root not in self.roots:
            self.problems.append(f"未知的名称 “{root}”{_hint(root, self.roots)}")
            return
        shape = self.roots[root]
        walked = root
        for part in chain[1:]:
            if isinstance(shape, list):
                self.problems.append(
                    f"“{walked}” 是列表，不能取 “{part}”（请用 for_each 或推导式）"
                )
                return
            if not isinstance(shape, dict) or shape is ANY:
                return
            if part not in shape:
                self.problems.append(f"“{walked}” 没有 “{part}”{_hint(part, shape)}")
                return
            shape = shape[part]
            walked = f"{walked}.{part}"


def _chain(node: ast.AST) -> list[str] | None:
    """``a.b['c']`` as ``['a', 'b', 'c']``; ``None`` for anything else."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            parts.append(node.slice.value)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return parts[::-1]
        else:
            return None


def _hint(name: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"；是不是 “{close[0]}”？" if close else ""


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _unused_params(ruleset: Ruleset) -> Iterator[LintIssue]:
    used: set[str] = set()
    for rule in ruleset.rules:
        for text in _strings(dict(rule.fields)):
            used.update(_PARAM_REF.findall(text))
        kind = registry()[rule.check]
        used.update(getattr(kind, "reads_params", ()))
    for name in ruleset.params:
        if name not in used:
            where = ruleset.param_origins.get(name, Position(ruleset.source))
            yield LintIssue(where, "warning", "unused-param", f"参数 “{name}” 没有被任何规则使用")


#: A rule's Chinese fields, their English counterparts, and what an English output does without.
_ENGLISH = (
    ("title", "title_en", "以编号代替标题"),
    ("message", "message_en", "以中文写出发现"),
)


def _no_english(ruleset: Ruleset, own: str) -> Iterator[LintIssue]:
    """Rules of this file an English output cannot word: ``title_en``/``message_en`` missing.

    A rule inherited through ``extends`` is its own file's matter, unless an override here
    rewrites its Chinese message and leaves the English one as the base wrote it.
    """
    for rule in ruleset.rules:
        if rule.origin.file == own:
            missing = [(en, without) for _, en, without in _ENGLISH if not getattr(rule, en)]
            if missing:
                fields = "、".join(en for en, _ in missing)
                effects = "、".join(without for _, without in missing)
                yield LintIssue(
                    rule.origin, "info", "no-english",
                    f"规则 {rule.id} 缺少英文：{fields}（--lang en 的输出{effects}）",
                )  # fmt: skip
            continue
        for zh, en, _ in _ENGLISH:
            written = rule.field_origins.get(zh)
            english = rule.field_origins.get(en)
            if written and written.file == own and (english is None or english.file != own):
                yield LintIssue(
                    written, "info", "no-english",
                    f"规则 {rule.id} 的 {zh} 在此改写而 {en} 没有：--lang en 的输出仍是原来的英文",
                )  # fmt: skip


def _untested(ruleset: Ruleset, path: Path) -> Iterator[LintIssue]:
    from jxrules.authoring.coverage import coverage_of

    tests = path.with_name(path.name.removesuffix(".yaml") + ".tests.yaml")
    if not tests.is_file():
        yield LintIssue(Position(str(path)), "warning", "no-tests", f"没有测试文件 {tests.name}")
        return
    gaps = coverage_of(ruleset, tests)
    for rule in ruleset.rules:
        if rule.id in gaps.never_fires:
            yield LintIssue(
                rule.origin, "warning", "untested", f"规则 {rule.id} 没有使其触发的测试用例"
            )
        if rule.id in gaps.never_silent:
            yield LintIssue(
                rule.origin, "warning", "untested", f"规则 {rule.id} 没有表明其不触发的测试用例"
            )
