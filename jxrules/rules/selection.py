"""Choosing the ruleset for a report from its kind and fiscal year, among the bundled rulesets
(this package's and plugins') and the folders of rulesets a user names (``--rulesets DIR``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from os import PathLike
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from jxrules.cache import remembered
from jxrules.errors import InputError, Position, RulesetError, require
from jxrules.ingest.files import MAX_RULESET_BYTES, read_text
from jxrules.model import Report
from jxrules.rules.ruleset import (
    Ruleset,
    bundled_origins,
    bundled_rulesets,
    load_ruleset,
)

#: What ``rulesets=`` accepts: folders of user rulesets, searched before the bundled ones.
Folders = Sequence[str | PathLike[str]]


class Available(NamedTuple):
    """A ruleset that selection may choose, known by its ``applies_to`` without being loaded."""

    id: str
    kind: str
    fiscal_years: tuple[int, ...]
    path: Path
    #: ``bundled``, ``plugin NAME`` (a ``jxrules.rulesets`` entry point) or the user's folder.
    origin: str

    @property
    def bundled(self) -> bool:
        """Shipped in a package (this one or a plugin), loaded by its id."""
        return self.origin == "bundled" or self.origin.startswith("plugin ")

    def load(self) -> Ruleset:
        """The ruleset itself (loaded once per process, again if its file changed)."""
        return _load(self)


@cache
def bundled(ruleset_id: str) -> Ruleset:
    """A bundled ruleset, loaded once per process."""
    return load_ruleset(bundled_rulesets()[ruleset_id])


def available_rulesets(rulesets: Folders = ()) -> list[Available]:
    """Every ruleset selection chooses among, the first winning a tie: the user's folders' (in
    the order given), then the plugins' (``jxrules.rulesets`` entry points), then this
    package's."""
    found = [h for folder in user_folders(rulesets) for h in _user_headers(*_stamp(folder))]
    return found + list(_bundled_headers())


def select_ruleset(report: Report, *, rulesets: Folders = ()) -> Ruleset:
    """The ruleset for the report's kind that lists its fiscal year.

    With no exact year, the latest ruleset for an earlier year is used (policy
    carries over until changed); a report before every ruleset gets the earliest. Either way
    the report's findings say which year's rules were applied (an info finding).  A ruleset
    from a folder in ``rulesets`` wins over a bundled one the same choice would make (it
    usually ``extends`` it); among the folders, the first named wins.
    Only the chosen ruleset is loaded: the others are known by their ``applies_to``.
    """
    require(
        report, Report, "select_ruleset() 的 report", " jxrules.Report（由 load_report() 读出）"
    )
    available = available_rulesets(rulesets)
    candidates = [h for h in available if h.kind == report.kind]
    if not candidates:
        raise RulesetError(f"没有适用于报告类型 “{report.kind}” 的规则集", Position(report.source))
    # the same year: the user's first, then the order given (rank = position in `available`)
    rank = {id(h): -i for i, h in enumerate(available)}
    year = report.fiscal_year
    if year is not None:
        exact = [h for h in candidates if year in h.fiscal_years]
        if exact:
            return _load(_best(exact, lambda h: max(h.fiscal_years), rank))
        earlier = [h for h in candidates if h.fiscal_years and max(h.fiscal_years) < year]
        if earlier:
            return _load(_best(earlier, lambda h: max(h.fiscal_years), rank))
        # a year before every ruleset: the earliest (the findings say so: engine.year_notice)
        return _load(_best(candidates, lambda h: -min(h.fiscal_years, default=0), rank))
    return _load(_best(candidates, lambda h: max(h.fiscal_years, default=0), rank))


def ruleset_named(ruleset_id: str, rulesets: Folders = ()) -> Ruleset:
    """The ruleset with this id among the user's folders, else the bundled one."""
    for header in available_rulesets(rulesets):
        if header.id == ruleset_id:
            return _load(header)
    return bundled(ruleset_id)


def _best(
    headers: Iterable[Available], year: Callable[[Available], int], rank: dict[int, int]
) -> Available:
    return max(headers, key=lambda h: (year(h), rank[id(h)]))


