"""Checking many reports: any ``concurrent.futures.Executor``, results in input order.

Work is submitted in chunks of files (a task's round trip then costs little beside checking
its files), with a bounded number of chunks in flight, so a list of 100,000 files never sits
in memory as futures, and each worker loads the ruleset once (by reference) instead of
receiving it pickled per task.  With ``serialise=``, the workers also write each result as
its JSON text, so that the parent only writes them out and every core can check reports.  A
report that cannot be read is a :class:`BatchResult` with ``error`` set, not an aborted batch.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sized
from contextlib import closing, contextmanager
from functools import lru_cache, partial
from itertools import islice
from os import PathLike
from pathlib import Path
from typing import Literal

import attrs
from attrs import frozen

from jxrules.errors import InputError, JxError, LimitExceeded, Position, require
from jxrules.findings import Finding, Location, Result
from jxrules.ingest import load_reports
from jxrules.ingest.layouts import Layouts, load_layouts
from jxrules.model import Report
from jxrules.review.fingerprint import with_fingerprints
from jxrules.rules.engine import check
from jxrules.rules.ruleset import Ruleset, load_ruleset
from jxrules.rules.selection import (
    Folders,
    available_rulesets,
    load_file,
    select_ruleset,
    user_folders,
)

#: Seconds a file may take (reading and checking) before its check is ended (``--timeout``).
DEFAULT_TIMEOUT = 60.0
#: Chunks of files kept in flight per worker of check_many's own pool.
IN_FLIGHT_PER_WORKER = 4
#: Chunks kept in flight on an executor given to check_many (a cluster may have many workers).
IN_FLIGHT_ON_EXECUTOR = 64
#: Most files per task (``check_many(chunksize=)``'s default): a task's fixed cost (pickling,
#: a round trip, a Dask task's ~4 ms of scheduling) is then small beside its files' ~10 ms each,
#: and the last chunk still ends soon after the others.
DEFAULT_CHUNKSIZE = 16

#: ``check_many(serialise=)``: ``jsonl`` one line of ``--output x.jsonl``; ``json`` an entry of
#: the JSON format's ``reports``, indented as there.
Serialise = Literal["jsonl", "json"]


@frozen
class ResultLine:
    """One result as a worker serialised it (``check_many(serialise=)``): its JSON text and
    what a batch's summary needs, so that the parent keeps no :class:`Result` object."""

    source: str
    text: str
    #: :meth:`Result.worst`: the highest severity rank among its findings.
    worst: int
    #: How many findings each rule gave, in the order the rules first occur.
    rules: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, result: Result, style: Serialise) -> ResultLine:
        return cls(result.source, result_json(result, style), result.worst(), rule_counts(result))


def result_json(result: Result, style: Serialise) -> str:
    """A result's JSON text: a line of the JSONL output, or an entry of the JSON document."""
    data = result.to_dict()
    if style == "jsonl":
        return json.dumps(data, ensure_ascii=False)
    # nested two levels deep in the document (JSON strings hold no raw newline)
    return json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def rule_counts(result: Result) -> tuple[tuple[str, int], ...]:
    """How many findings each rule gave, in the order the rules first occur."""
    return tuple(Counter(finding.rule for finding in result.findings).items())


@frozen
class BatchResult:
    """The outcome for one source file: its results, or why it could not be checked."""

    source: str
    results: tuple[Result, ...] = ()
    #: Why the source could not be checked; its ``position`` names the file (and line, column).
    error: JxError | None = None
    #: The reports themselves, when asked for (formats that draw the tables need them).
    reports: tuple[Report, ...] = ()
    #: With ``check_many(serialise=...)``: the results as their JSON text, in place of
    #: ``results`` (which is then empty).
    lines: tuple[ResultLine, ...] = ()

    def serialised(self, style: Serialise | None) -> BatchResult:
        """This outcome with its results turned into :class:`ResultLine` texts."""
        if style is None or not self.results:
            return self
        lines = tuple(ResultLine.of(result, style) for result in self.results)
        return attrs.evolve(self, results=(), lines=lines)


def _ruleset(ref: str) -> Ruleset:
    """A ruleset by reference, loaded once per worker — again if its file changed."""
    path = Path(ref)
    if path.is_file():
        return load_file(path)
    return _load_cached(ref)


@lru_cache(maxsize=8)
def _load_cached(ref: str) -> Ruleset:
    """A ruleset by id (bundled or a plugin's), loaded once per worker."""
    return load_ruleset(ref)


