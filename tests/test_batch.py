"""Batch checking: any executor (process pool, Dask), streaming JSON lines, failures kept apart."""

from __future__ import annotations

import concurrent.futures as cf
import json
from functools import partial
from pathlib import Path

import pytest

import jxrules
import jxrules.batch
from jxrules.batch import check_many
from tests.conftest import JIANGMEN_YAML


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("corpus")
    text = JIANGMEN_YAML.read_text(encoding="utf-8")
    paths = []
    for i in range(6):
        path = root / f"r{i}.yaml"
        grade = "良" if i % 2 else "优"
        path.write_text(text.replace("grade: 优", f"grade: {grade}"), encoding="utf-8")
        paths.append(path)
    broken = root / "broken.yaml"
    broken.write_text("kind: [\n", encoding="utf-8")
    paths.append(broken)
    return paths


def expected_errors(path: Path) -> int:
    return jxrules.check(jxrules.load_report(path)).summary["error"]


def summarize(outcomes) -> dict[str, object]:
    return {
        o.source: (
            (type(o.error).__name__, o.error.message, o.error.position)
            if o.error
            else [r.summary for r in o.results]
        )
        for o in outcomes
    }


def test_in_process_and_process_pool_agree(corpus):
    serial = summarize(check_many(corpus, jobs=1))
    pooled = summarize(check_many(corpus, jobs=2))
    assert serial == pooled
    assert len(serial) == 7
    good = [p for p in corpus if p.name != "broken.yaml"]
    for path in good:
        (summary,) = serial[str(path)]
        assert summary["error"] == expected_errors(path)
    kind, message, position = serial[str(corpus[-1])]  # typed, located, through the pool too
    assert kind == "YamlSyntaxError" and "YAML 语法错误" in message
    assert position.file == str(corpus[-1]) and position.line is not None


def test_any_executor_thread_pool(corpus):
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(check_many(corpus, "dept-overall/2022", executor=pool))
    assert sorted(o.source for o in outcomes) == sorted(map(str, corpus))
    errors = [(o.source, o.error) for o in outcomes if o.error is not None]
    assert [source for source, _ in errors] == [str(corpus[-1])], errors


def test_dask_local_cluster(corpus):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        outcomes = list(check_many(corpus, executor=client.get_executor()))
    assert summarize(outcomes) == summarize(check_many(corpus, jobs=1))


def test_cli_jsonl_streaming(cli, corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    result = cli("check", *corpus, "--jobs", "2", "--output", out)
    assert result.code == 2  # one report could not be read
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 7
    errors = [line for line in lines if "error" in line]
    assert len(errors) == 1 and errors[0]["source"] == str(corpus[-1])
    reports = [line for line in lines if "error" not in line]
    assert all(set(r) == {"source", "report", "ruleset", "findings", "summary"} for r in reports)
    assert "规则汇总" in result.err and "grade-matches-score" in result.err


def test_cli_text_has_per_rule_summary(cli, corpus):
    result = cli("check", *corpus[:4], "--jobs", "2")
    assert result.code == 1
    summary = result.out[result.out.index("规则汇总") :]
    assert "grade-matches-score" in summary and "2 / 2" in summary


def test_results_come_in_input_order_with_any_number_of_workers(corpus):
    order = [*reversed(corpus), *corpus]  # not sorted: the order given is the order yielded
    for jobs in (1, 2):
        assert [o.source for o in check_many(order, jobs=jobs)] == [str(p) for p in order]
    with cf.ThreadPoolExecutor(max_workers=3) as pool:
        assert [o.source for o in check_many(order, executor=pool)] == [str(p) for p in order]


def test_a_jsonl_stream_is_byte_identical_with_one_or_two_jobs(corpus, tmp_path, cli):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert cli("check", *corpus, "-o", one, "--jobs", "1").code == 2  # broken.yaml
    assert cli("check", *corpus, "-o", two, "--jobs", "2").code == 2
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_text(encoding="utf-8").splitlines()) == 7


def test_a_ruleset_object_is_used_as_it_is_in_process(corpus, monkeypatch):
    """jobs=1 checks with the caller's Ruleset: the file is not loaded a second time."""
    from jxrules import batch

    ruleset = jxrules.load_ruleset("dept-overall/2022")
    monkeypatch.setattr(batch, "load_ruleset", lambda *a, **k: pytest.fail("loaded again"))
    batch._load_cached.cache_clear()
    (outcome,) = check_many(corpus[:1], ruleset, jobs=1)
    assert outcome.error is None and outcome.results[0].ruleset == "dept-overall/2022"


