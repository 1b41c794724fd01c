"""Header-vocabulary helpers read exactly: a template placeholder name written with spaces
(issue 25)."""

from __future__ import annotations

import pytest

from jxrules.ingest.headers import is_placeholder


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("指标1", True),
        ("指标 1", True),  # spaces inside are dropped before matching, nothing put between
        ("指 标 十 二", True),
        ("… …", True),
        ("x x x", True),
        ("指标 1 完成率", False),
        ("培训人数", False),
    ],
)
def test_a_placeholder_name_is_recognised_whatever_its_spaces(name: str, expected: bool) -> None:
    assert is_placeholder(name) is expected
