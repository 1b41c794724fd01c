"""YAML and JSON documents with the source position of every value, within limits.

YAML is loaded with PyYAML's *safe* composer only, and every node is walked
here so that each value keeps its ``line:column``; that is how a schema error
on ``rules[3].severity`` becomes ``2022.yaml:41:15``.  Only plain tags are
accepted (mappings, lists, text, numbers, booleans, null, dates): ``!!python/…``
and every other tag is refused before anything is constructed.  Before the
walk, the size of the document *after* alias expansion is computed from the
node graph (linear in the file), so an alias bomb is refused without being
expanded.  A document without anchors (nearly every one) is a tree: it is
built straight from the parser's events, with no node graph held.
docs/security.md lists every limit.
"""

from __future__ import annotations

import json
import re
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

import attrs
import yaml
from attrs import frozen

from jxrules import collector
from jxrules.errors import JxError, LimitExceeded, Position, YamlSyntaxError
from jxrules.ingest import files
from jxrules.ingest.files import check_rows, read_text

#: Refuse YAML with more nodes (keys included) than this once aliases are expanded: room for
#: a table at the rows limit (100,000) whose rows have every indicator key (23 nodes a row).
MAX_NODES = 3_000_000
#: Refuse YAML whose aliases (and ``<<`` merges) add more nodes than this.
MAX_ALIAS_NODES = 100_000
#: Refuse YAML/JSON nested deeper than this.
MAX_DEPTH = 64
#: Refuse a number with more digits, or a larger/smaller decimal exponent, than this.
MAX_NUMBER_DIGITS = 1000
_Y = "tag:yaml.org,2002:"
_MAP_TAG, _SEQ_TAG, _MERGE_TAG = f"{_Y}map", f"{_Y}seq", f"{_Y}merge"
_SCALAR_TAGS = frozenset(f"{_Y}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp"))
_STR_TAG = f"{_Y}str"
_NULL_TAG = f"{_Y}null"
#: Key tags PyYAML's ``flatten_mapping`` acts on: a merge key ``<<`` and a value key ``=``.
_FLATTENED = frozenset((_MERGE_TAG, f"{_Y}value"))

PathKey = tuple[str | int, ...]