def _children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_end_when_the_main_process_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import HANG_SECONDS, JIANGMEN_MD

    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(400):
        (folder / f"r{i}.md").write_bytes(JIANGMEN_MD.read_bytes())
    main = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jxrules",
            "check",
            str(folder),
            "--jobs",
            "2",
            "-o",
            str(tmp_path / "o.jsonl"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + HANG_SECONDS
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and main.poll() is None:
        workers = _children(main.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the pool's workers never started"
    os.kill(main.pid, signal.SIGKILL)
    main.wait()
    while time.monotonic() < deadline and [w for w in workers if _running(w)]:
        time.sleep(0.1)
    assert [w for w in workers if _running(w)] == []


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (an ended process nobody reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


_CHECK_SOURCE = jxrules.batch.check_source  # before any test replaces it


def _dies_on_poison(source, *args, **kwargs):
    """check_source, except that the worker checking a file named poison* dies (kill -9)."""
    import os
    import signal

    if Path(source).name.startswith("poison"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _CHECK_SOURCE(source, *args, **kwargs)


@pytest.mark.parametrize("chunksize", [None, 1, 5])
def test_a_worker_that_dies_costs_only_its_report(corpus, tmp_path, monkeypatch, chunksize):
    """Every other report is checked and in order; the one whose worker died is an error,
    whatever else shared its chunk (the default here: 2 files a chunk)."""
    from jxrules import batch

    poison = tmp_path / "poison.yaml"
    poison.write_bytes(corpus[0].read_bytes())
    sources = [*corpus[:3], poison, *corpus[3:6]] * 3
    monkeypatch.setattr(batch, "check_source", _dies_on_poison)  # the forked workers have it
    outcomes = list(check_many(sources, jobs=2, chunksize=chunksize))
    assert [o.source for o in outcomes] == [str(p) for p in sources]
    lost = [o for o in outcomes if o.error is not None]
    assert [o.source for o in lost] == [str(poison)] * 3
    assert all(o.error.message == batch.WORKER_DIED for o in lost)
    good = [o for o in outcomes if o.source != str(poison)]
    assert len(good) == 18 and all(o.error is None and o.results for o in good)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_ends_a_batch_with_130_and_leaves_no_worker(tmp_path, presses):
    """Ctrl-C reaches the whole process group: one press lets the files in flight finish, a
    second ends at once; either way exit 130, 'interrupted', no worker left, no output file."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import HANG_SECONDS, JIANGMEN_MD

    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(600):
        (folder / f"r{i}.md").write_bytes(JIANGMEN_MD.read_bytes())
    out = tmp_path / "o.jsonl"
    command = [sys.executable, "-m", "jxrules", "check", str(folder), "--jobs", "2", "-o", str(out)]
    main = subprocess.Popen(command, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + HANG_SECONDS
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and main.poll() is None:
        workers = _children(main.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the pool's workers never started"
    time.sleep(0.3)  # well into the batch
    for _ in range(presses):
        os.killpg(main.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        time.sleep(0.05)
    _, err = main.communicate(timeout=HANG_SECONDS)
    # 130, or ended by the second SIGINT itself once the run was over (a shell shows 130 too)
    assert main.returncode in (130, -signal.SIGINT)
    assert err.decode().strip().splitlines()[-1] == "jxrules: interrupted"
    while time.monotonic() < deadline and [w for w in workers if _running(w)]:
        time.sleep(0.1)
    assert [w for w in workers if _running(w)] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def _slow_check(report, ruleset, **kwargs):
    """The engine's check, stuck in an endless loop (a rule gone wrong on hostile input)."""
    while True:
        pass


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_report_that_runs_too_long_gets_an_engine_finding_and_the_batch_goes_on(
    corpus, monkeypatch, jobs
):
    from jxrules import batch

    real = batch.check

    def check_or_hang(report, ruleset, **kwargs):
        if report.source.endswith("r2.yaml"):
            return _slow_check(report, ruleset, **kwargs)
        return real(report, ruleset, **kwargs)

    monkeypatch.setattr(batch, "check", check_or_hang)  # forked workers have it too
    outcomes = list(check_many(corpus[:4], jobs=jobs, timeout=0.5))
    assert [Path(o.source).name for o in outcomes] == ["r0.yaml", "r1.yaml", "r2.yaml", "r3.yaml"]
    slow = outcomes[2]
    assert slow.error is None
    (finding,) = slow.results[0].findings
    assert (finding.rule, finding.check, finding.severity) == ("jxrules-timeout", "engine", "error")
    assert finding.message.startswith("检查此报告超过 0.5 秒，已中止")
    assert all(
        o.error is None and len(o.results[0].findings) > 1 for o in outcomes if o is not slow
    )


class _Reversed(cf.Executor):
    """An executor that runs what it was given only when a result is first asked for, and
    then last-submitted first: completion order is the reverse of input order."""

    def __init__(self) -> None:
        self.pending: list[tuple[cf.Future[object], object, tuple[object, ...]]] = []
        self.finished: list[object] = []

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        executor = self

        class Lazy(cf.Future):  # type: ignore[type-arg]
            def result(self, timeout=None):  # type: ignore[no-untyped-def]
                while executor.pending:
                    future, call, call_args = executor.pending.pop()
                    future.set_result(call(*call_args))  # type: ignore[operator]
                    executor.finished.append(call_args[0])
                return super().result(timeout)

        future = Lazy()
        self.pending.append((future, partial(fn, **kwargs), args))
        return future


@pytest.mark.parametrize("chunksize", [1, 3])
def test_results_come_in_input_order_whatever_order_they_complete_in(corpus, chunksize):
    executor = _Reversed()
    paths = [str(p) for p in corpus]
    outcomes = check_many(paths, executor=executor, chunksize=chunksize)
    assert [o.source for o in outcomes] == paths
    chunks = [tuple(paths[i : i + chunksize]) for i in range(0, len(paths), chunksize)]
    assert executor.finished == chunks[::-1]  # the reorder buffer, not the workers, keeps order


#: Reports of every shape the readers meet: Markdown, canonical YAML, a project form as HTML,
#: several forms in one file (one unreadable), a truncated report, a template left unfilled.
VARIED = [
    "examples/jiangmen-2022-dept-overall.md",
    "examples/jiangmen-2022-dept-overall.yaml",
    "examples/demo-2022-project.yaml",
    "tests/fixtures/ingest/project-form-html.md",
    "tests/fixtures/layouts/two-forms.md",
    "tests/fixtures/layouts/three-forms-one-unreadable.md",
    "tests/fixtures/layouts/truncated.md",
    "tests/fixtures/narrative/dept-breakdown-wrong.md",
    "tests/fixtures/layouts/placeholders.md",
]


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """45 reports of the varied kinds (enough for chunks of several files) and a broken one."""
    from tests.conftest import ROOT

    folder = tmp_path_factory.mktemp("varied")
    for copy in range(5):
        for name in VARIED:
            (folder / f"c{copy}-{Path(name).name}").write_bytes((ROOT / name).read_bytes())
    (folder / "broken.yaml").write_text("kind: [\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "text", "junit"])
def test_every_output_is_byte_identical_with_one_or_two_jobs(varied, tmp_path, cli, fmt):
    """Workers serialise JSON lines and JSON entries in chunks; the outputs do not change."""
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.{fmt}"
        options = ["-o", out] if fmt == "jsonl" else ["--format", fmt, "-o", out]
        result = cli("check", varied, "--jobs", jobs, *options)
        assert result.code == 2  # broken.yaml
        assert "broken.yaml:2:1: YAML 语法错误" in result.err
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    if fmt == "jsonl":
        lines = [json.loads(line) for line in outputs[0].decode().splitlines()]
        assert len(lines) == 61  # 45 files, multi-form ones giving a line per form; one error
        assert [line["source"] for line in lines if "error" in line] == [
            str(varied / "broken.yaml")
        ]


def test_a_serialised_json_document_is_the_one_rendered_from_results(varied):
    """The JSON format from entries the workers wrote is the document rendered from the
    results themselves, the reports in the same (sorted) order, the broken file among errors."""
    from jxrules.formats.collect import Collector

    paths = sorted(varied.iterdir(), reverse=True)  # the document sorts by source
    kept, serialised = Collector(), Collector()
    for outcome in check_many(paths, jobs=1):
        kept.add(outcome)
    for outcome in check_many(paths, jobs=2, serialise="json"):
        assert outcome.results == ()
        serialised.add(outcome)
    assert len(serialised.entries) == 60 and serialised.results == []
    assert serialised.render("json") == kept.render("json")
    assert (serialised.count, serialised.worst, serialised.per_rule) == (
        kept.count,
        kept.worst,
        kept.per_rule,
    )
    with pytest.raises(jxrules.InputError, match="sarif"):
        serialised.render("sarif")


def test_a_serialised_line_is_the_results_json_and_its_tally(corpus):
    """What a worker sends back for a JSONL stream: the line the parent used to write."""
    (plain,) = check_many(corpus[:1], jobs=1)
    (lines,) = check_many(corpus[:1], jobs=1, serialise="jsonl")
    (result,) = plain.results
    (line,) = lines.lines
    assert line.text == json.dumps(result.to_dict(), ensure_ascii=False)
    assert line.source == result.source and line.worst == result.worst() == 3
    tally = dict(line.rules)  # the example's four missed targets, five duplicates, ...
    assert (tally["indicator-target-met"], tally["indicator-duplicate"]) == (4, 5)
    assert sum(tally.values()) == len(result.findings) == 24


def test_serialised_outcomes_are_refused_where_results_are_needed(corpus):
    (outcome,) = check_many(corpus[:1], jobs=1, serialise="jsonl")
    with pytest.raises(jxrules.InputError, match="serialise"):
        jxrules.to_json(outcome)
    with pytest.raises(jxrules.InputError, match="serialise"):
        list(check_many(corpus[:1], serialise="yaml"))  # type: ignore[arg-type]
    with pytest.raises(jxrules.InputError, match="chunksize"):
        list(check_many(corpus[:1], chunksize=0))
