"""The example reports shipped with the package, so that the tutorial and a first check work
after ``pip install`` in an empty folder: ``example:NAME`` names one wherever a report path is
taken (``jxrules check``, and ``base:``/``file:`` in rule tests)."""

from __future__ import annotations

import difflib
from pathlib import Path

from jxrules.errors import InputError, Position

#: How a reference names a shipped example: ``example:jiangmen-2022-dept-overall``.
PREFIX = "example:"


def examples_dir() -> Path:
    """Where the examples are: inside the installed package, else the source tree."""
    here = Path(__file__).resolve().parent
    installed = here / "_examples"
    return installed if installed.is_dir() else here.parent / "examples"


def examples() -> dict[str, Path]:
    """Every example report by file name (``jiangmen-2022-dept-overall.md``)."""
    folder = examples_dir()
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file()} if folder.is_dir() else {}


def is_example(ref: str) -> bool:
    return ref.startswith(PREFIX)


def example_path(ref: str) -> Path:
    """The file of ``example:NAME``: NAME with its suffix, or without it the canonical YAML
    (else the one file of that name)."""
    name = ref.removeprefix(PREFIX)
    found = examples()
    if name in found:
        return found[name]
    stems = [p for file, p in found.items() if Path(file).stem == name]
    preferred = [p for p in stems if p.suffix == ".yaml"] or stems
    if len(preferred) == 1:
        return preferred[0]
    close = difflib.get_close_matches(name, [*found, *{Path(f).stem for f in found}], n=1)
    hint = f"；是不是 “{PREFIX}{close[0]}”？" if close else ""
    raise InputError(
        f"没有名为 “{name}” 的示例报告{hint}（示例：{', '.join(found) or '（无）'}）"
        " (unknown example)",
        Position(ref),
    )
