"""How fast is jxrules on my data?  Files in, findings out, through the ``jxrules`` command.

Run it from anywhere (it reads the example reports in ``examples/``)::

    python benchmarks/bench.py                    # the `jxrules` on PATH: about 1½ minutes
    python benchmarks/bench.py --quick            # a smoke run of a few seconds (CI)
    python benchmarks/bench.py --jxrules new/bin/jxrules --vs old/bin/jxrules   # twice as long

Every figure is one fresh ``jxrules check`` process timed from start to exit, as a
user runs it: start-up, reading, checking and writing the output.  Nothing here
imports jxrules, so the same script times any install, and ``--vs`` times a second
one in the same run: the two commands take turns run by run (A B, B A, A B, ...), so
both see the same load on a shared machine.  Times are medians.  The last column is
A's median time over B's (1.10: A is 10% slower) and, in brackets, the lowest and
highest ratio of two runs taken in turn: when that range is wide, the machine was
too busy to tell a few per cent apart.  Memory is the peak resident set of the
largest process (``wait4``'s ``ru_maxrss``: with ``--jobs 2`` the biggest of the
main process and its workers, not their sum).

Python caches compiled bytecode for every command alike, in the run's temporary
folder (``PYTHONPYCACHEPREFIX``), after one untimed warm-up run of each kind: an
editable install or ``PYTHONDONTWRITEBYTECODE`` would otherwise recompile jxrules
at every start, which an installed copy never does.  jxrules keeps its loaded rulesets in a
cache folder of the run's own (``JXRULES_CACHE_DIR``), filled by the warm-up as by a user's
first check; the one-file check is also timed without it (``JXRULES_CACHE=off``).

Measured:

1. one file: ``jxrules check examples/jiangmen-2022-dept-overall.md`` against
   ``python -c pass`` on the same interpreter (start-up is most of a single check);
2. a batch: ``--copies`` copies of that Markdown report in a temporary folder,
   ``jxrules check DIR --format json -o out.json``, with ``--jobs 1`` and ``--jobs 2``;
   ``out.json`` must hold one report per copy;
3. report size: the canonical YAML example with its indicator table grown to each of
   ``--sizes`` rows (the example's 28 rows, then generated ones), checked one at a time.

POSIX only (``os.wait4``); standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_MD = ROOT / "examples" / "jiangmen-2022-dept-overall.md"
EXAMPLE_YAML = ROOT / "examples" / "jiangmen-2022-dept-overall.yaml"
#: ru_maxrss is in KiB on Linux and in bytes on macOS.
RSS_PER_MB = 1024 * 1024 if sys.platform == "darwin" else 1024
#: ``--fail-on never``: a run that exits non-zero then failed, it did not merely find something.
QUIET = ("--fail-on", "never")


@dataclass(frozen=True)
class Settings:
    """How much to measure: the full run, or ``--quick``'s smoke run."""

    copies: int
    sizes: tuple[int, ...]
    startup_runs: int  # python -c pass, and the one-file check
    batch_runs: int
    size_runs: int


FULL = Settings(copies=1000, sizes=(100, 1000, 10_000), startup_runs=11, batch_runs=7, size_runs=5)
QUICK = Settings(copies=20, sizes=(50, 200), startup_runs=3, batch_runs=1, size_runs=1)


class BenchError(Exception):
    """A command failed or gave the wrong output: its figures would mean nothing."""


# ============================================================================ commands
@dataclass(frozen=True)
class Command:
    """One jxrules install: how to run it, and the Python it runs on (for the baseline)."""

    label: str
    argv: tuple[str, ...]
    python: str

    def __call__(self, *args: str) -> list[str]:
        return [*self.argv, *args]


def resolve(spec: str, label: str) -> Command:
    """``--jxrules``/``--vs``: a command (with arguments, shell-quoted), found on PATH."""
    argv = shlex.split(spec)
    if not argv:
        raise BenchError(f"empty command for {label}")
    found = shutil.which(argv[0])
    if found is None and argv[0] == "jxrules":  # a venv's python run without activating it
        beside = Path(sys.executable).with_name("jxrules")
        found = str(beside) if beside.exists() else None
    if found is None:
        raise BenchError(f"no command {argv[0]!r} (give its path with --jxrules / --vs)")
    argv[0] = os.path.abspath(found)
    return Command(label, tuple(argv), interpreter_of(argv[0]))


