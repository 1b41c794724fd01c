"""The ``jxrules`` command.  Exit status: 0 clean, 1 findings at/above ``--fail-on``, 2 could not run."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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

    p = sub.add_parser("check", help="check reports against a ruleset")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories")
    p.add_argument(
        "--ruleset", help="ruleset file or bundled id (default: by report kind and year)"
    )
    p.add_argument("--format", default="text", choices=["text", "json", "sarif", "junit", "html"])
    p.add_argument("--fail-on", default="error", choices=["error", "warning", "info", "never"])
    p.add_argument(
        "-o",
        "--output",
        help="write the output to this file instead of stdout (FILE.jsonl: one line per report, streamed)",
    )
    p.add_argument("--lang", default="zh", choices=["zh", "en"], help="message language")
    p.add_argument(
        "--explain", action="store_true", help="show the values that decided each finding"
    )
    p.add_argument("--jobs", type=_positive, default=1, help="worker processes (default 1)")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("rulesets", help="list the bundled rulesets")
    p.set_defaults(func=cmd_rulesets)

    p = sub.add_parser("extract", help="read a report (.md/.xlsx/...) and write canonical YAML")
    p.add_argument("path")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("schema", help="print a JSON Schema (ruleset or report)")
    p.add_argument("which", choices=["ruleset", "report"])
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
    p.add_argument(
        "--checks", default="docs/checks", metavar="DIR", help="check kinds' pages directory"
    )
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("kinds", help="list the check kinds")
    p.set_defaults(func=cmd_kinds)
    return parser


def _write(text: str, output: str | None) -> None:
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise JxError(
                f"无法写入输出文件：{exc.strerror} (cannot write)", Position(output)
            ) from None
    else:
        sys.stdout.write(text)


def cmd_check(args: argparse.Namespace) -> int:
    from jxrules.batch import check_many
    from jxrules.findings import SEVERITY_RANK
    from jxrules.ingest import find_reports
    from jxrules.rules.ruleset import load_ruleset

    chosen = load_ruleset(args.ruleset) if args.ruleset else None
    paths = list(find_reports(args.paths))
    progress = _Progress(len(paths)) if sys.stderr.isatty() and len(paths) > 1 else None
    stream = bool(args.output) and str(args.output).endswith(".jsonl")
    collector = _Collector(chosen, stream=stream, output=args.output if stream else None)
    batch = check_many(
        paths,
        chosen,
        jobs=args.jobs,
        language=args.lang,
        keep_reports=args.format == "html",
        explain=args.explain,
    )
    try:
        for outcome in batch:
            collector.add(outcome)
            if progress:
                progress.step()
    finally:
        if progress:
            progress.done()
        collector.close()
    if not stream:
        _write(collector.render(args.format, args.color), args.output)
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


class _Collector:
    """Gathers batch outcomes: kept for a document format, or streamed as JSON lines."""

    def __init__(self, chosen: object, *, stream: bool, output: str | None) -> None:
        from jxrules.rules.ruleset import Ruleset

        self.chosen = chosen if isinstance(chosen, Ruleset) else None
        self.results: list[Any] = []
        self.reports: dict[str, object] = {}
        self.failures: list[tuple[str, str]] = []
        self.per_rule: dict[str, list[int]] = {}
        self.worst = 0
        self.count = 0
        self.stream = None
        if stream and output:
            try:
                self.stream = open(output, "w", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                raise JxError(
                    f"无法写入输出文件：{exc.strerror} (cannot write)", Position(output)
                ) from None

    def add(self, outcome: Any) -> None:
        import json

        if outcome.error is not None:
            self.failures.append((outcome.source, outcome.error))
            sys.stderr.write(f"jxrules: {outcome.error}\n")
            if self.stream:
                self.stream.write(
                    json.dumps(
                        {"source": outcome.source, "error": outcome.error}, ensure_ascii=False
                    )
                    + "\n"
                )
            return
        for result in outcome.results:
            self.count += 1
            self.worst = max(self.worst, result.worst())
            for rule in {f.rule for f in result.findings}:
                counts = self.per_rule.setdefault(rule, [0, 0])
                counts[0] += 1
            for finding in result.findings:
                self.per_rule[finding.rule][1] += 1
            if self.stream:
                self.stream.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            else:
                self.results.append(result)
        for report in outcome.reports:
            self.reports[report.source] = report

    def close(self) -> None:
        if self.stream:
            self.stream.close()
            sys.stderr.write(f"jxrules: {self.count} 份报告，{len(self.failures)} 份无法检查\n")
            self.summary(sys.stderr)

    def summary(self, out: Any) -> None:
        if self.count > 1 and self.per_rule:
            out.write("规则汇总（报告数 / 发现数）：\n")
            for rule, (reports, findings) in sorted(self.per_rule.items()):
                out.write(f"  {rule:<32} {reports:>6} / {findings}\n")

    def render(self, fmt: str, color_choice: str) -> str:
        import io

        from jxrules import __version__
        from jxrules.formats import Run, renderer
        from jxrules.rules.selection import bundled

        self.results.sort(key=lambda r: r.source)
        rulesets = {}
        for result in self.results:
            if result.ruleset not in rulesets:
                rulesets[result.ruleset] = self.chosen or bundled(result.ruleset)
        color = fmt == "text" and (
            color_choice == "always"
            or (color_choice == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        )
        run = Run(self.results, rulesets, self.failures, color, __version__, self.reports)
        text = renderer(fmt)(run)
        if fmt == "text":
            buffer = io.StringIO()
            self.summary(buffer)
            text += buffer.getvalue()
        return text


def cmd_rulesets(args: argparse.Namespace) -> int:
    from jxrules.rules.ruleset import bundled_rulesets
    from jxrules.rules.selection import bundled

    for ruleset_id in bundled_rulesets():
        r = bundled(ruleset_id)
        years = ",".join(map(str, r.fiscal_years)) or "-"
        print(f"{r.id:<24} {r.kind:<20} {years:<10} {len(r.rules):>3} rules  {r.title}")
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from jxrules.ingest import load_reports
    from jxrules.ingest.write_yaml import dump_reports

    reports = load_reports(args.path)
    for report in reports:
        for finding in report.ingest_findings:
            sys.stderr.write(f"jxrules: {args.path}: {finding.severity}: {finding.message}\n")
    _write(dump_reports(reports), args.output)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from jxrules.ingest.schema import report_schema
    from jxrules.rules.schema import ruleset_schema

    data = ruleset_schema() if args.which == "ruleset" else report_schema()
    print(json.dumps(data, ensure_ascii=False, indent=2))
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
    write_kind_pages(Path(args.checks))
    return EXIT_OK


def cmd_kinds(args: argparse.Namespace) -> int:
    from jxrules.checks import registry

    for name, kind in sorted(registry().items()):
        title = (kind.documentation().splitlines() or [""])[0].lstrip("# ")
        print(f"{name:<12} {title}")
    return EXIT_OK


def run() -> int:
    """The ``jxrules`` console script."""
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except JxError as exc:
        sys.stderr.write(f"jxrules: {exc}\n")
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
