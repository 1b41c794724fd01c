"""mutmut's type check (``type_check_command``): mypy's errors inside mutated functions only.

mutmut runs this in ``mutants/`` and marks the mutant whose function holds each error as caught
without running its tests.  mypy also reports errors outside every mutated function when a
mutant changes what another line can infer (``Cannot determine type of "_row_cell"`` in
formats/html.py), and mutmut 3.8 stops the whole run on such an error.  This keeps the errors
that lie inside a mutated function (``x_name__mutmut_N``) and drops the others, so their mutants
are simply run.  The argument ``mypy`` tells mutmut the output is mypy's JSON lines.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

MYPY = [sys.executable, "-m", "mypy", "jxrules", "--output", "json", "--no-warn-unused-ignores"]


def mutated_spans(path: Path) -> list[tuple[int, int]]:
    """The first and last line of every mutated function in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.end_lineno or node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "__mutmut_" in node.name
    ]


def main() -> int:
    done = subprocess.run(MYPY, capture_output=True, text=True, check=False)
    spans: dict[str, list[tuple[int, int]]] = {}
    for line in done.stdout.splitlines():
        if not line.strip():
            continue
        error = json.loads(line)
        if error["file"] not in spans:
            spans[error["file"]] = mutated_spans(Path(error["file"]))
        if any(first <= error["line"] <= last for first, last in spans[error["file"]]):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