def interpreter_of(path: str) -> str:
    """The Python a console script runs on (its ``#!`` line): the start-up to compare with."""
    if Path(path).name.startswith("python"):
        return path
    try:
        with open(path, "rb") as script:
            first = script.readline(512).decode("utf-8", "replace")
    except OSError:
        return sys.executable
    words = first[2:].split() if first.startswith("#!") else []
    if len(words) >= 2 and Path(words[0]).name == "env":
        words = [shutil.which(words[1]) or ""]
    if words and "python" in Path(words[0]).name and os.access(words[0], os.X_OK):
        return words[0]
    return sys.executable


def output_of(argv: Sequence[str]) -> str:
    """A short command's stdout (a version), or what went wrong."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except OSError as exc:
        raise BenchError(f"{shlex.join(argv)}: {exc}") from None
    if done.returncode != 0:
        raise BenchError(
            f"{shlex.join(argv)} exited with {done.returncode}:\n{done.stderr[-2000:]}"
        )
    return done.stdout.strip()


# ============================================================================ one run
@dataclass(frozen=True)
class Run:
    seconds: float
    rss_mb: float


def child_env(work: Path) -> dict[str, str]:
    """Every timed process's environment: bytecode cached under ``work``, for every command."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["JXRULES_CACHE_DIR"] = str(work / "jxrules-cache")  # filled by the warm-up, as in use
    return env


def run(argv: Sequence[str], work: Path) -> Run:
    """One process, in ``work``, to its exit: wall time, and its tree's largest peak RSS.

    ``os.wait4`` gives the child's own resource use (its reaped workers included),
    so one benchmark process can measure many runs, where
    ``getrusage(RUSAGE_CHILDREN)`` would keep the largest of them all.  Commands
    run in ``work``, not in the repository, where ``python -m jxrules`` would
    import the working tree rather than the install being timed.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            argv,
            cwd=work,
            env=child_env(work),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise BenchError(f"{shlex.join(argv)} exited with {child.returncode}:\n{tail}")
    return Run(seconds, usage.ru_maxrss / RSS_PER_MB)


@dataclass
class Series:
    """The runs of one measurement, per command, in the order they were taken."""

    runs: list[list[Run]]

    def seconds(self) -> list[float]:
        """Per command, the median wall time."""
        return [statistics.median(r.seconds for r in runs) for runs in self.runs]

    def rss_mb(self) -> list[float]:
        """Per command, the largest peak RSS of any run."""
        return [max(r.rss_mb for r in runs) for runs in self.runs]

    def ratio(self) -> str:
        """A's median time over B's, and the range of the turns' own ratios (the noise)."""
        if len(self.runs) != 2:
            return ""
        a, b = self.seconds()
        pairs = [x.seconds / y.seconds for x, y in zip(*self.runs, strict=True)]
        spread = f" ({min(pairs):.2f}–{max(pairs):.2f})" if len(pairs) > 2 else ""
        return f"{a / b:.2f}{spread}"

    def rss_ratio(self) -> str:
        if len(self.runs) != 2:
            return ""
        a, b = self.rss_mb()
        return f"{a / b:.2f}"


def interleaved(
    commands: Sequence[Command],
    times: int,
    argv: Callable[[Command], list[str]],
    work: Path,
    *,
    before: Callable[[], object] = lambda: None,
    after: Callable[[int], object] = lambda _: None,
) -> Series:
    """Run each command ``times`` times, taking turns (A B, B A, ...) so both share the load.

    ``before`` runs ahead of every run, ``after`` (with the command's index) after it:
    to remove an old output, and to check the new one.
    """
    runs: list[list[Run]] = [[] for _ in commands]
    for turn in range(times):
        order = list(enumerate(commands))
        if turn % 2:
            order.reverse()
        for i, command in order:
            before()
            runs[i].append(run(argv(command), work))
            after(i)
    return Series(runs)


# ============================================================================ inputs
def copy_batch(folder: Path, copies: int) -> None:
    """``copies`` copies of the example Markdown report: a province's folder, as received."""
    folder.mkdir()
    for n in range(1, copies + 1):
        shutil.copyfile(EXAMPLE_MD, folder / f"report-{n:05d}.md")


