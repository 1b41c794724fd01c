"""Reading a report needs neither the check kinds nor the sandbox (nor the rulesets)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import JIANGMEN_MD, JIANGMEN_YAML, PROJECT_YAML


@pytest.mark.parametrize("path", [JIANGMEN_YAML, JIANGMEN_MD, PROJECT_YAML], ids=lambda p: p.name)
def test_load_report_imports_no_check_kind_and_no_sandbox(path: object) -> None:
    code = (
        "import json, sys, jxrules\n"
        f"report = jxrules.load_report({str(path)!r})\n"
        "assert report.indicators or report.budget\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('jxrules.'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(done.stdout)
    assert "jxrules.ingest" in loaded
    assert not [m for m in loaded if m.split(".")[1] in ("checks", "sandbox", "rules")], loaded


def test_reading_markdown_imports_no_jsonschema() -> None:
    """jsonschema (tens of ms to import) is for rulesets, canonical YAML and layouts files:
    a Markdown report without a layouts file is read without it."""
    code = (
        "import sys, jxrules\n"
        f"jxrules.load_report({str(JIANGMEN_MD)!r})\n"
        "print('jsonschema' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
