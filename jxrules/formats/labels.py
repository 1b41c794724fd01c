"""The words of the output formats, per language, read from ``jxrules/data/labels.yaml``.

Formats never spell a label in code: ``labels(run.language)("where.row", row=9)``.  Values are
filled with :meth:`str.format` on the label only, so report text in a value is never
interpreted (a ``{`` in an indicator name stays a ``{``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from jxrules import data
from jxrules.errors import InputError
from jxrules.rules.ruleset import Rule, Ruleset

#: The languages of ``--lang`` and of the writers' ``language=``.
LANGUAGES = ("zh", "en")


class Labels:
    """One language's label table."""

    def __init__(self, language: str, table: Mapping[str, str]) -> None:
        self.language = language
        self._table = table

    def __call__(self, key: str, **values: object) -> str:
        """Label ``key`` with its ``{placeholders}`` filled from ``values``."""
        text = self._table[key]
        return text.format(**values) if values else text


@cache
def labels(language: str) -> Labels:
    """The labels of ``language`` (``zh`` or ``en``); another language is an input error."""
    tables: Mapping[str, Mapping[str, str]] = data.load("labels.yaml")
    if language not in LANGUAGES:
        raise InputError(f"不支持的语言 “{language}”（支持：{', '.join(LANGUAGES)}）")
    return Labels(language, tables[language])


def rule_title(rule: Rule, language: str) -> str | None:
    """A rule's title in ``language``: in English its ``title_en``, else its id (never the
    Chinese title); in Chinese its ``title`` where it has one."""
    if language == "en":
        return rule.title_en or rule.id
    return rule.title


def ruleset_title(ruleset: Ruleset, language: str) -> str:
    """A ruleset's title in ``language`` (in English its ``title_en``, else its id)."""
    if language == "en":
        return ruleset.title_en or ruleset.id
    return ruleset.title
