"""Reading input files safely: size limit, UTF-8, YAML/JSON with positions.

YAML is loaded with PyYAML's *safe* composer only, and every node is walked
here so that each value keeps its ``line:column``; that is how a schema error
on ``rules[3].severity`` becomes ``2022.yaml:41:15``.  Aliases are expanded
with a budget so that an alias bomb is refused instead of eating memory.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
import yaml
from attrs import frozen

from jxrules.errors import InputError, LimitExceeded, Position, YamlSyntaxError

#: Refuse files larger than this before reading them (bytes).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Refuse YAML whose alias expansion produces more nodes than this.
MAX_NODES = 1_000_000
#: Refuse YAML nested deeper than this.
MAX_DEPTH = 64

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


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, with clear errors for missing, huge or non-UTF-8 files."""
    name = str(path)
    if not path.exists():
        raise InputError("文件不存在 (file not found)", Position(name))
    if path.is_dir():
        raise InputError("这是一个目录，不是文件 (is a directory)", Position(name))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LimitExceeded(
                f"文件过大：{size} 字节，上限 {max_bytes} 字节 (file too large)", Position(name)
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件 (cannot read): {exc.strerror}", Position(name)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"不是 UTF-8 编码的文本：第 {exc.start} 字节无法解码 (not UTF-8)",
            Position(name, line),
        ) from None
    return text


def load_yaml_text(text: str, file: str) -> Document:
    """Parse one YAML document, keeping positions; raises :class:`YamlSyntaxError`."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Position(file, mark.line + 1, mark.column + 1) if mark else Position(file)
        problem = exc.problem or exc.context or "syntax error"
        raise YamlSyntaxError(f"YAML 语法错误：{problem}", where) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"YAML 语法错误：{exc}", Position(file)) from None
    except RecursionError:
        raise LimitExceeded(
            f"YAML 嵌套过深 (nesting deeper than {MAX_DEPTH})", Position(file)
        ) from None
    finally:
        loader.dispose()
    if node is None:
        return Document(file, None, {(): Position(file, 1, 1)})
    walker = _Walker(file, loader)
    data = walker.walk(node, (), 0)
    return Document(file, data, walker.values, walker.keys)


def load_json_text(text: str, file: str) -> Document:
    """Parse JSON with decimals kept exact; positions are known only for syntax errors."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise YamlSyntaxError(f"JSON 对象中键重复：{key!r} (duplicate key)", Position(file))
            out[key] = value
        return out

    try:
        data = json.loads(text, parse_float=Decimal, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise YamlSyntaxError(
            f"JSON 语法错误：{exc.msg}", Position(file, exc.lineno, exc.colno)
        ) from None
    except RecursionError:
        raise LimitExceeded("JSON 嵌套过深 (nesting too deep)", Position(file)) from None
    return Document(file, data, {(): Position(file, 1, 1)})


def load_document(path: Path) -> Document:
    """Load a ``.yaml``/``.yml``/``.json`` file into a :class:`Document`."""
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return load_json_text(text, str(path))
    return load_yaml_text(text, str(path))


class _Walker:
    """Turns composed YAML nodes into Python data while recording positions."""

    def __init__(self, file: str, loader: yaml.SafeLoader) -> None:
        self.file = file
        self.loader = loader
        self.values: dict[PathKey, Position] = {}
        self.keys: dict[PathKey, Position] = {}
        self.count = 0

    def _pos(self, node: yaml.Node) -> Position:
        return Position(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise LimitExceeded(
                f"YAML 展开后节点过多（超过 {MAX_NODES} 个，可能是别名炸弹）(alias expansion limit)",
                self._pos(node),
            )
        if depth > MAX_DEPTH:
            raise LimitExceeded(f"YAML 嵌套超过 {MAX_DEPTH} 层 (nesting too deep)", self._pos(node))
        self.values.setdefault(path, self._pos(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        try:
            self.loader.flatten_mapping(node)  # resolve '<<' merge keys
        except yaml.MarkedYAMLError as exc:
            raise YamlSyntaxError(f"YAML 合并键错误：{exc.problem}", self._pos(node)) from None
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise YamlSyntaxError(
                    "映射的键必须是文本 (mapping keys must be strings)", self._pos(key_node)
                )
            key = str(key)
            if key in out:
                raise YamlSyntaxError(f"键 {key!r} 重复 (duplicate key)", self._pos(key_node))
            child: PathKey = (*path, key)
            self.keys[child] = self._pos(key_node)
            out[key] = self.walk(value_node, child, depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)  # dates stay text; the model parses what it needs
        if node.tag == "tag:yaml.org,2002:float":
            text = str(node.value).replace("_", "")
            try:
                return Decimal(text)
            except InvalidOperation:
                raise YamlSyntaxError(
                    f"不支持的数值 {node.value!r} (unsupported number)", self._pos(node)
                ) from None
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise YamlSyntaxError(f"YAML 值无法读取：{exc.problem}", self._pos(node)) from None
