"""Writing canonical YAML (``jxrules extract``): block style, money as quoted strings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from jxrules.ingest.canonical import report_to_data
from jxrules.model import Report


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_report(report: Report) -> str:
    return yaml.dump(
        report_to_data(report), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )


def dump_reports(reports: Sequence[Report]) -> str:
    """One YAML document per report (``---`` between them)."""
    data: list[Any] = [report_to_data(r) for r in reports]
    return yaml.dump_all(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
