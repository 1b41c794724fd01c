"""The configuration file: ``jxrules.toml``, or ``[tool.jxrules]`` in ``pyproject.toml``.

The nearest one from the working directory upward is used (a ``pyproject.toml`` without a
``[tool.jxrules]`` table does not count).  Each key is a long option of ``jxrules check``
without its dashes (``fail-on = "warning"``, ``rulesets = ["rules"]``); the mapping is read off
the command's argument parser, so an option added to ``check`` is a config key with no other
edit.  Another subcommand takes only the keys it is given (``jxrules rulesets``: ``rulesets``).
Options given on the command line win.

Relative paths are resolved against the config file's folder: always for an option of
``type=Path`` or whose metavar names a ``FILE``, ``DIR`` or ``PATH``, and for any other text
value when that path exists there (so ``ruleset = "dept-overall/2022"`` stays a bundled id).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from jxrules.errors import ConfigError, Position

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: Config file names, looked for in each folder from the working directory upward.
FILE_NAMES = ("jxrules.toml", "pyproject.toml")
#: Metavar words that say an option takes a path.
PATH_WORDS = frozenset({"FILE", "DIR", "PATH", "FOLDER", "DIRECTORY"})


@frozen
class Config:
    """The settings of one config file, and where each key was written."""

    path: Path
    values: Mapping[str, Any]
    lines: Mapping[str, int]

    def position(self, key: str) -> Position:
        return Position(str(self.path), self.lines.get(key), 1 if key in self.lines else None)


def find_config(start: Path | None = None) -> Config | None:
    """The nearest config file from ``start`` (default: the working directory) upward."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in FILE_NAMES:
            path = candidate / name
            if path.is_file():
                config = read_config(path)
                if config is not None:
                    return config
    return None


def read_config(path: Path) -> Config | None:
    """A config file's settings (``None``: a ``pyproject.toml`` with no ``[tool.jxrules]``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取配置文件：{exc} (cannot read)", Position(str(path))) from None
    if path.name == "pyproject.toml" and "tool.jxrules" not in text:
        return None  # another tool's file: not ours to judge, even when it is broken
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _error_position(str(exc))
        raise ConfigError(
            f"配置文件不是合法的 TOML：{exc} (invalid TOML)", Position(str(path), line, column)
        ) from None
    table: Any = data
    header = None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("jxrules")
        if table is None:
            return None
        header = "tool.jxrules"
    if not isinstance(table, dict):
        raise ConfigError("[tool.jxrules] 应是一个表 (a table)", Position(str(path)))
    return Config(path, table, dict(_key_lines(text, header, table)))


def apply_config(
    parser: argparse.ArgumentParser,
    config: Config,
    command: str = "check",
    shared: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Make the config's values the defaults of ``command`` (so the command line wins), and
    of the keys ``shared`` names for other subcommands (``{"rulesets": ["rulesets"]}``); a key
    that is no long option of ``command`` is an error at its line."""
    commands = _subcommands(parser)
    options = _long_options(commands[command])
    for key, value in config.values.items():
        action = options.get(key)
        if action is None:
            close = difflib.get_close_matches(key, list(options), n=1)
            hint = f"，是否想写 “{close[0]}”？" if close else ""
            raise ConfigError(
                f"未知的配置项 “{key}”{hint}（可用：{', '.join(sorted(options))}）"
                " (unknown config key)",
                config.position(key),
            )
        commands[command].set_defaults(**{action.dest: _convert(action, value, config, key)})
    for other, keys in (shared or {}).items():
        sub_options = _long_options(commands[other])
        for key in keys:
            if key in config.values and key in sub_options:
                same = sub_options[key]
                converted = _convert(same, config.values[key], config, key)
                commands[other].set_defaults(**{same.dest: converted})


def after_parse(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """An option that collects values (``action="append"``) given on the command line
    replaces the config's list instead of adding to it."""
    command = getattr(args, "command", None)
    sub = _subcommands(parser).get(command or "")
    if sub is None:
        return
    for action in sub._actions:
        if isinstance(action, argparse._AppendAction):
            default = sub.get_default(action.dest)
            value = getattr(args, action.dest, None)
            if isinstance(default, list) and isinstance(value, list) and value is not default:
                setattr(args, action.dest, value[len(default) :])


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _long_options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """``fail-on`` -> its action, for every long option that takes or sets a value."""
    found = {}
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            continue
        for option in action.option_strings:
            if option.startswith("--"):
                found[option[2:]] = action
    return found


def _convert(action: argparse.Action, value: Any, config: Config, key: str) -> Any:
    where = config.position(key)
    if action.nargs == 0:  # a flag: store_true / store_false / store_const
        if not isinstance(value, bool):
            raise ConfigError(f"配置项 “{key}” 应为 true 或 false", where)
        return action.const if value else action.default
    many = isinstance(action, argparse._AppendAction) or action.nargs in ("*", "+")
    if many:
        items = value if isinstance(value, list) else [value]
        return [_one(action, item, config, key) for item in items]
    if isinstance(value, (list, dict)):
        raise ConfigError(f"配置项 “{key}” 应为单个值，不是列表或表", where)
    return _one(action, value, config, key)


def _one(action: argparse.Action, value: Any, config: Config, key: str) -> Any:
    where = config.position(key)
    if isinstance(value, (list, dict, bool)):
        raise ConfigError(f"配置项 “{key}” 的值 {value!r} 类型不对", where)
    text = _path(action, str(value), config.path.parent)
    converter: Any = action.type
    try:
        converted = converter(text) if callable(converter) else text
    except (argparse.ArgumentTypeError, TypeError, ValueError) as exc:
        raise ConfigError(f"配置项 “{key}” 的值 “{value}” 无效：{exc}", where) from None
    if action.choices is not None and converted not in action.choices:
        choices = ", ".join(map(str, action.choices))
        raise ConfigError(f"配置项 “{key}” 的值 “{value}” 不在可选值中（{choices}）", where)
    return converted


def _path(action: argparse.Action, text: str, folder: Path) -> str:
    """``text`` resolved against the config's folder where it is a relative path."""
    if action.choices is not None or Path(text).is_absolute():
        return text
    words = set(re.split(r"[^A-Z]+", str(action.metavar or "").upper()))
    takes_path = action.type is Path or bool(words & PATH_WORDS and "ID" not in words)
    resolved = folder / text
    if takes_path or resolved.exists():
        return str(resolved)
    return text


def _key_lines(
    text: str, header: str | None, table: Mapping[str, Any]
) -> Iterator[tuple[str, int]]:
    """The line of each top-level key of the table (``tomllib`` keeps no positions)."""
    inside = header is None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.strip("[] ") == header
            continue
        if not inside:
            continue
        match = re.match(r"""\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*[=.]""", line)
        if match:
            key = next(group for group in match.groups() if group is not None)
            if key in table:
                yield key, number


def _error_position(message: str) -> tuple[int | None, int | None]:
    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


def config_options(parser: argparse.ArgumentParser, command: str = "check") -> Sequence[str]:
    """The config keys: the long options of ``command``."""
    return sorted(_long_options(_subcommands(parser)[command]))