def _layouts(ref: Layouts | str | None) -> Layouts | None:
    """A layouts file by reference, loaded once per worker — again if the file changed."""
    if ref is None or isinstance(ref, Layouts):
        return ref
    path = Path(ref).resolve()
    if not path.is_file():
        return load_layouts(ref)  # its error names the file as given
    stat = path.stat()
    return _layouts_cached(str(path), stat.st_mtime_ns, stat.st_size, ref)


@lru_cache(maxsize=8)
def _layouts_cached(resolved: str, mtime_ns: int, size: int, shown: str) -> Layouts:
    return load_layouts(shown)


def check_source(
    source: str,
    ruleset_ref: Ruleset | str | None = None,
    language: str = "zh",
    keep_reports: bool = False,
    explain: bool = False,
    timeout: float | None = None,
    rulesets: tuple[str, ...] = (),
    layouts: Layouts | str | None = None,
) -> BatchResult:
    """Check every report in one file (top-level so that process pools can pickle it).

    ``layouts`` (a :class:`Layouts`, or a layouts file's path, loaded once per worker) is
    merged over the bundled reading vocabulary.

    ``timeout`` (seconds, for the whole file) ends a check that runs longer: the report being
    checked gets one ``engine`` finding saying so, and the batch goes on.  It applies where a
    timer signal can interrupt the work: the main thread of this process or of a pool worker.
    ``rulesets``: folders of the user's rulesets, chosen among with the bundled ones.
    """
    results: list[Result] = []
    try:
        with _time_limit(timeout):
            reports = load_reports(source, layouts=_layouts(layouts))
            for report in reports:
                if isinstance(ruleset_ref, Ruleset):  # in this process: the caller's, as it is
                    ruleset = ruleset_ref
                else:
                    ruleset = (
                        _ruleset(ruleset_ref)
                        if ruleset_ref
                        else select_ruleset(report, rulesets=rulesets)
                    )
                if ruleset.kind != report.kind:
                    raise JxError(
                        f"规则集 {ruleset.id} 适用于 {ruleset.kind}，报告类型是 {report.kind}"
                    )
                try:
                    results.append(check(report, ruleset, language=language, explain=explain))
                except _TimedOut:
                    results.append(_timed_out(report, ruleset, timeout).in_language(language))
                    raise
        return BatchResult(source, tuple(results), None, tuple(reports) if keep_reports else ())
    except _TimedOut:
        if results:  # the report whose check ran out of time has its engine finding
            return BatchResult(source, tuple(results))
        problem = f"读取报告超过 {timeout} 秒，已中止 (timeout; limit: report_seconds)"
        return BatchResult(
            source, (), LimitExceeded(problem, Position(source), limit="report_seconds")
        )
    except JxError as exc:
        if exc.position is None:
            exc.position = Position(source)
        return BatchResult(source, (), exc)
    except Exception as exc:  # a bug must cost one report, not the batch
        problem = f"internal error: {type(exc).__name__}: {exc}"
        return BatchResult(source, (), JxError(problem, Position(source)))


