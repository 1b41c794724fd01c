"""A ruleset given as text: named as asked in its chain, its rules' origins and every error
(one of reading its bytes too), and ``extends`` outside the bundled rulesets refused unless
allowed.

Written against the mutants of ``jxrules.rules.ruleset._load_text`` that survived the tests of
tests/rules (docs/testing.md, *Mutation testing*).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jxrules
from jxrules.errors import JxError, Position, RulesetError
from jxrules.ingest.files import ALLOW_OUTSIDE_ENV

TEXT = (
    'id: local/t\ntitle: t\nversion: "1"\nextends: {extends}\n'
    "applies_to: {{kind: department_overall, fiscal_years: [2030]}}\n"
    "rules:\n"
    '  - {{id: e2, check: expression, severity: info, message: "x", assert: "{test}"}}\n'
)


def test_a_ruleset_text_is_named_as_asked_in_its_chain_and_rules() -> None:
    loaded = jxrules.load_ruleset(
        TEXT.format(extends="dept-overall/2022", test="1 > 2"), name="mine.yaml"
    )
    assert loaded.chain == ("rulesets/dept-overall/2022.yaml", "mine.yaml")
    assert loaded.rules[-1].origin == Position("mine.yaml", 7, 5)


@pytest.mark.parametrize(
    ("text", "message", "where"),
    [
        (
            b"\xff\xfeid: x\n",
            "不是 UTF-8 编码的文本：第 0 字节无法解码 (not UTF-8)",
            Position("mine.yaml", 1),
        ),
        (
            TEXT.format(extends="dept-overall/2022", test="1 +").encode("utf-8"),
            "规则 e2：表达式语法错误：invalid syntax：'1 +'",
            Position("mine.yaml", 7, 71),
        ),
    ],
)
def test_every_error_of_a_ruleset_text_is_placed_in_it(
    text: bytes, message: str, where: Position
) -> None:
    with pytest.raises(JxError) as caught:
        jxrules.load_ruleset(text, name="mine.yaml")
    assert (caught.value.message, caught.value.position) == (message, where)


def test_a_ruleset_text_extends_a_file_elsewhere_only_when_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ALLOW_OUTSIDE_ENV, raising=False)
    parent = tmp_path / "parent.yaml"
    parent.write_text(
        'id: out/p\ntitle: p\nversion: "1"\nextends: dept-overall/2022\n'
        "applies_to: {kind: department_overall, fiscal_years: [2030]}\n",
        encoding="utf-8",
    )
    text = TEXT.format(extends=str(parent), test="1 > 2")
    allowed = jxrules.load_ruleset(text, allow_outside=True)
    assert allowed.chain == ("rulesets/dept-overall/2022.yaml", str(parent), "<ruleset>")
    with pytest.raises(RulesetError) as caught:
        jxrules.load_ruleset(text, allow_outside=False, name="mine.yaml")
    assert caught.value.message.startswith(f"extends 指向规则集目录之外的文件 “{parent}”")
    assert caught.value.position == Position("mine.yaml", 4, 10)
    monkeypatch.setenv(ALLOW_OUTSIDE_ENV, "1")
    assert jxrules.load_ruleset(text).chain == allowed.chain
