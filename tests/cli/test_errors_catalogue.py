"""docs/errors.md cannot drift: every section's input really produces its message through the CLI.

A section (``## N. Title``) holds input files (```` ```yaml file=NAME ````, optionally
``encoding=gbk``), a ```` ```console ```` block of commands (``$ jxrules ...``,
``$ mkdir DIR``, ``$ truncate -s 30M FILE``), the message as printed
(```` ```text printed ````, ``…`` for text that varies), a line
``Message contains: `...` `` and optionally ``Exit status: 1`` (default 2).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import attrs
import pytest

from jxrules.cli import main
from tests.conftest import ROOT

DOC = ROOT / "docs" / "errors.md"
SECTION = re.compile(r"^## (\d+)\. (.+)$", re.M)
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.M | re.S)
CONTAINS = re.compile(r"^Message contains: `(.+)`$", re.M)
EXIT = re.compile(r"^Exit status: (\d)$", re.M)
SIZE = {"K": 1024, "M": 1024**2, "G": 1024**3}
#: The errors the hardening issue requires the catalogue to cover (words of their titles).
REQUIRED = [
    "File not found", "Directory without reports", "Not UTF-8", "YAML syntax", "Not a mapping",
    "Duplicate key", "Unsafe", "Alias bomb", "Nesting", "File too large", "missing a key",
    "Unknown report key", "Non-numeric cell", "Bad date", "Unknown ruleset key",
    "Unknown check kind", "Bad severity", "Duplicate rule id", "Expression syntax",
    "not allowed", "Unknown placeholder", "Unknown param placeholder", "`extends` cycle",
    "Unknown parent", "Override of an unknown rule", "disabled without a reason",
    "Unknown ruleset id", "command-line arguments",
    "Engine finding",
]  # fmt: skip


@attrs.frozen
class Case:
    number: int
    title: str
    files: tuple[tuple[str, str, str], ...]  # name, encoding, text
    commands: tuple[tuple[str, ...], ...]
    printed: tuple[str, ...]
    contains: str
    exit: int


def parse(text: str) -> list[Case]:
    heads = list(SECTION.finditer(text))
    cases = []
    for head, following in zip(heads, [*heads[1:], None], strict=True):
        body = text[head.end() : following.start() if following else len(text)]
        files, commands, printed = [], [], []
        for fence in FENCE.finditer(body):
            kind, info, content = fence.groups()
            attrs_ = dict(part.split("=", 1) for part in info.split() if "=" in part)
            if "file" in attrs_:
                files.append((attrs_["file"], attrs_.get("encoding", "utf-8"), content))
            elif kind == "console":
                commands += [tuple(shlex.split(line[2:])) for line in content.splitlines()]
            elif "printed" in info:
                printed += [line for line in content.splitlines() if line.strip()]
        contains = CONTAINS.search(body)
        assert contains, f"section {head.group(1)} has no 'Message contains:' line"
        status = EXIT.search(body)
        cases.append(
            Case(
                number=int(head.group(1)),
                title=head.group(2),
                files=tuple(files),
                commands=tuple(commands),
                printed=tuple(printed),
                contains=contains.group(1),
                exit=int(status.group(1)) if status else 2,
            )
        )
    return cases


CASES = parse(DOC.read_text("utf-8"))


def test_catalogue_covers_every_required_error() -> None:
    titles = " | ".join(case.title for case in CASES)
    missing = [word for word in REQUIRED if word not in titles]
    assert not missing, missing
    assert [case.number for case in CASES] == list(range(1, len(CASES) + 1))
    for case in CASES:
        assert case.commands and case.commands[-1][0] == "jxrules", case.title
        assert case.printed, f"section {case.number} shows no printed message"


def _prepare(case: Case, folder: Path) -> None:
    for name, encoding, text in case.files:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
    for command in case.commands[:-1]:
        if command[0] == "mkdir":
            (folder / command[1]).mkdir(parents=True)
        elif command[:2] == ("truncate", "-s"):
            size = int(command[2][:-1]) * SIZE[command[2][-1]]
            with (folder / command[3]).open("ab") as stream:
                stream.truncate(size)
        else:  # pragma: no cover - a doc typo
            raise AssertionError(f"section {case.number}: unknown command {command}")


def _forget_loaded_rulesets() -> None:
    """Every section uses ``rs.yaml`` in its own directory; a cache keyed by the
    relative path (jxrules.batch._ruleset) would hand back the previous section's."""
    import jxrules.batch

    cached = getattr(jxrules.batch, "_ruleset", None)
    if hasattr(cached, "cache_clear"):
        cached.cache_clear()


def _printed_pattern(line: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in line.split("…")))


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, id=f"{case.number}-{case.title}") for case in CASES],
)
def test_documented_input_gives_documented_message(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    _forget_loaded_rulesets()
    _prepare(case, tmp_path)
    try:
        code = main(list(case.commands[-1][1:]))
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    shown = err if case.exit == 2 else out
    assert code == case.exit, (out, err)
    assert case.contains in shown, shown
    for line in case.printed:
        assert any(_printed_pattern(line).search(have) for have in shown.splitlines()), (
            line,
            shown,
        )
    assert "Traceback" not in out + err
    assert "internal error" not in err
