"""Load-time vetting, pinned where a one-line change would move it: the position of a syntax
error inside a ruleset file, and which regular expressions are refused as exponential.

Written against the mutants mutmut found surviving in ``jxrules.sandbox.vet`` (docs/testing.md).
"""

from __future__ import annotations

import pytest

from jxrules.errors import ExpressionError, JxError, LimitExceeded, Position
from jxrules.sandbox import compile_expression
from jxrules.sandbox.vet import regex_problem

NESTED = "重复的分组内还有重复（如 (\\d+)+），可能指数级回溯；请改写，例如去掉外层重复"
CHOICE = "重复的分组内有多选（如 (a|aa)+），可能指数级回溯；请改写为字符类或去掉重复"


def error_position(text: str, position: Position | None) -> Position | None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text, position)
    return caught.value.position


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [
        # one line: the column moves by the offset inside the expression (1-based)
        ("a b", Position("r.yaml", 5, 10), Position("r.yaml", 5, 12)),
        # Python gives no offset for a dangling operator: the expression's own column
        ("1 +", Position("r.yaml", 5, 10), Position("r.yaml", 5, 10)),
        # a later line of a block scalar: its line, and the column Python gives
        ("(1 +\n 2 +)", Position("r.yaml", 5, 10), Position("r.yaml", 6, 5)),
        ("1 +\n\n  )", Position("r.yaml", 5, 10), Position("r.yaml", 7, 3)),
        # nothing to shift: the position given, unchanged
        ("a b", Position("r.yaml"), Position("r.yaml")),
        ("a b", None, None),
    ],
)
def test_a_syntax_error_is_placed_inside_the_ruleset_file(
    text: str, at: Position | None, expected: Position | None
) -> None:
    assert error_position(text, at) == expected


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        # quantifiers with nothing (or an empty group) before them: no crowd, never a crash
        ("*", None),
        ("(+a)", None),
        ("a|+b", None),
        ("a*+", None),
        ("a{2}{3}", None),
        ("a)b*", None),  # an unbalanced ) closes no group
        ("a|b", None),
        # a character class is skipped whole: what it holds is no group, choice or repeat
        ("([a|b])+", None),
        ("([^a|b])+", None),
        ("([]|])+", None),  # ] first in a class is a literal
        ("([^]|])+", None),
        ("([\\]|])+", None),  # so is an escaped ]
        # the class ends at its first unescaped ] after a leading ] or ^]; what follows is read
        ("[]](a+)+", NESTED),
        ("[^]](a+)+", NESTED),
        ("[^\\\\](a+)+", NESTED),
        ("(a[)]+)+", NESTED),
        ("(a[\\]]+)+", NESTED),
        ("[a](b+)+", NESTED),
        ("[a]+(b+)+", NESTED),
        ("[", None),
        ("[^", None),
        ("[]", None),
        # a repetition inside an inner group counts for the outer one
        ("((a+)b)+", NESTED),
        ("(a|b)+", CHOICE),
        ("(a|b){2}", CHOICE),
        # only a quantifier right after the group repeats it (? does not end the group)
        ("(a+)X", None),
        ("(a+)b+", None),
        ("(a+)?+", NESTED),
        # {m,n} repeats when it allows more than one
        ("(a+){2}", NESTED),
        ("(a+){1}", None),
        ("(a+){1,}", NESTED),
        ("(a+){0,1}", None),
        ("(a+){,1}", None),
        ("(a+){1,2}", NESTED),
        ("(a+){2,3}", NESTED),
        ("(a+){x}", None),  # not a quantifier: literal braces
        ("(a+){1,x}", None),
        ("(a+){", None),
        ("(a+){2}x{1}", NESTED),  # each brace closes at its own }
        ("a}(b+){2}", NESTED),
        ("(a+){23", None),  # no closing brace: literal
    ],
)
def test_regex_problem_refuses_exactly_the_exponential_shapes(
    pattern: str, problem: str | None
) -> None:
    assert regex_problem(pattern) == problem


FUNCTION_LIST = (
    "abs, all, any, band, count, decimal, find_word, get, int, len, list, max, min, outcome,"
    " quantity, round, set, sorted, stated, str, sum"
)


@pytest.mark.parametrize(
    ("text", "kind", "message", "limit"),
    [
        (
            str(10**100 + 1),
            LimitExceeded,
            "表达式中的数字过大 (number literal too large; limit: integer)",
            "integer",
        ),
        (
            f"-{10**100 + 1}",
            LimitExceeded,
            "表达式中的数字过大 (number literal too large; limit: integer)",
            "integer",
        ),
        (
            "1e400",
            LimitExceeded,
            "表达式中的数字超出范围 (number literal overflows; limit: integer)",
            "integer",
        ),
        ('b"x"', ExpressionError, "不支持的常量 b'x'", None),
        ("...", ExpressionError, "不支持的常量 Ellipsis", None),
        ("1j", ExpressionError, "不支持的常量 1j", None),
        (
            "sume(x)",
            ExpressionError,
            f"未知的函数 “sume”；是不是 “sum”？（可用的函数：{FUNCTION_LIST}）",
            None,
        ),
        ("zzz(x)", ExpressionError, f"未知的函数 “zzz”（可用的函数：{FUNCTION_LIST}）", None),
        (
            "round(x, foo=1)",
            ExpressionError,
            "函数 round() 不接受参数 foo=（可用的关键字参数：digits=）",
            None,
        ),
        (
            "round(x, **k)",
            ExpressionError,
            "函数 round() 不接受参数 **（可用的关键字参数：digits=）",
            None,
        ),
        (
            "len(x, foo=1)",
            ExpressionError,
            "函数 len() 不接受参数 foo=（可用的关键字参数：无）",
            None,
        ),
        (
            "x.y()",
            ExpressionError,
            "只能调用内置的辅助函数 (only helper functions may be called)",
            None,
        ),
    ],
)
def test_a_refused_constant_or_call_says_why_and_where(
    text: str, kind: type[JxError], message: str, limit: str | None
) -> None:
    at = Position("r.yaml", 5, 10)
    with pytest.raises(JxError) as caught:
        compile_expression(text, at)
    error = caught.value
    assert (type(error), error.message, getattr(error, "limit", None)) == (kind, message, limit)
    assert error.position is not None and (error.position.file, error.position.line) == (
        "r.yaml",
        5,
    )


@pytest.mark.parametrize("text", [str(10**100), f"-{10**100}", "1e300", '"x"', "sum(x)"])
def test_constants_and_calls_within_the_limits_compile(text: str) -> None:
    assert compile_expression(text).source == text
