"""The canonical report's JSON Schema, and errors that name the key and its line.

The schema ships as ``jxrules/schemas/report.schema.json``; :func:`first_error` and
:func:`describe` word the most relevant violation for a person (ruleset loading uses them too).
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from jxrules.errors import Position, ReportError
from jxrules.ingest.documents import TOO_MANY_DIGITS, Document, PathKey, too_many_digits

if TYPE_CHECKING:  # jsonschema is imported when something is validated (~40 ms)
    import jsonschema
    from jsonschema.protocols import Validator


@cache
def report_schema() -> Mapping[str, Any]:
    """The canonical report schema shipped in ``jxrules/schemas/report.schema.json``."""
    text = resources.files("jxrules.schemas").joinpath("report.schema.json").read_text("utf-8")
    data: Mapping[str, Any] = json.loads(text)
    return data


@cache
def report_validator() -> Validator:
    """A validator for canonical reports, built once, with ``$ref``s inlined (faster to run)."""
    import jsonschema

    # a Python caller's tuple is a JSON array, as the model builder and fastjsonschema read it
    draft = jsonschema.Draft202012Validator
    types = draft.TYPE_CHECKER.redefine(
        "array", lambda _checker, instance: isinstance(instance, (list, tuple))
    )
    report_type: type[Validator] = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        draft, type_checker=types
    )
    schema = dict(report_schema())
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
                return inline(definitions[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    validator: Validator = report_type(inline(schema))
    return validator


def report_errors(instance: Any, doc: Document) -> tuple[str, Position] | None:
    """:func:`first_error` for a canonical report, with a quick "valid" first where it can.

    With the ``fast`` extra installed (``pip install 'jxrules[fast]'``), fastjsonschema runs
    the same schema as generated Python code, about 20 times faster; only a document it does
    not pass (or that it cannot read) is validated again by jsonschema, whose error is the
    one reported.  So the quick check saves time and changes no answer, as long as it passes
    nothing jsonschema refuses (``tests/ingest/test_quick_report_check.py`` holds it to that).
    """
    quick = quick_report_check()
    if quick is not None:
        try:
            quick(instance)
        except Exception:  # any doubt: ask jsonschema, which says what is wrong and where
            pass
        else:
            return None
    try:
        return first_error(report_validator(), instance, doc)
    except (TypeError, ValueError, ArithmeticError):  # jsonschema cannot compare or print it
        odd = _unschemable(instance)
        path, problem = odd or ((), "含有无法检查的值 (a value that cannot be checked)")
        raise UncheckableValue(f"{path_text(path)} {problem}", doc.position(path)) from None


class UncheckableValue(ReportError):
    """A value in a caller's mapping that jsonschema cannot compare or print (NaN, a key that
    is not text, a 5,000-digit number): no YAML or JSON file holds one."""


def _unschemable(data: Any) -> tuple[PathKey, str] | None:
    """The first value (in document order) no YAML or JSON file can hold, which jsonschema
    cannot compare or print: a key that is not text, a number that is not finite, a complex
    number, a number of more than :data:`~jxrules.ingest.documents.MAX_NUMBER_DIGITS` digits."""
    stack: list[tuple[PathKey, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, Mapping):
            for key in node:
                if not isinstance(key, str):
                    return path, f"中的键 {_cut(key, 40, show=repr)} 不是文本 (keys must be text)"
            stack.extend(
                ((*path, key), value)
                for key, value in reversed(list(node.items()))
                if path or not key.startswith("x-")  # free for other tools: never looked into
            )
        elif isinstance(node, (list, tuple)):
            stack.extend(((*path, i), value) for i, value in reversed(list(enumerate(node))))
        elif (isinstance(node, Decimal) and not node.is_finite()) or (
            isinstance(node, (float, complex)) and not math.isfinite(abs(node))
        ):
            return path, f"的值 {node} 不是有限的数 (not a finite number)"
        elif isinstance(node, complex):
            return path, f"的值 {node} 不是实数 (not a real number)"
        elif too_many_digits(node):
            return path, f"的{TOO_MANY_DIGITS}"
    return None


@cache
def quick_report_check() -> Callable[[Any], Any] | None:
    """fastjsonschema's validator for the (inlined) report schema; ``None`` without the extra
    (or if it cannot compile the schema: jsonschema alone then decides)."""
    try:
        import fastjsonschema
    except ImportError:
        return None
    inlined = report_validator().schema
    assert isinstance(inlined, Mapping)
    schema = dict(inlined)
    for key in ("$schema", "$id"):  # the keywords used read the same in draft 7, its dialect
        schema.pop(key, None)
    try:
        check: Callable[[Any], Any] = fastjsonschema.compile(
            schema, use_default=False, use_formats=False, detailed_exceptions=False
        )
    except Exception:  # an old or broken fastjsonschema: only slower, never wrong
        return None
    return check


def schema_error(
    schema: Mapping[str, Any], instance: Any, doc: Document, shown_as: PathKey = ()
) -> tuple[str, Position] | None:
    """:func:`first_error` of ``instance`` against a JSON Schema (Draft 2020-12)."""
    from jsonschema import Draft202012Validator

    return first_error(Draft202012Validator(schema), instance, doc, shown_as)


def first_error(
    validator: Validator, instance: Any, doc: Document, shown_as: PathKey = ()
) -> tuple[str, Position] | None:
    """The most relevant schema error as a sentence and the position it points at.

    ``shown_as`` is where ``instance`` sits in its file (``("rules", 3)``), for the sentence.
    """
    errors = list(validator.iter_errors(instance))
    if not errors:
        return None
    # An unknown key (often a typo) explains a "missing key" too: report it first.
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    if unknown:
        best = unknown[0]
    else:
        from jsonschema.exceptions import best_match

        best = best_match(errors)
    assert best is not None
    return describe(best, tuple(best.absolute_path), doc, shown_as)


def path_text(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "（文档顶层）"


def describe(
    error: jsonschema.ValidationError, path: PathKey, doc: Document, shown_as: PathKey = ()
) -> tuple[str, Position]:
    """Turn a jsonschema error into one sentence a rule author can act on."""
    where = path_text((*shown_as, *path))
    validator = error.validator
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    expected: Any = error.validator_value
    if validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))  # x-… keys are allowed too
        extra = [
            k
            for k in error.instance
            if k not in allowed
            and not (isinstance(k, str) and any(re.search(p, k) for p in patterns))
        ]
        key = extra[0] if extra else "?"
        hint = difflib.get_close_matches(key, allowed, n=1)
        guess = f"；是不是 “{hint[0]}”？" if hint else ""
        return (
            f"{where} 中有未知的键 “{key}”{guess}（允许的键：{', '.join(allowed)}）",
            doc.position((*path, key), key=True),
        )
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{where} 缺少必需的键 “{missing}”", doc.position(path)
    if validator in ("enum", "const"):
        allowed_values: list[Any] = list(expected) if validator == "enum" else [expected]
        hint = difflib.get_close_matches(str(error.instance), [str(v) for v in allowed_values], n=1)
        guess = f"；是不是 “{hint[0]}”？" if hint else ""
        return (
            f"{where} 的值 “{_cut(error.instance)}” 不在允许的取值中：{', '.join(map(str, allowed_values))}{guess}",
            doc.position(path),
        )
    if validator == "type":
        return (
            f"{where} 的类型应为 {error.validator_value}，实际是 “{_cut(error.instance)}”",
            doc.position(path),
        )
    if validator == "pattern":
        return (
            f"{where} 的值 “{_cut(error.instance)}” 格式不对（应匹配 {error.validator_value}）",
            doc.position(path),
        )
    return f"{where}：{_cut(error.message, 200)}", doc.position(path)


def _cut(value: object, most: int = 80, *, show: Callable[[object], str] = str) -> str:
    """``show(value)`` in at most ``most`` characters: a message quotes a value, not a page
    (an integer too long for this Python to print is named by its type)."""
    try:
        text = show(value)
    except ValueError:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= most else text[: most - 1] + "…"