def _load(header: Available) -> Ruleset:
    if header.bundled:
        return bundled(header.id)
    return load_file(header.path)


def load_file(path: Path) -> Ruleset:
    """A user's ruleset file, loaded once per process — again if it changed."""
    resolved = path.resolve()
    stat = resolved.stat()
    return _load_user(str(resolved), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _load_user(path: str, mtime_ns: int, size: int) -> Ruleset:
    return load_ruleset(Path(path))


def user_folders(rulesets: Folders) -> list[Path]:
    """The folders named in ``rulesets``, checked to exist (a single path is one folder)."""
    if isinstance(rulesets, (str, PathLike)):
        rulesets = [rulesets]
    require(rulesets, (list, tuple), "rulesets", "规则集文件夹的列表")
    folders = []
    for entry in rulesets:
        require(entry, (str, PathLike), "rulesets 中的文件夹", "文件夹路径（str 或 Path）")
        folder = Path(entry)
        if not folder.is_dir():
            raise InputError("规则集文件夹不存在或不是文件夹 (not a folder)", Position(str(folder)))
        folders.append(folder.resolve())
    return folders


def _stamp(folder: Path) -> tuple[Path, tuple[tuple[str, int], ...]]:
    """A folder and its rulesets' modification times: headers are read again when one changed."""
    files = tuple((str(p), p.stat().st_mtime_ns) for p in _ruleset_files(folder))
    return folder, files


def _ruleset_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".yml") and not p.name.endswith((".tests.yaml", ".tests.yml"))
    )


@cache
def _user_headers(folder: Path, files: tuple[tuple[str, int], ...]) -> tuple[Available, ...]:
    """The ``id`` and ``applies_to`` of each ruleset in a user's folder, read without loading."""
    found: dict[str, Available] = {}
    for name, _ in files:
        path = Path(name)
        header = _header(path, str(folder))
        if header.id in found:
            raise RulesetError(
                f"规则集编号 “{header.id}” 在本文件夹中出现两次：{found[header.id].path} 与 {path}"
                " (duplicate ruleset id)",
                Position(str(path)),
            )
        found[header.id] = header
    return tuple(found.values())


@cache
def _bundled_headers() -> tuple[Available, ...]:
    """Each bundled ruleset's ``applies_to`` (every file states its own; loading checks that
    it agrees with what it extends), read without loading its rules."""
    origins = bundled_origins()
    headers = [
        _header(path, origins[ruleset_id], ruleset_id)
        for ruleset_id, path in bundled_rulesets().items()
    ]
    # a plugin's ruleset wins a tie with this package's: installing it says so
    return tuple(sorted(headers, key=lambda h: h.origin == "bundled"))


def _header(path: Path, origin: str, ruleset_id: str | None = None) -> Available:
    """A ruleset's ``id`` and ``applies_to``, read once and kept (jxrules.cache) until its file
    changes: choosing among them is then no reason to parse every ruleset at every start."""
    request = ("ruleset header", str(path), origin, ruleset_id or "")
    return remembered(
        request, lambda: _read_header(path, origin, ruleset_id), lambda _: [str(path)]
    )


def _read_header(path: Path, origin: str, ruleset_id: str | None) -> Available:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data: Any = yaml.load(read_text(path, max_bytes=MAX_RULESET_BYTES), Loader=loader)
    except yaml.YAMLError:
        data = None  # the full load below words the syntax error with its position
    applies = data.get("applies_to") if isinstance(data, dict) else None
    if not isinstance(applies, dict) or "kind" not in applies or "id" not in data:
        load_ruleset(path)  # raises the located error
        raise RulesetError("规则集缺少 id 或 applies_to.kind", Position(str(path)))
    try:
        years = tuple(int(y) for y in applies.get("fiscal_years") or ())
    except (TypeError, ValueError):
        load_ruleset(path)
        raise RulesetError("applies_to.fiscal_years 应为年份的列表", Position(str(path))) from None
    return Available(ruleset_id or str(data["id"]), str(applies["kind"]), years, path, origin)
