"""The ``jxrules`` command.  Exit status: 0 clean, 1 findings at/above ``--fail-on``, 2 could not run."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jxrules.errors import JxError, Position

if TYPE_CHECKING:
    from jxrules.findings import Result
    from jxrules.ingest.layouts import Layouts
    from jxrules.model import Report
    from jxrules.review.session import Review

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"jxrules: 参数错误：{message}\n")
        raise SystemExit(EXIT_ERROR)


def _version() -> str:
    from jxrules import __version__

    return __version__


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” 不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError("至少为 1")
    return value


def _date(text: str) -> object:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” 不是 YYYY-MM-DD 日期") from None


def _review_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--waivers", metavar="FILE", help="accepted findings, each with reason, approver, expiry"
    )
    p.add_argument(
        "--strict-waivers",
        action="store_true",
        help="a waiver that matches no finding is an error (default: a warning)",
    )
    p.add_argument(
        "--baseline", metavar="FILE", help="mark findings new / unchanged / updated against it"
    )
    p.add_argument(
        "--only-new", action="store_true", help="with --baseline: show and fail only on new ones"
    )
    p.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the day waiver expiry is judged on (default: today)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jxrules", description="检查绩效自评报告：规则即数据 (rules as data).")
    parser.add_argument("--version", action="version", version=f"jxrules {_version()}")
    parser.add_argument(
        "--debug", action="store_true", help="show Python tracebacks for internal errors"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser(
        "check",
        help="check reports against a ruleset",
        description="Every long option may also be set in jxrules.toml or [tool.jxrules] of "
        "pyproject.toml, found from the working directory upward (docs/config.md).",
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="report files or directories (example:NAME: a report shipped with jxrules)",
    )
    p.add_argument(
        "--ruleset",
        metavar="PATH_OR_ID",
        help="ruleset file or bundled id (default: by report kind and year)",
    )
    p.add_argument(
        "--rulesets",
        action="append",
        metavar="DIR",
        help="a folder of your rulesets, chosen among by kind and year before the bundled ones",
    )
    p.add_argument("--format", default="text", choices=["text", "json", "sarif", "junit", "html"])
    p.add_argument("--fail-on", default="error", choices=["error", "warning", "info", "never"])
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the output to this file instead of stdout (FILE.jsonl: one line per report, streamed)",
    )
    p.add_argument(
        "--lang",
        default="zh",
        choices=["zh", "en"],
        help="language of messages and labels (zh, en)",
    )
    p.add_argument(
        "--explain", action="store_true", help="show the values that decided each finding"
    )
    p.add_argument("--jobs", type=_positive, default=1, help="worker processes (default 1)")
    p.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="end a file's check after this long: an engine finding, the batch goes on (0: none)",
    )
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.add_argument(
        "--layouts",
        metavar="FILE",
        help="a layouts file: header wordings and fact patterns added to the bundled ones",
    )
    _review_options(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("baseline", help="record findings to compare later checks against")
    base = p.add_subparsers(dest="action", required=True, parser_class=_Parser)
    q = base.add_parser("create", help="record the findings of REPORTS in a baseline file")
    q.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories")
    q.add_argument("-o", "--output", required=True, help="the baseline file (.json)")
    q.add_argument("--ruleset", help="ruleset file or bundled id (default: by kind and year)")
    q.add_argument("--jobs", type=_positive, default=1, help="worker processes (default 1)")
    q.add_argument("--layouts", metavar="FILE", help="a layouts file (see check --layouts)")
    q.set_defaults(func=cmd_baseline_create)
    q = base.add_parser("prune", help="drop the entries that no longer occur (never adds)")
    q.add_argument("baseline", help="the baseline file (.json)")
    q.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories")
    q.add_argument("-o", "--output", help="write here instead of replacing the baseline")
    q.add_argument("--ruleset", help="ruleset file or bundled id (default: by kind and year)")
    q.add_argument("--jobs", type=_positive, default=1, help="worker processes (default 1)")
    q.add_argument("--layouts", metavar="FILE", help="a layouts file (see check --layouts)")
    q.set_defaults(func=cmd_baseline_prune)

    p = sub.add_parser(
        "diff", help="the findings a ruleset change (or a new version of reports) adds and removes"
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="reports (with --old/--new)")
    p.add_argument("--old", metavar="RULESET", help="the ruleset in force")
    p.add_argument("--new", metavar="RULESET", help="the proposed ruleset")
    p.add_argument("--old-version", metavar="DIR", help="the first version of the reports")
    p.add_argument("--new-version", metavar="DIR", help="the second version of the reports")
    p.add_argument("--ruleset", help="with --old-version/--new-version (default: by kind and year)")
    p.add_argument("--format", default="text", choices=["text", "json", "html"])
    p.add_argument(
        "--lang", default="zh", choices=["zh", "en"], help="language of messages and labels"
    )
    p.add_argument("-o", "--output", help="write the output to this file instead of stdout")
    p.add_argument("--layouts", metavar="FILE", help="a layouts file (see check --layouts)")
    p.add_argument(
        "--fail-on",
        default="never",
        choices=["added", "removed", "changed", "any", "never"],
        help="exit 1 when the diff has findings of this change (default: never)",
    )
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("rulesets", help="list the rulesets: yours (--rulesets DIR) and bundled")
    p.add_argument("--rulesets", action="append", metavar="DIR", help="a folder of your rulesets")
    p.set_defaults(func=cmd_rulesets)

    p = sub.add_parser("extract", help="read a report (.md/.xlsx/...) and write canonical YAML")
    p.add_argument("path")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.add_argument(
        "--explain",
        action="store_true",
        help="print how the document was read (tables, columns, pages, rows not read)",
    )
    p.add_argument(
        "--layouts",
        metavar="FILE",
        help="a layouts file: header wordings and fact patterns added to the bundled ones",
    )
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("schema", help="print a JSON Schema (ruleset, *.tests.yaml, report)")
    p.add_argument("which", choices=["ruleset", "tests", "report"])
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write it here; its $id is then this file's URI"
    )
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("test", help="run rule tests (*.tests.yaml)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="tests files or directories")
    p.add_argument(
        "--coverage", action="store_true", help="report rules never shown firing or silent"
    )
    p.set_defaults(func=cmd_test)

    p = sub.add_parser("lint", help="find problems in a ruleset")
    p.add_argument("rulesets", nargs="+", metavar="RULESET", help="ruleset file or bundled id")
    p.set_defaults(func=cmd_lint)

    p = sub.add_parser("show", help="print the effective ruleset with the origin of each piece")
    p.add_argument("ruleset", help="ruleset file or bundled id")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("docs", help="generate the rule catalogue and the check kinds' pages")
    p.add_argument("rulesets", nargs="*", metavar="RULESET", help="default: every bundled ruleset")
    p.add_argument("-o", "--output", default="docs/rules", help="catalogue directory")
    p.add_argument("--checks", metavar="DIR", help="also write a page per check kind here")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("kinds", help="list the check kinds")
    p.set_defaults(func=cmd_kinds)
    return parser


def _write(text: str, output: str | None) -> None:
    if output:
        from jxrules.formats.collect import Output

        with Output(output) as stream:
            stream.write(text)
    else:
        sys.stdout.write(text)


def _printable(text: str) -> str:
    """Report text on a terminal: control characters escaped (see formats.text.printable)."""
    from jxrules.formats.text import printable

    return printable(text)


def _report_ref(ref: str) -> str:
    """A report argument: a path, or ``example:NAME`` for a report shipped with jxrules."""
    from jxrules.examples import example_path, is_example

    return str(example_path(ref)) if is_example(ref) else ref


def _refuse_overwriting(inputs: Sequence[str | Path], output: str | None) -> None:
    """An output path that is one of the inputs would destroy the report: refuse it."""
    if not output:
        return
    target = Path(output).resolve()
    for source in inputs:
        if Path(source).resolve() == target:
            raise JxError(
                "输出文件就是输入的报告，写入会覆盖它；请换一个输出文件名 (output would overwrite an input)",
                Position(output),
            )


def cmd_check(args: argparse.Namespace) -> int:
    from jxrules.batch import Serialise, check_many
    from jxrules.findings import SEVERITY_RANK
    from jxrules.formats.collect import Collector, Output
    from jxrules.ingest import find_reports
    from jxrules.rules.ruleset import load_ruleset

    chosen = load_ruleset(args.ruleset) if args.ruleset else None
    paths = list(find_reports([_report_ref(path) for path in args.paths]))
    _refuse_overwriting(paths, args.output)
    review = _review(args)
    progress = _Progress(len(paths)) if sys.stderr.isatty() and len(paths) > 1 else None
    streaming = bool(args.output) and str(args.output).endswith(".jsonl")
    stream = Output(args.output) if streaming else None
    collector = Collector(chosen, stream=stream, rulesets=args.rulesets or (), review=review)
    # JSON lines and the JSON document are written by the workers (the parent only writes them);
    # a review needs the findings, the other formats the results, in this process.
    serialise: Serialise | None = None
    if review is None and (streaming or args.format == "json"):
        serialise = "jsonl" if streaming else "json"
    batch = check_many(
        paths,
        chosen,
        jobs=args.jobs,
        language=args.lang,
        keep_reports=args.format == "html",
        explain=args.explain,
        timeout=args.timeout or None,
        layouts=args.layouts,
        rulesets=args.rulesets or (),
        serialise=serialise,
    )
    try:
        for outcome in batch:
            collector.add(outcome)
            if outcome.error is not None:
                sys.stderr.write(_printable(f"jxrules: {outcome.error}") + "\n")
            if progress:
                progress.step()
    except BaseException:
        if stream:
            stream.discard()
        raise
    finally:
        if progress:
            progress.done()
    if stream:
        collector.finish(args.lang)
        stream.commit()
        failed = len(collector.failures)
        sys.stderr.write(f"jxrules: {collector.count} 份报告，{failed} 份无法检查\n")
        sys.stderr.write(collector.summary(args.lang))
    else:
        color = args.format == "text" and (
            args.color == "always"
            or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        )
        _write(collector.render(args.format, color=color, language=args.lang), args.output)
    if collector.failures:
        return EXIT_ERROR
    threshold = SEVERITY_RANK[args.fail_on]
    return EXIT_FINDINGS if collector.worst >= threshold else EXIT_OK


def _review(args: argparse.Namespace) -> Review | None:
    """The waivers and baseline of ``check``, loaded before any report is read (a bad file
    stops the run at once, with its position)."""
    if not (args.waivers or args.baseline):
        if args.only_new:
            raise JxError("--only-new 需要同时给出 --baseline (--only-new needs --baseline)")
        return None
    from jxrules.review.baseline import load_baseline
    from jxrules.review.session import Review
    from jxrules.review.waivers import load_waivers

    return Review(
        load_waivers(args.waivers) if args.waivers else None,
        load_baseline(args.baseline) if args.baseline else None,
        only_new=args.only_new,
        strict_waivers=args.strict_waivers,
        today=args.as_of,
    )


def _checked(
    paths: Sequence[str], ruleset: str | None, jobs: int = 1, layouts: str | None = None
) -> tuple[list[Result], list[Report], int]:
    """Every result of checking ``paths`` (with the reports), and how many files failed
    (each named on stderr)."""
    from jxrules.batch import check_many
    from jxrules.ingest import find_reports
    from jxrules.rules.ruleset import load_ruleset

    chosen = load_ruleset(ruleset) if ruleset else None
    results: list[Result] = []
    reports: list[Report] = []
    failed = 0
    for outcome in check_many(
        list(find_reports(list(paths))), chosen, jobs=jobs, keep_reports=True
    ):
        if outcome.error is not None:
            failed += 1
            sys.stderr.write(_printable(f"jxrules: {outcome.error}") + "\n")
        results.extend(outcome.results)
        reports.extend(outcome.reports)
    return results, reports, failed


def cmd_baseline_create(args: argparse.Namespace) -> int:
    from jxrules.review.baseline import create_baseline

    results, _, failed = _checked(args.paths, args.ruleset, args.jobs, args.layouts)
    _refuse_overwriting(args.paths, args.output)
    baseline = create_baseline(results)
    _write(baseline.dumps(), args.output)
    sys.stderr.write(
        f"jxrules: 基线 {args.output}：{len(baseline.reports)} 份报告，{len(baseline.findings)} 项发现\n"
    )
    return EXIT_ERROR if failed else EXIT_OK


def cmd_baseline_prune(args: argparse.Namespace) -> int:
    from jxrules.review.baseline import load_baseline, prune

    baseline = load_baseline(args.baseline)
    results, _, failed = _checked(args.paths, args.ruleset, args.jobs, args.layouts)
    if failed:  # a report that could not be read must not lose its baseline entries
        sys.stderr.write("jxrules: 有报告无法检查，基线未修改 (baseline left unchanged)\n")
        return EXIT_ERROR
    pruned, removed = prune(baseline, results)
    _write(pruned.dumps(), args.output or args.baseline)
    sys.stderr.write(f"jxrules: 从基线删除 {removed} 项已不再出现的发现\n")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from jxrules.review.diff import RENDERERS, fails, pair_results

    by_rulesets = bool(args.old or args.new)
    by_versions = bool(args.old_version or args.new_version)
    if by_rulesets == by_versions or (by_rulesets and not (args.old and args.new and args.paths)):
        raise JxError(
            "用法：jxrules diff --old RULESET --new RULESET REPORTS…，"
            "或 jxrules diff --old-version DIR --new-version DIR "
            "(give --old/--new with reports, or --old-version/--new-version)"
        )
    if by_versions and not (args.old_version and args.new_version):
        raise JxError("--old-version 与 --new-version 须同时给出 (give both)")
    from jxrules.ingest.layouts import load_layouts

    layouts = load_layouts(args.layouts) if args.layouts else None
    if by_rulesets:
        old_run = _checked_each(args.paths, args.old, layouts, args.lang)
        new_run = _checked_each(args.paths, args.new, layouts, args.lang, notes=False)
        names = (args.old, args.new)
    else:
        old_run = _checked_each([args.old_version], args.ruleset, layouts, args.lang)
        new_run = _checked_each([args.new_version], args.ruleset, layouts, args.lang)
        names = (args.old_version, args.new_version)
    diff = pair_results(old_run[0], new_run[0], old_name=names[0], new_name=names[1])
    _write(RENDERERS[args.format](diff, args.lang), args.output)
    if old_run[1] or new_run[1]:
        return EXIT_ERROR
    wanted = ["added", "removed", "changed"] if args.fail_on == "any" else [args.fail_on]
    return EXIT_FINDINGS if fails(diff, wanted) else EXIT_OK


def _checked_each(
    paths: Sequence[str],
    ruleset: str | None,
    layouts: Layouts | None,
    language: str = "zh",
    *,
    notes: bool = True,
) -> tuple[list[tuple[Result, Report | None]], int]:
    """Each report of ``paths`` checked, beside its result; a report of another kind than the
    ruleset's is left out with a note (a folder mixes project and department reports), a file
    that cannot be read is named on stderr and counted."""
    from jxrules.api import check
    from jxrules.ingest import find_reports, load_reports
    from jxrules.rules.ruleset import load_ruleset

    chosen = load_ruleset(ruleset) if ruleset else None
    checked: list[tuple[Result, Report | None]] = []
    failed = 0
    for path in find_reports(list(paths)):
        try:
            reports = load_reports(path, layouts=layouts)
        except JxError as exc:
            failed += 1
            sys.stderr.write(_printable(f"jxrules: {exc}") + "\n")
            continue
        for report in reports:
            if chosen is not None and chosen.kind != report.kind:
                if not notes:
                    continue
                note = f"jxrules: {path}: 报告类型 {report.kind} 不适用规则集 {chosen.id}，跳过"
                sys.stderr.write(_printable(note) + "\n")
                continue
            checked.append((check(report, chosen, language=language), report))
    return checked, failed


class _Progress:
    """A one-line progress bar on stderr (only when it is a terminal)."""

    def __init__(self, total: int) -> None:
        self.total, self.count = total, 0

    def step(self) -> None:
        self.count += 1
        filled = 30 * self.count // self.total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total}")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")


def cmd_rulesets(args: argparse.Namespace) -> int:
    from jxrules.rules.selection import available_rulesets

    for header in available_rulesets(args.rulesets or ()):
        r = header.load()
        years = ",".join(map(str, r.fiscal_years)) or "-"
        origin = header.origin if header.bundled else str(header.path)
        print(
            _printable(
                f"{r.id:<24} {r.kind:<20} {years:<10} {len(r.rules):>3} rules  {r.title}  [{origin}]"
            )
        )
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from jxrules.ingest import load_reports
    from jxrules.ingest.layouts import load_layouts
    from jxrules.ingest.write_yaml import dump_reports

    _refuse_overwriting([args.path], args.output)
    layouts = load_layouts(args.layouts) if args.layouts else None
    if args.explain:
        from jxrules.ingest.explain import explain

        sys.stdout.writelines(
            _printable(line) + "\n" for line in explain(Path(args.path), layouts).splitlines()
        )
        if not args.output:
            return EXIT_OK
    reports = load_reports(args.path, layouts=layouts)
    for report in reports:
        for finding in report.ingest_findings:
            line = f"jxrules: {args.path}: {finding.severity}: {finding.message}"
            sys.stderr.write(_printable(line) + "\n")
    _write(dump_reports(reports), args.output)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from jxrules.rules.schema import schema_document

    text = json.dumps(schema_document(args.which, args.output), ensure_ascii=False, indent=2)
    _write(text + "\n", args.output)
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    from jxrules.authoring.run_tests import run_tests

    return run_tests(args.paths, coverage=args.coverage)


def cmd_lint(args: argparse.Namespace) -> int:
    from jxrules.authoring.lint import lint

    errors = 0
    for ref in args.rulesets:
        for issue in lint(ref):
            print(issue)
            errors += issue.severity == "error"
    return EXIT_FINDINGS if errors else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from jxrules.authoring.show import show
    from jxrules.rules.ruleset import load_ruleset

    sys.stdout.write(show(load_ruleset(args.ruleset)))
    return EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    from jxrules.authoring.catalogue import write_catalogue, write_kind_pages
    from jxrules.rules.ruleset import bundled_rulesets, load_ruleset

    refs = args.rulesets or list(bundled_rulesets())
    write_catalogue([load_ruleset(ref) for ref in refs], Path(args.output))
    if args.checks:
        write_kind_pages(Path(args.checks))
    return EXIT_OK


def cmd_kinds(args: argparse.Namespace) -> int:
    from jxrules.checks import registry

    for name, kind in sorted(registry().items()):
        title = (kind.documentation().splitlines() or [""])[0].lstrip("# ")
        print(f"{name:<12} {title}")
    return EXIT_OK


def _first_interrupt(*_: object) -> None:
    """Ctrl-C: stop, letting the files in flight finish; a second Ctrl-C ends at once."""
    signal.signal(signal.SIGINT, _interrupt_now)
    raise KeyboardInterrupt


def _interrupt_now(*_: object) -> None:
    collect = sys.modules.get("jxrules.formats.collect")
    if collect is not None:  # an exit without finally: remove the outputs being written
        collect.discard_partial_outputs()
    sys.stderr.write("jxrules: interrupted\n")
    sys.stderr.flush()
    os._exit(130)


def run() -> int:
    """The ``jxrules`` console script (and ``python -m jxrules``): a process of its own, so it
    may decide what Ctrl-C does."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _first_interrupt)
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    from jxrules.config import after_parse, apply_config, find_config

    parser = build_parser()
    try:
        config = find_config()
        if config is not None:
            apply_config(parser, config, shared={"rulesets": ["rulesets"]})
    except JxError as exc:
        sys.stderr.write(_printable(f"jxrules: {exc}") + "\n")
        return EXIT_ERROR
    args = parser.parse_args(argv)
    after_parse(parser, args)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except JxError as exc:
        sys.stderr.write(_printable(f"jxrules: {exc}") + "\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("jxrules: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # never a traceback for the user unless asked
        if args.debug:
            traceback.print_exc()
        sys.stderr.write(
            f"jxrules: internal error: {type(exc).__name__}: {exc} (run with --debug for details)\n"
        )
        return EXIT_ERROR
