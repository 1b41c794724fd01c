"""The ``jxrules`` command.  Exit status: 0 clean, 1 findings at/above ``--fail-on``, 2 could not run."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from jxrules.errors import JxError, Position

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
    p.add_argument("--lang", default="zh", choices=["zh", "en"], help="message language")
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
    p.set_defaults(func=cmd_check)

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
    from jxrules.batch import check_many
    from jxrules.findings import SEVERITY_RANK
    from jxrules.formats.collect import Collector, Output
    from jxrules.ingest import find_reports
    from jxrules.rules.ruleset import load_ruleset

    chosen = load_ruleset(args.ruleset) if args.ruleset else None
    paths = list(find_reports([_report_ref(path) for path in args.paths]))
    _refuse_overwriting(paths, args.output)
    progress = _Progress(len(paths)) if sys.stderr.isatty() and len(paths) > 1 else None
    streaming = bool(args.output) and str(args.output).endswith(".jsonl")
    stream = Output(args.output) if streaming else None
    if stream:
        _UNDO_ON_INTERRUPT.append(stream.discard)
    collector = Collector(chosen, stream=stream, rulesets=args.rulesets or ())
    batch = check_many(
        paths,
        chosen,
        jobs=args.jobs,
        language=args.lang,
        keep_reports=args.format == "html",
        explain=args.explain,
        timeout=args.timeout or None,
        rulesets=args.rulesets or (),
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
        if stream:
            _UNDO_ON_INTERRUPT.remove(stream.discard)
        if progress:
            progress.done()
    if stream:
        stream.commit()
        failed = len(collector.failures)
        sys.stderr.write(f"jxrules: {collector.count} 份报告，{failed} 份无法检查\n")
        sys.stderr.write(collector.summary())
    else:
        color = args.format == "text" and (
            args.color == "always"
            or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        )
        _write(collector.render(args.format, color=color), args.output)
    if collector.failures:
        return EXIT_ERROR
    threshold = SEVERITY_RANK[args.fail_on]
    return EXIT_FINDINGS if collector.worst >= threshold else EXIT_OK


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
    from jxrules.ingest.write_yaml import dump_reports

    _refuse_overwriting([args.path], args.output)
    if args.explain:
        from jxrules.ingest.explain import explain

        sys.stdout.writelines(
            _printable(line) + "\n" for line in explain(Path(args.path)).splitlines()
        )
        if not args.output:
            return EXIT_OK
    reports = load_reports(args.path)
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


#: What a second Ctrl-C must still undo before ending at once (a half-written output file).
_UNDO_ON_INTERRUPT: list[Callable[[], None]] = []


def _interrupt_now(*_: object) -> None:
    for undo in _UNDO_ON_INTERRUPT:
        with contextlib.suppress(Exception):  # ending anyway: what can be undone is
            undo()
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
