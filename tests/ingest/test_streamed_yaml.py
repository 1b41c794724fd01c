"""YAML built from the parser's events gives what the composed walk gives, or hands over to it.

The event path exists for memory (no node graph for a big report); the composed path stays
the reference: same data, same positions, and for anything it alone handles (anchors,
aliases, merge keys, every refusal) the event path steps aside and the answer is its own.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jxrules.errors import LimitExceeded, YamlSyntaxError
from jxrules.ingest import documents
from jxrules.ingest.documents import Document, _composed, _streamed, load_yaml_text
from tests.conftest import ROOT

_SKIPPED = {".git", ".venv", "venv", "node_modules", "build", "dist"}


def _yaml_files() -> list[Path]:
    """The project's own YAML files: its folders only, never a virtual environment or another
    tool's folder that happens to sit in the checkout (CI's ``.ci-venv`` holds dask's YAML)."""
    found = []
    for folder in ("rulesets", "examples", "tests", "jxrules", "docs", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.y*ml")):
            parts = path.relative_to(ROOT).parts
            hidden = any(part.startswith(".") for part in parts)
            if path.suffix in (".yaml", ".yml") and not _SKIPPED & set(parts) and not hidden:
                found.append(path)
    return found


def _typed(value: Any) -> Any:
    """The value with every leaf's type beside it (``1 == Decimal(1) == True`` in Python)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def _same(streamed: list[Document], composed: list[Document]) -> None:
    assert len(streamed) == len(composed)
    for a, b in zip(streamed, composed, strict=True):
        assert _typed(a.data) == _typed(b.data)
        assert dict(a.value_positions) == dict(b.value_positions)
        assert dict(a.key_positions) == dict(b.key_positions)


FILES = _yaml_files()


def test_the_repository_has_yaml_to_compare() -> None:
    names = {p.name for p in FILES}
    assert {"jiangmen-2022-dept-overall.yaml", "2022.yaml", "quantities.yaml"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_of_the_repository_reads_the_same_both_ways(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    streamed = _streamed(text, str(path))
    composed = _composed(text, str(path))
    if streamed is None:  # only a file with an anchor needs the composed walk
        assert "&" in text
    else:
        _same(streamed, composed)


def test_the_examples_are_read_from_events() -> None:
    path = ROOT / "examples" / "jiangmen-2022-dept-overall.yaml"
    (doc,) = _streamed(path.read_text(encoding="utf-8"), "r.yaml") or []
    assert doc.data["indicators"][8]["name"] == "5G公共服务平台数量"
    assert doc.position(("indicators", 8, "name")).line == doc.position(("indicators", 8)).line


MIXED = """\
kind: department_overall
n: 12
x: 1.50
ok: true
filed_on: 2023-04-07
empty:
"1": one
2: two
list: [a, "b", 3, ~]
nested: {a: {b: [1, {c: d}]}}
---
second: document
"""


def test_scalars_keys_and_documents_read_the_same() -> None:
    streamed = _streamed(MIXED, "m.yaml")
    assert streamed is not None
    _same(streamed, _composed(MIXED, "m.yaml"))
    first = streamed[0].data
    assert first["x"] == Decimal("1.50") and first["n"] == 12 and first["2"] == "two"
    assert first["filed_on"] == "2023-04-07" and first["ok"] is True and first["empty"] is None
    assert streamed[0].position(("nested", "a", "b", 1, "c")).column == 25
    assert streamed[1].data == {"second": "document"}


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x\n",  # anchor and alias
        "base: {a: 1}\nx: {<<: {a: 2}, b: 3}\n",  # a merge key without an anchor
        "a: 1\na: 2\n",  # a duplicate key
        "a: !!python/name:os.system x\n",  # a refused tag
        "a: [1, 2\n",  # a syntax error
        "? [1, 2]\n: x\n",  # a key that is a list
    ],
)
def test_what_only_the_composed_walk_handles_is_left_to_it(text: str) -> None:
    assert _streamed(text, "h.yaml") is None


def test_a_merge_key_keeps_its_meaning() -> None:
    text = "x: {<<: {a: 2, c: 1}, a: 3}\n"
    assert load_yaml_text(text, "m.yaml").data == {"x": {"a": 3, "c": 1}}


def test_the_refusals_are_the_composed_walks_own() -> None:
    with pytest.raises(YamlSyntaxError, match="键 'a' 重复") as caught:
        load_yaml_text("a: 1\nb: 2\na: 3\n", "d.yaml")
    assert (caught.value.position.line, caught.value.position.column) == (3, 1)


def test_the_node_limit_counts_keys_and_values_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "".join(f"- {{a: {n}, b: x}}\n" for n in range(10))  # 1 + 10 × (1 + 4) nodes
    monkeypatch.setattr(documents, "MAX_NODES", 51)
    assert len(load_yaml_text(rows, "n.yaml").data) == 10
    monkeypatch.setattr(documents, "MAX_NODES", 50)
    with pytest.raises(LimitExceeded) as caught:
        load_yaml_text(rows, "n.yaml")
    assert caught.value.limit == "yaml_nodes"
    assert "超过 50 个节点" in caught.value.message


def test_the_node_limit_admits_a_full_indicator_table_at_the_rows_limit() -> None:
    keys = 11  # every key an indicator may have (report.schema.json)
    assert 100_000 * (1 + 2 * keys) + 10_000 <= documents.MAX_NODES


def test_positions_of_a_streamed_document_answer_as_a_mapping() -> None:
    (doc,) = _streamed("a: [x, {b: 1}]\nc: d\n", "p.yaml") or []
    values, keys = doc.value_positions, doc.key_positions
    assert str(values[("a", 1, "b")]) == "p.yaml:1:12"
    assert str(keys[("a", 1, "b")]) == "p.yaml:1:9"
    assert str(values[()]) == "p.yaml:1:1"
    assert ("a", 2) not in values and ("a", -1) not in values and ("a", "0") not in values
    assert ("a", 0) not in keys and () not in keys and ("z",) not in values
    with pytest.raises(KeyError):
        values[("c", "d")]
    assert list(values) == [(), ("a",), ("c",), ("a", 0), ("a", 1), ("a", 1, "b")]
    assert len(keys) == 3
    assert doc.position(("a", 1, "b", "missing")).column == 12  # its nearest ancestor
