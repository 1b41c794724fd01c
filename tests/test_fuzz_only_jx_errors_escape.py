"""Fuzzing the loaders and the expression sandbox: only ``JxError`` ever comes out.

Short profile by default (50 examples per test, fixed seed, no deadline);
``JXRULES_FUZZ=long`` runs 2,000 random examples per test (docs/security.md).
Each example must also finish within a few seconds: a hang is a failure.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jxrules
from jxrules.checks.namespace import report_names
from jxrules.errors import JxError
from jxrules.ingest.documents import load_document, load_json_text, load_yaml_text
from jxrules.sandbox import FUNCTIONS, compile_expression, evaluate
from tests.conftest import HANG_SECONDS, JIANGMEN_YAML, ROOT

LONG = os.environ.get("JXRULES_FUZZ", "").lower() == "long"
FUZZ = settings(
    max_examples=2000 if LONG else 50,
    deadline=None,
    derandomize=not LONG,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
RULESET_YAML = ROOT / "rulesets" / "dept-overall" / "2022.yaml"
REPORT_TEXT = JIANGMEN_YAML.read_text("utf-8")
RULESET_TEXT = RULESET_YAML.read_text("utf-8")
YAML_NOISE = [*":-[]{}&*!|>#'\"?,%@`\n\t ", "<<", "!!python/object:os.system", "*a", "&a"]


def only_jx_errors(action: Callable[[], Any]) -> Any:
    """Run ``action``; a ``JxError`` is fine, any other exception fails, and so does a hang."""
    start = time.perf_counter()
    try:
        return action()
    except JxError:
        return None
    finally:
        assert time.perf_counter() - start < HANG_SECONDS


def in_temp_file(data: bytes, suffix: str, action: Callable[[Path], Any]) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        return only_jx_errors(lambda: action(path))


def load_and_check_report(path: Path) -> None:
    for report in jxrules.load_reports(path):
        jxrules.check(report)


@pytest.fixture(scope="module")
def names() -> Any:
    return report_names(jxrules.load_report(JIANGMEN_YAML), {"max_score": 100})


def mutate(text: str, edits: list[tuple[int, str]]) -> str:
    for position, noise in edits:
        at = position % (len(text) + 1)
        text = text[:at] + noise + text[at + 1 :]
    return text


EDITS = st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(YAML_NOISE)), max_size=8)


# ------------------------------------------------------------------ YAML/JSON loaders
@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".yaml", ".json"]))
def test_random_bytes_as_a_document(data: bytes, suffix: str) -> None:
    in_temp_file(data, suffix, load_document)


@FUZZ
@given(data=st.binary(max_size=4000))
def test_random_bytes_as_a_report(data: bytes) -> None:
    in_temp_file(data, ".yaml", load_and_check_report)


@FUZZ
@given(data=st.binary(max_size=4000))
def test_random_bytes_as_a_ruleset(data: bytes) -> None:
    in_temp_file(data, ".yaml", jxrules.load_ruleset)


@FUZZ
@given(text=st.text(max_size=2000))
def test_random_text_as_yaml_and_json(text: str) -> None:
    only_jx_errors(lambda: load_yaml_text(text, "fuzz.yaml"))
    only_jx_errors(lambda: load_json_text(text, "fuzz.json"))


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(REPORT_TEXT)))
def test_truncated_example_report(cut: int) -> None:
    in_temp_file(REPORT_TEXT[:cut].encode(), ".yaml", load_and_check_report)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(RULESET_TEXT)))
def test_truncated_bundled_ruleset(cut: int) -> None:
    in_temp_file(RULESET_TEXT[:cut].encode(), ".yaml", jxrules.load_ruleset)


@FUZZ
@given(edits=EDITS)
def test_mutated_example_report(edits: list[tuple[int, str]]) -> None:
    in_temp_file(mutate(REPORT_TEXT, edits).encode(), ".yaml", load_and_check_report)


@FUZZ
@given(edits=EDITS)
def test_mutated_bundled_ruleset(edits: list[tuple[int, str]]) -> None:
    in_temp_file(mutate(RULESET_TEXT, edits).encode(), ".yaml", jxrules.load_ruleset)


def test_fuzz_inputs_are_the_real_files() -> None:
    assert "indicators:" in REPORT_TEXT and "rules:" in RULESET_TEXT
    assert jxrules.load_ruleset(RULESET_YAML).rules


# ------------------------------------------------------------------ expressions
@FUZZ
@given(text=st.text(max_size=300))
def test_random_text_as_an_expression(text: str, names: Any) -> None:
    compiled = only_jx_errors(lambda: compile_expression(text))
    if compiled is not None:
        only_jx_errors(lambda: evaluate(compiled, names))


ATOMS = st.sampled_from(
    [
        "indicators",
        "narrative",
        "params",
        "params.max_score",
        "self_evaluation.score",
        "self_evaluation",
        "budget.income.items",
        "budget.income.total.final_accounts",
        "declared",
        "fiscal_year",
        "x",
        "None",
        "True",
        "0",
        "1",
        "-3",
        "0.1",
        "10**3",
        "'a'",
        "'文本'",
        "[]",
        "[1, 2]",
        "{}",
        "{'k': 1}",
        "{1, 2}",
    ]
)
BINARY = st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "|", "&"])
COMPARE = st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"])


def _expressions(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    function = st.sampled_from(sorted(FUNCTIONS))
    return st.one_of(
        st.tuples(children, BINARY, children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, COMPARE, children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(function, st.lists(children, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.tuples(children, children).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(children, st.sampled_from(["name", "score", "items", "x", "real"])).map(
            lambda t: f"{t[0]}.{t[1]}"
        ),
        st.tuples(children, children).map(lambda t: f"[{t[0]} for x in {t[1]}]"),
        st.tuples(children, children, children).map(
            lambda t: f"sum({t[0]} for x in {t[1]} if {t[2]})"
        ),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(st.sampled_from(["not ", "-"]), children).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(children, children).map(lambda t: f"[{t[0]}, {t[1]}] * 3"),
        st.tuples(children, st.sampled_from(["and", "or"]), children, children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]} {t[1]} {t[3]})"
        ),
        st.tuples(children, COMPARE, children, COMPARE, children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]} {t[3]} {t[4]})"
        ),
        st.tuples(children, children, children).map(lambda t: f"{t[0]}[{t[1]}:{t[2]}:-1]"),
        st.tuples(children, children).map(lambda t: f"{{str(x): {t[0]} for x in {t[1]}}}"),
        st.tuples(children, children).map(lambda t: f"[(a, {t[0]}) for a, x in {t[1]}]"),
        st.tuples(children, children, children).map(
            lambda t: f"[[{t[0]} for y in {t[1]}] for x in {t[2]}]"
        ),
        st.tuples(children, children).map(lambda t: f"{{'k': {t[0]}, **{t[1]}}}"),
        st.tuples(children, children).map(lambda t: f"({t[0]}, {{{t[1]}}})"),
    )


EXPRESSIONS = st.recursive(ATOMS, _expressions, max_leaves=12)


@FUZZ
@given(text=EXPRESSIONS)
def test_random_expression_trees(text: str, names: Any) -> None:
    compiled = only_jx_errors(lambda: compile_expression(text))
    if compiled is not None:
        only_jx_errors(lambda: evaluate(compiled, names))


#: Values a Python caller may put anywhere in a report mapping (files cannot hold most of them).
ODD_PYTHON_VALUES: list[Any] = [
    None,
    "",
    " ",
    "\x00",
    "95.2%",
    "1,234.5",
    "9" * 5000,
    0,
    -1,
    10**40,
    1.5,
    float("nan"),
    float("inf"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("1E+50"),
    Decimal("-0"),
    True,
    [],
    [None],
    [[]],
    {},
    {1: 2},
    {"name": None},
    {"name": 5},
    set(),
    b"bytes",
    dt.date(2020, 1, 1),
    dt.datetime(2020, 1, 1),
    object(),
    (1, 2),
    ({"name": "n"},),
    1j,
    10**5000,
]


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            out += [(*at, key), *_paths(value, (*at, key))]
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += [(*at, i), *_paths(value, (*at, i))]
    return out


def test_odd_python_values_in_a_report_mapping_give_a_report_or_a_jx_error() -> None:
    """load_report(mapping) then check: every node of the example replaced by each odd value."""
    data = yaml.safe_load(REPORT_TEXT)
    data["indicators"] = data["indicators"][:3]  # the rows share their schema and code
    for table in data["budget"].values():
        table["items"] = table["items"][:2]
    ruleset = jxrules.load_ruleset("dept-overall/2022")
    refused = 0
    for path in _paths(data):
        for value in ODD_PYTHON_VALUES:
            changed = copy.deepcopy(data)
            node = changed
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
            report = only_jx_errors(lambda: jxrules.load_report(changed))  # noqa: B023
            if report is None:
                refused += 1
            else:
                only_jx_errors(lambda: jxrules.check(report, ruleset))  # noqa: B023
    assert refused > 1_000  # most odd values are refused, with a JxError