def reports_in(path: Path) -> int:
    """How many reports a ``--format json`` output holds (a file that failed is not one)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return sum(1 for entry in document["reports"] if "findings" in entry)


@dataclass
class Expect:
    """Run after each run: ``out`` must hold ``reports`` reports, else the times mean nothing."""

    out: Path
    reports: int
    commands: Sequence[Command]
    seen: dict[int, int] = field(default_factory=dict)

    def __call__(self, i: int) -> None:
        got = reports_in(self.out)
        self.seen[i] = min(got, self.seen.get(i, got))
        if got != self.reports:
            label = self.commands[i].label
            raise BenchError(f"{label}: {self.out.name} holds {got} reports, not {self.reports}")

    def fewest(self) -> list[float]:
        """Per command, the fewest reports a run wrote (all equal ``reports``, or we stopped)."""
        return [self.seen[i] for i in range(len(self.commands))]


_PLACES = ("蓬江区", "江海区", "新会区", "台山市", "开平市", "鹤山市", "恩平市", "市本级")
#: (what is counted, its unit) for 产出指标 rows.
_COUNTED = (
    ("扶持工业企业", "家"),
    ("认定专精特新企业", "家"),
    ("新建5G基站", "座"),
    ("引进产业共建项目", "个"),
    ("培训工业互联网人才", "人次"),
    ("打造标杆示范项目", "个"),
    ("发放担保贷款", "笔"),
    ("完成技术改造企业", "家"),
)
#: (what is measured, its unit) for 效益指标 rows.
_AMOUNTS = (
    ("拉动设备投资金额", "亿元"),
    ("企业主营业务收入增长", "亿元"),
    ("地方财政贡献额度增长", "万元"),
    ("规上工业增加值增长率", "%"),
)
_SATISFIED = ("服务对象", "企业", "群众", "参训人员")


def _ratio(rng: random.Random) -> float:
    """Actual ÷ target: some missed, some met exactly, some far above (as in real tables)."""
    x = rng.random()
    if x < 0.2:
        return rng.uniform(0.4, 0.99)
    if x < 0.35:
        return 1.0
    if x < 0.9:
        return rng.uniform(1.0, 1.99)
    return rng.uniform(2.0, 4.0)


def _row(rng: random.Random, n: int) -> tuple[str, str, str, str]:
    """One generated indicator: (category, name, target, actual).

    Names are distinct (each carries its row number, and names whose numbers
    differ are never near-duplicates) and figures vary, so few rows share both a
    target and an actual: the near-duplicate rule, which compares such rows pair
    by pair, costs what it costs on a real table, not on thousands of copies.
    """
    place, sp = rng.choice(_PLACES), rng.choice(("", " "))
    x = rng.random()
    if x < 0.6:
        what, unit = rng.choice(_COUNTED)
        target = rng.randint(1, 2000)
        actual = round(target * _ratio(rng))
        at_least = rng.choice(("", "≥"))
        return (
            "产出指标",
            f"{place}{what}数量（{n}）",
            f"{at_least}{target}{sp}{unit}",
            f"{actual}{sp}{unit}",
        )
    if x < 0.9:
        what, unit = rng.choice(_AMOUNTS)
        target = rng.randint(10, 999)
        actual = round(target * _ratio(rng))
        return (
            "效益指标",
            f"{place}{what}（{n}）",
            f"{target // 10}.{target % 10}{sp}{unit}",
            f"{actual // 10}.{actual % 10}{sp}{unit}",
        )
    wanted = rng.choice(("≥90%", "≥95%", "100%", "90%以上"))
    return (
        "满意度指标",
        f"{place}{rng.choice(_SATISFIED)}满意度（{n}）",
        wanted,
        f"{rng.randint(85, 100)}%",
    )


def sized_report(rows: int, seed: int = 20221231) -> str:
    """The canonical YAML example with an indicator table of ``rows`` rows.

    The example's own rows come first (so every rule still has its usual
    material), then generated ones; the declared count and the narrative's
    count follow the table.  Written as text, in the example's own layout.
    """
    lines = EXAMPLE_YAML.read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index("indicators:")
        end = next(i for i in range(start, len(lines)) if lines[i].startswith("total_score:"))
    except (ValueError, StopIteration):
        raise BenchError(f"{EXAMPLE_YAML}: no `indicators:` block before `total_score:`") from None
    table = lines[start + 1 : end][:rows]
    rng = random.Random(seed)
    for n in range(len(table) + 1, rows + 1):
        category, name, target, actual = _row(rng, n)
        cells = {"seq": str(n), "level1": None, "level2": category, "name": name}
        cells |= {"target": target, "actual": actual, "points": None, "score": None, "note": ""}
        flow = ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in cells.items())
        table.append(f"  - {{{flow}}}")
    text = "\n".join([*lines[: start + 1], *table, *lines[end:]]) + "\n"
    text = re.sub(r"indicator_count: \d+", f"indicator_count: {rows}", text, count=1)
    return re.sub(r"绩效指标 \d+ 个", f"绩效指标 {rows} 个", text, count=1)


# ============================================================================ the table
@dataclass
class Table:
    """Rows of (measure, one cell per command, A ÷ B), printed as a Markdown table."""

    commands: Sequence[Command]
    rows: list[list[str]] = field(default_factory=list)

    def add(
        self, measure: str, values: Sequence[float], shown: Callable[[float], str], ratio: str = ""
    ) -> None:
        cells = [measure, *(shown(v) for v in values)]
        self.rows.append([*cells, ratio] if len(self.commands) == 2 else cells)

    def text(self) -> str:
        head = ["measure", *(c.label for c in self.commands)]
        if len(self.commands) == 2:
            head.append("A ÷ B")
        widths = [max(len(row[k]) for row in [head, *self.rows]) for k in range(len(head))]

        def line(cells: list[str]) -> str:
            padded = [cells[0].ljust(widths[0])]
            padded += [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
            return "| " + " | ".join(padded) + " |"

        rule = "|" + "|".join(["-" * (widths[0] + 2), *("-" * (w + 1) + ":" for w in widths[1:])])
        return "\n".join([line(head), rule + "|", *(line(row) for row in self.rows)])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def s(seconds: float) -> str:
    return f"{seconds:,.2f} s"


def mb(value: float) -> str:
    return f"{value:,.0f} MB"


def times(value: float) -> str:
    return f"{value:,.1f}×"


def rate(value: float) -> str:
    return f"{value:,.0f}"


def count(value: float) -> str:
    return f"{value:,.0f}"


# ============================================================================ the measurements
def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def checking(*args: str) -> Callable[[Command], list[str]]:
    """``jxrules check ARGS... --fail-on never``, for whichever command takes its turn."""
    return lambda command: command("check", *args, *QUIET)


def measure(commands: Sequence[Command], settings: Settings, work: Path) -> Table:
    """Every measurement, in order; a command that fails or miscounts stops the run."""
    progress("warming up: one untimed run of each kind, to cache bytecode")
    small = work / "warm-up.yaml"
    small.write_text(sized_report(30), encoding="utf-8")
    out = work / "out.json"
    json_out = ("--format", "json", "-o", str(out))
    kinds = [
        checking(str(EXAMPLE_MD)),
        checking(str(small), *json_out),
        checking(str(EXAMPLE_MD), str(small), *json_out, "--jobs", "2"),
    ]
    for command in commands:
        run([command.python, "-c", "pass"], work)
        for kind in kinds:
            run(kind(command), work)
    small.unlink()
    out.unlink()
    table = Table(commands)
    one_file(table, settings, work)
    folder(table, settings, work)
    sizes(table, settings, work)
    return table


def one_file(table: Table, settings: Settings, work: Path) -> None:
    """1. The example, as one user checks one file; against the interpreter's own start-up."""
    commands, runs = table.commands, settings.startup_runs
    progress(f"one file, {runs} runs each")
    python = interleaved(commands, runs, lambda c: [c.python, "-c", "pass"], work)
    one = interleaved(commands, runs, checking(str(EXAMPLE_MD)), work)
    table.add("python -c pass", python.seconds(), ms, python.ratio())
    table.add(f"check {EXAMPLE_MD.name}", one.seconds(), ms, one.ratio())
    over = [t / t0 for t, t0 in zip(one.seconds(), python.seconds(), strict=True)]
    table.add("  ÷ python -c pass", over, times)
    table.add("  peak RSS", one.rss_mb(), mb, one.rss_ratio())
    cold = interleaved(
        commands, runs, lambda c: ["env", "JXRULES_CACHE=off", *checking(str(EXAMPLE_MD))(c)], work
    )
    table.add("  with JXRULES_CACHE=off", cold.seconds(), ms, cold.ratio())


