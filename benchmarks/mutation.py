"""Mutation score of the core packages: how many one-line bugs the tests catch (docs/testing.md).

Run it from the repository root, with mutmut installed (``pip install -e .[test,mutation]``)::

    python benchmarks/mutation.py                      # every package (docs/testing.md: times)
    python benchmarks/mutation.py quantities           # one package
    python benchmarks/mutation.py --recheck checks     # only the open survivors, timeouts and those not run
    python benchmarks/mutation.py --resume rules       # only the mutants a stopped run did not reach
    python benchmarks/mutation.py --names F ingest     # only the mutants named in file F
    python benchmarks/mutation.py --report             # only tally the last run's results

Each package is one ``mutmut run --max-children N "jxrules.PACKAGE*"`` with the
``[tool.mutmut]`` table of ``pyproject.toml``: mutmut copies the tree into ``mutants/``
(git-ignored), runs the selected tests once to learn which tests reach which function,
then runs each mutant against those tests only.  The tally counts mutmut's own results
(``mutmut results --all true``); a survivor listed in a table of
equivalent mutants, ``docs/mutants/PACKAGE.md`` (a row ``| `name` | reason |``), counts as
equivalent, not survived.

Every package but quantities and checks runs against its own tests (:data:`SELECTION`): every
test of ``tests/checks`` (and each hostile-expression case of ``tests/sandbox``) loads a ruleset,
so with a shared selection a ruleset-loading mutant ran several hundred tests.  mutmut has one
test selection per run and no option to mutate one package, so each package is run by a child
that sets both before mutmut starts; mutmut forgets every result when the selection changes, so
each package's results are kept in ``mutants/results-PACKAGE.txt`` as soon as it has run, and
the tally reads those.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("quantities", "checks", "rules", "sandbox", "formats", "ingest")
#: Packages tested by a narrower selection than ``[tool.mutmut]``'s: their own tests, the
#: planted-bug tests, the golden findings for the readers and writers, and the rules tests for
#: sandbox (they load expressions).
SELECTION: dict[str, list[str]] = {
    "rules": ["tests/rules", "tests/test_planted_bugs.py"],
    "sandbox": ["tests/rules", "tests/sandbox", "tests/test_planted_bugs.py"],
    "ingest": ["tests/ingest", "tests/test_findings_unchanged.py", "tests/test_planted_bugs.py"],
    "formats": ["tests/formats", "tests/test_findings_unchanged.py"],
}
#: The child that runs mutmut on one package (argv: the package, its test selection as JSON or
#: ``null`` for ``[tool.mutmut]``'s, ``run`` or ``rerun`` (mutants named because they ran before:
#: no type check, and three times the time limit, since mutmut also stops a mutant at a
#: wall-clock limit that a machine busy with the work that named them reaches), then mutmut's
#: arguments). Only that package is mutated, so
#: the type check (``type_check_command``) maps mypy's errors to the mutants of that package only:
#: mutmut reads each file holding an error with libcst, minutes for all six packages together.
_ONE_PACKAGE = (
    "import json, sys\n"
    "from mutmut.__main__ import cli\n"
    "from mutmut.configuration import config\n"
    "config().only_mutate = [f'jxrules/{sys.argv[1]}/*']\n"
    "selection = json.loads(sys.argv[2])\n"
    "if selection is not None:\n"
    "    config().pytest_add_cli_args_test_selection = selection\n"
    "if sys.argv[3] == 'rerun':\n"
    "    config().type_check_command = []\n"
    "    config().timeout_multiplier *= 3\n"
    "cli(sys.argv[4:])\n"
)
RESULT = re.compile(r"^\s*(jxrules\.[^:\s]+): (.+?)\s*$")
#: mutmut's status of a mutant ``type_check_command`` (mypy) rejects: never run, counted as caught.
TYPED = "caught by type check"
EQUIVALENT = re.compile(r"^\|\s*`(jxrules\.[^`]+)`\s*\|")


def equivalents(folder: Path = ROOT / "docs" / "mutants") -> set[str]:
    """The mutant names listed as equivalent in ``docs/mutants/PACKAGE.md`` (one row each)."""
    lines = [
        line
        for doc in sorted(folder.glob("*.md"))
        for line in doc.read_text(encoding="utf-8").splitlines()
    ]
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
    """A Markdown table: killed, caught by ``mypy --strict``, survived, no tests, equivalent,
    timeout, not run, other; the score (killed, typed out or timed out, over all mutants but the
    equivalent ones and those not run)."""
    rows = [
        "| package | mutants | killed | mypy | survived | no tests | equivalent | timeout "
        "| not run | other | score |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for package, c in sorted(counts.items()):
        total = sum(c.values())
        known = ("killed", TYPED, "survived", "no tests", "equivalent", "timeout", "not checked")
        other = total - sum(c[k] for k in known)
        caught = c["killed"] + c[TYPED] + c["timeout"]
        judged = total - c["equivalent"] - c["not checked"]
        score = f"{100 * caught / judged:.1f} %" if judged else "-"
        rows.append(
            f"| {package} | {total} | {c['killed']} | {c[TYPED]} | {c['survived']} "
            f"| {c['no tests']} | {c['equivalent']} | {c['timeout']} | {c['not checked']} "
            f"| {other} | {score} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", help=f"of {', '.join(PACKAGES)} (default: all)")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--report", action="store_true", help="tally only, run nothing")
    only = parser.add_mutually_exclusive_group()
    only.add_argument(
        "--recheck",
        action="store_true",
        help="run only the saved survivors (not those listed as equivalent), timeouts and the "
        "mutants not run yet, against the tests as they are now",
    )
    only.add_argument(
        "--resume", action="store_true", help="run only the mutants a stopped run did not reach"
    )
    only.add_argument(
        "--names",
        type=Path,
        metavar="FILE",
        help="run only the mutants named in FILE (one per line, e.g. those new tests kill), "
        "against the tests as they are now",
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.packages) - set(PACKAGES))
    if unknown:
        parser.error(f"not a core package: {', '.join(unknown)} (one of {', '.join(PACKAGES)})")
    if not args.report:
        again = args.recheck or args.resume or args.names is not None
        listed = args.names.read_text(encoding="utf-8").split() if args.names else []
        # a timeout is run again too: mutmut also stops a mutant after a wall-clock limit,
        # which a loaded machine reaches with a mutant that does not loop
        wanted = {"not checked"} | ({"survived", "timeout"} if args.recheck else set())
        for package in args.packages or PACKAGES:
            if args.names is not None:
                names = [name for name in listed if name.startswith(f"jxrules.{package}.")]
            elif again:
                names = pending(package, wanted, equivalents())
            else:
                names = [f"jxrules.{package}*"]
            if not names:
                continue
            run = ["run", "--max-children", str(args.max_children), *names]
            fresh_start()
            try:
                subprocess.run(
                    mutmut(package, run, rerun=args.names is not None),
                    cwd=ROOT,
                    check=True,
                    stdout=subprocess.DEVNULL,
                    env=_env(),
                )
            except KeyboardInterrupt:  # stopped by hand: keep what ran, start no other package
                keep(package, again)
                break
            keep(package, again)
    print(table(tally(gathered(results()), equivalents())))
    return 0


def mutmut(package: str, arguments: list[str], rerun: bool = False) -> list[str]:
    """The command running mutmut on ``package`` alone, with its own test selection if it has one;
    for a ``rerun`` of named mutants, without the type check (minutes of mapping mypy's errors
    on a big package) and with a longer time limit."""
    selection = json.dumps(SELECTION.get(package))
    how = "rerun" if rerun else "run"
    return [sys.executable, "-c", _ONE_PACKAGE, package, selection, how, *arguments]


def fresh_start() -> None:
    """Forget the last run's copy of the tree and its test map, keeping only the saved results:
    another package's mutated copy would be type-checked again, mutmut reuses a test map
    (``mutmut-stats.json``) that names only the functions of the package it was made for, and it
    copies the tests and data over the old copy without removing a file deleted since (a golden
    copy or a test file that no longer exists would still be read)."""
    for entry in (ROOT / "mutants").glob("*"):
        if entry.is_dir():
            shutil.rmtree(entry)
        elif not entry.name.startswith("results-"):
            entry.unlink()


def _env() -> dict[str, str]:
    """This environment, with this Python's scripts first on PATH: mutmut runs ``mypy`` by name
    (``type_check_command``), and the venv need not be activated."""
    scripts = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": os.pathsep.join([scripts, os.environ.get("PATH", "")])}


def keep(package: str, recheck: bool = False) -> None:
    """Save ``package``'s results: mutmut forgets them when another selection runs. After a
    recheck only the mutants that ran again change their saved status; the saved list follows
    the mutants of the code as it is now (a function changed since may have more or fewer)."""
    kept = [line for line in results().splitlines() if _package_of(line) == package]
    if recheck:
        old = {
            m.group(1): line
            for line in saved(package).read_text(encoding="utf-8").splitlines()
            if (m := RESULT.match(line))
        }
        kept = [
            old.get(m.group(1), line) if line.endswith("not checked") else line
            for line in kept
            if (m := RESULT.match(line))
        ]
    saved(package).write_text("\n".join(kept) + "\n", encoding="utf-8")


def pending(package: str, statuses: set[str], equivalent: set[str]) -> list[str]:
    """The mutants of ``package``'s saved results with one of ``statuses``, but the survivors
    listed as equivalent (a listed mutant that never ran is run: a test may kill it)."""
    if not saved(package).is_file():
        return []
    lines = saved(package).read_text(encoding="utf-8").splitlines()
    found = [RESULT.match(line) for line in lines]
    return [
        m.group(1)
        for m in found
        if m
        and m.group(2) in statuses
        and not (m.group(2) == "survived" and m.group(1) in equivalent)
    ]


def results() -> str:
    """``mutmut results --all true``: one line per mutant, ``name: status``."""
    command = [sys.executable, "-m", "mutmut", "results", "--all", "true"]
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    return done.stdout


def saved(package: str) -> Path:
    """Where a package's results are kept after its run (mutmut may forget them later)."""
    return ROOT / "mutants" / f"results-{package}.txt"


def gathered(live: str) -> str:
    """Each package's kept results where it has them, else mutmut's current ones."""
    kept = {p: saved(p).read_text(encoding="utf-8") for p in PACKAGES if saved(p).is_file()}
    rest = [line for line in live.splitlines() if _package_of(line) not in kept]
    return "\n".join([*kept.values(), *rest])


def _package_of(line: str) -> str | None:
    found = RESULT.match(line)
    return found.group(1).split(".")[1] if found else None


if __name__ == "__main__":
    raise SystemExit(main())
