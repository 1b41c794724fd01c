"""No test that passes whatever the code does: the shapes that cannot fail are refused here."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

#: (what, pattern): an assertion made true by ``or True``, a count or length asserted to be at
#: least zero, and a catch-all that turns any crash into an outcome.
SHAPES = [
    ("`or True` inside an assertion", re.compile(r"\bassert\b.*\bor True\b")),
    ("a count or length asserted >= 0", re.compile(r"\bassert\b.*(?:count|len)\(.*\)\s*>=\s*0\b")),
    ("a bare `except Exception` in a test", re.compile(r"^\s*except (?:Base)?Exception\s*:")),
]


def offences(text: str) -> list[tuple[int, str]]:
    return [
        (number, what)
        for number, line in enumerate(text.splitlines(), 1)
        for what, shape in SHAPES
        if shape.search(line)
    ]


def test_no_test_has_a_shape_that_cannot_fail() -> None:
    here = Path(__file__).resolve()
    found = [
        f"{path.relative_to(ROOT)}:{number}: {what}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path.resolve() != here
        for number, what in offences(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_shapes_are_recognised() -> None:
    sample = (
        "    assert all(x or True for x in xs)\n"
        "    assert count(rows) >= 0\n"
        "    assert len(found) >= 0\n"
        "    except Exception:\n"
        "    assert len(found) >= 1\n"
        "    except ValueError:\n"
    )
    assert [number for number, _ in offences(sample)] == [1, 2, 3, 4]
