"""Loading rulesets: YAML under JSON Schema, ``extends`` by fiscal year, compiled rules.

A ruleset error is always raised here, at load, with ``file:line:column`` —
never discovered later as a finding about the data.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from jxrules.cache import remembered
from jxrules.checks import RuleSpec, is_builtin_kind, kind_named, registry
from jxrules.errors import ExpressionError, JxError, LimitExceeded, Position, RulesetError, require
from jxrules.findings import Severity
from jxrules.ingest.documents import Document, PathKey, load_document
from jxrules.ingest.files import ALLOW_OUTSIDE_ENV, MAX_RULESET_BYTES, is_within, outside_allowed
from jxrules.ingest.schema import schema_error
from jxrules.plugins import entry_points
from jxrules.rules.schema import rule_schema, ruleset_shape
from jxrules.rules.templates import TemplateError, placeholders
from jxrules.sandbox import CompiledExpression, limits_from_params

#: Message placeholders of a rule with ``summarize`` (one finding for all its issues).
SUMMARY_VARIABLES = ("count", "rows", "names")
#: Deepest chain of ``extends``.
MAX_EXTENDS_DEPTH = 16
#: Most rules a ruleset may have, its parents' included.
MAX_RULES = 10_000


@frozen
class Rule:
    """A compiled rule: what the engine runs, and where it was written."""

    id: str
    check: str
    severity: Severity
    message: str
    config: Any = attrs.field(eq=False, repr=False)
    when: CompiledExpression | None = attrs.field(default=None, eq=False, repr=False)
    message_en: str | None = None
    title: str | None = None
    #: The English title (``--lang en``); without it an English output names the rule by id.
    title_en: str | None = None
    description: str | None = None
    rationale: str | None = None
    fields: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    origin: Position = attrs.field(default=Position("<memory>"), eq=False)
    #: With ``summarize``: report all issues as one finding at this location.
    summarize: Mapping[str, str] | None = None
    #: The ``check`` its findings carry, when not the kind's own name (``CheckKind.reports_as``).
    reports_as: str | None = None
    #: Where each field's current value was written (differs from ``origin`` after overrides).
    field_origins: Mapping[str, Position] = attrs.field(factory=dict, eq=False, repr=False)
    #: Where every value inside the rule was written, by its path (``("pairs", 0, "stated")``).
    positions: Mapping[PathKey, Position] = attrs.field(factory=dict, eq=False, repr=False)

    def position(self, path: PathKey) -> Position:
        """Where the value at ``path`` was written, else its nearest enclosing value, else the rule."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.origin


@frozen
class Ruleset:
    """A loaded ruleset with its parents merged in."""

    id: str
    title: str
    version: str
    kind: str
    fiscal_years: tuple[int, ...]
    params: Mapping[str, Any]
    rules: tuple[Rule, ...]
    #: The file it was loaded from (a real path; positions use display names such as
    #: ``rulesets/dept-overall/2022.yaml`` for bundled files).
    source: str = attrs.field(default="", eq=False)
    description: str = ""
    extends: str | None = None
    #: The English title (``--lang en``); not inherited: it names this ruleset, not its base.
    title_en: str | None = None
    param_origins: Mapping[str, Position] = attrs.field(factory=dict, eq=False, repr=False)
    #: Rules switched off by an override, with the reason given.
    disabled: Mapping[str, str] = attrs.field(factory=dict)
    #: Every file this ruleset was built from, base first.
    chain: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@frozen
class _RuleSource:
    """A rule before compilation: its fields and where each was written."""

    id: str
    fields: Mapping[str, Any]
    positions: Mapping[PathKey, Position]
    origin: Position
    #: Where the rule is written in its file (``("rules", 3)``), for messages.
    path: PathKey = ()


@frozen
class _Layer:
    id: str
    title: str
    title_en: str | None
    version: str
    kind: str
    fiscal_years: tuple[int, ...]
    description: str
    extends: str | None
    params: Mapping[str, Any]
    param_origins: Mapping[str, Position]
    rules: tuple[_RuleSource, ...]
    disabled: Mapping[str, str]
    chain: tuple[str, ...]
    #: The real path of every file in ``chain`` (what a cached load is checked against).
    files: tuple[str, ...]


# ------------------------------------------------------------------ bundled
def bundled_dir() -> Path:
    """Where the bundled rulesets are: inside the installed package, else the source tree."""
    here = Path(__file__).resolve().parent.parent  # the jxrules package
    installed = here / "_rulesets"
    return installed if installed.is_dir() else here.parent / "rulesets"