@frozen
class Document:
    """A parsed YAML/JSON document and the source position of every node."""

    file: str
    data: Any
    value_positions: Mapping[PathKey, Position] = attrs.field(factory=dict)
    key_positions: Mapping[PathKey, Position] = attrs.field(factory=dict)

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """Position of the node at ``path`` (or of its key), else of its nearest ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        probe = tuple(path)
        while probe:
            if probe in self.value_positions:
                return self.value_positions[probe]
            probe = probe[:-1]
        return self.value_positions.get((), Position(self.file, 1, 1))


def load_yaml_documents(text: str, file: str) -> list[Document]:
    """Every document of a YAML stream (``jxrules extract`` writes one per report)."""
    with collector.paused():  # a 10,000-row report makes some 200,000 containers
        return _documents(text, file)


def _documents(text: str, file: str) -> list[Document]:
    streamed = _streamed(text, file)
    if streamed is not None:
        return streamed
    return _composed(text, file)


def _streamed(text: str, file: str) -> list[Document] | None:
    """Every document built straight from the parser's events, or None to compose instead.

    Composing first holds a node (with two source marks) for every key and value of the
    file at once: about 6 KB per indicator row, more than the report that comes out of it
    (docs/performance.md).  A stream without anchors is a tree, built here as it is read.
    Anything else -- an anchor or alias, a merge key, a refused value, a syntax error --
    gives None, and :func:`_composed` reads the file again to give its exact answer.
    """
    loader: _AnyLoader | None = None
    try:
        loader = _CLoader(text, file) if yaml.__with_libyaml__ else _Loader(text, file)
        documents = []
        loader.get_event()  # the stream's start
        while not loader.check_event(yaml.StreamEndEvent):
            loader.get_event()  # a document's start
            walker = _StreamWalker(file, loader)
            data = walker.node((), 0, walker.tables.root)
            loader.get_event()  # its end
            values = _TablePositions(file, walker.tables, key=False)
            keys = _TablePositions(file, walker.tables, key=True)
            documents.append(Document(file, data, values, keys))
    except (_Compose, yaml.YAMLError, JxError, RecursionError):
        return None
    finally:
        if loader is not None:
            loader.dispose()
    return documents or [Document(file, None, {(): Position(file, 1, 1)})]


def _composed(text: str, file: str) -> list[Document]:
    """Every document composed into nodes first: aliases, merge keys, and every error."""
    loader, nodes = _compose(text, file)
    # No anchor, no alias: the nodes form a tree, at most two per character of text (a key
    # and its implicit null), so neither limit can be reached and the graph need not be sized.
    no_aliases = "&" not in text and 2 * len(text) + 1 < MAX_NODES
    documents = []
    for node in nodes:
        if not no_aliases:
            _check_expansion(node, file)
        walker = _Walker(file, loader)
        data = walker.walk(node, (), 0)
        documents.append(Document(file, data, walker.values, walker.keys))
    return documents or [Document(file, None, {(): Position(file, 1, 1)})]


def load_yaml_text(text: str, file: str) -> Document:
    """Parse one YAML document, keeping positions; raises :class:`YamlSyntaxError`."""
    documents = load_yaml_documents(text, file)
    if len(documents) > 1:
        second = documents[1].position(())
        raise YamlSyntaxError(
            f"文件中有 {len(documents)} 个 YAML 文档（以 --- 分隔），此处只接受一个 (one document expected)",
            second,
        )
    return documents[0]


def _compose(text: str, file: str) -> tuple[_AnyLoader, list[yaml.Node]]:
    """Parse a YAML stream into nodes (nothing constructed yet), with located errors."""
    loader: _AnyLoader | None = None
    nodes: list[yaml.Node] = []
    try:
        loader = _CLoader(text, file) if yaml.__with_libyaml__ else _Loader(text, file)
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                nodes.append(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Position(file, mark.line + 1, mark.column + 1) if mark else Position(file)
        problem = exc.problem or exc.context or "syntax error"
        if "maximum nesting depth" in problem:  # libyaml's own guard
            raise _too_deep(where) from None
        raise YamlSyntaxError(f"YAML 语法错误：{problem}", where) from None
    except yaml.reader.ReaderError as exc:
        char = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
        )
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        raise YamlSyntaxError(
            f"YAML 中不允许出现控制字符 U+{char:04X} (special characters are not allowed)",
            Position(file, line, column),
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"YAML 语法错误：{exc}", Position(file)) from None
    except RecursionError:
        raise _too_deep(Position(file)) from None
    finally:
        if loader is not None:
            loader.dispose()
    return loader, nodes


def load_json_text(text: str, file: str) -> Document:
    """Parse JSON with decimals kept exact; positions are known only for syntax errors."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise YamlSyntaxError(f"JSON 对象中键重复：{key!r} (duplicate key)", Position(file))
            out[key] = value
        return out

    def constant(name: str) -> Any:
        raise YamlSyntaxError(f"JSON 中不支持 {name} (not a finite number)", Position(file))

    at_file = partial(Position, file)

    def number(kind: type[int] | type[Decimal]) -> Any:
        def parse(text: str) -> Any:
            _check_number_text(text, at_file)
            try:
                value = kind(text)
            except ValueError:  # an integer longer than this Python reads (int_max_str_digits)
                raise LimitExceeded(TOO_MANY_DIGITS, Position(file), limit="number") from None
            return _check_number(value, at_file)

        return parse

    try:
        data = json.loads(
            text,
            parse_float=number(Decimal),
            parse_int=number(int),
            parse_constant=constant,
            object_pairs_hook=no_duplicates,
        )
    except json.JSONDecodeError as exc:
        raise YamlSyntaxError(
            f"JSON 语法错误：{exc.msg}", Position(file, exc.lineno, exc.colno)
        ) from None
    except RecursionError:
        raise _too_deep(Position(file)) from None
    _check_json_shape(data, Position(file))
    escape = _SURROGATE_ESCAPE.search(text)
    if escape is not None:  # only an escape can make a lone surrogate (YAML refuses one)
        try:
            json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
        except UnicodeEncodeError as exc:
            at = escape.start()
            line = text.count("\n", 0, at) + 1
            raise YamlSyntaxError(
                f"JSON 中有无效的 Unicode 字符 U+{ord(exc.object[exc.start]):04X}"
                "（不成对的代理码）(lone surrogate)",
                Position(file, line, at - text.rfind("\n", 0, at)),
            ) from None
    return Document(file, data, {(): Position(file, 1, 1)})


