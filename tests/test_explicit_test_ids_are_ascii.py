"""Every explicit ``ids=[...]`` of a parametrized test is ASCII.

mutmut runs the tests of a mutant by node id in the process that ran them before; pytest cannot
find a test by an explicit non-ASCII id the second time in one process (exit 4, "not found"), so
one such id stops a whole mutation run (docs/testing.md)."""

from __future__ import annotations

import ast

from tests.conftest import ROOT


def test_explicit_parametrize_ids_are_ascii() -> None:
    found = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "ids"
                and isinstance(node.value, (ast.List, ast.Tuple))
            ):
                found += [
                    f"{path.relative_to(ROOT)}:{e.lineno}: {e.value}"
                    for e in node.value.elts
                    if isinstance(e, ast.Constant)
                    and isinstance(e.value, str)
                    and not e.value.isascii()
                ]
    assert found == []