def folder(table: Table, settings: Settings, work: Path) -> None:
    """2. A folder of reports to one JSON document, in one process and in two."""
    commands, copies = table.commands, settings.copies
    reports, out = work / "reports", work / "out.json"  # out.json outside the folder read
    copy_batch(reports, copies)
    expect = Expect(out, copies, commands)
    for jobs in (1, 2):
        progress(f"batch of {copies:,} copies, --jobs {jobs}, {settings.batch_runs} runs each")
        options = ("--format", "json", "-o", str(out), "--jobs", str(jobs))
        series = interleaved(
            commands,
            settings.batch_runs,
            checking(str(reports), *options),
            work,
            before=lambda: out.unlink(missing_ok=True),
            after=expect,
        )
        label = (
            f"batch: {copies:,} × .md → json, --jobs 1" if jobs == 1 else "batch: same, --jobs 2"
        )
        table.add(label, series.seconds(), s, series.ratio())
        table.add("  reports/s", [copies / t for t in series.seconds()], rate)
        rss = "  peak RSS" if jobs == 1 else "  peak RSS (largest process)"
        table.add(rss, series.rss_mb(), mb, series.rss_ratio())
    table.add("  reports in out.json (every run)", expect.fewest(), count)
    shutil.rmtree(reports)
    out.unlink()


