"""Choosing a ruleset: the headers of a user's folder (read, refused, kept on disk), the files a
folder offers, a changed file loaded again, and the words of each refusal.

Written against the mutants of ``jxrules.rules.selection`` that survived the tests of
tests/rules (docs/testing.md, *Mutation testing*).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import jxrules.rules.selection as selection
from jxrules.errors import InputError, JxError, LimitExceeded, Position, RulesetError
from jxrules.model import Report

RULESET = (
    'id: {id}\ntitle: t\nversion: "1"\nextends: dept-overall/2022\n'
    "applies_to: {{kind: department_overall, fiscal_years: [{year}]}}\n"
)


def _write(folder: Path, name: str, ruleset_id: str, year: int = 2030) -> Path:
    path = folder / name
    path.write_text(RULESET.format(id=ruleset_id, year=year), encoding="utf-8")
    return path


def H(ruleset_id: str, years: tuple[int, ...]) -> selection.Available:
    return selection.Available(ruleset_id, "department_overall", years, Path(ruleset_id), "mine")


def _select(
    monkeypatch: pytest.MonkeyPatch, headers: tuple[selection.Available, ...], year: int | None
) -> str:
    monkeypatch.setattr(selection, "available_rulesets", lambda rulesets=(): list(headers))
    monkeypatch.setattr(selection, "_load", lambda header: header.id)
    report = Report(kind="department_overall", fiscal_year=year, source="r.yaml")
    return selection.select_ruleset(report)  # type: ignore[return-value]


def test_of_two_rulesets_equal_in_year_the_first_available_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = H("mine/a", (2030,)), H("mine/b", (2030,))
    assert _select(monkeypatch, (first, second), 2030) == "mine/a"
    assert _select(monkeypatch, (second, first), 2030) == "mine/b"
    assert _select(monkeypatch, (first, second), None) == "mine/a"


def test_a_report_without_a_year_may_get_a_ruleset_without_years(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _select(monkeypatch, (H("mine/any", ()),), None) == "mine/any"


def test_select_ruleset_refuses_what_is_not_a_report_by_name() -> None:
    with pytest.raises(InputError) as caught:
        selection.select_ruleset("report.md")  # type: ignore[arg-type]
    assert caught.value.message == (
        "select_ruleset() 的 report 应为 jxrules.Report（由 load_report() 读出），"
        "实际是 str: 'report.md'"
    )


@pytest.mark.parametrize(
    ("rulesets", "message"),
    [
        ({"a": 1}, "rulesets 应为规则集文件夹的列表，实际是 dict: {'a': 1}"),
        ([3], "rulesets 中的文件夹 应为文件夹路径（str 或 Path），实际是 int: 3"),
    ],
)
def test_rulesets_of_the_wrong_type_are_refused_by_name(rulesets: object, message: str) -> None:
    with pytest.raises(InputError) as caught:
        selection.user_folders(rulesets)  # type: ignore[arg-type]
    assert caught.value.message == message


def test_a_folder_offers_its_rulesets_but_not_their_tests(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "mine/a")
    _write(tmp_path, "b.yml", "mine/b")
    for name in ("a.tests.yaml", "b.tests.yml"):
        (tmp_path / name).write_text("cases: []\n", encoding="utf-8")
    found = [(h.id, h.path.name) for h in selection.available_rulesets([tmp_path])][:2]
    assert found == [("mine/a", "a.yaml"), ("mine/b", "b.yml")]


@pytest.mark.parametrize(
    ("text", "message", "where"),
    [
        ("- a\n- b\n", "规则集必须是一个 YAML 映射（键: 值）", (1, 1)),
        ("id: [\n", "YAML 语法错误：did not find expected node content", (2, 1)),
        (
            'title: t\nversion: "1"\napplies_to: {kind: department_overall}\n',
            "（文档顶层） 缺少必需的键 “id”",
            (1, 1),
        ),
    ],
)
def test_a_file_without_a_header_is_refused_by_the_full_load(
    tmp_path: Path, text: str, message: str, where: tuple[int, int]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(JxError) as caught:
        selection.available_rulesets([tmp_path])
    assert (caught.value.message, caught.value.position) == (message, Position(str(path), *where))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\n", "规则集缺少 id 或 applies_to.kind"),
        ("applies_to: {kind: project}\n", "规则集缺少 id 或 applies_to.kind"),
        (
            "id: x\napplies_to: {kind: project, fiscal_years: [soon]}\n",
            "applies_to.fiscal_years 应为年份的列表",
        ),
    ],
)
def test_a_header_the_full_load_accepts_is_still_refused_at_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    """Should the schema ever accept a file without a usable header, selection still says so."""
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(selection, "load_ruleset", lambda path: None)
    with pytest.raises(RulesetError) as caught:
        selection._read_header(path, "mine", None)
    assert (caught.value.message, caught.value.position) == (message, Position(str(path)))


def test_a_header_is_read_within_the_ruleset_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "big.yaml", "mine/big")
    monkeypatch.setattr(selection, "MAX_RULESET_BYTES", 40)
    with pytest.raises(LimitExceeded) as caught:
        selection._read_header(path, "mine", None)
    assert caught.value.message == (
        "文件过大：123 字节，上限 40 字节 (file too large; limit: file_bytes)"
    )


def test_a_bundled_header_takes_the_id_it_is_bundled_under(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.yaml", "mine/a")
    assert selection._header(path, "plugin p", "p/renamed").id == "p/renamed"
    assert selection._header(path, "plugin p").id == "mine/a"


def test_headers_are_kept_on_disk_one_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JXRULES_CACHE", "on")
    monkeypatch.setenv("JXRULES_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "rules"
    folder.mkdir()
    a, b = _write(folder, "a.yaml", "mine/a", 2030), _write(folder, "b.yaml", "mine/b", 2031)
    assert [selection._header(p, "mine").id for p in (a, b)] == ["mine/a", "mine/b"]
    kept = sorted(p.name.split("-")[:2] for p in (tmp_path / "cache").rglob("*.pickle"))
    assert kept == [["ruleset", "header"], ["ruleset", "header"]]

    def unread(*args: object) -> selection.Available:
        raise AssertionError("read again")

    monkeypatch.setattr(selection, "_read_header", unread)
    assert selection._header(b, "mine").fiscal_years == (2031,)


def test_a_user_ruleset_is_loaded_again_when_its_file_changes(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.yaml", "mine/a", 2030)
    stamp = path.stat().st_mtime_ns
    assert selection.load_file(path).fiscal_years == (2030,)
    _write(tmp_path, "a.yaml", "mine/a", 2031)  # the same size, a later time
    os.utime(path, ns=(stamp + 10**9, stamp + 10**9))
    assert selection.load_file(path).fiscal_years == (2031,)
    path.write_text(RULESET.format(id="mine/a", year=2032) + "# longer\n", encoding="utf-8")
    os.utime(path, ns=(stamp + 10**9, stamp + 10**9))  # the same time, another size
    assert selection.load_file(path).fiscal_years == (2032,)


def test_an_unknown_ruleset_id_is_refused_by_its_name() -> None:
    with pytest.raises(KeyError) as caught:
        selection.ruleset_named("nowhere/2022")
    assert caught.value.args == ("nowhere/2022",)


def test_headers_are_read_without_libyaml_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "a.yaml", "mine/a", 2031)
    monkeypatch.delattr(selection.yaml, "CSafeLoader", raising=False)
    header = selection._read_header(path, "mine", None)
    assert (header.id, header.kind, header.fiscal_years) == (
        "mine/a",
        "department_overall",
        (2031,),
    )