#: The entry point group through which other packages bundle rulesets: each names a package
#: (its folder holds the rulesets) or ``module:attribute`` giving a folder's path.
ENTRY_POINTS = "jxrules.rulesets"


def bundled_rulesets() -> Mapping[str, Path]:
    """Bundled ruleset ids and their files: this package's, then the plugins'."""
    return {ruleset_id: path for ruleset_id, (path, _) in _bundled().items()}


def bundled_origins() -> Mapping[str, str]:
    """Where each bundled ruleset comes from: ``bundled`` or ``plugin NAME``."""
    return {ruleset_id: origin for ruleset_id, (_, origin) in _bundled().items()}


@cache
def _bundled() -> Mapping[str, tuple[Path, str]]:
    found = {ruleset_id: (path, "bundled") for ruleset_id, path in _folder(bundled_dir())}
    for name, folder in _plugin_folders():
        for ruleset_id, path in _folder(folder):
            if ruleset_id in found:
                raise RulesetError(
                    f"插件 {name} 的规则集 “{ruleset_id}” 与{found[ruleset_id][1]}的同名"
                    " (a plugin's ruleset id is taken)",
                    Position(str(path)),
                )
            found[ruleset_id] = (path, f"plugin {name}")
    return found


def _folder(root: Path) -> list[tuple[str, Path]]:
    """The rulesets in a folder, by id: the path inside it without ``.yaml``."""
    return [
        (path.relative_to(root).with_suffix("").as_posix(), path)
        for path in sorted(root.rglob("*.yaml"))
        if not path.name.endswith(".tests.yaml")
    ]


def _plugin_folders() -> list[tuple[str, Path]]:
    """The folder of each ``jxrules.rulesets`` entry point."""
    folders = []
    for entry in entry_points(ENTRY_POINTS):
        try:
            loaded: Any = entry.load()
        except Exception as exc:  # a broken plugin is named, not a traceback
            raise RulesetError(
                f"无法加载规则集插件 {entry.name} = {entry.value}：{type(exc).__name__}: {exc}"
            ) from None
        where = getattr(loaded, "__path__", None)  # a package: its folder
        if where:
            folder: Path | None = Path(next(iter(where)))
        else:
            folder = Path(loaded) if isinstance(loaded, (str, Path)) else None
        if folder is None or not folder.is_dir():
            raise RulesetError(
                f"规则集插件 {entry.name} = {entry.value} 应指向一个包或文件夹 (not a folder)"
            )
        folders.append((entry.name, folder))
    return folders


def resolve(ref: str, relative_to: Path | None = None) -> Path:
    """A ruleset reference (a file path, or a bundled id) as a file path."""
    candidates = []
    if relative_to is not None:
        candidates.append(relative_to / ref)
    candidates.append(Path(ref))
    for candidate in candidates:
        try:
            if candidate.is_file():
                return candidate
        except (OSError, ValueError):  # a name too long for the file system
            continue
    bundled = bundled_rulesets()
    if ref in bundled:
        return bundled[ref]
    known = ", ".join(sorted(bundled)) or "（无）"
    raise RulesetError(f"找不到规则集 “{ref}”：既不是文件，也不是内置规则集的编号（内置：{known}）")


def display_name(path: Path) -> str:
    """How positions name a ruleset file: bundled ones as ``rulesets/<id>.yaml`` on every machine."""
    try:
        inside = path.resolve().relative_to(bundled_dir().resolve())
    except ValueError:
        return str(path)
    return f"rulesets/{inside.as_posix()}"


# ------------------------------------------------------------------ loading
def load_ruleset(
    ref: str | Path | bytes, *, allow_outside: bool | None = None, name: str | None = None
) -> Ruleset:
    """Load a ruleset file or bundled id, merge what it extends, compile every rule.

    ``extends:`` may name a bundled id or a file inside the directory tree of
    ``ref`` (symlinks resolved); ``allow_outside=True`` (or the environment
    variable ``JXRULES_ALLOW_OUTSIDE=1``) lifts that restriction.

    YAML text — ``bytes``, or a ``str`` holding a line break (no path or id does) — is the
    ruleset itself, for a program with no files: positions name it ``name`` (default
    ``<ruleset>``), and its ``extends`` may name a bundled id only (any file with
    ``allow_outside``).

    A ruleset loaded from a file is kept on disk (:mod:`jxrules.cache`) and read back while
    its files are unchanged; ``JXRULES_CACHE=off`` switches that off.
    """
    require(
        ref,
        (str, Path, bytes),
        "load_ruleset() 的 ref",
        "规则集文件路径、内置规则集编号或 YAML 文本（str、Path 或 bytes）",
    )
    if name is not None:
        require(name, str, "load_ruleset() 的 name", "显示用的名称（str）")
    if isinstance(ref, bytes) or (isinstance(ref, str) and "\n" in ref):
        return _load_text(ref, name or "<ruleset>", allow_outside)
    return load_collecting(ref, None, allow_outside=allow_outside)


