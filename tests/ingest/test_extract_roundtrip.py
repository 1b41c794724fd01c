"""extract writes canonical YAML that loads back to the same reports, one document per form."""

from __future__ import annotations

import pytest

import jxrules
from jxrules.errors import YamlSyntaxError
from tests.conftest import JIANGMEN_MD, ROOT

TWO_FORMS = ROOT / "tests" / "fixtures" / "layouts" / "two-forms.md"


@pytest.mark.parametrize("source", [JIANGMEN_MD, TWO_FORMS], ids=["jiangmen", "two-forms"])
def test_extract_roundtrip(cli, tmp_path, source):
    out = tmp_path / "out.yaml"
    assert cli("extract", source, "-o", out).code == 0
    original = jxrules.load_reports(source)
    again = jxrules.load_reports(out)
    assert len(again) == len(original)
    assert again == original


def test_two_forms_give_two_documents(tmp_path, cli):
    out = tmp_path / "out.yaml"
    cli("extract", TWO_FORMS, "-o", out)
    assert out.read_text(encoding="utf-8").count("\n---\n") == 1
    assert [r.project for r in jxrules.load_reports(out)] == ["科技企业培育专项", "科普活动经费"]


def test_a_ruleset_file_must_hold_one_document(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text("id: a\n---\nid: b\n", encoding="utf-8")
    with pytest.raises(YamlSyntaxError, match="2 个 YAML 文档") as exc:
        jxrules.load_ruleset(path)
    assert exc.value.position is not None and exc.value.position.line == 3