#: A JSON escape of a UTF-16 surrogate (``\ud800``): alone, no text can hold or print it.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def load_document(path: Path, *, max_bytes: int | None = None, name: str | None = None) -> Document:
    """Load a ``.yaml``/``.yml``/``.json`` file into a :class:`Document`.

    ``name`` is how positions name the file (default: the path as given).
    """
    text = read_text(path, max_bytes=max_bytes)
    if path.suffix.lower() == ".json":
        return load_json_text(text, name or str(path))
    return load_yaml_text(text, name or str(path))


def _too_deep(where: Position) -> LimitExceeded:
    return LimitExceeded(
        f"嵌套超过 {MAX_DEPTH} 层 (nesting too deep; limit: yaml_depth)", where, limit="yaml_depth"
    )


def _check_number_text(text: str, where: Callable[[], Position]) -> None:
    """Refuse a number printed longer than the limit; ``where()`` is asked only then."""
    if len(text) > MAX_NUMBER_DIGITS + 8:
        raise LimitExceeded(
            f"数字过长（{len(text)} 个字符，上限 {MAX_NUMBER_DIGITS} 位）(limit: number)",
            where(),
            limit="number",
        )


#: What a number over the limit is told (the limit a file's numbers and a caller's are held to).
TOO_MANY_DIGITS = f"数字超出范围（最多 {MAX_NUMBER_DIGITS} 位）(limit: number)"


def too_many_digits(value: Any) -> bool:
    """Whether ``value`` is a number of more than :data:`MAX_NUMBER_DIGITS` digits (an integer:
    or of more than this Python prints, where ``-X int_max_str_digits`` sets fewer)."""
    if isinstance(value, int):
        digits = _int_digits()
        if value.bit_length() <= 3 * digits:  # below 8**digits: at most ``digits`` digits
            return False
        power = _POWERS.get(digits)
        if power is None:
            power = _POWERS[digits] = 10**digits
        return abs(value) >= power
    return (
        isinstance(value, Decimal)
        and value.is_finite()
        and abs(value.adjusted()) > MAX_NUMBER_DIGITS
    )


#: ``10 ** digits`` by ``digits`` (the bound an integer must stay under).
_POWERS: dict[int, int] = {}


def _int_digits() -> int:
    """:data:`MAX_NUMBER_DIGITS`, or fewer where this Python cannot print that many."""
    printable: int = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    return min(MAX_NUMBER_DIGITS, printable) if printable else MAX_NUMBER_DIGITS


def _check_number(value: Any, where: Callable[[], Position]) -> Any:
    """``value``, unless :func:`too_many_digits`; ``where()`` is asked only for a refusal."""
    if too_many_digits(value):
        raise LimitExceeded(TOO_MANY_DIGITS, where(), limit="number")
    return value


def _check_json_shape(data: Any, where: Position) -> None:
    """JSON has no aliases, but depth and list length have the YAML limits."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(where)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            check_rows(len(item), "JSON 列表", where)
            stack.extend((v, depth + 1) for v in item)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node, file: str) -> None:
    """Refuse alias bombs and recursive aliases by sizing the node graph, not expanding it."""
    cap = MAX_NODES + 1
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            sizes[key] = min(cap, 1 + sum(sizes[id(c)] for c in _children(node)))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            mark = node.start_mark
            raise YamlSyntaxError(
                "YAML 别名引用了包含它自己的节点（递归结构不受支持）(recursive alias)",
                Position(file, mark.line + 1, mark.column + 1),
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    total, unique = sizes[id(root)], len(sizes)
    if total > MAX_NODES or total - unique > MAX_ALIAS_NODES:
        shown = f"超过 {MAX_NODES}" if total >= cap else str(total)
        raise LimitExceeded(
            f"YAML 展开别名后有 {shown} 个节点（文件中只有 {unique} 个；别名最多可增加"
            f" {MAX_ALIAS_NODES} 个），可能是别名炸弹 (alias expansion; limit: yaml_nodes)",
            Position(file, root.start_mark.line + 1, root.start_mark.column + 1),
            limit="yaml_nodes",
        )


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_Y) :] if tag.startswith(_Y) else tag


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting while scanning.

    PyYAML's scanner is quadratic in the nesting depth (10,000 ``[`` take
    half a minute), so the depth is checked where it grows, not after.
    """

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text)
        self.file = file

    def _refuse_depth(self) -> None:
        mark = self.get_mark()
        raise _too_deep(Position(self.file, mark.line + 1, mark.column + 1))

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        if self.flow_level >= MAX_DEPTH:
            self._refuse_depth()
        super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            self._refuse_depth()
        return bool(super().add_indent(column))