def _load_text(text: str | bytes, name: str, allow_outside: bool | None) -> Ruleset:
    """A ruleset from its text, read through a private file so that every limit of a file
    applies (size, encoding, YAML hardening) and positions name it ``name``."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    roots = None if outside_allowed(allow_outside) else (bundled_dir(),)
    with tempfile.TemporaryDirectory(prefix="jxrules-") as folder:
        path = Path(folder) / "ruleset.yaml"
        path.write_bytes(raw)
        try:
            layer = _load_layer(path, (), roots, None, name=name)
        except JxError as exc:
            if exc.position is not None and exc.position.file == str(path):
                exc.position = attrs.evolve(exc.position, file=name)
            raise
    return attrs.evolve(_compile(layer), source=name)


def load_collecting(
    ref: str | Path, problems: list[RulesetError] | None, *, allow_outside: bool | None = None
) -> Ruleset:
    """:func:`load_ruleset`; with a ``problems`` list, an error confined to one rule or one
    override (a duplicate id, a bad field, an override of no rule) is appended there and that
    item left out, so ``jxrules lint`` reports every such problem in one run."""
    path = ref if isinstance(ref, Path) else resolve(ref)
    roots = None if outside_allowed(allow_outside) else (path.parent, bundled_dir())

    files: list[str] = []

    def build() -> Ruleset:
        layer = _load_layer(path, (), roots, problems)
        files.extend(layer.files)
        return attrs.evolve(_compile(layer, problems), source=str(path))

    if problems is not None:  # lint reads every problem, never a cached result
        return build()
    request = ("ruleset", str(path), str(path.resolve()), repr(roots))
    return remembered(request, build, lambda _: files, keep=_builtin_kinds_only)


def _builtin_kinds_only(ruleset: Ruleset) -> bool:
    """Whether the compiled ruleset depends only on jxrules' own code (a plugin's check kind
    may change without any file of the ruleset changing): only then is it kept on disk."""
    return all(is_builtin_kind(rule.check) for rule in ruleset.rules)


def _problem(error: RulesetError, problems: list[RulesetError] | None) -> None:
    """Raise ``error``, or keep it when problems are being collected."""
    if problems is None:
        raise error
    problems.append(error)


def _load_layer(
    path: Path,
    seen: tuple[str, ...],
    roots: tuple[Path, ...] | None,
    problems: list[RulesetError] | None = None,
    name: str | None = None,
) -> _Layer:
    key = str(path.resolve())
    if key in seen:
        cycle = " → ".join([*seen, key])
        raise RulesetError(f"规则集的 extends 形成循环：{cycle}", Position(display_name(path)))
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise RulesetError(f"extends 层数超过 {MAX_EXTENDS_DEPTH}", Position(display_name(path)))
    doc = load_document(path, max_bytes=MAX_RULESET_BYTES, name=name or display_name(path))
    data = doc.data
    if not isinstance(data, dict):
        raise RulesetError("规则集必须是一个 YAML 映射（键: 值）", doc.position(()))
    problem = schema_error(ruleset_shape(), data, doc)
    if problem:
        raise RulesetError(*problem)
    base: _Layer | None = None
    if data.get("extends"):
        try:
            parent = resolve(data["extends"], path.parent)
            if roots is not None and not is_within(parent, roots):
                raise RulesetError(
                    f"extends 指向规则集目录之外的文件 “{data['extends']}”（只允许内置规则集编号和"
                    f"本目录下的文件；确需如此请设置环境变量 {ALLOW_OUTSIDE_ENV}=1）"
                    " (extends outside the ruleset's directory)",
                    doc.position(("extends",)),
                )
            base = _load_layer(parent, (*seen, key), roots, problems)
        except RulesetError as exc:
            if exc.position is None:
                raise RulesetError(exc.message, doc.position(("extends",))) from None
            raise
        if base.kind != data["applies_to"]["kind"]:
            raise RulesetError(
                f"extends 的规则集 {base.id} 适用于 {base.kind}，本规则集适用于 {data['applies_to']['kind']}",
                doc.position(("extends",)),
            )
    layer = _merge(doc, data, base, (*seen, key), problems)
    if len(layer.rules) > MAX_RULES:
        raise LimitExceeded(
            f"规则集有 {len(layer.rules)} 条规则，上限 {MAX_RULES} 条 (too many rules; limit: rules)",
            doc.position(("rules",)),
            limit="rules",
        )
    return layer


def _merge(
    doc: Document,
    data: Mapping[str, Any],
    base: _Layer | None,
    chain: tuple[str, ...],
    problems: list[RulesetError] | None = None,
) -> _Layer:
    params = dict(base.params) if base else {}
    param_origins = dict(base.param_origins) if base else {}
    for name, value in (data.get("params") or {}).items():
        params[name] = value
        param_origins[name] = doc.position(("params", name), key=True)
    rules = list(base.rules) if base else []
    disabled = dict(base.disabled) if base else {}
    index = {rule.id: i for i, rule in enumerate(rules)}
    for n, override in enumerate(data.get("overrides") or []):
        where = doc.position(("overrides", n))
        rule_id = override["id"]
        if rule_id not in index:
            _problem(RulesetError(f"overrides 引用了不存在的规则 “{rule_id}”", where), problems)
            continue
        if override.get("disabled"):
            if not override.get("reason"):
                _problem(RulesetError(f"停用规则 “{rule_id}” 必须写明 reason", where), problems)
                continue
            disabled[rule_id] = override["reason"]
            del rules[index[rule_id]]
            index = {rule.id: i for i, rule in enumerate(rules)}
            continue
        rules[index[rule_id]] = _override(rules[index[rule_id]], override, doc, ("overrides", n))
    for n, fields in enumerate(data.get("rules") or []):
        rule_id = fields["id"]
        where = doc.position(("rules", n))
        if rule_id in index:
            first = rules[index[rule_id]].origin
            duplicate = (
                f"规则编号 “{rule_id}” 重复（已在 {first} 定义；修改继承的规则请用 overrides）"
            )
            _problem(RulesetError(duplicate, where), problems)
            continue
        positions = _positions(doc, ("rules", n))
        rules.append(_RuleSource(rule_id, fields, positions, where, ("rules", n)))
        index[rule_id] = len(rules) - 1
    applies = data["applies_to"]
    return _Layer(
        id=data["id"],
        title=data["title"],
        title_en=data.get("title_en"),
        version=str(data["version"]),
        kind=applies["kind"],
        fiscal_years=tuple(applies.get("fiscal_years") or (base.fiscal_years if base else ())),
        description=data.get("description", ""),
        extends=data.get("extends"),
        params=params,
        param_origins=param_origins,
        rules=tuple(rules),
        disabled=disabled,
        chain=(*(base.chain if base else ()), doc.file),
        files=(*(base.files if base else ()), chain[-1]),
    )


def _positions(doc: Document, prefix: PathKey) -> dict[PathKey, Position]:
    """The positions of everything under ``prefix`` (a rule, an override), keyed from there."""
    values, keys = _indexed(doc)
    size = len(prefix)
    head = prefix[:2]
    out = {p[size:]: pos for p, pos in values.get(head, ()) if p[:size] == prefix}
    for p, pos in keys.get(head, ()):
        if p[:size] == prefix and p[size:] not in out:
            out[p[size:]] = pos
    return out


_Grouped = dict[PathKey, list[tuple[PathKey, Position]]]


def _indexed(doc: Document) -> tuple[_Grouped, _Grouped]:
    """A document's value and key positions grouped by their first two path elements
    (``("rules", 3)``), once per document: looking each rule's up in the whole document was
    quadratic (a 1,000-rule ruleset took 6 s to load)."""
    found = _INDEXES.get(id(doc))
    if found is not None and found[0] is doc:
        return found[1]
    grouped: tuple[_Grouped, _Grouped] = ({}, {})
    for table, positions in zip(grouped, (doc.value_positions, doc.key_positions), strict=True):
        for path, pos in positions.items():
            table.setdefault(path[:2], []).append((path, pos))
    if len(_INDEXES) >= 8:  # a ruleset and what it extends are loaded together
        _INDEXES.clear()
    _INDEXES[id(doc)] = (doc, grouped)  # the document kept, so its id is not reused
    return grouped


_INDEXES: dict[int, tuple[Document, tuple[_Grouped, _Grouped]]] = {}


def _override(
    rule: _RuleSource, override: Mapping[str, Any], doc: Document, at: PathKey
) -> _RuleSource:
    fields = dict(rule.fields)
    positions = dict(rule.positions)
    changes = {k: v for k, v in override.items() if k not in ("id", "set", "reason", "disabled")}
    changes.update(override.get("set") or {})
    for key, value in changes.items():
        fields[key] = value
        source = (*at, "set", key) if key in (override.get("set") or {}) else (*at, key)
        for path, pos in _positions(doc, source).items():
            nested: PathKey = (key, *path)
            positions[nested] = pos
        positions[(key,)] = doc.position(source)
    return _RuleSource(rule.id, fields, positions, rule.origin, rule.path)


def _compile(layer: _Layer, problems: list[RulesetError] | None = None) -> Ruleset:
    try:
        limits_from_params(layer.params)
    except JxError as exc:
        where = layer.param_origins.get("limits")
        raise RulesetError(f"params.limits：{exc.message}", where) from None
    rules = []
    for source in layer.rules:
        try:
            rules.append(_compile_rule(source, layer.params))
        except RulesetError as exc:
            _problem(exc, problems)
    return Ruleset(
        id=layer.id,
        title=layer.title,
        title_en=layer.title_en,
        version=layer.version,
        kind=layer.kind,
        fiscal_years=layer.fiscal_years,
        params=layer.params,
        rules=tuple(rules),
        source=layer.chain[-1],
        description=layer.description,
        extends=layer.extends,
        param_origins=layer.param_origins,
        disabled=layer.disabled,
        chain=layer.chain,
    )


def _compile_rule(source: _RuleSource, params: Mapping[str, Any]) -> Rule:
    fields = source.fields
    doc = Document(source.origin.file, fields, dict(source.positions), {})
    kind = kind_named(fields["check"])
    if kind is None:  # worded by the schema: the kinds there are, and a did-you-mean
        known = {"properties": {"check": {"enum": sorted(registry())}}}
        message, where = schema_error(known, dict(fields), doc, source.path) or ("", None)
        raise RulesetError(f"规则 {source.id}：{message}", where)
    problem = schema_error(rule_schema(kind), dict(fields), doc, source.path)
    if problem:
        message, where = problem
        raise RulesetError(f"规则 {source.id}：{message}", where)
    spec = RuleSpec(source.id, fields, source.positions, source.origin, params)
    try:
        config = kind.compile(spec)
        when = spec.expression("when")
    except ExpressionError as exc:
        raise RulesetError(f"规则 {source.id}：{exc.message}", exc.position) from None
    except RulesetError:
        raise
    except JxError as exc:
        raise RulesetError(
            f"规则 {source.id}：{exc.message}", exc.position or source.origin
        ) from None
    for key in ("message", "message_en"):
        if key in fields:
            _check_template(spec, kind, config, key)
    return Rule(
        id=source.id,
        check=kind.name,
        severity=fields["severity"],
        message=fields["message"],
        config=config,
        when=when,
        message_en=fields.get("message_en"),
        title=fields.get("title"),
        title_en=fields.get("title_en"),
        description=fields.get("description"),
        rationale=fields.get("rationale"),
        summarize=fields.get("summarize"),
        reports_as=kind.reports_as(config) if kind.reports_as(config) != kind.name else None,
        fields=fields,
        origin=source.origin,
        field_origins={
            k[0]: v for k, v in source.positions.items() if len(k) == 1 and isinstance(k[0], str)
        },
        positions=source.positions,
    )


def _check_template(spec: RuleSpec, kind: Any, config: Any, key: str) -> None:
    try:
        names = placeholders(spec.fields[key])
    except TemplateError as exc:
        raise spec.error(key, str(exc)) from None
    for name in names:
        if "summarize" in spec.fields:
            if name.split(".")[0] not in (*SUMMARY_VARIABLES, "params"):
                raise spec.error(
                    key,
                    f"消息中的占位符 {{{name}}} 不存在（summarize 规则提供：{', '.join(SUMMARY_VARIABLES)}，以及 params.*）",
                )
        elif not kind.allows_variable(name, config):
            raise spec.error(
                key,
                f"消息中的占位符 {{{name}}} 不存在（{kind.name} 检查提供：{', '.join(sorted(kind.message_variables)) or '—'}，以及 params.*）",
            )
        if name.startswith("params.") and name.split(".")[1] not in spec.params:
            raise spec.error(key, f"消息中的占位符 {{{name}}} 引用了未定义的参数")