class _TimedOut(BaseException):
    """The per-file time limit ran out (raised by the timer signal's handler); a
    BaseException, so that no ``except Exception`` on the way (a rule's) takes it for its own."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the work after ``seconds`` with :class:`_TimedOut` (a real-time timer)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    def expired(*_: object) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed_out(report: Report, ruleset: Ruleset, seconds: float | None) -> Result:
    """The result of a report whose check ran out of time: one engine finding saying so."""
    finding = Finding(
        rule="jxrules-timeout",
        check="engine",
        severity="error",
        message=f"检查此报告超过 {seconds} 秒，已中止；其余报告照常检查 (timeout; limit: report_seconds)",
        message_en=(
            f"Checking this report took longer than {seconds} seconds and was stopped; the other"
            " reports are checked as usual (limit: report_seconds)"
        ),
        location=Location(),
        evidence={"seconds": str(seconds)},
    )
    identity = report.identity()
    return Result(
        report.source, identity, ruleset.id, with_fingerprints((finding,), identity, ruleset.id)
    )


def _reference(ruleset: Ruleset | str | Path | None) -> str | None:
    if ruleset is None or isinstance(ruleset, str):
        return ruleset
    if isinstance(ruleset, Path):
        return str(ruleset)
    return ruleset.source


def check_many(
    sources: Iterable[str | Path],
    ruleset: Ruleset | str | Path | None = None,
    *,
    executor: cf.Executor | None = None,
    jobs: int | None = None,
    language: str = "zh",
    keep_reports: bool = False,
    explain: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    rulesets: Folders = (),
    layouts: Layouts | str | Path | None = None,
    chunksize: int | None = None,
    serialise: Serialise | None = None,
) -> Iterator[BatchResult]:
    """Check each source, yielding one result per source in input order.

    ``layouts``: a layouts file (path or :class:`Layouts`) merged over the bundled reading
    vocabulary for every source (see docs/layouts.md).

    ``executor`` may be any :class:`concurrent.futures.Executor` — a process pool,
    a thread pool, or ``distributed.Client(...).get_executor()``.  Without one,
    ``jobs=1`` runs in this process and otherwise a local process pool of
    ``jobs`` workers (default: the CPU count) is used.  Without ``ruleset``, each report gets
    the one for its kind and fiscal year, searched in the folders ``rulesets`` before the
    bundled rulesets (:func:`jxrules.select_ruleset`).

    ``chunksize``: files per task sent to a pool or an executor.  By default
    :data:`DEFAULT_CHUNKSIZE`, less for a list too short to give every worker several chunks
    (four per local worker; 64 chunks on a given executor).

    ``serialise``: ``"jsonl"`` or ``"json"`` has the workers turn each result into its JSON
    text (:class:`ResultLine`, in ``BatchResult.lines``; ``results`` is then empty): a line of
    the JSONL output, or an entry of the JSON format's ``reports``.  The parent then has only
    to write them, which is what lets ``jobs`` workers use ``jobs`` cores.
    """
    if isinstance(sources, (str, bytes, PathLike)):
        raise InputError(
            f"check_many() 需要一组报告路径，实际是一个路径 {str(sources)[:80]!r}；"
            "单个文件请写成 [path] (a list of paths is expected)"
        )
    if ruleset is not None:
        require(
            ruleset, (Ruleset, str, Path), "check_many() 的 ruleset", "Ruleset、规则集路径或编号"
        )
    for name, number in (("jobs", jobs), ("chunksize", chunksize)):
        if number is not None and (
            not isinstance(number, int) or isinstance(number, bool) or number < 1
        ):
            raise InputError(f"check_many() 的 {name} 应为正整数，实际是 {number!r}")
    if serialise not in (None, "jsonl", "json"):
        raise InputError(
            f"check_many() 的 serialise 应为 'jsonl'、'json' 或 None，实际是 {serialise!r}"
        )
    if layouts is not None:
        require(layouts, (Layouts, str, Path), "check_many() 的 layouts", "布局文件路径或 Layouts")
    loaded = load_layouts(layouts) if isinstance(layouts, (str, Path)) else layouts  # fail early
    task = partial(
        check_source,
        ruleset_ref=_reference(ruleset),
        language=language,
        keep_reports=keep_reports,
        explain=explain,
        timeout=timeout,
        layouts=None if loaded is None else loaded.source,
        rulesets=tuple(str(folder) for folder in user_folders(rulesets)),
    )
    if rulesets and ruleset is None:
        available_rulesets(rulesets)  # a folder's broken ruleset: one error, not one per report
    paths = (str(s) for s in sources)
    if executor is None and jobs == 1:  # the ruleset object itself: nothing loaded twice
        task = partial(task, layouts=loaded)
        in_process = partial(task, ruleset_ref=ruleset) if isinstance(ruleset, Ruleset) else task
        for path in paths:
            yield in_process(path).serialised(serialise)
        return
    if executor is None:
        workers = jobs or os.cpu_count() or 1
        size = chunksize or _default_chunksize(sources, workers * IN_FLIGHT_PER_WORKER)
        yield from _own_pool(paths, partial(check_chunk, task=task, style=serialise), workers, size)
        return
    size = chunksize or _default_chunksize(sources, IN_FLIGHT_ON_EXECUTOR)
    chunk_task = partial(check_chunk, task=task, style=serialise)
    yield from _pump(executor, _chunks(paths, size), chunk_task, IN_FLIGHT_ON_EXECUTOR)


def _default_chunksize(sources: Iterable[object], chunks: int) -> int:
    """:data:`DEFAULT_CHUNKSIZE`, or less when a list of ``sources`` would otherwise make
    fewer than ``chunks`` tasks (a short batch still spreads over every worker)."""
    if isinstance(sources, Sized):
        return max(1, min(DEFAULT_CHUNKSIZE, len(sources) // chunks))
    return DEFAULT_CHUNKSIZE


def _chunks(paths: Iterator[str], size: int) -> Iterator[tuple[str, ...]]:
    while chunk := tuple(islice(paths, size)):
        yield chunk


#: A chunk's task: its files' outcomes, in order.
ChunkTask = Callable[[tuple[str, ...]], list[BatchResult]]


def check_chunk(
    chunk: tuple[str, ...], task: Callable[[str], BatchResult], style: Serialise | None
) -> list[BatchResult]:
    """Check each file of ``chunk`` with ``task`` (in a worker: top-level, so pools can pickle
    it), serialising the results as ``style`` asks."""
    return [task(path).serialised(style) for path in chunk]


#: What a report whose worker died is told (the OOM killer, a crash in a C library).
WORKER_DIED = "检查此文件的工作进程意外退出（可能内存不足被系统终止），此文件未检查；其余文件照常检查 (worker died)"


def _own_pool(
    paths: Iterator[str], task: ChunkTask, workers: int, size: int
) -> Generator[BatchResult, None, None]:
    """:func:`_pump` on a process pool of our own that survives a worker's death.

    When a worker dies the pool is broken for every chunk in flight; the files of those not
    yet done are then checked again one per task in a new pool, and when that one breaks too,
    each file in flight alone in a fresh process, so the one that kills its worker is named
    (a :data:`WORKER_DIED` error), a worker killed from outside costs nothing, and the rest
    of the batch goes on in a new pool.
    """
    chunks = _chunks(paths, size)
    limit = workers * IN_FLIGHT_PER_WORKER
    queue: deque[tuple[tuple[str, ...], cf.Future[list[BatchResult]]]] = deque()
    pool = _pool(workers)
    try:
        while True:
            for chunk in islice(chunks, limit - len(queue)):
                queue.append((chunk, _submit(pool, task, chunk)))
            if not queue:
                return
            chunk, future = queue.popleft()
            try:
                outcomes = future.result()
            except cf.BrokenExecutor:
                pool.shutdown(wait=False, cancel_futures=True)
                settled = [(files, _done(other)) for files, other in [(chunk, future), *queue]]
                queue.clear()
                suspects = [path for files, done in settled if done is None for path in files]
                again: Generator[BatchResult, None, None] = (
                    (_alone(path, task) for path in suspects)
                    if size == 1
                    else _own_pool(iter(suspects), task, workers, 1)
                )
                with closing(again):  # its pool ends here, not when it is collected
                    for files, done in settled:
                        yield from islice(again, len(files)) if done is None else done
                pool = _pool(workers)
                continue
            yield from outcomes
    finally:  # the chunks in flight finish (workers ignore Ctrl-C); the queued are cancelled
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(
    pool: cf.ProcessPoolExecutor, task: ChunkTask, chunk: tuple[str, ...]
) -> cf.Future[list[BatchResult]]:
    """``pool.submit``; a pool found broken already gives a future that says so."""
    try:
        return pool.submit(task, chunk)
    except cf.BrokenExecutor as exc:
        future: cf.Future[list[BatchResult]] = cf.Future()
        future.set_exception(exc)
        return future


def _pool(workers: int) -> cf.ProcessPoolExecutor:
    return cf.ProcessPoolExecutor(
        max_workers=workers, initializer=_watch_parent, initargs=(os.getpid(),)
    )


def _done(future: cf.Future[list[BatchResult]]) -> list[BatchResult] | None:
    """Outcomes that were complete before the pool broke."""
    if future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return None


def _alone(path: str, task: ChunkTask) -> BatchResult:
    """``path`` checked in a process of its own: if that process dies too, it is the cause."""
    with _pool(1) as single:
        try:
            (outcome,) = single.submit(task, (path,)).result()
            return outcome
        except cf.BrokenExecutor:
            return BatchResult(path, (), JxError(WORKER_DIED, Position(path)))


def _pump(
    executor: cf.Executor, chunks: Iterator[tuple[str, ...]], task: ChunkTask, limit: int
) -> Iterator[BatchResult]:
    """Outcomes in input order (a stream's lines are the same whatever the workers' speed),
    with at most ``limit`` chunks submitted and not yet yielded: memory stays bounded."""
    queue: deque[cf.Future[list[BatchResult]]] = deque()
    for chunk in chunks:
        if len(queue) >= limit:
            yield from queue.popleft().result()
        queue.append(executor.submit(task, chunk))
    while queue:
        yield from queue.popleft().result()


def _watch_parent(parent: int) -> None:
    """In a pool worker: end when the process that started it is gone (kill -9, the OOM
    killer), instead of holding its memory with no one to report to; leave Ctrl-C to it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="jxrules-parent-watch").start()
    # Ctrl-C reaches every process of the terminal's group: the parent decides, and a worker
    # finishes the file it is on instead of dying mid-way (which broke the pool and hung).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