def sizes(table: Table, settings: Settings, work: Path) -> None:
    """3. One report at a time, its indicator table ever longer: how the time grows."""
    commands, out = table.commands, work / "out.json"
    smallest: list[float] = []
    for rows in settings.sizes:
        report = work / f"rows-{rows}.yaml"
        report.write_text(sized_report(rows), encoding="utf-8")
        progress(f"one report of {rows:,} indicator rows, {settings.size_runs} runs each")
        series = interleaved(
            commands,
            settings.size_runs,
            checking(str(report), "--format", "json", "-o", str(out)),
            work,
            before=lambda: out.unlink(missing_ok=True),
            after=Expect(out, 1, commands),
        )
        seconds = series.seconds()
        label = f"  {rows:,} rows" if smallest else f"canonical YAML, {rows:,} rows"
        smallest = smallest or seconds
        table.rows.append(
            [
                label,
                *(f"{s(t)} ({t / t0:,.1f}×)" for t, t0 in zip(seconds, smallest, strict=True)),
                *([series.ratio()] if len(commands) == 2 else []),
            ]
        )
        report.unlink()
    out.unlink(missing_ok=True)


def machine(commands: Sequence[Command]) -> list[str]:
    """The lines above the table: the machine and what is being compared."""
    pythons = {
        c.python: output_of([c.python, "-c", "import platform; print(platform.python_version())"])
        for c in commands
    }
    versions = ", ".join(f"Python {v}" for v in dict.fromkeys(pythons.values()))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [f"machine: {os.cpu_count()} CPUs, {versions}, {platform.platform()}, load {load}"]
    for command in commands:
        version = output_of(command("--version"))
        lines.append(f"{command.label}: {shlex.join(command.argv)} ({version}, {command.python})")
    return lines


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: few copies, small reports, one run each"
    )
    parser.add_argument(
        "--copies",
        type=int,
        help=f"reports in the batch (default {FULL.copies:,}; {QUICK.copies} with --quick)",
    )
    parser.add_argument(
        "--sizes",
        help="indicator rows of the generated reports, comma-separated (default 100,1000,10000)",
    )
    parser.add_argument(
        "--jxrules", default="jxrules", metavar="CMD", help="the command to time (default: jxrules)"
    )
    parser.add_argument(
        "--vs", metavar="CMD", help="a second jxrules command, timed in turn with the first"
    )
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    if args.copies is not None:
        if args.copies < 1:
            parser.error("--copies must be at least 1")
        settings = replace(settings, copies=args.copies)
    if args.sizes:
        try:
            sizes = tuple(int(word) for word in args.sizes.split(","))
        except ValueError:
            parser.error(f"--sizes: not a list of numbers: {args.sizes!r}")
        if any(size < 1 for size in sizes):
            parser.error("--sizes: every size must be at least 1")
        settings = replace(settings, sizes=sizes)
    args.settings = settings
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    try:
        commands = [resolve(args.jxrules, "A" if args.vs else "jxrules")]
        if args.vs:
            commands.append(resolve(args.vs, "B"))
        header = machine(commands)
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="jxrules-bench-") as work:
            table = measure(commands, args.settings, Path(work))
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    print("\n".join(header))
    print()
    print(table.text())
    print()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    notes = f"Medians; {time.perf_counter() - started:,.0f} s in all;"
    notes += f" load at the end {load}."
    if len(commands) == 2:
        notes += " A ÷ B: A's median time (or peak memory) over B's, 1.10 = A is 10% slower;"
        notes += " in brackets the lowest and highest ratio of two runs taken in turn."
    print(notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
