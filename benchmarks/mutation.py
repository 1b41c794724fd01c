"""Mutation score of the core packages: how many one-line bugs the tests catch (docs/testing.md).

Run it from the repository root, with mutmut installed (``pip install -e .[test,mutation]``)::

    python benchmarks/mutation.py                      # quantities, checks, rules: about an hour
    python benchmarks/mutation.py quantities           # one package (about 15 minutes)
    python benchmarks/mutation.py --report             # only tally the last run's results

Each package is one ``mutmut run --max-children N "jxrules.PACKAGE*"`` with the
``[tool.mutmut]`` table of ``pyproject.toml``: mutmut copies the tree into ``mutants/``
(git-ignored), runs the selected tests once to learn which tests reach which function,
then runs each mutant against those tests only.  The tally counts mutmut's own results
(``mutmut results --all true``); a survivor listed in docs/testing.md's table of
equivalent mutants (a row ``| `name` | reason |``) counts as equivalent, not survived.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("quantities", "checks", "rules")
RESULT = re.compile(r"^\s*(jxrules\.[^:\s]+): (.+?)\s*$")
EQUIVALENT = re.compile(r"^\|\s*`(jxrules\.[^`]+)`\s*\|")


def equivalents(doc: Path = ROOT / "docs" / "testing.md") -> set[str]:
    """The mutant names docs/testing.md lists as equivalent (one table row each)."""
    if not doc.is_file():
        return set()
    lines = doc.read_text(encoding="utf-8").splitlines()
    return {m.group(1) for line in lines if (m := EQUIVALENT.match(line))}


def tally(results: str, equivalent: set[str]) -> dict[str, Counter[str]]:
    """Per package, mutmut's statuses with listed survivors moved to ``equivalent``."""
    counts: dict[str, Counter[str]] = {}
    for line in results.splitlines():
        found = RESULT.match(line)
        if found is None:
            continue
        name, status = found.groups()
        package = name.split(".")[1]
        if status == "survived" and name in equivalent:
            status = "equivalent"
        counts.setdefault(package, Counter())[status] += 1
    return counts


def table(counts: dict[str, Counter[str]]) -> str:
    """A Markdown table: killed, survived, no tests, equivalent, timeout, not run, other; the score
    (killed or timed out, over all mutants but the equivalent ones and those not run)."""
    rows = [
        "| package | mutants | killed | survived | no tests | equivalent | timeout | not run "
        "| other | score |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for package, c in sorted(counts.items()):
        total = sum(c.values())
        known = ("killed", "survived", "no tests", "equivalent", "timeout", "not checked")
        other = total - sum(c[k] for k in known)
        caught = c["killed"] + c["timeout"]
        judged = total - c["equivalent"] - c["not checked"]
        score = f"{100 * caught / judged:.1f} %" if judged else "-"
        rows.append(
            f"| {package} | {total} | {c['killed']} | {c['survived']} | {c['no tests']} "
            f"| {c['equivalent']} | {c['timeout']} | {c['not checked']} | {other} | {score} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", help=f"of {', '.join(PACKAGES)} (default: all)")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--report", action="store_true", help="tally only, run nothing")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.packages) - set(PACKAGES))
    if unknown:
        parser.error(f"not a core package: {', '.join(unknown)} (one of {', '.join(PACKAGES)})")
    mutmut = [sys.executable, "-m", "mutmut"]
    if not args.report:
        for package in args.packages or PACKAGES:
            pattern = f"jxrules.{package}*"
            run = [*mutmut, "run", "--max-children", str(args.max_children), pattern]
            subprocess.run(run, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    results = subprocess.run(
        [*mutmut, "results", "--all", "true"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    print(table(tally(results, equivalents())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
