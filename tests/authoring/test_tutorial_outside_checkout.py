"""docs/authoring.md, followed in an empty folder outside the source tree with the installed
package: its files are written from the page, every ``console`` block's commands are run and
what they print is compared (``…`` stands for text left out)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HANG_SECONDS, ROOT

PAGE = ROOT / "docs" / "authoring.md"
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.M | re.S)


def _blocks() -> list[tuple[str, dict[str, str], str]]:
    text = PAGE.read_text(encoding="utf-8")
    out = []
    for language, info, body in FENCE.findall(text):
        options = dict(part.split("=", 1) for part in shlex.split(info))
        out.append((language, options, body))
    return out


def _pattern(expected: str) -> re.Pattern[str]:
    """``…`` alone on a line: any lines; inside a line: any text."""
    parts = []
    for line in expected.splitlines():
        if line == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(map(re.escape, line.split("…"))) + r"\n")
    return re.compile("".join(parts))


def _run(folder: Path, command: str) -> str:
    argv = shlex.split(command)
    assert argv[0] == "jxrules"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-m", "jxrules", *argv[1:]],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=HANG_SECONDS,
    )
    assert done.stderr == ""
    return done.stdout


@pytest.fixture
def empty_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tutorial")
    assert not folder.resolve().is_relative_to(ROOT)
    return folder


def test_the_tutorial_runs_in_an_empty_folder(empty_folder: Path) -> None:
    blocks = _blocks()
    files = {options["file"]: body for language, options, body in blocks if "file" in options}
    assert sorted(files) == ["my-2023.tests.yaml", "my-2023.yaml"]
    for name, body in files.items():
        assert (ROOT / "docs" / "tutorial" / name).read_text(encoding="utf-8") == body
        (empty_folder / name).write_text(body, encoding="utf-8")
    commands = 0
    for language, options, body in blocks:
        if language != "console":
            continue
        if "edit" in options:
            target = empty_folder / options["edit"]
            text = target.read_text(encoding="utf-8")
            assert options["from"] in text
            target.write_text(text.replace(options["from"], options["to"]), encoding="utf-8")
        command, _, expected = body.partition("\n")
        assert command.startswith("$ ")
        printed = _run(empty_folder, command[2:])
        assert _pattern(expected).fullmatch(printed), f"{command}\n{printed}"
        commands += 1
    assert commands == 5
    assert sorted(p.name for p in empty_folder.iterdir()) == ["my-2023.tests.yaml", "my-2023.yaml"]