class _CLoader(yaml.CSafeLoader):
    """libyaml's safe composer (about 15 times faster); nesting is bounded by libyaml itself
    and, below that, by :data:`MAX_DEPTH` while walking."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text)
        self.file = file


_AnyLoader = _Loader | _CLoader


_COLUMN = (1 << 32) - 1


def _packed(mark: Any) -> int:
    """A YAML mark (0-based) as :class:`_Positions` keeps it."""
    line: int = mark.line
    column: int = mark.column
    return (line + 1) << 32 | (column + 1)


class _Positions(Mapping[PathKey, Position]):
    """Where each node starts, kept as ``(line, column)`` and made a :class:`Position` when
    asked for: a report has thousands of nodes, and an error names one of them."""

    __slots__ = ("_file", "_marks")

    def __init__(self, file: str) -> None:
        self._file = file
        #: ``line << 32 | column``, both 1-based: one int, not a tuple of two (half the memory)
        self._marks: dict[PathKey, int] = {}

    def __getitem__(self, path: PathKey) -> Position:
        packed = self._marks[path]
        return Position(self._file, packed >> 32, packed & _COLUMN)

    def __contains__(self, path: object) -> bool:
        return path in self._marks

    def __iter__(self) -> Iterator[PathKey]:
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)


class _Tables:
    """Where each node of a streamed document starts, kept per mapping and per list: one
    array of packed positions each (a mapping's ``key, value, key, value …``; a list's items)
    and, for a mapping, its keys (one tuple for every mapping with the same keys).  A dict
    entry, a path and an int for every key and every value cost about 2 KB per indicator row;
    this costs about 300 bytes."""

    __slots__ = ("root", "shapes", "tables")

    def __init__(self) -> None:
        self.root = array("q")
        self.tables: dict[PathKey, tuple[tuple[str, ...] | None, array[int]]] = {}
        self.shapes: dict[tuple[str, ...], tuple[str, ...]] = {}

    def packed(self, path: PathKey, key: bool) -> int | None:
        if not path:
            return None if key or not self.root else self.root[0]
        entry = self.tables.get(path[:-1])
        if entry is None:
            return None
        names, marks = entry
        last = path[-1]
        if names is None:  # a list: its items have no keys
            if key or type(last) is not int or not 0 <= last < len(marks):
                return None
            return marks[last]
        try:
            index = names.index(last)
        except ValueError:
            return None
        return marks[2 * index + (0 if key else 1)]

    def paths(self, key: bool) -> Iterator[PathKey]:
        if not key and self.root:
            yield ()
        for parent, (names, marks) in self.tables.items():
            if names is not None:
                yield from ((*parent, name) for name in names)
            elif not key:
                yield from ((*parent, n) for n in range(len(marks)))


class _TablePositions(Mapping[PathKey, Position]):
    """The value (or key) positions of a streamed document, read from its :class:`_Tables`."""

    __slots__ = ("_file", "_key", "_tables")

    def __init__(self, file: str, tables: _Tables, *, key: bool) -> None:
        self._file, self._tables, self._key = file, tables, key

    def __getitem__(self, path: PathKey) -> Position:
        packed = self._tables.packed(path, self._key) if isinstance(path, tuple) else None
        if packed is None:
            raise KeyError(path)
        return Position(self._file, packed >> 32, packed & _COLUMN)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self._tables.packed(path, self._key) is not None

    def __iter__(self) -> Iterator[PathKey]:
        return self._tables.paths(self._key)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Walker:
    """Turns composed YAML nodes into Python data while recording positions."""

    def __init__(self, file: str, loader: _AnyLoader) -> None:
        self.file = file
        self.loader = loader
        self.values = _Positions(file)
        self.keys = _Positions(file)
        self.count = 0
        #: How many leading pairs of each flattened mapping came from ``<<`` merges.
        self.merged: dict[int, int] = {}

    def _pos(self, node: yaml.Node) -> Position:
        return Position(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def _unsupported(self, node: yaml.Node) -> YamlSyntaxError:
        return YamlSyntaxError(
            f"不支持的 YAML 标签 “{_tag_text(node.tag)}”：只允许映射、列表、文本、数字、布尔值、"
            "空值和日期，不构造任何对象 (unsafe or unknown tag)",
            self._pos(node),
        )

    def walk(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:  # pragma: no cover - _check_expansion refuses first
            raise LimitExceeded(
                f"YAML 节点超过 {MAX_NODES} 个 (limit: yaml_nodes)",
                self._pos(node),
                limit="yaml_nodes",
            )
        if depth > MAX_DEPTH:
            raise _too_deep(self._pos(node))
        self.values._marks[path] = _packed(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                raise self._unsupported(node)
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self._unsupported(node)
            if len(node.value) > files.MAX_TABLE_ROWS:  # the message and position only when refused
                check_rows(len(node.value), f"列表 {_path_text(path)}", self._pos(node))
            return [self.walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _flatten(self, node: yaml.MappingNode) -> int:
        """Resolve ``<<`` merge keys once per node; the number of merged leading pairs."""
        if id(node) not in self.merged:
            explicit = sum(1 for key, _ in node.value if key.tag != _MERGE_TAG)
            try:
                # the mappings merged in first, so that each counts its own merged pairs before
                # PyYAML's flatten_mapping merges them in place (one may be met again by alias)
                for key, value in node.value:
                    if key.tag == _MERGE_TAG:
                        sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
                        for source in sources:
                            if isinstance(source, yaml.MappingNode):
                                self._flatten(source)
                self.loader.flatten_mapping(node)
            except yaml.MarkedYAMLError as exc:
                raise YamlSyntaxError(f"YAML 合并键错误：{exc.problem}", self._pos(node)) from None
            except RecursionError:
                raise _too_deep(self._pos(node)) from None
            self.merged[id(node)] = len(node.value) - explicit
        return self.merged[id(node)]

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        # only a merge key (<<) or a value key (=) makes PyYAML's flatten_mapping change a node;
        # a node met again through an alias was flattened the first time (its << is gone)
        flatten = id(node) in self.merged or any(key.tag in _FLATTENED for key, _ in node.value)
        merged = self._flatten(node) if flatten else 0
        out: dict[str, Any] = {}
        explicit: set[str] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            if key_node.tag == _STR_TAG and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # nearly every key: text as written
            else:
                key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise YamlSyntaxError(
                    "映射的键必须是文本 (mapping keys must be strings)", self._pos(key_node)
                )
            key = str(key)
            if key in explicit:
                raise YamlSyntaxError(f"键 {key!r} 重复 (duplicate key)", self._pos(key_node))
            if index >= merged:  # a key written here may override a merged one
                explicit.add(key)
            child: PathKey = (*path, key)
            self.keys._marks[child] = _packed(key_node.start_mark)
            tag = value_node.tag
            if (
                tag in (_STR_TAG, _NULL_TAG)
                and type(value_node) is yaml.ScalarNode
                and depth < MAX_DEPTH
                and self.count < MAX_NODES
            ):  # a text or an empty value (most of a report): walk()'s bookkeeping, inline
                self.count += 1
                self.values._marks[child] = _packed(value_node.start_mark)
                out[key] = value_node.value if tag == _STR_TAG else None
            else:
                out[key] = self.walk(value_node, child, depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:  # most of a report: the text as written (what PyYAML builds)
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise self._unsupported(node)
        if node.tag == _NULL_TAG:
            return None  # what SafeConstructor.construct_yaml_null gives, without its call
        if node.tag == f"{_Y}timestamp":
            return str(node.value)  # dates stay text; the model parses what it needs
        where = partial(self._pos, node)  # a position only for an error
        if node.tag in (f"{_Y}float", f"{_Y}int"):
            if _IMPLICIT_NUMBER.search(node.value) and not _DECIMAL_FORM.fullmatch(node.value):
                return node.value  # 1:30, 010, 0x5A, 1_000: YAML 1.1's other numbers, as written
            _check_number_text(str(node.value), where)
        if node.tag == f"{_Y}float":
            text = str(node.value).replace("_", "")
            try:
                return _check_number(Decimal(text), where)
            except InvalidOperation:
                raise YamlSyntaxError(
                    f"不支持的数值 {node.value!r} (unsupported number)", self._pos(node)
                ) from None
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise YamlSyntaxError(f"YAML 值无法读取：{exc.problem}", self._pos(node)) from None
        except (ValueError, LookupError, TypeError, ArithmeticError):
            raise YamlSyntaxError(
                f"YAML 值无法读取：{str(node.value)[:80]!r} 不是合法的 {_tag_text(node.tag)}",
                self._pos(node),
            ) from None
        return _check_number(value, where)


class _Compose(Exception):
    """The stream needs the composed walk: an anchor, an alias, a merge key, or an error."""


class _StreamWalker(_Walker):
    """Builds a document from the parser's events, as :class:`_Walker` does from nodes.

    It accepts only what needs no node graph and raises :class:`_Compose` at everything
    else, so that whatever it returns is what the composed walk returns, positions included.
    Its count is the one :func:`_check_expansion` makes: every node, keys too.
    """

    def _tag(self, event: Any, kind: type[yaml.Node]) -> str:
        if event.anchor is not None:
            raise _Compose
        tag: str | None = event.tag
        if tag is None or tag == "!":
            value = event.value if kind is yaml.ScalarNode else None
            tag = self.loader.resolve(kind, value, event.implicit)  # type: ignore[no-untyped-call]
        return str(tag)

    def __init__(self, file: str, loader: _AnyLoader) -> None:
        super().__init__(file, loader)
        self.tables = _Tables()

    def node(self, path: PathKey, depth: int, marks: array[int]) -> Any:
        """The next node's value (its events consumed); its position appended to ``marks``."""
        event: Any = self.loader.get_event()
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _Compose
        marks.append(_packed(event.start_mark))
        if isinstance(event, yaml.ScalarEvent):
            tag = self._tag(event, yaml.ScalarNode)
            if tag == _STR_TAG:
                return event.value
            if tag == _NULL_TAG:
                return None
            return self._event_scalar(event, tag)
        if isinstance(event, yaml.MappingStartEvent):
            if self._tag(event, yaml.MappingNode) != _MAP_TAG:
                raise _Compose
            return self._stream_mapping(path, depth)
        if isinstance(event, yaml.SequenceStartEvent):
            if self._tag(event, yaml.SequenceNode) != _SEQ_TAG:
                raise _Compose
            items: list[Any] = []
            positions: array[int] = array("q")
            self.tables.tables[path] = (None, positions)
            while not self.loader.check_event(yaml.SequenceEndEvent):
                if len(items) >= files.MAX_TABLE_ROWS:
                    raise _Compose
                items.append(self.node((*path, len(items)), depth + 1, positions))
            self.loader.get_event()
            return items
        raise _Compose  # an alias

    def _event_scalar(self, event: Any, tag: str) -> Any:
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self._scalar(node)
        finally:
            self.loader.constructed_objects.pop(node, None)  # keeps no node

    def _stream_mapping(self, path: PathKey, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        positions: array[int] = array("q")
        self.tables.tables[path] = ((), positions)  # its place in the order: before its children
        while not self.loader.check_event(yaml.MappingEndEvent):
            event = self.loader.get_event()
            if not isinstance(event, yaml.ScalarEvent):
                raise _Compose  # a key that is a mapping, a list or an alias
            tag = self._tag(event, yaml.ScalarNode)
            if tag == _STR_TAG:
                key = event.value
            elif tag in _FLATTENED:
                raise _Compose
            else:
                key = self._event_scalar(event, tag)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    raise _Compose
                key = str(key)
            if key in out:
                raise _Compose  # a duplicate key
            self.count += 1
            positions.append(_packed(event.start_mark))
            out[key] = self.node((*path, key), depth + 1, positions)
        self.loader.get_event()
        names = tuple(out)
        self.tables.tables[path] = (self.tables.shapes.setdefault(names, names), positions)
        return out


#: A number as people write one (sign, digits, decimals, exponent): the only form read as a
#: number. YAML 1.1 also reads 1:30 as 90 (base 60), 010 as 8, 0x5A as 90 and 1_000 as 1000,
#: which a report's author never meant; those stay text, as written.
_IMPLICIT_NUMBER = re.compile(r"[0-9]")  # .inf and .nan are refused, not kept
_DECIMAL_FORM = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+")


def _path_text(path: PathKey) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "（文档顶层）"
